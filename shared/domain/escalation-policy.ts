/**
 * Escalation of overdue recommendations (chuyển cấp, nhắc hạn), as pure functions: the per-unit policy,
 * the plan of one item's reminder and levels, which level its lateness warrants, the schedule names and
 * whom each level notifies. Times are local date-times in Asia/Ho_Chi_Minh, `YYYY-MM-DDTHH:mm:ss`.
 */
import { createHash } from 'node:crypto';
import { addWorkingDaysWithin } from './calendar/clamp.js';
import { isMailboxAddress } from './mailbox-address.js';
import type { IsoDate, Recommendation, WorkingDays } from './model.js';
import type { EscalationEvent } from './ports.js';

/** UnitStore setting that holds a unit's policy and recipients. */
export const ESCALATION_POLICY_SETTING = 'escalation-policy';
/** Reminders and escalations go out at 08:00, Vietnam time. */
export const ESCALATION_TIME = '08:00:00';
/** 0 is the reminder before the due date; 1–3 are the escalation levels. */
export const REMINDER = 0;
export const MAX_LEVEL = 3;

/** E-mail addresses per role, set by the unit's administrator. */
export interface EscalationRecipients {
  /** Văn phòng (Đảng ủy / HĐND-UBND): copied from level 1. */
  office: string[];
  /** Ủy ban MTTQ: copied at level 1. */
  front: string[];
  /** Chủ tịch UBND: level 2. */
  chair: string[];
  /** Bí thư Đảng ủy: level 2. */
  partySecretary: string[];
  /** Ban Thường vụ Đảng ủy: level 3. */
  standing: string[];
}

/** Chính sách nhắc hạn và chuyển cấp of one unit. */
export interface EscalationPolicy {
  /** Reminder this many working days before the due date; 0: no reminder. */
  reminderWorkingDaysBefore: number;
  /** Level 2 this many working days after level 1. */
  level2AfterWorkingDays: number;
  level3Enabled: boolean;
  /** Level 3 this many working days after level 2. */
  level3AfterWorkingDays: number;
  recipients: EscalationRecipients;
}

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  reminderWorkingDaysBefore: 2,
  level2AfterWorkingDays: 5,
  level3Enabled: false,
  level3AfterWorkingDays: 10,
  recipients: { office: [], front: [], chair: [], partySecretary: [], standing: [] },
};

/** The bounds of a policy's day counts (escalation-policy-schema.ts builds its schema with them too). */
export const POLICY_DAY_COUNTS = {
  reminderWorkingDaysBefore: { min: 0, max: 30 },
  level2AfterWorkingDays: { min: 1, max: 60 },
  level3AfterWorkingDays: { min: 1, max: 60 },
} as const;
const RECIPIENT_ROLES = ['office', 'front', 'chair', 'partySecretary', 'standing'] as const;
/** Addresses per role, at most. */
export const MAX_RECIPIENTS = 20;

const POLICY_FIELDS = [...Object.keys(POLICY_DAY_COUNTS), 'level3Enabled', 'recipients'];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const onlyKeys = (value: Record<string, unknown>, allowed: readonly string[]) =>
  Object.keys(value).every((key) => allowed.includes(key));

/** Trimmed addresses, or null if one is not an address or there are too many. */
function readEmails(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_RECIPIENTS) return null;
  const emails: string[] = [];
  for (const email of value) {
    if (typeof email !== 'string' || !isMailboxAddress(email.trim())) return null;
    emails.push(email.trim());
  }
  return emails;
}

/** A stored policy by its schema's rules: only its fields, each valid or absent (the default). */
function readPolicy(value: unknown): EscalationPolicy | null {
  if (!isRecord(value) || !onlyKeys(value, POLICY_FIELDS)) return null;
  const policy = structuredClone(DEFAULT_ESCALATION_POLICY);
  for (const [field, { min, max }] of Object.entries(POLICY_DAY_COUNTS)) {
    const days = value[field];
    if (days === undefined) continue;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < min || days > max) return null;
    policy[field as keyof typeof POLICY_DAY_COUNTS] = days;
  }
  if (value.level3Enabled !== undefined) {
    if (typeof value.level3Enabled !== 'boolean') return null;
    policy.level3Enabled = value.level3Enabled;
  }
  const recipients = value.recipients;
  if (recipients === undefined) return policy;
  if (!isRecord(recipients) || !onlyKeys(recipients, RECIPIENT_ROLES)) return null;
  for (const role of RECIPIENT_ROLES) {
    if (recipients[role] === undefined) continue;
    const emails = readEmails(recipients[role]);
    if (!emails) return null;
    policy.recipients[role] = emails;
  }
  return policy;
}

/**
 * The stored setting, or the defaults; a damaged setting falls back to the defaults. Checked by the rules
 * of the schema a policy is saved with (escalation-policy-schema.ts; tests/escalation/policy.test.ts
 * holds both to the same answers) but without zod, whose code would weigh on the cold start of the
 * functions that read policies (the escalation function, the unit worker).
 */
export function policyFrom(stored: unknown): EscalationPolicy {
  if (stored === undefined || stored === null) return structuredClone(DEFAULT_ESCALATION_POLICY);
  return readPolicy(stored) ?? structuredClone(DEFAULT_ESCALATION_POLICY);
}

/** One step of an item's plan: the reminder (level 0) or a level, at 08:00 on a working day. */
export interface PlannedStep {
  level: number;
  date: IsoDate;
  /** Local date-time, `YYYY-MM-DDTHH:mm:ss`. */
  at: string;
}

const step = (level: number, date: IsoDate): PlannedStep => ({
  level,
  date,
  at: `${date}T${ESCALATION_TIME}`,
});

/**
 * The plan for one due date: reminder N working days before it (if N > 0), level 1 on the first working
 * day after it, level 2 M working days after level 1, level 3 (if enabled) L working days after level 2.
 */
export function escalationPlan(
  dueDate: IsoDate,
  calendar: WorkingDays,
  policy: EscalationPolicy,
): PlannedStep[] {
  // A step that would fall past the end of the calendar (2100) is left out: it can never come.
  const plan: PlannedStep[] = [];
  if (policy.reminderWorkingDaysBefore > 0) {
    const reminder = addWorkingDaysWithin(calendar, dueDate, -policy.reminderWorkingDaysBefore);
    if (reminder) plan.push(step(REMINDER, reminder));
  }
  const level1 = addWorkingDaysWithin(calendar, dueDate, 1);
  if (!level1) return plan;
  plan.push(step(1, level1));
  const level2 = addWorkingDaysWithin(calendar, level1, policy.level2AfterWorkingDays);
  if (!level2) return plan;
  plan.push(step(2, level2));
  const level3 = policy.level3Enabled
    ? addWorkingDaysWithin(calendar, level2, policy.level3AfterWorkingDays)
    : null;
  if (level3) plan.push(step(3, level3));
  return plan;
}

/** The highest level (1–3) whose day has come by `today`; 0 if none (not yet overdue enough). */
export function levelWarranted(
  dueDate: IsoDate,
  today: IsoDate,
  calendar: WorkingDays,
  policy: EscalationPolicy,
): number {
  return warrantedBy(escalationPlan(dueDate, calendar, policy), (s) => s.date <= today);
}

function warrantedBy(plan: PlannedStep[], reached: (s: PlannedStep) => boolean): number {
  let level = 0;
  for (const s of plan) if (s.level > REMINDER && reached(s)) level = Math.max(level, s.level);
  return level;
}

/** The escalation state of an item: what has fired for its current due date. */
export type EscalationState = Pick<
  Recommendation,
  'status' | 'dueDate' | 'escalationLevel' | 'reopenCount'
> & {
  /** Cycle (cycleKey) whose reminder was sent. */
  remindedFor?: string | null;
};

/** One cycle per due date and reopening: a new due date or a reopened item starts again. */
export function cycleKey(rec: Pick<Recommendation, 'dueDate' | 'reopenCount'>): string {
  return `${rec.dueDate}#${rec.reopenCount}`;
}

/** Items awaiting a department's answer, with a due date, are the ones that escalate. */
export function isTracked(rec: Pick<Recommendation, 'status' | 'dueDate'> | null): boolean {
  return rec !== null && rec.status === 'assigned' && rec.dueDate !== null;
}

/** Whether the step has fired (or was overtaken: a reminder is moot once level 1 is reached). */
export function stepDone(rec: EscalationState, level: number): boolean {
  if (level === REMINDER) return rec.escalationLevel > 0 || rec.remindedFor === cycleKey(rec);
  return rec.escalationLevel >= level;
}

/** The first step of the plan that has not fired yet, whatever its time. */
export function nextStep(rec: EscalationState, plan: PlannedStep[]): PlannedStep | null {
  return plan.find((s) => !stepDone(rec, s.level)) ?? null;
}

export type EscalationAction = { kind: 'remind'; level: 0 } | { kind: 'escalate'; level: number };

/**
 * What is due at local time `nowLocal`: the highest warranted level above the one reached (one step
 * straight to it, never a burst), else the reminder if its time has come; null if nothing is due.
 */
export function dueAction(
  rec: EscalationState,
  plan: PlannedStep[],
  nowLocal: string,
): EscalationAction | null {
  if (!isTracked(rec)) return null;
  const warranted = warrantedBy(plan, (s) => s.at <= nowLocal);
  if (warranted > rec.escalationLevel) return { kind: 'escalate', level: warranted };
  const next = nextStep(rec, plan);
  if (next && next.level === REMINDER && next.at <= nowLocal) return { kind: 'remind', level: REMINDER };
  return null;
}

/** The state after an action fired, with the time of the step that follows. */
export function afterAction(
  rec: Recommendation & { remindedFor?: string | null },
  action: EscalationAction,
  plan: PlannedStep[],
): Recommendation & { remindedFor?: string | null } {
  const next =
    action.kind === 'remind'
      ? { ...rec, remindedFor: cycleKey(rec) }
      : { ...rec, escalationLevel: action.level };
  return { ...next, nextEscalationAt: nextStep(next, plan)?.at ?? null };
}

/**
 * Deterministic schedule name (≤ 64 characters, [A-Za-z0-9-]): a retried create is idempotent and a
 * delete knows what to delete. `esc-<32 hex of sha256(unit, item)>-<yyyymmdd>-L<level>` = 48 characters.
 */
export function scheduleName(
  unitId: string,
  recommendationId: string,
  dueDate: IsoDate,
  level: number,
): string {
  const hash = createHash('sha256').update(`${unitId}\n${recommendationId}`).digest('hex').slice(0, 32);
  return `esc-${hash}-${dueDate.replaceAll('-', '')}-L${level}`;
}

/** Names of every step that may still be pending for the item's current cycle (to delete them). */
export function pendingScheduleNames(
  unitId: string,
  rec: Pick<Recommendation, 'id' | 'dueDate'> & EscalationState,
): string[] {
  if (!rec.dueDate) return [];
  const names: string[] = [];
  for (let level = REMINDER; level <= MAX_LEVEL; level++) {
    if (!stepDone(rec, level)) names.push(scheduleName(unitId, rec.id, rec.dueDate, level));
  }
  return names;
}

/** The schedule that fires one step of an item. */
export function scheduledStep(
  unitId: string,
  rec: Pick<Recommendation, 'id'> & { dueDate: IsoDate },
  level: number,
  at: string,
) {
  const event: EscalationEvent = { unitId, recommendationId: rec.id, level, dueDate: rec.dueDate };
  return { name: scheduleName(unitId, rec.id, rec.dueDate, level), at, event };
}

export interface NoticeRecipients {
  to: string[];
  cc: string[];
}

/**
 * Whom a step notifies. Reminder: the lead department. Level 1: the lead department, copied to the office
 * and the Front. Level 2: the chair of the People's Committee and the Party secretary, copied to the
 * department and the office. Level 3: the standing committee, copied to the department and the office.
 * With nobody to address, the copies become the addressees.
 */
export function recipientsFor(
  level: number,
  policy: EscalationPolicy,
  departmentEmails: readonly string[],
): NoticeRecipients {
  const r = policy.recipients;
  let to: string[];
  let cc: string[];
  switch (level) {
    case REMINDER:
      to = [...departmentEmails];
      cc = [];
      break;
    case 1:
      to = [...departmentEmails];
      cc = [...r.office, ...r.front];
      break;
    case 2:
      to = [...r.chair, ...r.partySecretary];
      cc = [...departmentEmails, ...r.office];
      break;
    default:
      to = [...r.standing];
      cc = [...departmentEmails, ...r.office];
  }
  const unique = (list: string[]) => [...new Set(list.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  to = unique(to);
  cc = unique(cc).filter((e) => !to.includes(e));
  return to.length > 0 ? { to, cc } : { to: cc, cc: [] };
}

/** Vietnamese name of a step, for subjects and history. */
export function levelLabel(level: number): string {
  return level === REMINDER ? 'Nhắc hạn' : `Chuyển cấp ${level}`;
}

/** Who a level goes to, in words. */
export function levelAudience(level: number): string {
  switch (level) {
    case REMINDER:
      return 'đơn vị chủ trì';
    case 1:
      return 'lãnh đạo đơn vị chủ trì (đồng gửi Văn phòng và Ủy ban MTTQ)';
    case 2:
      return 'Chủ tịch UBND và Bí thư Đảng ủy';
    default:
      return 'Ban Thường vụ Đảng ủy';
  }
}

export {
  AT_ONCE_SPREAD_MINUTES,
  addSecondsLocal,
  DEFAULT_SPREAD_MINUTES,
  ESCALATION_TIME_ZONE,
  instantOfLocal,
  laterOf,
  localDateTime,
  spreadOffsetSeconds,
  spreadTime,
} from './escalation-time.js';
