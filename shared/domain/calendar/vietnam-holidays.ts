/**
 * Rule-based public holidays of Vietnam for civil servants who rest on Saturdays and Sundays, placed as the
 * officially announced schedules place them (announced-schedules.ts; checked against every schedule
 * 2020–2026 in tests/domain/calendar/rules-vs-announced.test.ts):
 *
 * - Tết Dương lịch: 1 January;
 * - Tết Nguyên đán: 5 days, the last day of the lunar year (29 or 30 of month 12) and lunar 1/1–1/4 (the
 *   Prime Minister fixes the exact days each year; every schedule since 2020 took these five);
 * - Ngày Giải phóng miền Nam, thống nhất đất nước: 30 April; Ngày Quốc tế Lao động: 1 May;
 * - Giỗ Tổ Hùng Vương: lunar 10/3 (month 3, never the leap month 3);
 * - Quốc khánh: 2 September; from 2021 (Labor Code 2019, Art. 112(1)(đ)) plus one adjacent day, chosen by
 *   the Prime Minister each year: 3 September when 2/9 is a Monday, Thursday or Sunday, otherwise
 *   1 September (nationalDayAdjacent below: the choice of every announced year 2021–2026);
 * - nghỉ bù (Labor Code 2019 Art. 111(3), 2012 Art. 115(3)): a holiday on a Saturday or Sunday gives one
 *   compensatory weekday, each holiday its own day in date order, after the days already off. For Tết the
 *   announced schedules put a Saturday's day on the last working day BEFORE the five-day block and a
 *   Sunday's on the first working day AFTER it (2020, 2021, 2023, 2024, 2025).
 *
 * Not modelled: discretionary swaps (hoán đổi: a weekday off for a Saturday worked), which exist only as
 * announced data or overrides; the older codes before 2013 (Tết of 4 days, Giỗ Tổ only from 2007), so years
 * before 2020 are a reconstruction by these rules, not history. Vietnamese Culture Day (24 November) is not
 * a holiday until the Labor Code is amended; a system administrator can enter it as a national override.
 */

import {
  isoFromJulianDay,
  julianDayFromDate,
  lunarNewYearJulianDay,
  lunarToJulianDay,
  weekdayOfJulianDay,
} from './lunar.js';
import type { IsoDate } from './working-calendar.js';

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  reunification: 'Ngày Giải phóng miền Nam, thống nhất đất nước',
  labour: 'Ngày Quốc tế Lao động',
  nationalDay: 'Quốc khánh',
} as const;

/** Prefix of the name of a compensatory day off: 'Nghỉ bù Quốc khánh'. */
export const COMPENSATORY_PREFIX = 'Nghỉ bù';

/** First year with two days of Quốc khánh (Labor Code 2019, in force from 1 January 2021). */
export const TWO_DAY_NATIONAL_DAY_FROM = 2021;

export interface PublicHoliday {
  date: IsoDate;
  name: string;
  /** True for a nghỉ bù day (a weekday off because a holiday fell on a Saturday or Sunday). */
  compensatory: boolean;
}

const SATURDAY = 6;
const SUNDAY = 0;

function isWeekend(jd: number): boolean {
  const weekday = weekdayOfJulianDay(jd);
  return weekday === SATURDAY || weekday === SUNDAY;
}

/**
 * The day added to 2/9 from 2021: 3/9 when 2/9 is a Monday (2024), Thursday (2021) or Sunday, otherwise
 * 1/9 (Tuesday 2025, Wednesday 2026, Friday 2022, Saturday 2023). For a Sunday both choices give the
 * same weekdays off (Monday and Tuesday), so no announced year can tell them apart.
 */
export function nationalDayAdjacent(year: number): 1 | 3 {
  const weekday = weekdayOfJulianDay(julianDayFromDate(year, 9, 2));
  return weekday === 1 || weekday === 4 || weekday === SUNDAY ? 3 : 1;
}

interface Statutory {
  jd: number;
  name: string;
  tet: boolean;
}

/** The statutory holidays of a year (before compensatory days), sorted by date. */
function statutoryHolidays(year: number): Statutory[] {
  const tet = lunarNewYearJulianDay(year);
  const days: Statutory[] = [
    { jd: julianDayFromDate(year, 1, 1), name: HOLIDAY_NAMES.newYear, tet: false },
    // The day before lunar 1/1 is the last day of the previous lunar year (29 or 30 of month 12).
    ...[-1, 0, 1, 2, 3].map((offset) => ({ jd: tet + offset, name: HOLIDAY_NAMES.tet, tet: true })),
    { jd: lunarToJulianDay(year, 3, 10, false), name: HOLIDAY_NAMES.hungKings, tet: false },
    { jd: julianDayFromDate(year, 4, 30), name: HOLIDAY_NAMES.reunification, tet: false },
    { jd: julianDayFromDate(year, 5, 1), name: HOLIDAY_NAMES.labour, tet: false },
    { jd: julianDayFromDate(year, 9, 2), name: HOLIDAY_NAMES.nationalDay, tet: false },
  ];
  if (year >= TWO_DAY_NATIONAL_DAY_FROM) {
    const day = nationalDayAdjacent(year);
    days.push({ jd: julianDayFromDate(year, 9, day), name: HOLIDAY_NAMES.nationalDay, tet: false });
  }
  days.sort((a, b) => a.jd - b.jd);
  // Two holidays on one date (not seen for 1990–2100: lunar 10/3 falls on 29/4 at the latest) make one day off.
  const merged: Statutory[] = [];
  for (const day of days) {
    const last = merged[merged.length - 1];
    if (last && last.jd === day.jd) last.name = `${last.name}; ${day.name}`;
    else merged.push({ ...day });
  }
  return merged;
}

/** The weekday nearest `from` in direction `step` (±1) that is neither a weekend day nor already off. */
function freeWeekday(from: number, step: 1 | -1, off: ReadonlySet<number>): number {
  let jd = from;
  while (isWeekend(jd) || off.has(jd)) jd += step;
  return jd;
}

const cache = new Map<number, readonly PublicHoliday[]>();

/**
 * The rule-based holidays of a solar year, sorted by date: every statutory holiday (including those that fall
 * on a weekend) and the compensatory days off. Memoised per year. Throws RangeError outside the lunar range.
 */
export function ruleBasedHolidays(year: number): readonly PublicHoliday[] {
  const cached = cache.get(year);
  if (cached) return cached;
  const statutory = statutoryHolidays(year);
  const off = new Set(statutory.map((d) => d.jd));
  const tetDays = statutory.filter((d) => d.tet).map((d) => d.jd);
  const tetFirst = Math.min(...tetDays);
  const tetLast = Math.max(...tetDays);
  const result = statutory.map((d) => ({ jd: d.jd, name: d.name, compensatory: false }));
  for (const day of statutory) {
    if (!isWeekend(day.jd)) continue;
    let jd: number;
    if (day.tet && weekdayOfJulianDay(day.jd) === SATURDAY) jd = freeWeekday(tetFirst - 1, -1, off);
    else if (day.tet) jd = freeWeekday(tetLast + 1, 1, off);
    else jd = freeWeekday(day.jd + 1, 1, off);
    off.add(jd);
    result.push({ jd, name: `${COMPENSATORY_PREFIX} ${day.name}`, compensatory: true });
  }
  result.sort((a, b) => a.jd - b.jd);
  const holidays = Object.freeze(
    result.map((d) =>
      Object.freeze({ date: isoFromJulianDay(d.jd), name: d.name, compensatory: d.compensatory }),
    ),
  );
  cache.set(year, holidays);
  return holidays;
}
