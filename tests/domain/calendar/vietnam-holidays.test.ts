import { describe, expect, it } from 'vitest';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  HOLIDAY_NAMES,
  ruleBasedHolidays,
  solarToLunar,
  WorkingCalendar,
} from '../../../shared/domain/calendar/index.js';

const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isWeekend = (iso: string): boolean => weekday(iso) === 0 || weekday(iso) === 6;
const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const list = (year: number) => ruleBasedHolidays(year).map((h) => `${h.date} ${h.name}`);

describe('rule-based holidays (Labor Code 2019, Art. 111–112)', () => {
  it('lists every holiday and compensatory day of 2027 (Tết spanning a weekend)', () => {
    expect(list(2027)).toEqual([
      '2027-01-01 Tết Dương lịch',
      '2027-02-05 Tết Nguyên đán', // 30 tháng Chạp (Fri)
      '2027-02-06 Tết Nguyên đán', // mùng 1 (Sat)
      '2027-02-07 Tết Nguyên đán', // Sun
      '2027-02-08 Tết Nguyên đán',
      '2027-02-09 Tết Nguyên đán', // mùng 4
      '2027-02-10 Nghỉ bù Tết Nguyên đán', // after the block, one per weekend day
      '2027-02-11 Nghỉ bù Tết Nguyên đán',
      '2027-04-16 Giỗ Tổ Hùng Vương',
      '2027-04-30 Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2027-05-01 Ngày Quốc tế Lao động', // Sat
      '2027-05-03 Nghỉ bù Ngày Quốc tế Lao động',
      '2027-09-01 Quốc khánh',
      '2027-09-02 Quốc khánh',
    ]);
    expect(ruleBasedHolidays(2027).filter((h) => h.compensatory)).toHaveLength(3);
  });

  it('1/1 on a Saturday gives Monday 3/1 off (2022); on a Sunday, Monday 2/1 (2023)', () => {
    expect(list(2022).slice(0, 2)).toEqual([
      '2022-01-01 Tết Dương lịch',
      '2022-01-03 Nghỉ bù Tết Dương lịch',
    ]);
    expect(list(2023).slice(0, 2)).toEqual([
      '2023-01-01 Tết Dương lịch',
      '2023-01-02 Nghỉ bù Tết Dương lịch',
    ]);
  });

  it('30/4 on a Sunday: 1/5 is Monday, so the compensatory day is Tuesday 2/5 (2017)', () => {
    expect(list(2017).filter((h) => h >= '2017-04-30' && h < '2017-05-31')).toEqual([
      '2017-04-30 Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2017-05-01 Ngày Quốc tế Lao động',
      '2017-05-02 Nghỉ bù Ngày Giải phóng miền Nam, thống nhất đất nước',
    ]);
  });

  it('30/4 and 1/5 on a weekend give Monday and Tuesday off (2022)', () => {
    expect(list(2022).filter((h) => h >= '2022-04-30' && h < '2022-05-31')).toEqual([
      '2022-04-30 Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2022-05-01 Ngày Quốc tế Lao động',
      '2022-05-02 Nghỉ bù Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2022-05-03 Nghỉ bù Ngày Quốc tế Lao động',
    ]);
  });

  it('Hùng Kings on a Sunday gives Monday off (2022: 10/4 → 11/4)', () => {
    expect(list(2022)).toContain('2022-04-10 Giỗ Tổ Hùng Vương');
    expect(list(2022)).toContain('2022-04-11 Nghỉ bù Giỗ Tổ Hùng Vương');
  });

  it('Hùng Kings on Saturday 29/4 next to 30/4 on Sunday: compensatory days 2/5 and 3/5 (2023)', () => {
    expect(list(2023).filter((h) => h >= '2023-04-29' && h < '2023-05-31')).toEqual([
      '2023-04-29 Giỗ Tổ Hùng Vương',
      '2023-04-30 Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2023-05-01 Ngày Quốc tế Lao động',
      '2023-05-02 Nghỉ bù Giỗ Tổ Hùng Vương',
      '2023-05-03 Nghỉ bù Ngày Giải phóng miền Nam, thống nhất đất nước',
    ]);
  });

  it('National Day: 1/9 and 2/9 by default; a weekend pushes compensatory days to Mon/Tue', () => {
    // 2023: 2/9 is a Saturday → Monday 4/9.
    expect(list(2023).filter((h) => h >= '2023-09')).toEqual([
      '2023-09-01 Quốc khánh',
      '2023-09-02 Quốc khánh',
      '2023-09-04 Nghỉ bù Quốc khánh',
    ]);
    // 2029: 1/9 is a Saturday and 2/9 a Sunday → Monday 3/9 and Tuesday 4/9.
    expect(list(2029).filter((h) => h >= '2029-09')).toEqual([
      '2029-09-01 Quốc khánh',
      '2029-09-02 Quốc khánh',
      '2029-09-03 Nghỉ bù Quốc khánh',
      '2029-09-04 Nghỉ bù Quốc khánh',
    ]);
  });

  it('Tết on Tuesday 2026 by the rules: the last day of the lunar year (29 Tết) and 1/1–1/4', () => {
    const tet = ruleBasedHolidays(2026).filter((h) => h.name === HOLIDAY_NAMES.tet);
    expect(tet.map((h) => h.date)).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    // and Hùng Kings (Sunday 26/4) → Monday 27/4, as the 2026 announcement has it
    expect(list(2026)).toContain('2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương');
  });

  it('holds its invariants for every year 1990–2100', () => {
    for (let year = CALENDAR_MIN_YEAR; year <= CALENDAR_MAX_YEAR; year++) {
      const holidays = ruleBasedHolidays(year);
      const statutory = holidays.filter((h) => !h.compensatory);
      const compensatory = holidays.filter((h) => h.compensatory);
      const dates = holidays.map((h) => h.date);

      // 11 statutory days: 1/1, 5 of Tết, Hùng Kings, 30/4, 1/5, 1/9, 2/9; all in the year, distinct, sorted.
      expect(statutory).toHaveLength(11);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
      for (const md of ['01-01', '04-30', '05-01', '09-01', '09-02'])
        expect(dates).toContain(`${year}-${md}`);

      const tet = statutory.filter((h) => h.name === HOLIDAY_NAMES.tet).map((h) => h.date);
      expect(tet).toHaveLength(5);
      const [eve, ...days] = tet.map(solarToLunar);
      expect(eve).toMatchObject({ year: year - 1, month: 12, leap: false });
      expect(solarToLunar(addDays(tet[0] as string, -1)).day).toBe((eve?.day ?? 0) - 1);
      expect(days).toEqual([1, 2, 3, 4].map((day) => ({ year, month: 1, day, leap: false })));

      const hung = statutory.filter((h) => h.name === HOLIDAY_NAMES.hungKings);
      expect(hung).toHaveLength(1);
      expect(solarToLunar(hung[0]?.date as string)).toEqual({ year, month: 3, day: 10, leap: false });

      // One compensatory weekday per statutory holiday on a weekend, never on another holiday.
      expect(compensatory).toHaveLength(statutory.filter((h) => isWeekend(h.date)).length);
      for (const day of compensatory) {
        expect(isWeekend(day.date)).toBe(false);
        expect(day.name.startsWith('Nghỉ bù ')).toBe(true);
      }

      // So every rule-based year has exactly 11 weekdays off.
      if (year !== 2025 && year !== 2026) {
        const off = new WorkingCalendar().holidays(year);
        expect(off).toHaveLength(11);
        expect(off.every((d) => d.kind === 'day_off' && d.origin === 'rule' && !isWeekend(d.date))).toBe(
          true,
        );
      }
    }
  });

  it('uses the Vietnamese names with their diacritics (NFC)', () => {
    const names = new Set(ruleBasedHolidays(2023).map((h) => h.name));
    expect(names).toEqual(
      new Set([
        'Tết Dương lịch',
        'Nghỉ bù Tết Dương lịch',
        'Tết Nguyên đán',
        'Nghỉ bù Tết Nguyên đán',
        'Giỗ Tổ Hùng Vương',
        'Nghỉ bù Giỗ Tổ Hùng Vương',
        'Ngày Giải phóng miền Nam, thống nhất đất nước',
        'Nghỉ bù Ngày Giải phóng miền Nam, thống nhất đất nước',
        'Ngày Quốc tế Lao động',
        'Quốc khánh',
        'Nghỉ bù Quốc khánh',
      ]),
    );
    for (const name of names) expect(name.normalize('NFC')).toBe(name);
  });

  it('returns the same frozen list on every call', () => {
    expect(ruleBasedHolidays(2030)).toBe(ruleBasedHolidays(2030));
    expect(Object.isFrozen(ruleBasedHolidays(2030))).toBe(true);
  });
});
