/**
 * Starting a run over every unit: one job per unit on the unit-work queue. A run is named by its kind and
 * date (`sweep#2024-03-04`); starting it again (Scheduler's retry, a timed-out start, a person) resumes
 * where queueing stopped, and a finished run queues nothing again. Each job is idempotent, so a unit
 * queued twice (two starts racing) costs a little and sends nothing twice.
 */
import '../../domain/zod-defaults.js';
import * as z from 'zod/mini';
import { RunStore } from '../../adapters/dynamodb/run-store.js';
import { todayInVietnam } from '../../domain/calendar/index.js';
import type { UnitJob, UnitWorkQueue } from '../../domain/ports.js';
import type { TrackerDeps } from '../context.js';
import { unitsWithDueMail } from '../mail-outbox/dispatch.js';
import { isOnDemand, type OnDemandJobKind, UNIT_JOB_KINDS, type UnitJobKind } from './job-kinds.js';

type RunKind = Exclude<UnitJobKind, OnDemandJobKind>;

/** What starts a run: a recurring schedule's input, or an operator's (a past date, only the units left). */
export const RunRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('mail') }),
  z.strictObject({
    kind: z.enum(UNIT_JOB_KINDS.filter((k) => !isOnDemand(k)) as [RunKind, ...RunKind[]]),
    date: z.optional(z.iso.date()),
    onlyPending: z.optional(z.boolean()),
  }),
]);

export type FanOutDeps = Pick<TrackerDeps, 'table' | 'units' | 'clock'> & { queue: UnitWorkQueue };

/** Units queued between two saves of the run's progress (10 SQS batches). */
export const FAN_OUT_STEP = 100;

export interface RunStart {
  runId: string;
  /** Units queued by this start. */
  queued: number;
  /** Units in the registry. */
  units: number;
  /** This start found the run already queued by an earlier one. */
  alreadyQueued: boolean;
}

export const runIdOf = (kind: string, date: string) => `${kind}#${date}`;

/**
 * Queues one `kind` job per unit for the run of `date` (default today in Vietnam), in the order of the unit
 * registry, saving progress every FAN_OUT_STEP units. With `onlyPending`, a finished run queues again the
 * units whose job has not been handled (a repair after the dead-letter queue was dealt with).
 */
export async function startRun(
  deps: FanOutDeps,
  kind: UnitJobKind,
  options: { date?: string; onlyPending?: boolean; step?: number } = {},
): Promise<RunStart> {
  const now = deps.clock.now();
  const step = options.step ?? FAN_OUT_STEP;
  const date = options.date ?? todayInVietnam(now);
  const runId = runIdOf(kind, date);
  const store = new RunStore(deps.table);
  let run = await store.begin(runId, kind, date, now);
  const units = (await deps.units.listUnits()).map((u) => u.id).sort();
  const job = (unitId: string): UnitJob => ({ job: kind, unitId, runId, date });
  if (run.complete) {
    if (!options.onlyPending) return { runId, queued: 0, units: units.length, alreadyQueued: true };
    const done = await store.doneUnits(runId);
    const pending = units.filter((u) => !done.has(u));
    for (let i = 0; i < pending.length; i += step) await deps.queue.send(pending.slice(i, i + step).map(job));
    return { runId, queued: pending.length, units: units.length, alreadyQueued: true };
  }
  const remaining = units.filter((u) => u > run.cursor);
  let queued = 0;
  for (let i = 0; i < remaining.length || !run.complete; i += step) {
    const batch = remaining.slice(i, i + step);
    if (batch.length) await deps.queue.send(batch.map(job));
    const next = {
      cursor: batch.at(-1) ?? run.cursor,
      queued: run.queued + batch.length,
      complete: i + step >= remaining.length,
    };
    if (!(await store.advance(run, next))) {
      // Another start of the same run moved on meanwhile: it queues the rest.
      return { runId, queued: queued + batch.length, units: units.length, alreadyQueued: false };
    }
    queued += batch.length;
    run = { ...run, ...next };
  }
  return { runId, queued, units: units.length, alreadyQueued: false };
}

/** The mail dispatcher (every minute in AWS): one `mail` job per unit with mail due now. */
export async function dispatchMailJobs(deps: FanOutDeps): Promise<{ units: number }> {
  const date = todayInVietnam(deps.clock.now());
  const units = await unitsWithDueMail(deps);
  for (let i = 0; i < units.length; i += FAN_OUT_STEP) {
    await deps.queue.send(
      units
        .slice(i, i + FAN_OUT_STEP)
        .map((unitId) => ({ job: 'mail', unitId, runId: `mail#${date}`, date })),
    );
  }
  return { units: units.length };
}
