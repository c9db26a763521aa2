/**
 * The daily safety net of escalation, one unit at a time: pending e-mails sent, due steps fired, lost
 * schedules repaired, and stored next times moved after a policy or calendar change.
 */
import { todayInVietnam } from '../../domain/calendar/index.js';
import { dueAction, localDateTime, nextStep, scheduledStep } from '../../domain/escalation-policy.js';
import type { ScheduledEscalation } from '../../domain/ports.js';
import { handleEscalationEvent } from './event-handler.js';
import { storeNextAt } from './next-time.js';
import { sendPendingMails } from './step-mail.js';
import { type EscalationDeps, planOf, type Tracked, unitContext } from './unit-context.js';

export interface SweepResult {
  /** Open items read from the openByDueDate index (overdue, or in their reminder window). */
  examined: number;
  /** Steps whose time had passed, fired directly. */
  fired: number;
  /** Next steps whose schedule was created again (idempotent upsert). */
  rescheduled: number;
  failed: number;
  /** Pending e-mails of steps recorded earlier (their delivery failed), sent now. */
  mailsSent: number;
  /** Pending e-mails that failed again: they stay pending, with one more attempt counted. */
  mailsFailed: number;
}

/**
 * The daily safety net for one unit. First sends the e-mails left pending by failed deliveries (one query
 * of the unit's outbox). Then reads only the openByDueDate index, up to the last due date whose
 * reminder may be due today (cost in proportion to overdue and nearly-due items, never a scan): a step
 * whose time has passed fires directly; otherwise the item's next schedule is upserted again, which
 * repairs a lost one.
 */
export async function sweepUnit(deps: EscalationDeps, unitId: string): Promise<SweepResult> {
  const ctx = await unitContext(deps, unitId, { fresh: true });
  const mails = await sendPendingMails(deps, unitId);
  const now = deps.clock.now();
  const today = todayInVietnam(now);
  const nowLocal = localDateTime(now);
  const n = ctx.policy.reminderWorkingDaysBefore;
  const items = (await deps.recommendations.openByDueDate(
    unitId,
    n > 0 ? { from: '0000', to: ctx.calendar.addWorkingDays(today, n) } : { before: today },
  )) as Tracked[];
  const result: SweepResult = {
    examined: items.length,
    fired: 0,
    rescheduled: 0,
    failed: 0,
    mailsSent: mails.sent,
    mailsFailed: mails.failed,
  };
  const schedules: ScheduledEscalation[] = [];
  /** Items whose stored next time is not the one scheduled (a policy or calendar change moved it). */
  const moved: { rec: Tracked; at: string }[] = [];
  for (const rec of items) {
    if (!rec.dueDate) continue;
    const plan = planOf(rec, ctx);
    const action = dueAction(rec, plan, nowLocal);
    if (!action) {
      const step = nextStep(rec, plan);
      if (step) {
        schedules.push(scheduledStep(unitId, { id: rec.id, dueDate: rec.dueDate }, step.level, step.at));
        if (rec.nextEscalationAt !== step.at) moved.push({ rec, at: step.at });
      }
      continue;
    }
    try {
      const out = await handleEscalationEvent(
        deps,
        { unitId, recommendationId: rec.id, level: action.level, dueDate: rec.dueDate },
        ctx,
      );
      if (out.outcome === 'escalated' || out.outcome === 'reminded') result.fired++;
    } catch (error) {
      result.failed++;
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'sweep escalation failed',
          unitId,
          id: rec.id,
          error: String(error),
        }),
      );
    }
  }
  if (schedules.length) {
    await deps.scheduler.upsert(schedules);
    result.rescheduled = schedules.length;
  }
  for (const { rec, at } of moved) {
    try {
      await storeNextAt(deps, unitId, rec, at);
    } catch (error) {
      result.failed++;
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'sweep could not store the next time',
          unitId,
          id: rec.id,
          error: String(error),
        }),
      );
    }
  }
  return result;
}
