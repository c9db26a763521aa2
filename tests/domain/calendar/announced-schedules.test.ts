import { describe, expect, it } from 'vitest';
import {
  ANNOUNCED_YEARS,
  announcedSchedule,
  WorkingCalendar,
} from '../../../shared/domain/calendar/index.js';

const calendar = new WorkingCalendar();
const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** Every date from `from` to `to`, inclusive. */
const range = (from: string, to: string): string[] => {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
};
const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();

function expectOff(dates: string[]): void {
  for (const date of dates)
    expect({ date, working: calendar.isWorkingDay(date) }).toEqual({ date, working: false });
}
function expectWorking(dates: string[]): void {
  for (const date of dates)
    expect({ date, working: calendar.isWorkingDay(date) }).toEqual({ date, working: true });
}

describe('announced schedules: data', () => {
  it('has 2025 and 2026; weekdays off and worked weekend days only, sorted, in the year', () => {
    expect(ANNOUNCED_YEARS).toEqual([2025, 2026]);
    expect(announcedSchedule(2027)).toBeUndefined();
    for (const year of ANNOUNCED_YEARS) {
      const entries = announcedSchedule(year) ?? [];
      const dates = entries.map((e) => e.date);
      expect([...new Set(dates)].sort()).toEqual(dates);
      for (const entry of entries) {
        expect(entry.date.startsWith(`${year}-`)).toBe(true);
        const weekend = weekday(entry.date) === 0 || weekday(entry.date) === 6;
        expect({ date: entry.date, weekend }).toEqual({
          date: entry.date,
          weekend: entry.kind === 'working_day',
        });
        expect(entry.name.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('announced schedule 2025', () => {
  it('1/1 (Wednesday) is off', () => {
    expectWorking(['2024-12-31', '2025-01-02']);
    expectOff(['2025-01-01']);
  });

  it('Tết: Saturday 25/1 – Sunday 2/2 off (9 days); 3/2 is not a compensatory day', () => {
    expectWorking(['2025-01-24', '2025-02-03']);
    expectOff(range('2025-01-25', '2025-02-02'));
    expect(range('2025-01-25', '2025-02-02')).toHaveLength(9);
  });

  it('Hùng Kings: Monday 7/4', () => {
    expectWorking(['2025-04-04', '2025-04-08']);
    expectOff(['2025-04-05', '2025-04-06', '2025-04-07']);
  });

  it('30/4 – 4/5 off; Friday 2/5 swapped for Saturday 26/4, which is worked', () => {
    expectWorking(['2025-04-25', '2025-04-26', '2025-04-28', '2025-04-29', '2025-05-05']);
    expectOff(['2025-04-27', ...range('2025-04-30', '2025-05-04')]);
    expect(calendar.specialDay('2025-04-26')).toMatchObject({ kind: 'working_day', origin: 'announced' });
  });

  it('National Day: Saturday 30/8 – Tuesday 2/9 off', () => {
    expectWorking(['2025-08-29', '2025-09-03']);
    expectOff(range('2025-08-30', '2025-09-02'));
  });

  it('lists its special days with origin "announced", replacing the rules for the year', () => {
    expect(calendar.holidays(2025).map((d) => `${d.date} ${d.kind} ${d.origin}`)).toEqual([
      '2025-01-01 day_off announced',
      '2025-01-27 day_off announced',
      '2025-01-28 day_off announced',
      '2025-01-29 day_off announced',
      '2025-01-30 day_off announced',
      '2025-01-31 day_off announced',
      '2025-04-07 day_off announced',
      '2025-04-26 working_day announced',
      '2025-04-30 day_off announced',
      '2025-05-01 day_off announced',
      '2025-05-02 day_off announced',
      '2025-09-01 day_off announced',
      '2025-09-02 day_off announced',
    ]);
    expect(calendar.holidays(2025).find((d) => d.date === '2025-01-29')?.name).toBe('Tết Nguyên đán');
  });

  it('has 250 working days', () => {
    // 261 weekdays − 12 weekdays off + 1 worked Saturday; 1/1 is off, so (1/1, 31/12] counts them all.
    expect(calendar.workingDaysBetween('2025-01-01', '2025-12-31')).toBe(250);
  });
});

describe('announced schedule 2026', () => {
  it('Thursday 1/1 – Sunday 4/1 off; Friday 2/1 swapped for Saturday 10/1, which is worked', () => {
    expectWorking(['2025-12-31', '2026-01-05', '2026-01-09', '2026-01-10', '2026-01-12']);
    expectOff(range('2026-01-01', '2026-01-04'));
    expectOff(['2026-01-11']);
    expect(calendar.specialDay('2026-01-10')).toMatchObject({ kind: 'working_day', origin: 'announced' });
  });

  it('Tết: Saturday 14/2 – Sunday 22/2 off (weekdays 16–20/2)', () => {
    expectWorking(['2026-02-13', '2026-02-23']);
    expectOff(range('2026-02-14', '2026-02-22'));
  });

  it('Hùng Kings: lunar 10/3 is Sunday 26/4, Monday 27/4 is off', () => {
    expectWorking(['2026-04-24', '2026-04-28', '2026-04-29']);
    expectOff(['2026-04-25', '2026-04-26', '2026-04-27']);
    expect(calendar.specialDay('2026-04-27')?.name).toBe('Nghỉ bù Giỗ Tổ Hùng Vương');
  });

  it('30/4 (Thursday) – 3/5 off', () => {
    expectWorking(['2026-04-29', '2026-05-04']);
    expectOff(range('2026-04-30', '2026-05-03'));
  });

  it('National Day: Tuesday 1/9 and Wednesday 2/9 off', () => {
    expectWorking(['2026-08-31', '2026-09-03', '2026-09-04']);
    expectOff(['2026-09-01', '2026-09-02']);
  });

  it('lists its special days with origin "announced"', () => {
    expect(calendar.holidays(2026).map((d) => `${d.date} ${d.kind}`)).toEqual([
      '2026-01-01 day_off',
      '2026-01-02 day_off',
      '2026-01-10 working_day',
      '2026-02-16 day_off',
      '2026-02-17 day_off',
      '2026-02-18 day_off',
      '2026-02-19 day_off',
      '2026-02-20 day_off',
      '2026-04-27 day_off',
      '2026-04-30 day_off',
      '2026-05-01 day_off',
      '2026-09-01 day_off',
      '2026-09-02 day_off',
    ]);
    expect(calendar.holidays(2026).every((d) => d.origin === 'announced')).toBe(true);
  });
});
