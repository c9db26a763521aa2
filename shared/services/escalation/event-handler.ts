/**
 * The delivery of one escalation schedule (the escalation Lambda in AWS, the local ticker on a laptop):
 * records the step and its e-mail in one transaction, sends the e-mail, schedules the next step.
 */
import type { PendingMailKey } from '../../adapters/dynamodb/pending-mail-store.js';
import { todayInVietnam } from '../../domain/calendar/index.js';
import { VersionConflictError } from '../../domain/errors.js';
import { escalationMessage } from '../../domain/escalation-message.js';
import {
  afterAction,
  dueAction,
  type EscalationAction,
  isTracked,
  laterOf,
  levelAudience,
  localDateTime,
  nextStep,
  REMINDER,
  recipientsFor,
  scheduledStep,
  stepDone,
} from '../../domain/escalation-policy.js';
import { historyEntry } from '../../domain/history.js';
import type { EscalationEvent } from '../../domain/ports.js';
import { newLease, recipientsOf } from '../mail-outbox/deliver.js';
import { storeNextAt } from './next-time.js';
import { type StepMessage, sendPending, sendStepMail, stepMailEntry } from './step-mail.js';
import {
  ESCALATION_ACTOR,
  type EscalationDeps,
  lookup,
  MAX_ATTEMPTS,
  planOf,
  type Tracked,
  type UnitContext,
  unitContext,
} from './unit-context.js';

export type EscalationOutcome =
  | { outcome: 'escalated' | 'reminded'; level: number; notified: string[] }
  /**
   * The step was already recorded by an earlier delivery whose e-mail had not gone out (SES failed, or the
   * process died): this delivery sent that pending e-mail.
   */
  | { outcome: 'mailed'; level: number; notified: string[] }
  /** Nothing to do: already done (and mailed) by an earlier delivery, or no longer due. */
  | { outcome: 'noop' }
  /** The item is no longer awaiting an answer, or its due date changed: the event belongs to an old cycle. */
  | { outcome: 'stale' }
  /** Delivered before its time: the next step was scheduled again. */
  | { outcome: 'rescheduled' };

/**
 * Handles one delivery of a schedule; idempotent, as Scheduler may deliver twice. The item moves forward
 * only by a save conditioned on the version read, and only if it is still 'assigned' with the event's due
 * date and the step is due and not done; a concurrent duplicate loses the condition, reads again and finds
 * the step done. An item whose lateness warrants a higher level goes straight there with one notification.
 *
 * The e-mail is rendered before the save and queued with the step in the same transaction (the mail
 * outbox, shared/services/mail-outbox), held by this delivery; after the commit it is sent and deleted, then the next step is
 * scheduled. If SES still fails after 3 quick tries, the failure is recorded on the stored e-mail (which
 * stays pending) and the handler throws: Scheduler delivers again, and that delivery — or the daily sweep —
 * finds the step done and sends the pending e-mail, claimed first so that only one delivery sends it.
 */
export async function handleEscalationEvent(
  deps: EscalationDeps,
  event: EscalationEvent,
  preloaded?: UnitContext,
): Promise<EscalationOutcome> {
  const ctx = preloaded ?? (await unitContext(deps, event.unitId));
  for (let attempt = 1; ; attempt++) {
    const rec = (await deps.recommendations.get(event.unitId, event.recommendationId, true)) as
      | Tracked
      | undefined;
    if (!rec || !isTracked(rec) || rec.dueDate !== event.dueDate) return { outcome: 'stale' };
    const dueDate = event.dueDate;
    const now = deps.clock.now();
    const nowLocal = localDateTime(now);
    const plan = planOf(rec, ctx);
    const action = dueAction(rec, plan, nowLocal);
    if (!action) {
      if (stepDone(rec, event.level)) return sendLeftover(deps, event, rec);
      // Delivered early (the policy or the calendar moved the step): schedule it again at its time.
      const step = nextStep(rec, plan);
      if (step) {
        await deps.scheduler.upsert([
          scheduledStep(event.unitId, { id: rec.id, dueDate }, step.level, step.at),
        ]);
        await storeNextAt(deps, event.unitId, rec, step.at);
      }
      return { outcome: 'rescheduled' };
    }
    const workingDaysLate = ctx.calendar.workingDaysBetween(dueDate, todayInVietnam(now));
    const after: Tracked = {
      ...afterAction(rec, action, plan),
      version: rec.version + 1,
      updatedAt: now.toISOString(),
    };
    // Rendered before the save, so that it is stored with the step (unit and department: cached in ctx).
    const message = await renderMessage(deps, event.unitId, after, action.level, workingDaysLate, ctx);
    const mail: PendingMailKey = {
      unitId: event.unitId,
      recommendationId: rec.id,
      dueDate,
      level: action.level,
    };
    const lease = newLease(now);
    try {
      await deps.recommendations.saveChange(
        event.unitId,
        rec,
        after,
        historyEntry(
          ESCALATION_ACTOR,
          now,
          action.kind === 'remind' ? 'reminded' : 'escalated',
          rec,
          after,
          reasonOf(action, workingDaysLate),
        ),
        message ? [stepMailEntry(deps, mail, message, lease)] : [],
      );
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    // Committed: this delivery is the one that acts, and holds the stored e-mail.
    const mailed = message ? await sendStepMail(deps, mail, message, lease.id) : { ok: true as const };
    if (!message) {
      console.warn(
        JSON.stringify({
          level: 'WARN',
          message: 'escalation without recipients',
          unitId: event.unitId,
          id: rec.id,
          step: action.level,
        }),
      );
    }
    const step = nextStep(after, plan);
    if (step) {
      await deps.scheduler.upsert([
        scheduledStep(event.unitId, { id: rec.id, dueDate }, step.level, laterOf(step.at, nowLocal)),
      ]);
    }
    // Surface a failed e-mail as a failed invocation (Lambda error metric and alarm, Scheduler's retry);
    // the step stays recorded and its e-mail pending.
    if (!mailed.ok) throw mailed.error;
    return {
      outcome: action.kind === 'remind' ? 'reminded' : 'escalated',
      level: action.level,
      notified: message ? recipientsOf(message) : [],
    };
  }
}

/**
 * A delivery that finds its step done: an earlier delivery recorded it, and its e-mail may still be
 * pending (that delivery could not send it, or died). Claims and sends the e-mail of the event's step and
 * of the item's latest step (the one an earlier delivery of this event may have jumped to); nothing if they
 * are gone (sent) or held by a delivery sending them now.
 */
async function sendLeftover(
  deps: EscalationDeps,
  event: EscalationEvent,
  rec: Tracked,
): Promise<EscalationOutcome> {
  const latest = rec.escalationLevel > 0 ? rec.escalationLevel : REMINDER;
  const levels = [...new Set([event.level, latest])];
  const results = await Promise.all(
    levels.map((level) =>
      sendPending(deps, {
        unitId: event.unitId,
        recommendationId: rec.id,
        dueDate: event.dueDate,
        level,
      }),
    ),
  );
  const failed = results.find((r) => r.failed);
  if (failed) throw failed.error;
  const sent = results.filter((r) => r.sent);
  if (sent.length === 0) return { outcome: 'noop' };
  return {
    outcome: 'mailed',
    level: Math.max(...sent.map((r) => r.level)),
    notified: [...new Set(sent.flatMap((r) => r.notified))],
  };
}

function reasonOf(action: EscalationAction, workingDaysLate: number): string {
  if (action.kind === 'remind') {
    const left = -workingDaysLate;
    return left > 0 ? `Nhắc hạn: còn ${left} ngày làm việc` : 'Nhắc hạn: đến hạn hôm nay';
  }
  return `Quá hạn ${workingDaysLate} ngày làm việc: chuyển cấp ${action.level} (${levelAudience(action.level)})`;
}

/** The e-mail of a step, or null if the step has nobody to notify. */
async function renderMessage(
  deps: EscalationDeps,
  unitId: string,
  rec: Tracked,
  level: number,
  workingDaysLate: number,
  ctx: UnitContext,
): Promise<StepMessage | null> {
  const departmentId = rec.departmentId;
  const [unit, department] = await Promise.all([
    lookup(ctx, 'unit', () => deps.units.getUnit(unitId)),
    departmentId
      ? lookup(ctx, `department:${departmentId}`, () => deps.units.getDepartment(unitId, departmentId))
      : undefined,
  ]);
  const recipients = recipientsFor(level, ctx.policy, department?.emails ?? []);
  if (recipients.to.length === 0) return null;
  const rendered = escalationMessage({
    level,
    unitName: unit?.name ?? unitId,
    item: { id: rec.id, ref: rec.ref, content: rec.content, dueDate: rec.dueDate ?? '' },
    departmentName: department?.name ?? null,
    workingDaysLate,
    publicBaseUrl: deps.settings.publicBaseUrl,
  });
  return { to: recipients.to, cc: recipients.cc, ...rendered };
}
