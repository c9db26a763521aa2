/**
 * What every part of escalation shares: its dependencies, its actor, the unit's policy and calendar
 * (UnitContext) and the schedule an open item should have now.
 */
import type { WorkingCalendar } from '../../domain/calendar/index.js';
import {
  dueAction,
  ESCALATION_POLICY_SETTING,
  type EscalationPolicy,
  escalationPlan,
  nextStep,
  type PlannedStep,
  policyFrom,
  scheduledStep,
} from '../../domain/escalation-policy.js';
import type { Actor, Recommendation } from '../../domain/model.js';
import type { EscalationScheduler, Mailer, ScheduledEscalation } from '../../domain/ports.js';
import type { TrackerDeps } from '../context.js';

/** What escalation needs: the tracker plus the mail and scheduler ports (AppDeps has them). */
export type EscalationDeps = TrackerDeps & { mailer: Mailer; scheduler: EscalationScheduler };

/** An item with the escalation bookkeeping stored next to its fields. */
export type Tracked = Recommendation & { remindedFor?: string | null };

/** The author of history entries written by scheduling, reminders and escalations. */
export const ESCALATION_ACTOR: Actor = {
  sub: 'system:escalation',
  name: 'Hệ thống nhắc hạn và chuyển cấp',
  roles: [],
  departmentId: null,
};

/** Versioned saves retried after a conflict with a concurrent change. */
export const MAX_ATTEMPTS = 6;

export interface UnitContext {
  policy: EscalationPolicy;
  calendar: WorkingCalendar;
  /** Unit and department look-ups, shared by the escalations of one sweep. */
  lookups: Map<string, Promise<unknown>>;
}

export function lookup<T>(ctx: UnitContext, key: string, load: () => Promise<T>): Promise<T> {
  let found = ctx.lookups.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    ctx.lookups.set(key, found);
  }
  return found;
}

/**
 * The unit's policy and calendar. Planning and handling one event use the per-process cache (UnitStore:
 * an admin's change made through another process applies here within its TTL, 60 s by default); the
 * daily sweep reads them `fresh` and moves any schedule planned with a former value.
 */
export async function unitContext(
  deps: TrackerDeps,
  unitId: string,
  options: { fresh?: boolean } = {},
): Promise<UnitContext> {
  const [stored, calendar] = await Promise.all([
    options.fresh
      ? deps.units.getSetting(unitId, ESCALATION_POLICY_SETTING, true)
      : deps.units.cachedSetting(unitId, ESCALATION_POLICY_SETTING),
    deps.calendarFor(unitId, options),
  ]);
  return { policy: policyFrom(stored), calendar, lookups: new Map() };
}

export function planOf(rec: Tracked, ctx: UnitContext): PlannedStep[] {
  return rec.dueDate ? escalationPlan(rec.dueDate, ctx.calendar, ctx.policy) : [];
}

/** The one schedule an open item should have now: what is due (at once), else its next step. */
export function expectedSchedule(
  unitId: string,
  rec: Tracked,
  plan: PlannedStep[],
  nowLocal: string,
): ScheduledEscalation | null {
  if (!rec.dueDate) return null;
  const item = { id: rec.id, dueDate: rec.dueDate };
  const action = dueAction(rec, plan, nowLocal);
  if (action) return scheduledStep(unitId, item, action.level, nowLocal);
  const step = nextStep(rec, plan);
  return step ? scheduledStep(unitId, item, step.level, step.at) : null;
}
