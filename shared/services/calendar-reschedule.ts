/**
 * What a calendar change recomputes. Due dates are not moved (they were given to the department), and the
 * lists and figures read from the calendar at request time — due-soon lists, working days overdue or left,
 * the supervision report — follow the calendar as soon as a process sees it (at once in the process that
 * wrote it, within the cache TTL, 60 s, in every other). What is stored is the escalation plan of each
 * open item: the time of its next step (`nextEscalationAt`) and its schedule. This module re-plans them:
 *
 * - a unit override: every open item of that unit, at once, in the request that made the change;
 * - a national override: never inside the request (3,300 units); the daily sweep's job of each unit
 *   (shared/services/unit-work/jobs.ts: `catchUpUnit` after the unit's sweep, one job per unit on the
 *   unit-work queue) re-plans each unit whose items were last planned before the latest national change,
 *   once. Until then a step planned too early is only re-planned when
 *   its schedule fires (the handler sees it is not due yet), and one that the change brought forward is
 *   fired by the next 07:00 sweep; so the delay is at most one day.
 *
 * Re-planning goes through the escalation service's own handler: an item whose step is now due gets that
 * step (recorded and mailed once, as a Scheduler delivery would); one whose next step moved is scheduled
 * again at its new time, which is stored on the item.
 */
import {
  dueAction,
  ESCALATION_POLICY_SETTING,
  escalationPlan,
  isTracked,
  localDateTime,
  nextStep,
  policyFrom,
} from '../domain/escalation-policy.js';
import type { EscalationEvent } from '../domain/ports.js';
import { handleEscalationEvent } from './escalation/event-handler.js';
import type { EscalationDeps } from './escalation/unit-context.js';

export interface RescheduleResult {
  /** Open items (awaiting an answer) read. */
  examined: number;
  /** Items whose next step moved: scheduled again at the new time. */
  moved: number;
  /** Items whose step became due: fired now. */
  fired: number;
  failed: number;
}

/** Items handled at the same time when re-planning a unit. */
const CONCURRENCY = 8;

/**
 * Re-plans the escalations of every open item of the unit with its calendar and policy as stored now (read
 * from the table, not a cache). Cost: one query of the unit's open items, then for each item whose plan
 * changed one delivery of the escalation handler (a consistent read, a versioned save, a schedule).
 */
export async function rescheduleOpenItems(deps: EscalationDeps, unitId: string): Promise<RescheduleResult> {
  const [calendar, stored, items] = await Promise.all([
    deps.calendarFor(unitId, { fresh: true }),
    deps.units.getSetting(unitId, ESCALATION_POLICY_SETTING, true),
    deps.recommendations.openByDueDate(unitId, { before: '9999' }),
  ]);
  const policy = policyFrom(stored);
  const nowLocal = localDateTime(deps.clock.now());
  const result: RescheduleResult = { examined: items.length, moved: 0, fired: 0, failed: 0 };
  const events: EscalationEvent[] = [];
  for (const rec of items) {
    if (!isTracked(rec) || !rec.dueDate) continue;
    try {
      const plan = escalationPlan(rec.dueDate, calendar, policy);
      const due = dueAction(rec, plan, nowLocal);
      const step = due ? null : nextStep(rec, plan);
      const level = due?.level ?? (step && step.at !== rec.nextEscalationAt ? step.level : null);
      if (level !== null) events.push({ unitId, recommendationId: rec.id, level, dueDate: rec.dueDate });
    } catch (error) {
      result.failed++;
      logError('calendar re-plan failed', unitId, rec.id, error);
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < events.length) {
      const event = events[next++] as EscalationEvent;
      try {
        const out = await handleEscalationEvent(deps, event);
        if (out.outcome === 'rescheduled') result.moved++;
        else if (out.outcome === 'escalated' || out.outcome === 'reminded') result.fired++;
      } catch (error) {
        result.failed++;
        logError('calendar re-plan failed', unitId, event.recommendationId, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, events.length) }, worker));
  return result;
}

/**
 * Re-plans the unit's open items if a national change was made since they were last re-planned (or never
 * were), then records the national version they now follow. Returns null when there was nothing to do.
 * `nationalVersion`: read once per run, BEFORE the unit's calendar is read, so that a change committed
 * meanwhile leaves the unit behind for the next run rather than marked done.
 */
export async function catchUpNationalCalendar(
  deps: EscalationDeps,
  unitId: string,
  nationalVersion: number,
): Promise<RescheduleResult | null> {
  if (nationalVersion === 0 || (await deps.national.unitSyncedVersion(unitId)) >= nationalVersion)
    return null;
  const result = await rescheduleOpenItems(deps, unitId);
  if (result.failed === 0) await deps.national.markUnitSynced(unitId, nationalVersion, deps.clock.now());
  return result;
}

/**
 * One unit's part of the daily catch-up (its sweep job, after the sweep): one read of the national version
 * and one of the unit's mark; a re-plan only if the unit is behind. Null when there was nothing to do. A
 * unit whose re-plan failed stays behind: its job is retried, and tried again the next day anyway.
 */
export async function catchUpUnit(deps: EscalationDeps, unitId: string): Promise<RescheduleResult | null> {
  const version = await deps.national.version();
  if (version === 0 || (await deps.national.unitSyncedVersion(unitId)) >= version) return null;
  // The escalation handler reads the process's cached calendar: load it again, after the version.
  deps.national.clearCache();
  return catchUpNationalCalendar(deps, unitId, version);
}

/**
 * Wires re-planning into a set of dependencies (next to attachEscalation): a unit override re-plans that
 * unit's open items at once; a national one is left to the daily catch-up.
 */
export function attachCalendarRescheduling(deps: EscalationDeps): void {
  deps.calendarListeners.push(async (change) => {
    if (change.scope !== 'unit') return;
    const result = await rescheduleOpenItems(deps, change.unitId);
    console.info(
      JSON.stringify({
        level: 'INFO',
        message: 'calendar change re-planned escalations',
        unitId: change.unitId,
        date: change.date,
        ...result,
      }),
    );
  });
}

function logError(message: string, unitId: string, id: string | null, error: unknown): void {
  console.error(JSON.stringify({ level: 'ERROR', message, unitId, id, error: String(error) }));
}
