import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type DeadLetterSource, deadLetterQueueName } from '../../shared/config.js';

/**
 * Where each source's undeliverable work waits for a person, one queue per source (so a redrive knows
 * where each message goes back to, and each alarm names its source):
 * - `escalation`: escalation events Scheduler could not deliver, and escalation invocations that failed
 *   after Lambda's retries — redriven by invoking the escalation function with each message;
 * - `recurring`: recurring runs Scheduler could not deliver, and fan-out invocations that failed — redriven
 *   by invoking the fan-out function (a run resumes where it stopped);
 * - `unit-work`: unit jobs that failed every delivery — moved back to the unit-work queue;
 * - `ses-events`: SES bounce/complaint notifications the ses-events function could not record.
 * Encrypted, SSL-only, kept 14 days (the maximum). Physical names: `<prefix>-<source>-dlq`, which the
 * redrive command (`npm run redrive`) derives from the stage.
 */
export { DEAD_LETTER_SOURCES, type DeadLetterSource } from '../../shared/config.js';

export class DeadLetters extends Construct {
  readonly queues: Record<DeadLetterSource, sqs.Queue>;

  constructor(scope: Construct, id: string, props: { namePrefix: string }) {
    super(scope, id);
    const queue = (source: DeadLetterSource, cid: string) =>
      new sqs.Queue(this, cid, {
        queueName: deadLetterQueueName(props.namePrefix, source),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    this.queues = {
      escalation: queue('escalation', 'Escalation'),
      recurring: queue('recurring', 'Recurring'),
      'unit-work': queue('unit-work', 'UnitWork'),
      'ses-events': queue('ses-events', 'SesEvents'),
    };
  }
}
