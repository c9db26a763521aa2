import { buildMime } from './adapters/mail/mime.js';
import type { SqsUnitQueue } from './adapters/queue/sqs-unit-queue.js';
import { awsMailer, awsStores, type Env } from './aws-deps.js';
import { awsUnitQueue } from './aws-deps-fan-out.js';
import { awsFiles } from './aws-deps-files.js';
import { awsScheduler } from './aws-deps-tracker.js';
import type { UnitWorkDeps } from './services/unit-work/jobs.js';

/**
 * The per-unit worker: the stores, the scheduler (the sweep repairs schedules), SES with the MIME builder
 * (reports and queued mail carry attachments), the files bucket (a queued mail's attachment stored as a
 * file, e.g. the conclusion notice's DOCX), and the queue (to delay the retry of a failed job).
 * Report sends make 2 quick attempts: the queue retries a unit whose report is still not delivered.
 */
export function awsWorkerDeps(env: Env = process.env): UnitWorkDeps & { queue: SqsUnitQueue } {
  return {
    ...awsStores(env),
    mailer: awsMailer(env, buildMime),
    files: awsFiles(env),
    scheduler: awsScheduler(env),
    queue: awsUnitQueue(env),
    reportSend: { attempts: 2, baseDelayMs: 1000 },
  };
}
