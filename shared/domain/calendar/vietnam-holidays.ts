/**
 * Rule-based public holidays of Vietnam, per the Labor Code 2019 (Bộ luật Lao động 45/2019/QH14),
 * Articles 111–112, for civil servants who rest on Saturdays and Sundays:
 *
 * - Tết Dương lịch: 1 January;
 * - Tết Nguyên đán: 5 days, by default the last day of the lunar year (29 or 30 of month 12) and lunar 1/1–1/4
 *   (the Prime Minister fixes the exact days each year);
 * - Ngày Giải phóng miền Nam, thống nhất đất nước: 30 April;
 * - Ngày Quốc tế Lao động: 1 May;
 * - Quốc khánh: 2 September plus one adjacent day (1 or 3 September, chosen by the government each year;
 *   1 September is the default here, as in 2025);
 * - Giỗ Tổ Hùng Vương: lunar 10/3 (month 3, never the leap month 3);
 * - nghỉ bù (Art. 111(3)): a holiday falling on a Saturday or Sunday gives a compensatory day off on the next
 *   working day; each such holiday gets its own day, in date order, after the holidays already off
 *   (a Tết block spanning a weekend puts its compensatory days after the block).
 *
 * The same rules are applied to every year in range, including years before 2021 when older codes applied
 * (e.g. 4 days of Tết before 2013, one day of Quốc khánh before 2021, Giỗ Tổ only from 2007); the officially
 * announced schedules (announced-schedules.ts) and administrator overrides take precedence over these.
 * Vietnamese Culture Day (24 November) is not included: it awaits an amendment of the Labor Code.
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

export interface PublicHoliday {
  date: IsoDate;
  name: string;
  /** True for a nghỉ bù day (a weekday off because a holiday fell on a Saturday or Sunday). */
  compensatory: boolean;
}

function isWeekend(jd: number): boolean {
  const weekday = weekdayOfJulianDay(jd);
  return weekday === 0 || weekday === 6;
}

/** Julian day numbers and names of the statutory holidays of a year (before compensatory days). */
function statutoryHolidays(year: number): { jd: number; name: string }[] {
  const tet = lunarNewYearJulianDay(year);
  const days = [
    { jd: julianDayFromDate(year, 1, 1), name: HOLIDAY_NAMES.newYear },
    // The day before lunar 1/1 is the last day of the previous lunar year (29 or 30 of month 12).
    ...[-1, 0, 1, 2, 3].map((offset) => ({ jd: tet + offset, name: HOLIDAY_NAMES.tet })),
    { jd: lunarToJulianDay(year, 3, 10, false), name: HOLIDAY_NAMES.hungKings },
    { jd: julianDayFromDate(year, 4, 30), name: HOLIDAY_NAMES.reunification },
    { jd: julianDayFromDate(year, 5, 1), name: HOLIDAY_NAMES.labour },
    // The government picks the day adjacent to 2/9 each year (1/9 or 3/9); 1/9 is the default.
    { jd: julianDayFromDate(year, 9, 1), name: HOLIDAY_NAMES.nationalDay },
    { jd: julianDayFromDate(year, 9, 2), name: HOLIDAY_NAMES.nationalDay },
  ];
  days.sort((a, b) => a.jd - b.jd);
  // Two holidays on one date (not seen for 1990–2100: lunar 10/3 falls on 29/4 at the latest) make one day off.
  const merged: { jd: number; name: string }[] = [];
  for (const day of days) {
    const last = merged[merged.length - 1];
    if (last && last.jd === day.jd) last.name = `${last.name}; ${day.name}`;
    else merged.push({ ...day });
  }
  return merged;
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
  const result: { jd: number; name: string; compensatory: boolean }[] = statutory.map((d) => ({
    ...d,
    compensatory: false,
  }));
  for (const day of statutory) {
    if (!isWeekend(day.jd)) continue;
    let jd = day.jd + 1;
    while (isWeekend(jd) || off.has(jd)) jd++;
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
