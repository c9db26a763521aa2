import { buildMime } from './adapters/mail/mime.js';
import { awsMailer, awsStores, type Env } from './aws-deps.js';
import { awsFiles } from './aws-deps-files.js';
import { type LazyUnitQueue, lazyUnitQueue } from './aws-deps-queue.js';
import { awsScheduler } from './aws-deps-scheduler.js';
import type { UnitWorkDeps } from './services/unit-work/jobs.js';

/** What the worker does with its queue: delay a failed job's next delivery. */
export type RetryQueue = Pick<LazyUnitQueue, 'retryLater'>;

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
    // Called only when a job fails: its SQS client is loaded then.
    queue: lazyUnitQueue(env),
    reportSend: { attempts: 2, baseDelayMs: 1000 },
  };
}
