/**
 * Per-unit, per-quarter counters kept up to date in the same transaction as every item change, so a
 * quarterly summary reads one record instead of every item. Each item contributes a set of counters
 * that depends only on its own stored fields; a change adds (after − before). Summing the
 * contributions of all items of a quarter always equals the stored aggregate (property-tested).
 * "On time" means resolved by the first due date (Recommendation.firstDueDate).
 */
import { judgedDueDate } from '../lifecycle.js';
import type { Recommendation } from '../model.js';

export type Counters = Record<string, number>;

/** Counter names. Free-text parts (field, department id) come last so names stay parseable. */
export const counter = {
  received: 'received',
  source: (source: string) => `source:${source}`,
  field: (field: string) => `field:${field}`,
  disposition: (disposition: string) => `disposition:${disposition}`,
  status: (status: string) => `status:${status}`,
  resolvedOnTime: 'resolvedOnTime',
  resolvedLate: 'resolvedLate',
  forwardedAnswered: 'forwardedAnswered',
  reopened: 'reopened',
  repeats: 'repeats',
  departmentAssigned: (id: string) => `dept:assigned:${id}`,
  departmentOnTime: (id: string) => `dept:onTime:${id}`,
  departmentLate: (id: string) => `dept:late:${id}`,
  /** Histogram of working days to resolve: dept:ttr:<days>:<departmentId>. */
  departmentDaysToResolve: (id: string, days: number) => `dept:ttr:${days}:${id}`,
  dialogues: 'dialogues',
} as const;

type Contributing = Pick<
  Recommendation,
  | 'source'
  | 'field'
  | 'disposition'
  | 'status'
  | 'departmentId'
  | 'dueDate'
  | 'firstDueDate'
  | 'resolvedOn'
  | 'workingDaysToResolve'
  | 'answer'
  | 'reopenCount'
  | 'repeatOf'
>;

const RESOLVED = new Set(['resolved', 'confirmed']);
const LED_BY_DEPARTMENT = new Set(['assigned', 'resolved', 'confirmed']);

export function contribution(rec: Contributing): Counters {
  const c: Counters = {
    [counter.received]: 1,
    [counter.source(rec.source)]: 1,
    [counter.field(rec.field ?? '')]: 1,
    [counter.disposition(rec.disposition ?? 'none')]: 1,
    [counter.status(rec.status)]: 1,
  };
  if (LED_BY_DEPARTMENT.has(rec.status) && rec.departmentId)
    c[counter.departmentAssigned(rec.departmentId)] = 1;
  if (RESOLVED.has(rec.status) && rec.resolvedOn) {
    // Against the first due date: an extension with a reason moves it, a reopen does not.
    const due = judgedDueDate(rec);
    const onTime = due === null || rec.resolvedOn <= due;
    c[onTime ? counter.resolvedOnTime : counter.resolvedLate] = 1;
    if (rec.departmentId) {
      c[onTime ? counter.departmentOnTime(rec.departmentId) : counter.departmentLate(rec.departmentId)] = 1;
      c[counter.departmentDaysToResolve(rec.departmentId, rec.workingDaysToResolve ?? 0)] = 1;
    }
  }
  if (rec.status === 'forwarded' && rec.answer) c[counter.forwardedAnswered] = 1;
  if (rec.reopenCount > 0) c[counter.reopened] = 1;
  if (rec.repeatOf) c[counter.repeats] = 1;
  return c;
}

/** What to ADD to the aggregate when an item goes from `before` to `after` (zero entries dropped). */
export function counterDelta(before: Contributing | null, after: Contributing | null): Counters {
  const delta: Counters = {};
  if (after) for (const [k, v] of Object.entries(contribution(after))) delta[k] = (delta[k] ?? 0) + v;
  if (before) for (const [k, v] of Object.entries(contribution(before))) delta[k] = (delta[k] ?? 0) - v;
  for (const [k, v] of Object.entries(delta)) if (v === 0) delete delta[k];
  return delta;
}

export function sumCounters(items: readonly Contributing[]): Counters {
  const total: Counters = {};
  for (const item of items)
    for (const [k, v] of Object.entries(contribution(item))) total[k] = (total[k] ?? 0) + v;
  return total;
}
