import { once } from './adapters/lazy.js';
import type { SqsUnitQueue } from './adapters/queue/sqs-unit-queue.js';
import { ENV, regionOf, requireEnv } from './config.js';

type Env = NodeJS.ProcessEnv;

/** The unit-work queue as the API and the worker use it: sending a job, delaying a failed one. */
export type LazyUnitQueue = Pick<SqsUnitQueue, 'send' | 'retryLater'>;

/**
 * The unit-work queue (SQS) for a function that calls it only now and then — the API when an import
 * leaves its word postings to the worker, the worker when a job fails: its SQS client is loaded and
 * created on the first call, then kept, so the function's cold start does without it.
 */
export function lazyUnitQueue(env: Env): LazyUnitQueue {
  const region = regionOf(env);
  const queueUrl = requireEnv(ENV.unitWorkQueueUrl, env);
  const queue = once(async () => {
    const [{ SQSClient }, { SqsUnitQueue }] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      import('./adapters/queue/sqs-unit-queue.js'),
    ]);
    return new SqsUnitQueue(new SQSClient({ region }), queueUrl);
  });
  return {
    send: async (jobs) => (await queue()).send(jobs),
    retryLater: async (receiptHandle, seconds) => (await queue()).retryLater(receiptHandle, seconds),
  };
}
