/**
 * Escalation of overdue recommendations: scheduling after item changes, the idempotent handler that
 * schedules deliver to (the escalation Lambda in AWS, the local ticker on a laptop) and the daily sweep.
 */
import { randomUUID } from 'node:crypto';
import {
  type MailLease,
  type PendingMailKey,
  PendingMailStore,
  type StoredMessage,
} from '../adapters/dynamodb/pending-mail-store.js';
import { todayInVietnam, type WorkingCalendar } from '../domain/calendar/index.js';
import { VersionConflictError } from '../domain/errors.js';
import { escalationMessage } from '../domain/escalation-message.js';
import {
  afterAction,
  dueAction,
  ESCALATION_POLICY_SETTING,
  type EscalationAction,
  type EscalationPolicy,
  escalationPlan,
  isTracked,
  laterOf,
  levelAudience,
  localDateTime,
  nextStep,
  type PlannedStep,
  pendingScheduleNames,
  policyFrom,
  REMINDER,
  recipientsFor,
  scheduledStep,
  stepDone,
} from '../domain/escalation-policy.js';
import { historyEntry } from '../domain/history.js';
import type { Actor, Recommendation } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { EscalationEvent, EscalationScheduler, Mailer, ScheduledEscalation } from '../domain/ports.js';
import type { RecommendationListener, RecommendationPreparer, TrackerDeps } from './context.js';

/** What escalation needs: the tracker plus the mail and scheduler ports (AppDeps has them). */
export type EscalationDeps = TrackerDeps & { mailer: Mailer; scheduler: EscalationScheduler };

/** An item with the escalation bookkeeping stored next to its fields. */
type Tracked = Recommendation & { remindedFor?: string | null };

/** The author of history entries written by scheduling, reminders and escalations. */
export const ESCALATION_ACTOR: Actor = {
  sub: 'system:escalation',
  name: 'Hệ thống nhắc hạn và chuyển cấp',
  roles: [],
  departmentId: null,
};

interface UnitContext {
  policy: EscalationPolicy;
  calendar: WorkingCalendar;
  /** Unit and department look-ups, shared by the escalations of one sweep. */
  lookups: Map<string, Promise<unknown>>;
}

function lookup<T>(ctx: UnitContext, key: string, load: () => Promise<T>): Promise<T> {
  let found = ctx.lookups.get(key) as Promise<T> | undefined;
  if (!found) {
    found = load();
    ctx.lookups.set(key, found);
  }
  return found;
}

/** The unit's policy as stored now (the admin screen). */
export async function loadEscalationPolicy(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
): Promise<EscalationPolicy> {
  authorize(actor, 'escalationPolicy.read');
  return policyFrom(await deps.units.getSetting(unitId, ESCALATION_POLICY_SETTING));
}

/** Replaces the unit's policy, with its audit record. Pending schedules follow it at the next sweep. */
export async function saveEscalationPolicy(
  deps: TrackerDeps,
  unitId: string,
  policy: EscalationPolicy,
  actor: Actor,
): Promise<EscalationPolicy> {
  authorize(actor, 'escalationPolicy.update');
  const before = (await deps.units.getSetting(unitId, ESCALATION_POLICY_SETTING)) ?? null;
  await deps.units.putSetting(unitId, ESCALATION_POLICY_SETTING, policy, actor, deps.clock.now(), before);
  return policy;
}

/**
 * The unit's policy and calendar. Planning and handling one event use the per-process cache (UnitStore:
 * an admin's change made through another process applies here within its TTL, 60 s by default); the
 * daily sweep reads them `fresh` and moves any schedule planned with a former value.
 */
async function unitContext(
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

function planOf(rec: Tracked, ctx: UnitContext): PlannedStep[] {
  return rec.dueDate ? escalationPlan(rec.dueDate, ctx.calendar, ctx.policy) : [];
}

/** The one schedule an open item should have now: what is due (at once), else its next step. */
function expectedSchedule(
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

/** Same cycle, and no step fired: the stored next time is still this code's to set. */
function sameProgress(a: Tracked, b: Tracked): boolean {
  return (
    isTracked(b) &&
    a.dueDate === b.dueDate &&
    a.reopenCount === b.reopenCount &&
    a.escalationLevel === b.escalationLevel &&
    (a.remindedFor ?? null) === (b.remindedFor ?? null)
  );
}

/**
 * Stores the time of the item's scheduled step (`nextEscalationAt`) by a versioned save, only if it
 * differs. When another change won the race, reads the item again and retries while it is in the same
 * cycle with the same progress (a step that fired meanwhile stored its own next time). Returns the item
 * as stored.
 */
async function storeNextAt(deps: EscalationDeps, unitId: string, rec: Tracked, at: string): Promise<Tracked> {
  let current = rec;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (current.nextEscalationAt === at) return current;
    const now = deps.clock.now();
    const updated: Tracked = {
      ...current,
      nextEscalationAt: at,
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    try {
      await deps.recommendations.saveChange(
        unitId,
        current,
        updated,
        historyEntry(ESCALATION_ACTOR, now, 'escalation_scheduled', current, updated),
      );
      return updated;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const fresh = (await deps.recommendations.get(unitId, rec.id, true)) as Tracked | undefined;
      if (!fresh || !sameProgress(rec, fresh)) return fresh ?? rec;
      current = fresh;
    }
  }
  return current;
}

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

const MAX_ATTEMPTS = 6;

/**
 * How long whoever sends a pending e-mail holds it: longer than the escalation Lambda's timeout (60 s),
 * so a running sender never loses it; one that died leaves it to the next delivery or sweep after this.
 */
export const MAIL_LEASE_MS = 2 * 60_000;

/** The daily sweep sends pending e-mails at least this old (younger ones belong to a delivery in progress). */
export const PENDING_MAIL_MIN_AGE_MS = 5 * 60_000;

const newLease = (now: Date): MailLease => ({
  id: randomUUID(),
  until: new Date(now.getTime() + MAIL_LEASE_MS).toISOString(),
});

/**
 * Handles one delivery of a schedule; idempotent, as Scheduler may deliver twice. The item moves forward
 * only by a save conditioned on the version read, and only if it is still 'assigned' with the event's due
 * date and the step is due and not done; a concurrent duplicate loses the condition, reads again and finds
 * the step done. An item whose lateness warrants a higher level goes straight there with one notification.
 *
 * The e-mail is rendered before the save and stored with the step in the same transaction (the outbox,
 * PendingMailStore), held by this delivery; after the commit it is sent and deleted, then the next step is
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
  const outbox = new PendingMailStore(deps.table);
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
      if (stepDone(rec, event.level)) return sendLeftover(deps, outbox, event, rec);
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
        message
          ? [
              outbox.entry(
                {
                  ...mail,
                  message,
                  createdAt: now.toISOString(),
                  attempts: 0,
                  lastError: null,
                  lastAttemptAt: null,
                },
                lease,
              ),
            ]
          : [],
      );
    } catch (error) {
      if (error instanceof VersionConflictError && attempt < MAX_ATTEMPTS) continue;
      throw error;
    }
    // Committed: this delivery is the one that acts, and holds the stored e-mail.
    const mailed = message ? await sendHeld(deps, outbox, mail, message, lease.id) : { ok: true as const };
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
  outbox: PendingMailStore,
  event: EscalationEvent,
  rec: Tracked,
): Promise<EscalationOutcome> {
  const latest = rec.escalationLevel > 0 ? rec.escalationLevel : REMINDER;
  const levels = [...new Set([event.level, latest])];
  const results = await Promise.all(
    levels.map((level) =>
      sendPending(deps, outbox, {
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

interface PendingSendResult {
  level: number;
  /** False: none pending, someone else holds it, or sending failed (`failed`). */
  sent: boolean;
  notified: string[];
  failed?: true;
  error?: unknown;
}

/** Claims one pending e-mail, sends it, deletes it (or records the failure). */
async function sendPending(
  deps: EscalationDeps,
  outbox: PendingMailStore,
  key: PendingMailKey,
): Promise<PendingSendResult> {
  const now = deps.clock.now();
  const lease = newLease(now);
  const mail = await outbox.claim(key, lease, now.toISOString());
  if (!mail) return { level: key.level, sent: false, notified: [] };
  const mailed = await sendHeld(deps, outbox, key, mail.message, lease.id);
  return mailed.ok
    ? { level: key.level, sent: true, notified: recipientsOf(mail.message) }
    : { level: key.level, sent: false, notified: [], failed: true, error: mailed.error };
}

/**
 * Sends a stored e-mail whose lease `leaseId` holds (3 quick tries), then deletes it; on failure records
 * the attempt and gives the lease back (then `ok: false` with the mail error). A sent e-mail whose delete fails
 * stays stored under the lease: it would be sent again once the lease has expired (logged).
 */
async function sendHeld(
  deps: EscalationDeps,
  outbox: PendingMailStore,
  key: PendingMailKey,
  message: StoredMessage,
  leaseId: string,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await sendWithRetry(deps.mailer, {
      to: message.to,
      ...(message.cc.length ? { cc: message.cc } : {}),
      subject: message.subject,
      html: message.html,
      text: message.text,
    });
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    try {
      await outbox.recordFailure(key, leaseId, detail, deps.clock.now().toISOString());
    } catch (recordError) {
      // Still held until the lease expires; then the next delivery or the sweep sends it.
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'could not record a failed escalation e-mail',
          ...logFields(key),
          error: String(recordError),
        }),
      );
    }
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'escalation e-mail not sent, kept pending',
        ...logFields(key),
        error: detail,
      }),
    );
    return { ok: false, error };
  }
  try {
    const deleted = await outbox.delete(key, leaseId);
    if (!deleted) {
      console.warn(
        JSON.stringify({
          level: 'WARN',
          message: 'sent escalation e-mail was no longer held by this sender',
          ...logFields(key),
        }),
      );
    }
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'sent escalation e-mail could not be removed from the outbox (may be sent again)',
        ...logFields(key),
        error: String(error),
      }),
    );
  }
  return { ok: true };
}

const recipientsOf = (message: StoredMessage): string[] => [...message.to, ...message.cc];

const logFields = (key: PendingMailKey) => ({
  unitId: key.unitId,
  id: key.recommendationId,
  dueDate: key.dueDate,
  step: key.level,
});

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
): Promise<StoredMessage | null> {
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

async function sendWithRetry(
  mailer: Mailer,
  message: Parameters<Mailer['send']>[0],
  attempts = 3,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mailer.send(message);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

/**
 * The daily sweep's delivery of a unit's pending e-mails (one query of its `MAILQ#` items): each one at
 * least PENDING_MAIL_MIN_AGE_MS old and not held is claimed, sent and deleted; one that fails again stays
 * pending with its attempts counted.
 */
async function sendPendingMails(
  deps: EscalationDeps,
  unitId: string,
): Promise<{ sent: number; failed: number }> {
  const outbox = new PendingMailStore(deps.table);
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const olderThan = new Date(now.getTime() - PENDING_MAIL_MIN_AGE_MS).toISOString();
  const due = (await outbox.list(unitId)).filter(
    (m) => m.createdAt <= olderThan && (m.leaseUntil === null || m.leaseUntil < nowIso),
  );
  const result = { sent: 0, failed: 0 };
  for (const mail of due) {
    const key: PendingMailKey = {
      unitId,
      recommendationId: mail.recommendationId,
      dueDate: mail.dueDate,
      level: mail.level,
    };
    try {
      const out = await sendPending(deps, outbox, key);
      if (out.failed) result.failed++;
      else if (out.sent) result.sent++;
    } catch (error) {
      result.failed++;
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'sweep could not send a pending e-mail',
          ...logFields(key),
          error: String(error),
        }),
      );
    }
  }
  return result;
}

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

/** The sweep of every unit (the daily recurring schedule, 07:00 Asia/Ho_Chi_Minh). */
export async function sweepAll(deps: EscalationDeps): Promise<SweepResult & { units: number }> {
  const total = {
    units: 0,
    examined: 0,
    fired: 0,
    rescheduled: 0,
    failed: 0,
    mailsSent: 0,
    mailsFailed: 0,
  };
  for (const unit of await deps.units.listUnits()) {
    try {
      const r = await sweepUnit(deps, unit.id);
      total.examined += r.examined;
      total.fired += r.fired;
      total.rescheduled += r.rescheduled;
      total.failed += r.failed;
      total.mailsSent += r.mailsSent;
      total.mailsFailed += r.mailsFailed;
    } catch (error) {
      total.failed++;
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'sweep of unit failed',
          unitId: unit.id,
          error: String(error),
        }),
      );
    }
    total.units++;
  }
  return total;
}
