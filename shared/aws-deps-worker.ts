import { once } from './adapters/lazy.js';
import { buildMime } from './adapters/mail/mime.js';
import type { SqsUnitQueue } from './adapters/queue/sqs-unit-queue.js';
import { awsMailer, awsStores, type Env, regionOf } from './aws-deps.js';
import { awsFiles } from './aws-deps-files.js';
import { awsScheduler } from './aws-deps-scheduler.js';
import { ENV, requireEnv } from './config.js';
import type { UnitWorkDeps } from './services/unit-work/jobs.js';

/** What the worker does with its queue: delay a failed job's next delivery. */
export type RetryQueue = Pick<SqsUnitQueue, 'retryLater'>;

/**
 * The unit-work queue as the worker uses it: only when a job fails, so its SQS client is loaded and
 * created on the first failure, then kept (see aws-deps.ts).
 */
export function awsRetryQueue(env: Env): RetryQueue {
  const region = regionOf(env);
  const queueUrl = requireEnv(ENV.unitWorkQueueUrl, env);
  const queue = once(async () => {
    const [{ SQSClient }, { SqsUnitQueue }] = await Promise.all([
      import('@aws-sdk/client-sqs'),
      import('./adapters/queue/sqs-unit-queue.js'),
    ]);
    return new SqsUnitQueue(new SQSClient({ region }), queueUrl);
  });
  return { retryLater: async (receiptHandle, seconds) => (await queue()).retryLater(receiptHandle, seconds) };
}

/**
 * The per-unit worker: the stores, the scheduler (the sweep repairs schedules), SES with the MIME builder
 * (reports and queued mail carry attachments), the files bucket (a queued mail's attachment stored as a
 * file, e.g. the conclusion notice's DOCX), and the queue (to delay the retry of a failed job).
 * Report sends make 2 quick attempts: the queue retries a unit whose report is still not delivered.
 */
export function awsWorkerDeps(env: Env = process.env): UnitWorkDeps & { queue: RetryQueue } {
  return {
    ...awsStores(env),
    mailer: awsMailer(env, buildMime),
    files: awsFiles(env),
    scheduler: awsScheduler(env),
    queue: awsRetryQueue(env),
    reportSend: { attempts: 2, baseDelayMs: 1000 },
  };
}
