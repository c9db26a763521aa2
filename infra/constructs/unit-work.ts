import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV, unitWorkQueueName } from '../../shared/config.js';
import type { AppFunction } from './app-function.js';

export interface UnitWorkProps {
  namePrefix: string;
  /** The per-unit worker (functions/unit-worker.ts). */
  worker: AppFunction;
  /** Where jobs that failed every delivery go. */
  deadLetterQueue: sqs.IQueue;
  /** Jobs handled at once, across all worker instances (the event source's maximum concurrency). */
  maxConcurrency: number;
}

/** Deliveries of a failing job (30 s, 1, 2, 4, 8, 15, 15 min apart: about 45 min) before its dead-letter queue. */
export const MAX_RECEIVES = 8;

/**
 * The unit-work queue: scheduled runs put one job per unit on it; the worker takes them with at most
 * `maxConcurrency` at a time, 5 per invocation (handled at once, failures reported one by one), so one
 * slow or failing unit delays no other. A failed job comes back after its backoff (the worker sets its
 * visibility); after MAX_RECEIVES deliveries it goes to the dead-letter queue.
 */
export class UnitWork extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: UnitWorkProps) {
    super(scope, id);
    const timeout = props.worker.timeout ?? Duration.minutes(5);
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName: unitWorkQueueName(props.namePrefix),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Lambda's advice for an SQS event source: six times the function's timeout.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: props.deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });
    props.worker.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        maxConcurrency: props.maxConcurrency,
        reportBatchItemFailures: true,
      }),
    );
    // The worker delays a failed job's next delivery (ChangeMessageVisibility, granted with consume).
    props.worker.addEnvironment(ENV.unitWorkQueueUrl, this.queue.queueUrl);
  }

  /** A function that queues jobs (fan-out's runs, the API's import postings): the queue's URL and the right to send to it. */
  allowSend(fn: AppFunction): void {
    fn.addEnvironment(ENV.unitWorkQueueUrl, this.queue.queueUrl);
    this.queue.grantSendMessages(fn);
  }
}
