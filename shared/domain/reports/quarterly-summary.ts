/**
 * Báo cáo tổng hợp quý (for the Party standing committee), computed from the quarter's aggregate
 * counters (aggregate-counters.ts) plus the items of the quarter that are overdue today: never from
 * every item of the unit. A recommendation belongs to the quarter its dialogue was held in; "on time"
 * means resolved on or before its first due date (moved by an extension with a reason, not by a reopen).
 */
import { isOverdue } from '../lifecycle.js';
import { type Department, DISPOSITIONS, type IsoDate, type Recommendation, SOURCES } from '../model.js';
import { type Counters, counter } from './aggregate-counters.js';

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** '2023-Q4' → {year: 2023, quarter: 4}; undefined if malformed. */
export function parseQuarter(value: string): Quarter | undefined {
  const match = /^(\d{4})-Q([1-4])$/.exec(value);
  if (!match) return undefined;
  return { year: Number(match[1]), quarter: Number(match[2]) as Quarter['quarter'] };
}

export const quarterKey = (q: Quarter): string => `${q.year}-Q${q.quarter}`;

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1
    ? { year: q.year - 1, quarter: 4 }
    : { year: q.year, quarter: (q.quarter - 1) as Quarter['quarter'] };
}

/** First and last calendar day of the quarter. */
export function quarterBounds(q: Quarter): { from: IsoDate; to: IsoDate } {
  const firstMonth = (q.quarter - 1) * 3 + 1;
  const lastMonth = firstMonth + 2;
  const lastDay = new Date(Date.UTC(q.year, lastMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { from: `${q.year}-${pad(firstMonth)}-01`, to: `${q.year}-${pad(lastMonth)}-${pad(lastDay)}` };
}

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
/** "Quý IV/2023". */
export const quarterLabel = (q: Quarter): string => `Quý ${ROMAN[q.quarter - 1]}/${q.year}`;

export interface Totals {
  received: number;
  answeredAtDialogue: number;
  assigned: number;
  forwarded: number;
  declined: number;
  /** Recorded, no disposition decided yet. */
  undecided: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Resolved, awaiting the Front's review. */
  awaitingReview: number;
  /** Confirmed by the Front. */
  confirmed: number;
  /** Not closed: status received or assigned. */
  open: number;
  /** Open and past the due date, as of the report date. */
  overdue: number;
  reopened: number;
}

export interface DepartmentFigures {
  /** Place by on-time rate (1 = best); null for a department with nothing resolved yet (no rate to rank). */
  rank: number | null;
  departmentId: string;
  name: string;
  /** Items of the quarter led by the department (assigned, resolved or confirmed). */
  assigned: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Still awaiting the department's answer. */
  open: number;
  overdue: number;
  /** resolvedOnTime / (resolvedOnTime + resolvedLate), 4 decimals; null when nothing was resolved. */
  onTimeRate: number | null;
  /**
   * "Half of its resolved items were answered within N working days of being assigned": the smallest N
   * for which that holds (the lower median of the working days to resolve); null when nothing was resolved.
   */
  halfResolvedWithinWorkingDays: number | null;
}

export interface CountRow<K extends string = string> {
  key: K;
  label: string;
  count: number;
  previous: number;
}

export interface RepeatEntry {
  id: string;
  ref: string;
  content: string;
  status: Recommendation['status'];
  repeatOfRef: string;
  repeatOfContent: string;
  /** How many times the problem has been raised, counting this one. */
  timesRaised: number;
  link: string;
}

export interface QuarterlySummary {
  kind: 'quarterly';
  unit: { id: string; name: string };
  quarter: string;
  label: string;
  period: { from: IsoDate; to: IsoDate };
  /** Open and overdue figures are as of this date. */
  asOf: IsoDate;
  generatedAt: string;
  dialoguesHeld: number;
  totals: Totals;
  bySource: CountRow[];
  byField: CountRow[];
  byDisposition: CountRow[];
  departments: DepartmentFigures[];
  forwardedUpward: { total: number; answered: number; awaitingAnswer: number };
  repeats: { count: number; unsettled: number; items: RepeatEntry[] };
  previous: { quarter: string; label: string; dialoguesHeld: number; totals: Totals };
  /** This quarter minus the previous one, per total. */
  change: Record<keyof Totals, number> & { dialoguesHeld: number };
}

export const SOURCE_LABELS: Record<string, string> = {
  pre_collected: 'Tổng hợp trước hội nghị',
  at_dialogue: 'Trực tiếp tại hội nghị',
};

export const DISPOSITION_LABELS: Record<string, string> = {
  answered_at_dialogue: 'Trả lời tại hội nghị',
  assigned: 'Giao đơn vị xử lý',
  forwarded: 'Chuyển cấp trên',
  declined: 'Không trả lời (có lý do)',
  none: 'Chưa quyết định',
};

export const STATUS_LABELS: Record<string, string> = {
  received: 'Mới tiếp nhận',
  assigned: 'Đang xử lý',
  resolved: 'Đã giải quyết, chờ MTTQ xem xét',
  confirmed: 'MTTQ đã xác nhận',
  answered_at_dialogue: 'Đã trả lời tại hội nghị',
  forwarded: 'Đã chuyển cấp trên',
  declined: 'Không trả lời',
};

export const TOTAL_LABELS: Record<keyof Totals, string> = {
  received: 'Tổng số kiến nghị',
  answeredAtDialogue: 'Trả lời tại hội nghị',
  assigned: 'Giao đơn vị xử lý',
  forwarded: 'Chuyển cấp trên',
  declined: 'Không trả lời (có lý do)',
  undecided: 'Chưa quyết định hướng xử lý',
  resolvedOnTime: 'Giải quyết đúng hạn',
  resolvedLate: 'Giải quyết trễ hạn',
  awaitingReview: 'Chờ MTTQ xem xét',
  confirmed: 'MTTQ đã xác nhận',
  open: 'Chưa giải quyết xong',
  overdue: 'Quá hạn',
  reopened: 'Bị mở lại',
};

export const UNCLASSIFIED_FIELD = 'Chưa phân loại';

const CLOSED_FOR_REPEAT = new Set(['resolved', 'confirmed', 'answered_at_dialogue']);

const get = (c: Counters, name: string): number => c[name] ?? 0;

/** The overdue items of `quarter` as of `today`, from the unit's open-by-due-date index. */
export function overdueOfQuarter(
  items: readonly Recommendation[],
  quarter: string,
  today: IsoDate,
): Recommendation[] {
  return items.filter((r) => r.quarter === quarter && isOverdue(r, today));
}

export function totalsFrom(c: Counters, overdue: number): Totals {
  return {
    received: get(c, counter.received),
    answeredAtDialogue: get(c, counter.disposition('answered_at_dialogue')),
    assigned: get(c, counter.disposition('assigned')),
    forwarded: get(c, counter.disposition('forwarded')),
    declined: get(c, counter.disposition('declined')),
    undecided: get(c, counter.disposition('none')),
    resolvedOnTime: get(c, counter.resolvedOnTime),
    resolvedLate: get(c, counter.resolvedLate),
    awaitingReview: get(c, counter.status('resolved')),
    confirmed: get(c, counter.status('confirmed')),
    open: get(c, counter.status('received')) + get(c, counter.status('assigned')),
    overdue,
    reopened: get(c, counter.reopened),
  };
}

/**
 * The smallest N such that at least half of the counted values are at most N (the lower median of a
 * histogram {value → count}): "half were done within N". Null for an empty histogram.
 */
export function halfWithin(histogram: ReadonlyMap<number, number>): number | null {
  const entries = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const [value, n] of entries) {
    seen += n;
    if (seen * 2 >= total) return value;
  }
  return entries[entries.length - 1]?.[0] ?? null;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Counters with a prefix and a free-text tail, e.g. field:<name> → {name → n}. */
function tailCounts(c: Counters, prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, n] of Object.entries(c)) {
    if (!name.startsWith(prefix) || n === 0) continue;
    const tail = name.slice(prefix.length);
    out.set(tail, (out.get(tail) ?? 0) + n);
  }
  return out;
}

/** dept:ttr:<days>:<id> → {id → {days → n}}. */
function timeToResolve(c: Counters): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const [name, n] of Object.entries(c)) {
    const match = /^dept:ttr:(\d+):(.*)$/.exec(name);
    if (!match || n === 0) continue;
    const id = match[2] ?? '';
    const histogram = out.get(id) ?? new Map<number, number>();
    histogram.set(Number(match[1]), (histogram.get(Number(match[1])) ?? 0) + n);
    out.set(id, histogram);
  }
  return out;
}

export function departmentFigures(
  c: Counters,
  overdue: readonly Recommendation[],
  departments: readonly Pick<Department, 'id' | 'name'>[],
): DepartmentFigures[] {
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const assigned = tailCounts(c, 'dept:assigned:');
  const onTime = tailCounts(c, 'dept:onTime:');
  const late = tailCounts(c, 'dept:late:');
  const ttr = timeToResolve(c);
  const overdueBy = new Map<string, number>();
  for (const r of overdue)
    if (r.departmentId) overdueBy.set(r.departmentId, (overdueBy.get(r.departmentId) ?? 0) + 1);
  const ids = new Set([...assigned.keys(), ...overdueBy.keys()]);
  const rows = [...ids].map((id) => {
    const resolvedOnTime = onTime.get(id) ?? 0;
    const resolvedLate = late.get(id) ?? 0;
    const resolved = resolvedOnTime + resolvedLate;
    return {
      rank: null as number | null,
      departmentId: id,
      name: names.get(id) ?? id,
      assigned: assigned.get(id) ?? 0,
      resolvedOnTime,
      resolvedLate,
      // Led items are assigned, resolved or confirmed; the resolved ones all have a resolution date.
      open: (assigned.get(id) ?? 0) - resolved,
      overdue: overdueBy.get(id) ?? 0,
      onTimeRate: resolved === 0 ? null : round4(resolvedOnTime / resolved),
      halfResolvedWithinWorkingDays: halfWithin(ttr.get(id) ?? new Map()),
    };
  });
  // Best first: higher on-time rate, fewer overdue, faster, then more resolved; no rate last.
  rows.sort(
    (a, b) =>
      (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) ||
      a.overdue - b.overdue ||
      (a.halfResolvedWithinWorkingDays ?? Number.POSITIVE_INFINITY) -
        (b.halfResolvedWithinWorkingDays ?? Number.POSITIVE_INFINITY) ||
      b.resolvedOnTime + b.resolvedLate - (a.resolvedOnTime + a.resolvedLate) ||
      a.name.localeCompare(b.name, 'vi'),
  );
  // Only a rate can be ranked: departments with nothing resolved yet are listed after, without a place.
  rows.forEach((row, i) => {
    row.rank = row.onTimeRate === null ? null : i + 1;
  });
  return rows;
}

function countRows(
  current: Map<string, number>,
  previous: Map<string, number>,
  order: readonly string[],
  label: (key: string) => string,
): CountRow[] {
  const keys = [...new Set([...order, ...current.keys(), ...previous.keys()])].filter(
    (k) => (current.get(k) ?? 0) !== 0 || (previous.get(k) ?? 0) !== 0,
  );
  return keys.map((key) => ({
    key,
    label: label(key),
    count: current.get(key) ?? 0,
    previous: previous.get(key) ?? 0,
  }));
}

export interface QuarterlyInput {
  unit: { id: string; name: string };
  quarter: Quarter;
  now: Date;
  today: IsoDate;
  counters: Counters;
  previousCounters: Counters;
  /** Overdue items of the unit (any quarter) as read from the open-by-due-date index. */
  overdue: readonly Recommendation[];
  departments: readonly Pick<Department, 'id' | 'name'>[];
  repeats: readonly RepeatEntry[];
}

export function buildQuarterlySummary(input: QuarterlyInput): QuarterlySummary {
  const q = input.quarter;
  const prev = previousQuarter(q);
  const key = quarterKey(q);
  const prevKey = quarterKey(prev);
  const overdue = overdueOfQuarter(input.overdue, key, input.today);
  const overduePrev = overdueOfQuarter(input.overdue, prevKey, input.today);
  const c = input.counters;
  const p = input.previousCounters;
  const totals = totalsFrom(c, overdue.length);
  const previousTotals = totalsFrom(p, overduePrev.length);
  const change = Object.fromEntries(
    (Object.keys(totals) as (keyof Totals)[]).map((k) => [k, totals[k] - previousTotals[k]]),
  ) as Record<keyof Totals, number>;
  const dialoguesHeld = get(c, counter.dialogues);
  const previousDialogues = get(p, counter.dialogues);

  const field = (counters: Counters) => {
    const m = tailCounts(counters, 'field:');
    const unclassified = m.get('') ?? 0;
    m.delete('');
    if (unclassified) m.set(UNCLASSIFIED_FIELD, unclassified);
    return m;
  };
  const fieldNow = field(c);
  const fieldPrev = field(p);
  const fieldOrder = [...fieldNow.keys()].sort(
    (a, b) => (fieldNow.get(b) ?? 0) - (fieldNow.get(a) ?? 0) || a.localeCompare(b, 'vi'),
  );

  const repeats = [...input.repeats].sort(
    (a, b) => b.timesRaised - a.timesRaised || a.ref.localeCompare(b.ref),
  );
  return {
    kind: 'quarterly',
    unit: input.unit,
    quarter: key,
    label: quarterLabel(q),
    period: quarterBounds(q),
    asOf: input.today,
    generatedAt: input.now.toISOString(),
    dialoguesHeld,
    totals,
    bySource: countRows(
      tailCounts(c, 'source:'),
      tailCounts(p, 'source:'),
      SOURCES,
      (k) => SOURCE_LABELS[k] ?? k,
    ),
    byField: countRows(fieldNow, fieldPrev, fieldOrder, (k) => k),
    byDisposition: countRows(
      tailCounts(c, 'disposition:'),
      tailCounts(p, 'disposition:'),
      [...DISPOSITIONS, 'none'],
      (k) => DISPOSITION_LABELS[k] ?? k,
    ),
    departments: departmentFigures(c, overdue, input.departments),
    forwardedUpward: {
      total: totals.forwarded,
      answered: get(c, counter.forwardedAnswered),
      awaitingAnswer: totals.forwarded - get(c, counter.forwardedAnswered),
    },
    repeats: {
      count: get(c, counter.repeats),
      unsettled: repeats.filter((r) => !CLOSED_FOR_REPEAT.has(r.status)).length,
      items: repeats,
    },
    previous: {
      quarter: prevKey,
      label: quarterLabel(prev),
      dialoguesHeld: previousDialogues,
      totals: previousTotals,
    },
    change: { ...change, dialoguesHeld: dialoguesHeld - previousDialogues },
  };
}
