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

describe('rule-based holidays (Labor Code 2019, Art. 111–112, placed as announced)', () => {
  it('lists every holiday and compensatory day of 2027 (Tết spanning a weekend)', () => {
    expect(list(2027)).toEqual([
      '2027-01-01 Tết Dương lịch',
      '2027-02-04 Nghỉ bù Tết Nguyên đán', // Saturday's day: before the block
      '2027-02-05 Tết Nguyên đán', // 30 tháng Chạp (Fri)
      '2027-02-06 Tết Nguyên đán', // mùng 1 (Sat)
      '2027-02-07 Tết Nguyên đán', // Sun
      '2027-02-08 Tết Nguyên đán',
      '2027-02-09 Tết Nguyên đán', // mùng 4
      '2027-02-10 Nghỉ bù Tết Nguyên đán', // Sunday's day: after the block
      '2027-04-16 Giỗ Tổ Hùng Vương',
      '2027-04-30 Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2027-05-01 Ngày Quốc tế Lao động', // Sat
      '2027-05-03 Nghỉ bù Ngày Quốc tế Lao động',
      '2027-09-02 Quốc khánh', // Thursday: with Friday 3/9
      '2027-09-03 Quốc khánh',
    ]);
    expect(ruleBasedHolidays(2027).filter((h) => h.compensatory)).toHaveLength(3);
  });

  it('Tết with only a Saturday (lunar 1/1 a Wednesday, 2025) gives the Monday before the block', () => {
    expect(list(2025).filter((h) => h < '2025-02-28' && h > '2025-01-02')).toEqual([
      '2025-01-27 Nghỉ bù Tết Nguyên đán',
      '2025-01-28 Tết Nguyên đán',
      '2025-01-29 Tết Nguyên đán',
      '2025-01-30 Tết Nguyên đán',
      '2025-01-31 Tết Nguyên đán',
      '2025-02-01 Tết Nguyên đán',
    ]);
  });

  it('Tết with only a Sunday (lunar 1/1 a Monday, 2036) gives the Friday after the block', () => {
    expect(list(2036).filter((h) => h < '2036-02-28' && h > '2036-01-02')).toEqual([
      '2036-01-27 Tết Nguyên đán', // Sunday, 30 tháng Chạp
      '2036-01-28 Tết Nguyên đán',
      '2036-01-29 Tết Nguyên đán',
      '2036-01-30 Tết Nguyên đán',
      '2036-01-31 Tết Nguyên đán',
      '2036-02-01 Nghỉ bù Tết Nguyên đán',
    ]);
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

  it('National Day: 2/9 and 3/9 when 2/9 is a Monday, Thursday or Sunday, else 1/9 and 2/9', () => {
    // 2023: 2/9 is a Saturday → Friday 1/9, and Monday 4/9 for the Saturday.
    expect(list(2023).filter((h) => h >= '2023-09')).toEqual([
      '2023-09-01 Quốc khánh',
      '2023-09-02 Quốc khánh',
      '2023-09-04 Nghỉ bù Quốc khánh',
    ]);
    // 2029: 2/9 is a Sunday → Monday 3/9, and Tuesday 4/9 for the Sunday.
    expect(list(2029).filter((h) => h >= '2029-09')).toEqual([
      '2029-09-02 Quốc khánh',
      '2029-09-03 Quốc khánh',
      '2029-09-04 Nghỉ bù Quốc khánh',
    ]);
    // 2030: Monday → Tuesday 3/9; 2031: Tuesday → Monday 1/9; 2032: Thursday → Friday 3/9.
    expect(list(2030).filter((h) => h >= '2030-09')).toEqual([
      '2030-09-02 Quốc khánh',
      '2030-09-03 Quốc khánh',
    ]);
    expect(list(2031).filter((h) => h >= '2031-09')).toEqual([
      '2031-09-01 Quốc khánh',
      '2031-09-02 Quốc khánh',
    ]);
    expect(list(2032).filter((h) => h >= '2032-09')).toEqual([
      '2032-09-02 Quốc khánh',
      '2032-09-03 Quốc khánh',
    ]);
  });

  it('National Day is one day before 2021 (Labor Code 2012)', () => {
    expect(list(2019).filter((h) => h >= '2019-08-25' && h < '2019-09-30')).toEqual([
      '2019-09-02 Quốc khánh',
    ]);
    // 2018: 2/9 on a Sunday → Monday 3/9.
    expect(list(2018).filter((h) => h >= '2018-08-25' && h < '2018-09-30')).toEqual([
      '2018-09-02 Quốc khánh',
      '2018-09-03 Nghỉ bù Quốc khánh',
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

      // 11 statutory days from 2021 (1/1, 5 of Tết, Hùng Kings, 30/4, 1/5, 2/9 and 1/9 or 3/9), 10 before;
      // all in the year, distinct, sorted.
      const twoDays = year >= 2021;
      expect(statutory).toHaveLength(twoDays ? 11 : 10);
      expect(new Set(dates).size).toBe(dates.length);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
      for (const md of ['01-01', '04-30', '05-01', '09-02']) expect(dates).toContain(`${year}-${md}`);
      const national = statutory.filter((h) => h.name === HOLIDAY_NAMES.nationalDay).map((h) => h.date);
      expect(national).toHaveLength(twoDays ? 2 : 1);

      const tet = statutory.filter((h) => h.name === HOLIDAY_NAMES.tet).map((h) => h.date);
      expect(tet).toHaveLength(5);
      const [eve, ...days] = tet.map(solarToLunar);
      expect(eve).toMatchObject({ year: year - 1, month: 12, leap: false });
      expect(solarToLunar(addDays(tet[0] as string, -1)).day).toBe((eve?.day ?? 0) - 1);
      expect(days).toEqual([1, 2, 3, 4].map((day) => ({ year, month: 1, day, leap: false })));

      const hung = statutory.filter((h) => h.name === HOLIDAY_NAMES.hungKings);
      expect(hung).toHaveLength(1);
      expect(solarToLunar(hung[0]?.date as string)).toEqual({ year, month: 3, day: 10, leap: false });

      // One compensatory weekday per statutory holiday on a weekend, never on another holiday; Tết's next
      // to the block (before it for a Saturday, after it for a Sunday).
      expect(compensatory).toHaveLength(statutory.filter((h) => isWeekend(h.date)).length);
      for (const day of compensatory) {
        expect(isWeekend(day.date)).toBe(false);
        expect(day.name.startsWith('Nghỉ bù ')).toBe(true);
      }
      const tetOff = holidays.filter((h) => h.name.endsWith(HOLIDAY_NAMES.tet)).map((h) => h.date);
      const tetWeekdaysOff = tetOff.filter((d) => !isWeekend(d));
      for (let i = 1; i < tetWeekdaysOff.length; i++) {
        const gap = addDays(tetWeekdaysOff[i - 1] as string, 1);
        // consecutive weekdays: the next one, or the Monday after a weekend
        expect([gap, addDays(gap, 2)]).toContain(tetWeekdaysOff[i]);
      }

      // So every rule-based year has exactly 11 weekdays off (10 before 2021).
      if (year < 2020 || year > 2026) {
        const off = new WorkingCalendar().holidays(year);
        expect(off).toHaveLength(twoDays ? 11 : 10);
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
