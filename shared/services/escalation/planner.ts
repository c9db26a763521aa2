/**
 * Scheduling after item changes: the planner stores the first step's time in the change's own
 * transaction, the listener creates (or removes) the schedules once the change is committed.
 */
import { isTracked, localDateTime, pendingScheduleNames } from '../../domain/escalation-policy.js';
import type { Recommendation } from '../../domain/model.js';
import type { ScheduledEscalation } from '../../domain/ports.js';
import type { RecommendationListener, RecommendationPreparer } from '../context.js';
import { storeNextAt } from './next-time.js';
import { type EscalationDeps, expectedSchedule, planOf, type Tracked, unitContext } from './unit-context.js';

/** An item that became assigned, got a new due date or was reopened: a new escalation cycle. */
function startsCycle(before: Recommendation | null, after: Recommendation): boolean {
  if (!isTracked(after)) return false;
  const was = before !== null && isTracked(before);
  return !(was && before.dueDate === after.dueDate && before.reopenCount === after.reopenCount);
}

/**
 * Before an item change is saved: an item starting a new cycle gets the time of its first scheduled
 * step (`nextEscalationAt`) in the same transaction, so the listener has nothing more to store.
 */
export function escalationPlanner(
  deps: EscalationDeps,
  planned: WeakMap<Recommendation, ScheduledEscalation> = new WeakMap(),
): RecommendationPreparer {
  return async (unitId, changes) => {
    if (!changes.some(({ before, after }) => startsCycle(before, after))) return changes.map((c) => c.after);
    const ctx = await unitContext(deps, unitId);
    const nowLocal = localDateTime(deps.clock.now());
    return changes.map(({ before, after }) => {
      if (!startsCycle(before, after)) return after;
      const schedule = expectedSchedule(unitId, after as Tracked, planOf(after as Tracked, ctx), nowLocal);
      const prepared = { ...after, nextEscalationAt: schedule?.at ?? null };
      // The listener schedules exactly this once the change is committed, without reading again.
      if (schedule) planned.set(prepared, schedule);
      return prepared;
    });
  };
}

/**
 * After every committed item change: an item that became assigned, got a new due date or was reopened
 * gets the schedule of its next step (a back-dated item: its warranted level, at once); an item that left
 * 'assigned' (resolved, declined, forwarded) loses its pending schedules. The next step's time is stored
 * in the item (`nextEscalationAt`) — by the planner in the change's own transaction, or here by a
 * versioned save if it differs; the listener returns the item as stored so the response shows it.
 */
export function escalationListener(
  deps: EscalationDeps,
  planned: WeakMap<Recommendation, ScheduledEscalation> = new WeakMap(),
): RecommendationListener {
  return async (unitId, before, after) => {
    const was = before !== null && isTracked(before);
    if (!was && !isTracked(after)) return undefined;
    if (was && !startsCycle(before, after) && isTracked(after)) return undefined;
    // Every step not done yet, by its deterministic name, in one call (the adapters delete them at once):
    // which one exists cannot be told from the item with certainty (a back-dated step scheduled at once,
    // a policy or calendar change, a sweep repair), and none may be left to fire. A leftover delivery
    // (e.g. one still in Scheduler's retries) finds the item no longer tracked and does nothing.
    if (was) await deps.scheduler.remove(pendingScheduleNames(unitId, before as Tracked));
    if (!isTracked(after)) return undefined;
    const schedule = planned.get(after);
    if (!schedule) return arrange(deps, unitId, after);
    await deps.scheduler.upsert([schedule]);
    return after;
  };
}

/** Wires escalation into a set of dependencies: the planner before saves, the listener after. */
export function attachEscalation(deps: EscalationDeps): void {
  const planned = new WeakMap<Recommendation, ScheduledEscalation>();
  deps.preparers.push(escalationPlanner(deps, planned));
  deps.listeners.push(escalationListener(deps, planned));
}

/** Schedules the item's next step and stores its time; returns the item as now stored. */
async function arrange(deps: EscalationDeps, unitId: string, rec: Tracked): Promise<Tracked> {
  const ctx = await unitContext(deps, unitId);
  const now = deps.clock.now();
  const nowLocal = localDateTime(now);
  const planned = expectedSchedule(unitId, rec, planOf(rec, ctx), nowLocal);
  if (!planned) return rec;
  // A step due at once was planned a moment ago at the planner's "now": keep that time.
  const atOnce = planned.at <= nowLocal && rec.nextEscalationAt !== null && rec.nextEscalationAt <= nowLocal;
  const schedule = atOnce ? { ...planned, at: rec.nextEscalationAt as string } : planned;
  await deps.scheduler.upsert([schedule]);
  return storeNextAt(deps, unitId, rec, schedule.at);
}
