/**
 * The placement rules of vietnam-holidays.ts, checked two ways:
 * - against every official schedule 2020–2026: the rules give the same days off, except the swaps
 *   (hoán đổi), which are discretionary and exist only as data;
 * - on every year 2027–2040 against a small reference written here from the rule as the documents state
 *   it, on Vietnamese Tết dates taken from Hồ Ngọc Đức's published tables (not from the lunar module).
 */
import { describe, expect, it } from 'vitest';
import {
  ANNOUNCED_YEARS,
  announcedSchedule,
  nationalDayAdjacent,
  ruleBasedHolidays,
  WorkingCalendar,
} from '../../../shared/domain/calendar/index.js';
import { TET } from './reference-dates.js';

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isWeekend = (iso: string): boolean => weekday(iso) === 0 || weekday(iso) === 6;
const ruleWeekdaysOff = (year: number) =>
  ruleBasedHolidays(year)
    .map((h) => h.date)
    .filter((d) => !isWeekend(d));

describe('the rules reproduce every announced schedule 2020–2026, swaps aside', () => {
  /** Announced swaps: a weekday off given for a Saturday worked (not a rule). */
  const SWAPS: Record<number, { off: string[]; worked: string[] }> = {
    2024: { off: ['2024-04-29'], worked: ['2024-05-04'] },
    2025: { off: ['2025-05-02'], worked: ['2025-04-26'] },
    2026: { off: ['2026-01-02', '2026-08-31'], worked: ['2026-01-10', '2026-08-22'] },
  };

  it.each(ANNOUNCED_YEARS.map((y) => [y]))('%i', (year) => {
    const announced = announcedSchedule(year) ?? [];
    const swap = SWAPS[year] ?? { off: [], worked: [] };
    const announcedOff = announced.filter((e) => e.kind === 'day_off').map((e) => e.date);
    const worked = announced.filter((e) => e.kind === 'working_day').map((e) => e.date);
    expect(worked).toEqual(swap.worked);
    expect(ruleWeekdaysOff(year)).toEqual(announcedOff.filter((d) => !swap.off.includes(d)));
  });

  it('Quốc khánh: one day before 2021, then 2/9 and the day each announcement chose', () => {
    expect(ruleBasedHolidays(2020).filter((h) => h.date.startsWith('2020-09'))).toEqual([
      { date: '2020-09-02', name: 'Quốc khánh', compensatory: false },
    ]);
    // 2/9 weekday → the adjacent day announced: Thu 2021 → 3/9, Fri 2022 → 1/9, Sat 2023 → 1/9,
    // Mon 2024 → 3/9, Tue 2025 → 1/9, Wed 2026 → 1/9.
    const announced = { 2021: 3, 2022: 1, 2023: 1, 2024: 3, 2025: 1, 2026: 1 } as const;
    for (const [year, day] of Object.entries(announced)) {
      expect(nationalDayAdjacent(Number(year)), year).toBe(day);
      expect(
        announcedSchedule(Number(year))?.some((e) => e.date === `${year}-09-0${day}`) ||
          isWeekend(`${year}-09-0${day}`),
        year,
      ).toBe(true);
    }
    // Each weekday of 2/9 but Sunday has an announced year; on a Sunday 1/9 and 3/9 give the same days off.
    expect(new Set(Object.keys(announced).map((y) => weekday(`${y}-09-02`)))).toEqual(
      new Set([1, 2, 3, 4, 5, 6]),
    );
  });
});

/** Lunar 1/1 in Vietnam (UTC+7) 2027–2040, from Hồ Ngọc Đức's tables (2030 differs from the Chinese date). */
const TET_2027_2040 = Object.fromEntries(Object.entries(TET).filter(([y]) => Number(y) >= 2027));

/**
 * The reference, from the rule's wording: Tết is the day before lunar 1/1 and the four days from it; each of
 * them on a Saturday gives the last weekday before those five days, on a Sunday the first weekday after.
 */
function referenceTetOff(tet: string): string[] {
  const five = [-1, 0, 1, 2, 3].map((k) => addDays(tet, k));
  const off = five.filter((d) => !isWeekend(d));
  for (const day of five) {
    if (weekday(day) === 6) {
      let d = addDays(five[0] as string, -1);
      while (isWeekend(d)) d = addDays(d, -1);
      off.push(d);
    }
    if (weekday(day) === 0) {
      let d = addDays(five[4] as string, 1);
      while (isWeekend(d)) d = addDays(d, 1);
      off.push(d);
    }
  }
  return off.sort();
}

/**
 * Quốc khánh from 2021: 2/9 and 3/9 when 2/9 is a Monday, Thursday or Sunday, else 1/9 and 2/9; each on a
 * weekend gives the next weekday not already off.
 */
function referenceNationalDayOff(year: number): string[] {
  const second = `${year}-09-02`;
  const other = [1, 4, 0].includes(weekday(second)) ? `${year}-09-03` : `${year}-09-01`;
  const days = [second, other].sort();
  const off = days.filter((d) => !isWeekend(d));
  for (const day of days) {
    if (!isWeekend(day)) continue;
    let d = addDays(day, 1);
    while (isWeekend(d) || off.includes(d)) d = addDays(d, 1);
    off.push(d);
  }
  return off.sort();
}

describe('Tết and Quốc khánh placement, every year 2027–2040, against the reference', () => {
  const calendar = new WorkingCalendar();
  const offBetween = (from: string, to: string) => {
    const days: string[] = [];
    for (let d = from; d <= to; d = addDays(d, 1))
      if (!isWeekend(d) && !calendar.isWorkingDay(d)) days.push(d);
    return days;
  };

  it.each(Object.entries(TET_2027_2040))('%s: Tết around %s', (year, tet) => {
    // Two weeks either side of Tết hold no other holiday.
    expect(offBetween(addDays(tet, -14), addDays(tet, 14))).toEqual(referenceTetOff(tet));
    expect(offBetween(`${year}-08-20`, `${year}-09-12`)).toEqual(referenceNationalDayOff(Number(year)));
    for (const day of calendar.holidays(Number(year))) expect(day.origin).toBe('rule');
  });

  it('the reference itself holds on the announced years (2020–2026 Tết; 2021–2026 Quốc khánh, swaps aside)', () => {
    for (const year of ANNOUNCED_YEARS) {
      const day = TET[year] as string;
      const off = (announcedSchedule(year) ?? [])
        .filter((e) => e.kind === 'day_off' && e.date >= addDays(day, -14) && e.date <= addDays(day, 14))
        .map((e) => e.date);
      expect(referenceTetOff(day), String(year)).toEqual(off);
      if (year >= 2021) {
        const national = (announcedSchedule(year) ?? [])
          .filter((e) => e.kind === 'day_off' && e.date >= `${year}-09-01` && e.date <= `${year}-09-07`)
          .map((e) => e.date);
        expect(referenceNationalDayOff(year), String(year)).toEqual(national);
      }
    }
  });
});
