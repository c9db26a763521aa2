/**
 * Báo cáo giám sát (for the Fatherland Front committee): what is late, what awaits the Front's review,
 * what was reopened, what falls due soon and what the higher level has not answered. Pure: the service
 * passes in the items it read (open items, resolved and forwarded items) and the calendar.
 */
import { addWorkingDaysClamped } from '../calendar/clamp.js';
import { isOverdue, judgedDueDate, resolvedLate } from '../lifecycle.js';
import type { Department, IsoDate, Recommendation, WorkingDays } from '../model.js';

/** "Falling due in the next N working days". */
export const DUE_SOON_WORKING_DAYS = 5;

export interface ReportItem {
  id: string;
  ref: string;
  content: string;
  departmentId: string | null;
  departmentName: string | null;
  dueDate: IsoDate | null;
  status: Recommendation['status'];
  link: string;
}

export interface OverdueItem extends ReportItem {
  dueDate: IsoDate;
  workingDaysOverdue: number;
  escalationLevel: number;
}

export interface OverdueGroup {
  departmentId: string;
  name: string;
  items: OverdueItem[];
}

export interface AwaitingReviewItem extends ReportItem {
  resolvedOn: IsoDate | null;
  answer: string | null;
  documentRef: string | null;
  /** The due date the answer is judged against: the first one (an extension moves it, a reopen does not). */
  firstDueDate: IsoDate | null;
  /** Resolved after that due date. */
  late: boolean;
}

export interface ReopenedItem extends ReportItem {
  reopenCount: number;
  reason: string | null;
  overdue: boolean;
}

export interface DueSoonItem extends ReportItem {
  dueDate: IsoDate;
  /** Working days from today to the due date (0: due today). */
  workingDaysLeft: number;
}

export interface ForwardedItem extends ReportItem {
  /** When it was forwarded (the dialogue's date if decided there): what the waiting counts from. */
  forwardedOn: IsoDate;
  workingDaysWaiting: number;
}

export interface SupervisionReport {
  kind: 'supervision';
  unit: { id: string; name: string };
  /** Report date (Vietnam). */
  today: IsoDate;
  generatedAt: string;
  /** Date of the last successful supervision send; null when none was sent yet. */
  since: IsoDate | null;
  /** Last day of the "due soon" window. */
  dueSoonUntil: IsoDate;
  counts: {
    overdue: number;
    awaitingReview: number;
    awaitingReviewOlder: number;
    reopened: number;
    dueSoon: number;
    forwardedWithoutAnswer: number;
  };
  overdue: OverdueGroup[];
  /** Resolved since the last report, awaiting the Front's confirmation or reopening. */
  awaitingReview: AwaitingReviewItem[];
  /** Resolved before the last report and still not reviewed. */
  awaitingReviewOlder: AwaitingReviewItem[];
  reopened: ReopenedItem[];
  dueSoon: DueSoonItem[];
  forwardedWithoutAnswer: ForwardedItem[];
}

export interface SupervisionInput {
  unit: { id: string; name: string };
  now: Date;
  today: IsoDate;
  since: IsoDate | null;
  calendar: WorkingDays;
  departments: readonly Pick<Department, 'id' | 'name'>[];
  /** Items awaiting a department (status 'assigned'): at least those due up to the due-soon window, and reopened ones. */
  open: readonly Recommendation[];
  /** Items resolved and not yet reviewed (status 'resolved'). */
  resolved: readonly Recommendation[];
  /** Items forwarded to the higher level (status 'forwarded'); those with an answer are left out. */
  forwarded: readonly Recommendation[];
  link: (id: string) => string;
  dueSoonWorkingDays?: number;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const dateInVietnam = (iso: string): IsoDate =>
  new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

const byDueThenRef = (
  a: { dueDate: IsoDate | null; ref: string },
  b: { dueDate: IsoDate | null; ref: string },
) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.ref.localeCompare(b.ref);

export function buildSupervisionReport(input: SupervisionInput): SupervisionReport {
  const { today, calendar } = input;
  const names = new Map(input.departments.map((d) => [d.id, d.name]));
  const base = (rec: Recommendation): ReportItem => ({
    id: rec.id,
    ref: rec.ref,
    content: rec.content,
    departmentId: rec.departmentId,
    departmentName: rec.departmentId ? (names.get(rec.departmentId) ?? rec.departmentId) : null,
    dueDate: rec.dueDate,
    status: rec.status,
    link: input.link(rec.id),
  });
  const open = input.open.filter((r) => r.status === 'assigned');
  const dueSoonUntil = addWorkingDaysClamped(
    calendar,
    today,
    input.dueSoonWorkingDays ?? DUE_SOON_WORKING_DAYS,
  );

  const groups = new Map<string, OverdueGroup>();
  for (const rec of [...open].sort(byDueThenRef)) {
    if (!isOverdue(rec, today) || !rec.dueDate) continue;
    const departmentId = rec.departmentId ?? '';
    const group = groups.get(departmentId) ?? {
      departmentId,
      name: names.get(departmentId) ?? (departmentId || 'Chưa giao'),
      items: [],
    };
    group.items.push({
      ...base(rec),
      dueDate: rec.dueDate,
      workingDaysOverdue: calendar.workingDaysBetween(rec.dueDate, today),
      escalationLevel: rec.escalationLevel ?? 0,
    });
    groups.set(departmentId, group);
  }
  const overdue = [...groups.values()].sort(
    (a, b) => b.items.length - a.items.length || a.name.localeCompare(b.name, 'vi'),
  );

  const review = (rec: Recommendation): AwaitingReviewItem => ({
    ...base(rec),
    resolvedOn: rec.resolvedOn,
    answer: rec.answer?.text ?? null,
    documentRef: rec.answer?.documentRef ?? null,
    firstDueDate: judgedDueDate(rec),
    late: resolvedLate(rec),
  });
  const resolved = input.resolved
    .filter((r) => r.status === 'resolved')
    .sort((a, b) => (a.resolvedOn ?? '').localeCompare(b.resolvedOn ?? '') || a.ref.localeCompare(b.ref));
  const isNew = (r: Recommendation) => input.since === null || (r.resolvedOn ?? '') >= input.since;
  const awaitingReview = resolved.filter(isNew).map(review);
  const awaitingReviewOlder = resolved.filter((r) => !isNew(r)).map(review);

  const reopened = open
    .filter((r) => r.reopenCount > 0)
    .sort(byDueThenRef)
    .map((rec) => ({
      ...base(rec),
      reopenCount: rec.reopenCount,
      reason: rec.reason,
      overdue: isOverdue(rec, today),
    }));

  const dueSoon = open
    .filter(
      (r): r is Recommendation & { dueDate: IsoDate } =>
        r.dueDate !== null && r.dueDate >= today && r.dueDate <= dueSoonUntil,
    )
    .sort(byDueThenRef)
    .map((rec) => ({
      ...base(rec),
      dueDate: rec.dueDate,
      workingDaysLeft: Math.max(0, calendar.workingDaysBetween(today, rec.dueDate)),
    }));

  const forwardedWithoutAnswer = input.forwarded
    .filter((r) => r.status === 'forwarded' && !r.answer)
    .map((rec) => {
      // Items stored before the forwarding date was kept: their last change stands in for it.
      const forwardedOn = rec.forwardedOn ?? dateInVietnam(rec.updatedAt);
      return {
        ...base(rec),
        forwardedOn,
        workingDaysWaiting: Math.max(0, calendar.workingDaysBetween(forwardedOn, today)),
      };
    })
    .sort((a, b) => a.forwardedOn.localeCompare(b.forwardedOn) || a.ref.localeCompare(b.ref));

  return {
    kind: 'supervision',
    unit: input.unit,
    today,
    generatedAt: input.now.toISOString(),
    since: input.since,
    dueSoonUntil,
    counts: {
      overdue: overdue.reduce((n, g) => n + g.items.length, 0),
      awaitingReview: awaitingReview.length,
      awaitingReviewOlder: awaitingReviewOlder.length,
      reopened: reopened.length,
      dueSoon: dueSoon.length,
      forwardedWithoutAnswer: forwardedWithoutAnswer.length,
    },
    overdue,
    awaitingReview,
    awaitingReviewOlder,
    reopened,
    dueSoon,
    forwardedWithoutAnswer,
  };
}
