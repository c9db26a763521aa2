/**
 * What a unit-work job does, by kind. Each handler works on ONE unit and is idempotent (a job may be
 * delivered twice): it throws when something is left to retry, so the queue delivers it again later.
 * A feature that must reach every unit adds its kind (job-kinds.ts) and handler here and starts a run of it
 * (fan-out.ts: startRun); the daily sweep job already carries the national calendar catch-up.
 */
import type { UnitJob } from '../../domain/ports.js';
import { catchUpUnit } from '../calendar-reschedule.js';
import { sweepUnit } from '../escalation/sweep.js';
import type { EscalationDeps } from '../escalation/unit-context.js';
import type { OutboxDeps } from '../mail-outbox/deliver.js';
import { deliverUnitMails } from '../mail-outbox/dispatch.js';
import { runDelivered, runUnitReports } from '../report-schedule.js';
import type { ReportDeps, SendOptions } from '../report-service.js';
import { sendReviewDigest } from '../review-digest.js';
import type { UnitJobKind } from './job-kinds.js';

/** What the worker needs: escalation (scheduler), reports (mailer with attachments), the outbox. */
export type UnitWorkDeps = EscalationDeps &
  ReportDeps &
  OutboxDeps & {
    reportSend?: SendOptions;
    /** Time a job spends on word postings before it stops (default WORDS_BUDGET_MS). */
    wordsBudgetMs?: number;
  };

/**
 * Time a job spends on word postings before it stops and is delivered again (the markers it finished are
 * deleted, so the next delivery goes on): 3 of the worker's 5 minutes (infra/stack.ts), under its
 * near-timeout alarm (80 %) with room for the markers in flight and the rest of a sweep. With 16
 * BatchWriteItem calls in flight (word-index.ts) an import of 10,000 rows (300,000 postings) should take
 * well under that on DynamoDB (not measured in AWS); a throttled table or a larger backlog takes several
 * deliveries.
 */
export const WORDS_BUDGET_MS = 180_000;

/** A job that did part of its work: the rest is retried by the queue's next delivery. */
export class UnitJobIncompleteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitJobIncompleteError';
  }
}

type Handler = (deps: UnitWorkDeps, job: UnitJob) => Promise<unknown>;

/**
 * Statically imported: loading each kind's code on first use (a chunk each, or one for all) saves the
 * worker's cold start ≈ 37 KB of code but splits its start-up code into more files (esbuild gives each set
 * of importers its own chunk: 19 to 28 files against the 14 it had then), which cost as much or more (measured).
 */
export const UNIT_JOBS: Record<UnitJobKind, Handler> = {
  /**
   * The daily escalation sweep of the unit (its pending e-mails, due steps, lost schedules), then its
   * catch-up with the latest national calendar change (a re-plan of its open items, once per change),
   * then the search postings a process left half written (none on most days).
   */
  sweep: async (deps, job) => {
    const started = Date.now();
    const result = await sweepUnit(deps, job.unitId);
    const calendar = await catchUpUnit(deps, job.unitId);
    const budgetMs = Math.max(0, (deps.wordsBudgetMs ?? WORDS_BUDGET_MS) - (Date.now() - started));
    const words = await deps.recommendations.repairWordQueue(job.unitId, { budgetMs });
    const failed = result.failed + (calendar?.failed ?? 0);
    if (failed > 0) throw new UnitJobIncompleteError(`${failed} escalation steps failed`);
    if (words.left) throw new UnitJobIncompleteError(`word markers left after ${words.markers}`);
    return { ...result, calendar, words };
  },
  supervision: async (deps, job) => reports(deps, job, 'supervision'),
  quarterly: async (deps, job) => reports(deps, job, 'quarterly'),
  /** The unit's mail that is due (a failed one waits for its own backoff: no retry of the job). */
  mail: (deps, job) => deliverUnitMails(deps, job.unitId, { mode: 'due' }),
  /** 16:30 on working days: the Front's digest of the answers given since the last one. */
  'review-digest': (deps, job) => sendReviewDigest(deps, job.unitId, job.date),
  /** The word postings an import left in its markers (any other marker of the unit with them). */
  words: async (deps, job) => {
    const words = await deps.recommendations.repairWordQueue(job.unitId, {
      budgetMs: deps.wordsBudgetMs ?? WORDS_BUDGET_MS,
    });
    if (words.left) throw new UnitJobIncompleteError(`word markers left after ${words.markers}`);
    return words;
  },
};

async function reports(deps: UnitWorkDeps, job: UnitJob, kind: 'supervision' | 'quarterly') {
  const run = await runUnitReports(deps, kind, job.unitId, { ...deps.reportSend, today: job.date });
  if (!runDelivered(run)) throw new UnitJobIncompleteError(`a ${kind} report is not delivered yet`);
  return run;
}
