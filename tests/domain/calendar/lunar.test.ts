import { describe, expect, it } from 'vitest';
import {
  lunarLeapMonth,
  lunarMonthLength,
  lunarToSolar,
  solarToLunar,
} from '../../../shared/domain/calendar/index.js';
import { isoFromJulianDay, lunarNewYearJulianDay } from '../../../shared/domain/calendar/lunar.js';
import { TET } from './reference-dates.js';

/** Giỗ Tổ Hùng Vương (lunar 10/3) dates, as announced each year (a public holiday since 2007). */
const HUNG_KINGS: Record<number, string> = {
  2007: '2007-04-26',
  2008: '2008-04-15',
  2009: '2009-04-04',
  2010: '2010-04-23',
  2011: '2011-04-12',
  2012: '2012-03-31',
  2013: '2013-04-19',
  2014: '2014-04-09',
  2015: '2015-04-28',
  2016: '2016-04-16',
  2017: '2017-04-06',
  2018: '2018-04-25',
  2019: '2019-04-14',
  2020: '2020-04-02',
  2021: '2021-04-21',
  2022: '2022-04-10',
  2023: '2023-04-29',
  2024: '2024-04-18',
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
  2028: '2028-04-04',
  2029: '2029-04-23',
  2030: '2030-04-12',
};

const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('lunar calendar: Tết', () => {
  it.each(Object.entries(TET))('Tết %s is %s', (year, date) => {
    expect(lunarToSolar(Number(year), 1, 1)).toBe(date);
    expect(solarToLunar(date)).toEqual({ year: Number(year), month: 1, day: 1, leap: false });
    // The day before is the last day of the previous lunar year: 29 or 30 of month 12.
    const eve = solarToLunar(addDays(date, -1));
    expect(eve).toMatchObject({ year: Number(year) - 1, month: 12, leap: false });
    expect([29, 30]).toContain(eve.day);
  });

  it('covers at least 50 years of Tết', () => {
    expect(Object.keys(TET).length).toBeGreaterThanOrEqual(50);
  });

  it('computes for UTC+7: Tết differs from the Chinese (UTC+8) date in 1985, 2007 and 2030', () => {
    const chinese = (year: number) => isoFromJulianDay(lunarNewYearJulianDay(year, 8));
    expect(chinese(1985)).toBe('1985-02-20');
    expect(chinese(2007)).toBe('2007-02-18');
    expect(chinese(2030)).toBe('2030-02-03');
    expect(chinese(2026)).toBe('2026-02-17'); // and agrees most years
  });
});

describe('lunar calendar: Giỗ Tổ Hùng Vương (10/3)', () => {
  it.each(Object.entries(HUNG_KINGS))('lunar 10/3 of %s is %s', (year, date) => {
    expect(lunarToSolar(Number(year), 3, 10)).toBe(date);
    expect(solarToLunar(date)).toEqual({ year: Number(year), month: 3, day: 10, leap: false });
  });
});

describe('lunar calendar: months', () => {
  it('knows the leap months', () => {
    expect(lunarLeapMonth(2012)).toBe(4);
    expect(lunarLeapMonth(2014)).toBe(9);
    expect(lunarLeapMonth(2017)).toBe(6);
    expect(lunarLeapMonth(2020)).toBe(4);
    expect(lunarLeapMonth(2023)).toBe(2);
    expect(lunarLeapMonth(2025)).toBe(6);
    expect(lunarLeapMonth(2028)).toBe(5);
    expect(lunarLeapMonth(2024)).toBe(0);
    expect(lunarLeapMonth(2026)).toBe(0);
  });

  it('converts dates in and around a leap month', () => {
    expect(lunarToSolar(2023, 2, 1, true)).toBe('2023-03-22');
    expect(lunarToSolar(2023, 3, 1)).toBe('2023-04-20');
    expect(solarToLunar('2023-04-19')).toEqual({ year: 2023, month: 2, day: 29, leap: true });
    expect(lunarToSolar(2025, 6, 1, true)).toBe('2025-07-25');
    expect(lunarToSolar(2025, 7, 1)).toBe('2025-08-23');
    expect(lunarToSolar(2025, 8, 15)).toBe('2025-10-06'); // Tết Trung thu 2025
    expect(lunarToSolar(2024, 8, 15)).toBe('2024-09-17'); // Tết Trung thu 2024
  });

  it('knows whether month 12 has 29 or 30 days (30 Tết)', () => {
    expect(lunarMonthLength(2022, 12)).toBe(30); // 2023-01-21 was 30 tháng Chạp
    expect(lunarMonthLength(2023, 12)).toBe(30); // 2024-02-09
    expect(lunarMonthLength(2024, 12)).toBe(29); // no 30 Tết in 2025
    expect(solarToLunar('2025-01-28')).toEqual({ year: 2024, month: 12, day: 29, leap: false });
  });

  it('rejects lunar dates that do not exist', () => {
    expect(() => lunarToSolar(2024, 3, 1, true)).toThrow(RangeError); // 2024 has no leap month
    expect(() => lunarToSolar(2024, 12, 30)).toThrow(RangeError); // month 12 of 2024 has 29 days
    expect(() => lunarToSolar(2025, 13, 1)).toThrow(RangeError);
    expect(() => lunarToSolar(2025, 1, 0)).toThrow(RangeError);
    expect(() => lunarToSolar(1700, 1, 1)).toThrow(RangeError);
    expect(() => solarToLunar('2025-02-30')).toThrow(RangeError);
  });

  it('round-trips every day from 1985 to 2100', () => {
    let date = '1985-01-01';
    let days = 0;
    while (date <= '2100-12-31') {
      const lunar = solarToLunar(date);
      expect(lunarToSolar(lunar.year, lunar.month, lunar.day, lunar.leap)).toBe(date);
      date = addDays(date, 1);
      days++;
    }
    expect(days).toBe(116 * 365 + 28); // 28 leap days: 1988…2096 (2100 is not a leap year)
  });
});
