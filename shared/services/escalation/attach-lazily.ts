/**
 * Escalation and calendar re-planning wired into an app's dependencies with their code loaded by the first
 * change that needs them (a write): the API's requests are mostly reads, and its cold start loads neither.
 * Behaves as attachEscalation + attachCalendarRescheduling (same planner, listener and calendar listener).
 */
import { once } from '../../adapters/lazy.js';
import type { CalendarListener, RecommendationListener, RecommendationPreparer } from '../context.js';
import type { EscalationDeps } from './unit-context.js';

export function attachEscalationLazily(deps: EscalationDeps): void {
  const wired = once(async () => {
    const [{ attachEscalation }, { attachCalendarRescheduling }] = await Promise.all([
      import('./planner.js'),
      import('../calendar-reschedule.js'),
    ]);
    // The real wiring, into lists of its own; every other dependency is the app's.
    const own: EscalationDeps = { ...deps, preparers: [], listeners: [], calendarListeners: [] };
    attachEscalation(own);
    attachCalendarRescheduling(own);
    return own;
  });
  const preparer: RecommendationPreparer = async (unitId, changes) => {
    let afters = changes.map((c) => c.after);
    for (const prepare of (await wired()).preparers)
      afters = await prepare(
        unitId,
        changes.map((c, i) => ({ before: c.before, after: afters[i] ?? c.after })),
      );
    return afters;
  };
  const listener: RecommendationListener = async (unitId, before, after) => {
    let latest: typeof after | undefined;
    for (const listen of (await wired()).listeners)
      latest = (await listen(unitId, before, latest ?? after)) ?? latest;
    return latest;
  };
  const calendarListener: CalendarListener = async (change) => {
    for (const listen of (await wired()).calendarListeners) await listen(change);
  };
  deps.preparers.push(preparer);
  deps.listeners.push(listener);
  deps.calendarListeners.push(calendarListener);
}
