/**
 * Vietnamese working days (ngày làm việc) for deadlines: Monday–Friday except public holidays, plus the
 * Saturdays/Sundays that are worked in exchange for a day off (làm bù).
 *
 * Which days are off, by precedence (highest first):
 *   1. 'unit'      — the unit administrator's corrections (first constructor argument);
 *   2. 'national'  — the system administrator's corrections for every unit (second argument), e.g. a new
 *                    official schedule entered once for the whole country;
 *   3. 'announced' — the schedule officially announced for a year (announced-schedules.ts, 2020–2026),
 *                    which replaces the rules for that whole year;
 *   4. 'rule'      — the Labor Code rules placed as officially practised (vietnam-holidays.ts), with the
 *                    Vietnamese lunar calendar: a forecast for the years after the last announced one.
 *
 * Dates are IsoDate strings, calendar dates in Asia/Ho_Chi_Minh. All arithmetic is on whole days (Julian day
 * numbers), never on local time. Supported years: CALENDAR_MIN_YEAR–CALENDAR_MAX_YEAR; a date outside them
 * throws CalendarRangeError. Per-year tables (working flags and prefix counts) are built once per instance and
 * year, so addWorkingDays and workingDaysBetween cost O(years spanned + log 366), not O(days).
 */

import { announcedSchedule, sourceLabel } from './announced-schedules.js';
import {
  dateFromJulianDay,
  isoFromJulianDay,
  julianDayFromDate,
  parseIsoDate,
  weekdayOfJulianDay,
} from './lunar.js';
import { ruleBasedHolidays } from './vietnam-holidays.js';

/** 'YYYY-MM-DD', a calendar date in Asia/Ho_Chi_Minh. */
export type IsoDate = string;
export type DayOrigin = 'rule' | 'announced' | 'national' | 'unit';
/** Add a day off; or make a date a working day (a worked Saturday, or a default holiday removed). */
export type CalendarOverrideKind = 'day_off' | 'working_day';

export interface CalendarOverride {
  date: IsoDate;
  kind: CalendarOverrideKind;
  name: string;
  /** The document it comes from, e.g. 'Thông báo 9441/TB-BNV ngày 16/10/2025' (optional). */
  source?: string | null;
}

export interface CalendarDay {
  date: IsoDate;
  kind: 'day_off' | 'working_day';
  name: string;
  origin: DayOrigin;
  /** The documents behind the day: those of an announced schedule, or an override's own source. */
  source?: string;
}

export const CALENDAR_MIN_YEAR = 1990;
export const CALENDAR_MAX_YEAR = 2100;
export const CALENDAR_MIN_DATE: IsoDate = '1990-01-01';
export const CALENDAR_MAX_DATE: IsoDate = '2100-12-31';

/** A date or year outside CALENDAR_MIN_YEAR–CALENDAR_MAX_YEAR, or a computation that leaves that range. */
export class CalendarRangeError extends RangeError {
  override readonly name = 'CalendarRangeError';
}

/** A value that is not a strict 'YYYY-MM-DD' real calendar date. */
export class InvalidIsoDateError extends TypeError {
  override readonly name = 'InvalidIsoDateError';
}

/** Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving time since 1975). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The calendar date in Vietnam (UTC+7) at the instant `now`. */
export function todayInVietnam(now: Date): IsoDate {
  const time = now.getTime();
  if (Number.isNaN(time)) throw new RangeError('todayInVietnam: invalid Date');
  const shifted = new Date(time + VIETNAM_OFFSET_MS);
  return isoFromJulianDay(
    julianDayFromDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate()),
  );
}

/** Strict 'YYYY-MM-DD' of a real Gregorian date (any year 0000–9999; the range is checked on use). */
export function isIsoDate(value: string): boolean {
  return typeof value === 'string' && parseIsoDate(value) !== undefined;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < CALENDAR_MIN_YEAR || year > CALENDAR_MAX_YEAR) {
    throw new CalendarRangeError(
      `Year ${year} is outside the supported calendar range ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}`,
    );
  }
}

/** Validated Julian day number of an IsoDate in the supported range. */
function toJulianDay(date: IsoDate): number {
  const parts = typeof date === 'string' ? parseIsoDate(date) : undefined;
  if (!parts) throw new InvalidIsoDateError(`Not a valid date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  checkYear(parts.year);
  return julianDayFromDate(parts.year, parts.month, parts.day);
}

function isWeekend(jd: number): boolean {
  const weekday = weekdayOfJulianDay(jd);
  return weekday === 0 || weekday === 6;
}

interface YearTable {
  year: number;
  /** Julian day number of 1 January. */
  firstJd: number;
  /** Number of days in the year. */
  length: number;
  /** 1 if the day (index = jd - firstJd) is a working day. */
  working: Uint8Array;
  /** prefix[i] = number of working days among indexes [0, i); prefix[length] = the year's total. */
  prefix: Int32Array;
  /** Days whose status differs from the plain week, sorted by date. */
  special: readonly CalendarDay[];
}

interface DayEntry {
  working: boolean;
  name: string;
  origin: DayOrigin;
  source?: string | undefined;
}

type OverridesByYear = Map<number, Map<number, CalendarOverride>>;

/** Validates overrides and groups them by year; if one date appears several times, the last entry wins. */
function groupOverrides(overrides: readonly CalendarOverride[]): OverridesByYear {
  const byYear: OverridesByYear = new Map();
  for (const override of overrides) {
    const jd = toJulianDay(override.date);
    if (override.kind !== 'day_off' && override.kind !== 'working_day') {
      throw new TypeError(`Invalid calendar override kind: ${JSON.stringify(override.kind)}`);
    }
    const year = Number(override.date.slice(0, 4));
    let byDay = byYear.get(year);
    if (!byDay) {
      byDay = new Map();
      byYear.set(year, byDay);
    }
    byDay.set(jd, {
      date: override.date,
      kind: override.kind,
      name: String(override.name),
      ...(override.source ? { source: String(override.source) } : {}),
    });
  }
  return byYear;
}

export class WorkingCalendar {
  readonly #unit: OverridesByYear;
  readonly #national: OverridesByYear;
  readonly #tables = new Map<number, YearTable>();

  /**
   * @param unitOverrides the unit administrator's corrections;
   * @param nationalOverrides the system administrator's corrections for every unit (below the unit's).
   *   Each must be a valid date in range with kind 'day_off' or 'working_day'.
   */
  constructor(
    unitOverrides: readonly CalendarOverride[] = [],
    nationalOverrides: readonly CalendarOverride[] = [],
  ) {
    this.#unit = groupOverrides(unitOverrides);
    this.#national = groupOverrides(nationalOverrides);
  }

  /** True if `date` is a working day. */
  isWorkingDay(date: IsoDate): boolean {
    const jd = toJulianDay(date);
    const table = this.#tableOfDay(jd);
    return table.working[jd - table.firstJd] === 1;
  }

  /**
   * n > 0: the n-th working day strictly after `date` (so `date` itself never counts);
   * n = 0: `date` if it is a working day, else the next working day;
   * n < 0: the |n|-th working day strictly before `date`.
   * Throws CalendarRangeError if the result would leave the supported range.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isSafeInteger(n)) throw new RangeError(`addWorkingDays: n must be an integer, got ${n}`);
    const start = toJulianDay(date);
    let table = this.#tableOfDay(start);
    let index = start - table.firstJd;
    if (n === 0 && table.working[index] === 1) return date;
    if (n >= 0) {
      let remaining = Math.max(n, 1);
      for (;;) {
        const done = table.prefix[index + 1] as number;
        const after = (table.prefix[table.length] as number) - done;
        if (remaining <= after) {
          return isoFromJulianDay(table.firstJd + nthWorkingIndex(table, done + remaining));
        }
        remaining -= after;
        table = this.#table(nextYear(table.year, date, n));
        index = -1;
      }
    }
    let remaining = -n;
    for (;;) {
      const before = table.prefix[index] as number;
      if (remaining <= before) {
        return isoFromJulianDay(table.firstJd + nthWorkingIndex(table, before - remaining + 1));
      }
      remaining -= before;
      table = this.#table(previousYear(table.year, date, n));
      index = table.length;
    }
  }

  /**
   * The number of working days d with a < d ≤ b when a ≤ b, and minus the number with b < d ≤ a when b < a.
   * Equivalently C(b) − C(a) with C(x) the count of working days up to and including x, so it is
   * antisymmetric (between(a, b) = −between(b, a)) and additive (between(a, b) + between(b, c) = between(a, c)).
   * Round trips: between(a, addWorkingDays(a, n)) === n for every n > 0, and for n < 0 when `a` is a working
   * day; addWorkingDays(a, between(a, b)) === b when b > a and b is a working day.
   * E.g. overdue days: between(deadline, today); days left: between(today, deadline).
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const jdA = toJulianDay(a);
    const jdB = toJulianDay(b);
    return this.#between(jdA, jdB);
  }

  /**
   * The non-working weekdays and the worked Saturdays/Sundays of a year, sorted by date, with name and origin.
   * Holidays that fall on a weekend are not listed (the day was off anyway; their nghỉ bù day is), nor are
   * overrides that leave a day as the plain week has it (e.g. a default holiday removed becomes a plain
   * working weekday).
   */
  holidays(year: number): CalendarDay[] {
    checkYear(year);
    return this.#table(year).special.map((day) => ({ ...day }));
  }

  /** The entry holidays() has for `date`, or undefined if the date is a plain weekday or weekend day. */
  specialDay(date: IsoDate): CalendarDay | undefined {
    const jd = toJulianDay(date);
    const found = this.#tableOfDay(jd).special.find((day) => day.date === date);
    return found ? { ...found } : undefined;
  }

  /** Working days in (from, to] if from <= to, else minus those in (to, from]; across years. */
  #between(from: number, to: number): number {
    if (to < from) return 0 - this.#between(to, from); // 0 - x: never -0
    const a = this.#tableOfDay(from);
    const b = this.#tableOfDay(to);
    const countA = a.prefix[from - a.firstJd + 1] as number;
    const countB = b.prefix[to - b.firstJd + 1] as number;
    if (a.year === b.year) return countB - countA;
    let total = (a.prefix[a.length] as number) - countA + countB;
    for (let year = a.year + 1; year < b.year; year++) {
      const table = this.#table(year);
      total += table.prefix[table.length] as number;
    }
    return total;
  }

  #tableOfDay(jd: number): YearTable {
    return this.#table(dateFromJulianDay(jd).year);
  }

  #table(year: number): YearTable {
    let table = this.#tables.get(year);
    if (!table) {
      table = buildYearTable(year, this.#national.get(year), this.#unit.get(year));
      this.#tables.set(year, table);
    }
    return table;
  }
}

function nextYear(year: number, date: IsoDate, n: number): number {
  if (year >= CALENDAR_MAX_YEAR) {
    throw new CalendarRangeError(`addWorkingDays(${date}, ${n}) goes past ${CALENDAR_MAX_YEAR}-12-31`);
  }
  return year + 1;
}

function previousYear(year: number, date: IsoDate, n: number): number {
  if (year <= CALENDAR_MIN_YEAR) {
    throw new CalendarRangeError(`addWorkingDays(${date}, ${n}) goes before ${CALENDAR_MIN_YEAR}-01-01`);
  }
  return year - 1;
}

/** Index of the k-th (1-based) working day of the year: the smallest i with prefix[i + 1] >= k. */
function nthWorkingIndex(table: YearTable, k: number): number {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((table.prefix[mid + 1] as number) >= k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function buildYearTable(
  year: number,
  national: ReadonlyMap<number, CalendarOverride> | undefined,
  unit: ReadonlyMap<number, CalendarOverride> | undefined,
): YearTable {
  const firstJd = julianDayFromDate(year, 1, 1);
  const length = julianDayFromDate(year + 1, 1, 1) - firstJd;
  const entries = new Map<number, DayEntry>();

  const announced = announcedSchedule(year);
  if (announced) {
    for (const entry of announced) {
      entries.set(toJulianDay(entry.date), {
        working: entry.kind === 'working_day',
        name: entry.name,
        origin: 'announced',
        source: entry.sources.map(sourceLabel).join('; '),
      });
    }
  } else {
    for (const holiday of ruleBasedHolidays(year)) {
      entries.set(toJulianDay(holiday.date), { working: false, name: holiday.name, origin: 'rule' });
    }
  }
  for (const [origin, overrides] of [
    ['national', national],
    ['unit', unit],
  ] as const) {
    for (const [jd, override] of overrides ?? []) {
      entries.set(jd, {
        working: override.kind === 'working_day',
        name: override.name,
        origin,
        source: override.source ?? undefined,
      });
    }
  }

  const working = new Uint8Array(length);
  for (let i = 0; i < length; i++) working[i] = isWeekend(firstJd + i) ? 0 : 1;
  const special: CalendarDay[] = [];
  for (const [jd, entry] of [...entries].sort(([x], [y]) => x - y)) {
    if (jd < firstJd || jd >= firstJd + length) continue;
    working[jd - firstJd] = entry.working ? 1 : 0;
    if (entry.working === isWeekend(jd)) {
      special.push(
        Object.freeze({
          date: isoFromJulianDay(jd),
          kind: entry.working ? 'working_day' : 'day_off',
          name: entry.name,
          origin: entry.origin,
          ...(entry.source ? { source: entry.source } : {}),
        }),
      );
    }
  }
  const prefix = new Int32Array(length + 1);
  for (let i = 0; i < length; i++) prefix[i + 1] = (prefix[i] as number) + (working[i] as number);
  return { year, firstJd, length, working, prefix, special: Object.freeze(special) };
}
