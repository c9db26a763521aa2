/**
 * The kinds of unit-work job and the message of one, as the fan-out queues it and the worker reads it.
 * Apart from what each kind does (jobs.ts), so that the fan-out function's bundle holds none of that.
 */
import { isoDateFault, objectFault, textFault, unknownKeyFaults } from '../../domain/hand-check.js';
import type { UnitJob } from '../../domain/ports.js';

export const UNIT_JOB_KINDS = [
  'sweep',
  'supervision',
  'quarterly',
  'mail',
  'review-digest',
  'words',
] as const;
export type UnitJobKind = (typeof UNIT_JOB_KINDS)[number];

/**
 * Kinds queued on demand, not by a run over every unit (no run record): the mail dispatcher's, and the
 * word postings an import leaves to the worker.
 */
export const ON_DEMAND_JOB_KINDS = ['mail', 'words'] as const satisfies readonly UnitJobKind[];
export type OnDemandJobKind = (typeof ON_DEMAND_JOB_KINDS)[number];

export const isOnDemand = (kind: UnitJobKind): kind is OnDemandJobKind =>
  (ON_DEMAND_JOB_KINDS as readonly UnitJobKind[]).includes(kind);

/** A queued message the worker refuses (it ends in the dead-letter queue); the message names each fault. */
export class InvalidUnitJobError extends Error {
  constructor(readonly faults: string[]) {
    super(`Invalid unit job: ${faults.join('; ')}`);
    this.name = 'InvalidUnitJobError';
  }
}

const FIELDS: readonly string[] = ['job', 'unitId', 'runId', 'date'];

/**
 * A queued message as a job, or InvalidUnitJobError. Checked by hand, not with zod: the worker checks
 * every message, and zod's code would add to each of its cold starts.
 */
export function parseUnitJob(value: unknown): UnitJob & { job: UnitJobKind } {
  const notObject = objectFault(value);
  if (notObject) throw new InvalidUnitJobError([notObject]);
  const message = value as Record<string, unknown>;
  const { job, unitId, runId, date } = message;
  const faults = [
    UNIT_JOB_KINDS.includes(job as UnitJobKind) ? null : `job: expected one of ${UNIT_JOB_KINDS.join('|')}`,
    textFault('unitId', unitId, 100),
    textFault('runId', runId, 200),
    isoDateFault('date', date),
    ...unknownKeyFaults(message, FIELDS),
  ].filter((fault) => fault !== null);
  if (faults.length > 0) throw new InvalidUnitJobError(faults);
  return { job: job as UnitJobKind, unitId: unitId as string, runId: runId as string, date: date as string };
}
