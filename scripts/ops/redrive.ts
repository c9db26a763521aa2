/**
 * Sends what waits in a dead-letter queue back to where it failed (docs/DEPLOY.md, "Dead letters"):
 * - `unit-work`: an SQS message move task back to the unit-work queue (the jobs are idempotent);
 * - `escalation`, `recurring`, `ses-events`: each message is the event a function could not handle; the
 *   function is invoked with it (asynchronously, so its own retries and dead-letter queue apply again)
 *   and the message deleted once Lambda has accepted it. A message Lambda refuses stays in the queue.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import {
  type DeadLetterSource,
  deadLetterQueueName,
  REDRIVE_TARGET,
  unitWorkQueueName,
} from '../../shared/config.js';

export interface RedriveClients {
  sqs: SQSClient;
  lambda: LambdaClient;
}

export interface RedriveOptions {
  namePrefix: string;
  source: DeadLetterSource;
  /** Count only. */
  dryRun?: boolean;
  /** At most this many messages (function sources). */
  max?: number;
}

export interface RedriveResult {
  queue: string;
  waiting: number;
  /** Function sources: messages invoked and deleted; messages Lambda refused (left in the queue). */
  redriven: number;
  refused: number;
  /** Unit-work: the SQS move task. */
  moveTask?: string;
}

async function queueOf(sqs: SQSClient, name: string): Promise<{ url: string; arn: string; waiting: number }> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  if (!QueueUrl) throw new Error(`queue ${name} not found`);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }),
  );
  return {
    url: QueueUrl,
    arn: Attributes?.QueueArn ?? '',
    waiting: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
  };
}

export async function redrive(clients: RedriveClients, options: RedriveOptions): Promise<RedriveResult> {
  const name = deadLetterQueueName(options.namePrefix, options.source);
  const dlq = await queueOf(clients.sqs, name);
  const result: RedriveResult = { queue: name, waiting: dlq.waiting, redriven: 0, refused: 0 };
  if (options.dryRun || dlq.waiting === 0) return result;
  const target = REDRIVE_TARGET[options.source];
  if ('queue' in target) {
    const destination = await queueOf(clients.sqs, unitWorkQueueName(options.namePrefix));
    const out = await clients.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlq.arn, DestinationArn: destination.arn }),
    );
    result.moveTask = out.TaskHandle;
    return result;
  }
  const functionName = `${options.namePrefix}-${target.function}`;
  const max = options.max ?? 10_000;
  while (result.redriven + result.refused < max) {
    const { Messages = [] } = await clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq.url,
        MaxNumberOfMessages: Math.min(10, max - result.redriven - result.refused),
        WaitTimeSeconds: 1,
        // Long enough to invoke and delete; a refused message is back after it.
        VisibilityTimeout: 60,
      }),
    );
    if (Messages.length === 0) break;
    for (const message of Messages) {
      const out = await clients.lambda.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'Event',
          Payload: new TextEncoder().encode(message.Body ?? '{}'),
        }),
      );
      if (out.StatusCode === 202) {
        await clients.sqs.send(
          new DeleteMessageCommand({ QueueUrl: dlq.url, ReceiptHandle: message.ReceiptHandle }),
        );
        result.redriven++;
      } else {
        result.refused++;
      }
    }
  }
  return result;
}
