/**
 * The kinds of unit-work job and the message of one, as the fan-out queues it and the worker reads it.
 * Apart from what each kind does (jobs.ts), so that the fan-out function's bundle holds none of that.
 */
import '../../domain/zod-defaults.js';
import * as z from 'zod/mini';

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

export const UnitJobSchema = z.strictObject({
  job: z.enum(UNIT_JOB_KINDS),
  unitId: z.string().check(z.minLength(1), z.maxLength(100)),
  runId: z.string().check(z.minLength(1), z.maxLength(200)),
  date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
});
