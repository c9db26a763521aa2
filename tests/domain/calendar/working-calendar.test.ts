import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALENDAR_MAX_DATE,
  CALENDAR_MIN_DATE,
  CalendarRangeError,
  InvalidIsoDateError,
  isIsoDate,
  todayInVietnam,
  WorkingCalendar,
} from '../../../shared/domain/calendar/index.js';

const calendar = new WorkingCalendar();
const DAY_MS = 86_400_000;
const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string): number =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS;

/** Reference implementation: step one day at a time. */
function naiveAdd(cal: WorkingCalendar, date: string, n: number): string {
  let d = date;
  if (n === 0) {
    while (!cal.isWorkingDay(d)) d = addDays(d, 1);
    return d;
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; ) {
    d = addDays(d, step);
    if (cal.isWorkingDay(d)) left--;
  }
  return d;
}

/** Dates from 1990-01-01 to 2100-12-31. */
const dateArb = fc
  .integer({ min: 0, max: daysBetween(CALENDAR_MIN_DATE, CALENDAR_MAX_DATE) })
  .map((k) => addDays(CALENDAR_MIN_DATE, k));
/** Dates away from the range ends, so that ±n working days stay in range. */
const innerDateArb = fc
  .integer({ min: 800, max: daysBetween(CALENDAR_MIN_DATE, CALENDAR_MAX_DATE) - 800 })
  .map((k) => addDays(CALENDAR_MIN_DATE, k));

describe('isWorkingDay', () => {
  it('weekdays work, weekends rest', () => {
    expect(calendar.isWorkingDay('2027-03-01')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2027-03-05')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2027-03-06')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2027-03-07')).toBe(false); // Sunday
  });

  it('rule-based holidays and compensatory days are off (2027)', () => {
    for (const date of ['2027-01-01', '2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']) {
      expect(calendar.isWorkingDay(date)).toBe(false);
    }
    expect(calendar.isWorkingDay('2027-02-03')).toBe(true);
    expect(calendar.isWorkingDay('2027-02-11')).toBe(true);
    expect(calendar.isWorkingDay('2027-09-03')).toBe(false); // Quốc khánh: Thursday 2/9 and Friday 3/9
    expect(calendar.isWorkingDay('2027-04-16')).toBe(false); // Giỗ Tổ
    expect(calendar.isWorkingDay('2027-05-03')).toBe(false); // nghỉ bù 1/5 (Saturday)
  });
});

describe('overrides', () => {
  const withOverrides = new WorkingCalendar([
    { date: '2027-09-06', kind: 'day_off', name: 'Nghỉ Quốc khánh (bổ sung)' }, // add a day off (Monday)
    { date: '2027-02-20', kind: 'working_day', name: 'Làm bù cho ngày 11/02/2027' }, // a worked Saturday
    { date: '2027-02-11', kind: 'day_off', name: 'Nghỉ hoán đổi Tết' },
    { date: '2027-09-03', kind: 'working_day', name: 'Không nghỉ 03/09' }, // remove a default holiday
  ]);

  it('add a day off, a worked Saturday, remove a default holiday', () => {
    expect(withOverrides.isWorkingDay('2027-09-06')).toBe(false);
    expect(withOverrides.isWorkingDay('2027-02-20')).toBe(true);
    expect(withOverrides.isWorkingDay('2027-02-11')).toBe(false);
    expect(withOverrides.isWorkingDay('2027-09-03')).toBe(true);
    expect(withOverrides.isWorkingDay('2027-09-02')).toBe(false); // the rest of the rules still apply
    // a calendar without overrides is unaffected
    expect(calendar.isWorkingDay('2027-09-06')).toBe(true);
    expect(calendar.isWorkingDay('2027-09-03')).toBe(false);
  });

  it('appear in holidays() with origin "unit"; a removed holiday disappears', () => {
    const days = withOverrides.holidays(2027);
    expect(days.find((d) => d.date === '2027-09-06')).toEqual({
      date: '2027-09-06',
      kind: 'day_off',
      name: 'Nghỉ Quốc khánh (bổ sung)',
      origin: 'unit',
    });
    expect(days.find((d) => d.date === '2027-02-20')).toEqual({
      date: '2027-02-20',
      kind: 'working_day',
      name: 'Làm bù cho ngày 11/02/2027',
      origin: 'unit',
    });
    expect(days.find((d) => d.date === '2027-09-03')).toBeUndefined();
    expect(days.find((d) => d.date === '2027-09-02')).toMatchObject({ kind: 'day_off', origin: 'rule' });
    expect(days.map((d) => d.date)).toEqual([...days.map((d) => d.date)].sort());
    expect(withOverrides.specialDay('2027-02-11')).toMatchObject({
      name: 'Nghỉ hoán đổi Tết',
      origin: 'unit',
    });
  });

  it('take precedence over an announced schedule', () => {
    const cal = new WorkingCalendar([
      { date: '2026-09-01', kind: 'working_day', name: 'Đi làm' },
      { date: '2026-09-03', kind: 'day_off', name: 'Quốc khánh', source: 'Quyết định 12/QĐ-UBND' },
      { date: '2025-04-26', kind: 'day_off', name: 'Không làm bù' },
    ]);
    expect(cal.isWorkingDay('2026-09-01')).toBe(true);
    expect(cal.isWorkingDay('2026-09-03')).toBe(false);
    expect(cal.isWorkingDay('2025-04-26')).toBe(false);
    expect(cal.holidays(2026).filter((d) => d.date >= '2026-09')).toEqual([
      {
        date: '2026-09-02',
        kind: 'day_off',
        name: 'Quốc khánh',
        origin: 'announced',
        source:
          'Văn phòng Chính phủ, số 9859/VPCP-KGVX ngày 13/10/2025; Bộ Nội vụ, số 9441/TB-BNV ngày 16/10/2025',
      },
      {
        date: '2026-09-03',
        kind: 'day_off',
        name: 'Quốc khánh',
        origin: 'unit',
        source: 'Quyết định 12/QĐ-UBND',
      },
    ]);
    expect(cal.holidays(2025).some((d) => d.date === '2025-04-26')).toBe(false); // a plain Saturday again
  });

  it('national overrides apply below the unit’s: unit > national > announced > rule', () => {
    const national = [
      { date: '2026-11-24', kind: 'day_off', name: 'Ngày Văn hóa Việt Nam', source: 'Luật số …' },
      { date: '2027-03-01', kind: 'day_off', name: 'Nghỉ toàn quốc' },
      { date: '2026-08-22', kind: 'day_off', name: 'Không làm bù' }, // over the announced worked Saturday
      { date: '2027-09-03', kind: 'working_day', name: 'Đi làm' }, // over a rule-based holiday
    ] as const;
    const unit = [{ date: '2027-03-01', kind: 'working_day', name: 'Đơn vị vẫn làm việc' }] as const;
    const both = new WorkingCalendar(unit, national);
    const nationalOnly = new WorkingCalendar([], national);
    expect(nationalOnly.isWorkingDay('2026-11-24')).toBe(false);
    expect(nationalOnly.isWorkingDay('2027-03-01')).toBe(false);
    expect(both.isWorkingDay('2027-03-01')).toBe(true); // the unit wins
    expect(both.isWorkingDay('2026-08-22')).toBe(false);
    expect(both.isWorkingDay('2027-09-03')).toBe(true);
    expect(both.specialDay('2026-11-24')).toEqual({
      date: '2026-11-24',
      kind: 'day_off',
      name: 'Ngày Văn hóa Việt Nam',
      origin: 'national',
      source: 'Luật số …',
    });
    expect(both.specialDay('2027-03-01')).toBeUndefined(); // a plain Monday, worked
    expect(nationalOnly.specialDay('2027-03-01')).toMatchObject({ origin: 'national' });
    expect(both.addWorkingDays('2026-11-23', 1)).toBe('2026-11-25');
    expect(new WorkingCalendar(unit).addWorkingDays('2026-11-23', 1)).toBe('2026-11-24');
  });

  it('the last override for a date wins', () => {
    const cal = new WorkingCalendar([
      { date: '2027-03-01', kind: 'day_off', name: 'A' },
      { date: '2027-03-01', kind: 'working_day', name: 'B' },
    ]);
    expect(cal.isWorkingDay('2027-03-01')).toBe(true);
  });

  it('are validated', () => {
    expect(() => new WorkingCalendar([{ date: '2027-02-30', kind: 'day_off', name: 'x' }])).toThrow(
      InvalidIsoDateError,
    );
    expect(() => new WorkingCalendar([{ date: '2101-01-03', kind: 'day_off', name: 'x' }])).toThrow(
      CalendarRangeError,
    );
    expect(() => new WorkingCalendar([], [{ date: '1989-12-29', kind: 'day_off', name: 'x' }])).toThrow(
      CalendarRangeError,
    );
    expect(
      () => new WorkingCalendar([{ date: '2027-03-01', kind: 'holiday' as 'day_off', name: 'x' }]),
    ).toThrow(TypeError);
  });

  it('holidays() returns copies', () => {
    const cal = new WorkingCalendar();
    const days = cal.holidays(2027);
    days.pop();
    (days[0] as { name: string }).name = 'changed';
    expect(cal.holidays(2027)).toHaveLength(11);
    expect(cal.holidays(2027)[0]?.name).toBe('Tết Dương lịch');
  });
});

describe('addWorkingDays', () => {
  it('n = 0: the date itself if it is a working day, else the next working day', () => {
    expect(calendar.addWorkingDays('2027-03-03', 0)).toBe('2027-03-03');
    expect(calendar.addWorkingDays('2027-03-06', 0)).toBe('2027-03-08'); // Saturday → Monday
    expect(calendar.addWorkingDays('2025-01-25', 0)).toBe('2025-02-03'); // first day of Tết 2025 → after it
    expect(calendar.addWorkingDays('2025-04-26', 0)).toBe('2025-04-26'); // a worked Saturday
  });

  it('n > 0: the n-th working day strictly after the date', () => {
    expect(calendar.addWorkingDays('2027-03-01', 1)).toBe('2027-03-02');
    expect(calendar.addWorkingDays('2027-03-05', 1)).toBe('2027-03-08'); // Friday → Monday
    expect(calendar.addWorkingDays('2027-03-06', 1)).toBe('2027-03-08'); // Saturday → Monday
    expect(calendar.addWorkingDays('2027-03-01', 5)).toBe('2027-03-08');
    expect(calendar.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26'); // the worked Saturday
    expect(calendar.addWorkingDays('2025-04-25', 2)).toBe('2025-04-28');
  });

  it('crosses Tết', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(calendar.addWorkingDays('2025-01-20', 10)).toBe('2025-02-10'); // 21–24/1: 4, 3–7/2: 5, 10/2: 10th
    expect(calendar.addWorkingDays('2027-02-03', 1)).toBe('2027-02-11'); // rule-based Tết 4/2 – 10/2
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
  });

  it('crosses years', () => {
    expect(calendar.addWorkingDays('2026-12-30', 2)).toBe('2027-01-04'); // 31/12, (1/1 off, weekend), 4/1
    expect(calendar.addWorkingDays('2027-01-04', -2)).toBe('2026-12-30');
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05'); // 1–4/1/2026 off
  });

  it('n < 0: the |n|-th working day strictly before the date', () => {
    expect(calendar.addWorkingDays('2027-03-08', -1)).toBe('2027-03-05');
    expect(calendar.addWorkingDays('2027-03-07', -1)).toBe('2027-03-05');
    expect(calendar.addWorkingDays('2025-02-03', -1)).toBe('2025-01-24');
    expect(calendar.addWorkingDays('2025-02-07', -10)).toBe('2025-01-17'); // 6–3/2: 4, 24–20/1: 5, 17/1: 10th
  });

  it('matches stepping day by day', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: -60, max: 60 }), (date, n) => {
        expect(calendar.addWorkingDays(date, n)).toBe(naiveAdd(calendar, date, n));
      }),
      { numRuns: 300 },
    );
  });

  it('is fast over long spans', () => {
    const start = performance.now();
    const cal = new WorkingCalendar();
    expect(cal.addWorkingDays('1990-01-02', 27_000)).toBe(naiveAdd(cal, '1990-01-02', 27_000));
    for (let i = 0; i < 20_000; i++) cal.addWorkingDays(addDays('2000-01-01', i % 30_000), 30 + (i % 50));
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('rejects a non-integer n and results outside the range', () => {
    expect(() => calendar.addWorkingDays('2027-03-01', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2027-03-01', Number.NaN)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2100-12-31', 1)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('1990-01-03', -5)).toThrow(CalendarRangeError);
    expect(() => calendar.addWorkingDays('2000-01-03', 100_000)).toThrow(CalendarRangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days in (a, b], negative when b < a', () => {
    expect(calendar.workingDaysBetween('2027-03-03', '2027-03-03')).toBe(0);
    expect(calendar.workingDaysBetween('2027-03-01', '2027-03-02')).toBe(1);
    expect(calendar.workingDaysBetween('2027-03-05', '2027-03-07')).toBe(0); // Friday → Sunday
    expect(calendar.workingDaysBetween('2027-03-05', '2027-03-08')).toBe(1);
    expect(calendar.workingDaysBetween('2027-03-08', '2027-03-05')).toBe(-1);
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-03')).toBe(1); // across Tết
    expect(calendar.workingDaysBetween('2025-02-03', '2025-01-24')).toBe(-1);
    expect(calendar.workingDaysBetween('2026-12-30', '2027-01-04')).toBe(2);
  });

  it('counts whole years', () => {
    // 2027: 261 weekdays − 11 weekdays off (rules). 1/1/2027 is off, so (31/12/2026, 31/12/2027] = the year.
    expect(calendar.workingDaysBetween('2026-12-31', '2027-12-31')).toBe(250);
    expect(calendar.workingDaysBetween('2027-12-31', '2026-12-31')).toBe(-250);
    expect(calendar.workingDaysBetween(CALENDAR_MIN_DATE, CALENDAR_MAX_DATE)).toBeGreaterThan(27_000);
  });

  it('round-trips with addWorkingDays', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: 1, max: 400 }), (a, n) => {
        // n > 0: always
        expect(calendar.workingDaysBetween(a, calendar.addWorkingDays(a, n))).toBe(n);
        // n < 0: when a is a working day
        const w = calendar.addWorkingDays(a, 0);
        expect(calendar.workingDaysBetween(w, calendar.addWorkingDays(w, -n))).toBe(-n);
      }),
      { numRuns: 300 },
    );
  });

  it('addWorkingDays(a, between(a, b)) === b for a working day b after a', () => {
    fc.assert(
      fc.property(innerDateArb, fc.integer({ min: 1, max: 500 }), (a, span) => {
        const b = calendar.addWorkingDays(addDays(a, span), 0);
        expect(calendar.addWorkingDays(a, calendar.workingDaysBetween(a, b))).toBe(b);
      }),
      { numRuns: 300 },
    );
  });

  it('is antisymmetric and additive, and agrees with counting day by day', () => {
    fc.assert(
      fc.property(dateArb, dateArb, dateArb, (a, b, c) => {
        const ab = calendar.workingDaysBetween(a, b);
        expect(calendar.workingDaysBetween(b, a)).toBe(0 - ab); // 0 - ab: +0, not -0, when ab is 0
        expect(ab + calendar.workingDaysBetween(b, c)).toBe(calendar.workingDaysBetween(a, c));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 120 }), (a, span) => {
        fc.pre(daysBetween(a, CALENDAR_MAX_DATE) >= span);
        let count = 0;
        for (let i = 1; i <= span; i++) if (calendar.isWorkingDay(addDays(a, i))) count++;
        expect(calendar.workingDaysBetween(a, addDays(a, span))).toBe(count);
      }),
      { numRuns: 200 },
    );
  });
});

describe('holidays()', () => {
  it('returns the non-working weekdays and worked weekend days, sorted, with name and origin', () => {
    const days = new WorkingCalendar().holidays(2023);
    expect(days.map((d) => `${d.date} ${d.name}`)).toEqual([
      '2023-01-02 Nghỉ bù Tết Dương lịch',
      '2023-01-20 Nghỉ bù Tết Nguyên đán',
      '2023-01-23 Tết Nguyên đán',
      '2023-01-24 Tết Nguyên đán',
      '2023-01-25 Tết Nguyên đán',
      '2023-01-26 Nghỉ bù Tết Nguyên đán',
      '2023-05-01 Ngày Quốc tế Lao động',
      '2023-05-02 Nghỉ bù Giỗ Tổ Hùng Vương',
      '2023-05-03 Nghỉ bù Ngày Giải phóng miền Nam, thống nhất đất nước',
      '2023-09-01 Quốc khánh',
      '2023-09-04 Nghỉ bù Quốc khánh',
    ]);
    expect(days.every((d) => d.kind === 'day_off' && d.origin === 'announced')).toBe(true);
    expect(new WorkingCalendar().holidays(2031).every((d) => d.origin === 'rule')).toBe(true);
  });

  it('rejects years outside 1990–2100', () => {
    expect(() => calendar.holidays(1989)).toThrow(CalendarRangeError);
    expect(() => calendar.holidays(2101)).toThrow(CalendarRangeError);
    expect(() => calendar.holidays(2025.5)).toThrow(CalendarRangeError);
    expect(calendar.holidays(1990).length).toBe(10); // one day of Quốc khánh before 2021
    expect(calendar.holidays(2100).length).toBe(11);
  });
});

describe('range and format errors', () => {
  it('throws CalendarRangeError outside 1990–2100', () => {
    for (const date of ['1989-12-31', '2101-01-01', '0001-01-01']) {
      expect(() => calendar.isWorkingDay(date)).toThrow(CalendarRangeError);
    }
    expect(() => calendar.addWorkingDays('1989-12-29', 1)).toThrow(CalendarRangeError);
    expect(() => calendar.workingDaysBetween('2025-01-01', '2101-01-01')).toThrow(CalendarRangeError);
    expect(calendar.isWorkingDay('1990-01-01')).toBe(false);
    expect(calendar.isWorkingDay('2100-12-31')).toBe(true); // Friday
    const error = (() => {
      try {
        calendar.isWorkingDay('2101-01-01');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).name).toBe('CalendarRangeError');
  });

  it('throws InvalidIsoDateError for malformed dates', () => {
    expect(() => calendar.isWorkingDay('2025-02-30')).toThrow(InvalidIsoDateError);
    expect(() => calendar.addWorkingDays('2025-2-3', 1)).toThrow(InvalidIsoDateError);
    expect(() => calendar.workingDaysBetween('', '2025-01-01')).toThrow(InvalidIsoDateError);
  });
});

describe('isIsoDate', () => {
  it('accepts strict real dates', () => {
    for (const value of [
      '2025-01-01',
      '2024-02-29',
      '2000-02-29',
      '2025-12-31',
      '1989-06-15',
      '2200-01-01',
    ]) {
      expect(isIsoDate(value)).toBe(true);
    }
  });

  it('rejects anything else', () => {
    for (const value of [
      '2025-02-30',
      '2025-2-3',
      '',
      '2023-02-29',
      '1900-02-29',
      '2025-00-10',
      '2025-13-01',
      '2025-04-31',
      '2025-01-00',
      '2025-01-01T00:00:00Z',
      ' 2025-01-01',
      '2025-01-01\n',
      '2025/01/01',
      '20250101',
      '+02025-01-01',
      '２０２５-01-01',
    ]) {
      expect(isIsoDate(value)).toBe(false);
    }
    expect(isIsoDate(undefined as unknown as string)).toBe(false);
  });
});

describe('todayInVietnam', () => {
  it('switches date at 17:00 UTC (midnight in UTC+7)', () => {
    expect(todayInVietnam(new Date('2025-01-28T16:59:59Z'))).toBe('2025-01-28');
    expect(todayInVietnam(new Date('2025-01-28T17:00:00Z'))).toBe('2025-01-29');
    expect(todayInVietnam(new Date('2025-12-31T17:00:00.000Z'))).toBe('2026-01-01');
    expect(todayInVietnam(new Date('2024-02-28T17:30:00Z'))).toBe('2024-02-29');
    expect(todayInVietnam(new Date('2025-06-15T00:00:00+07:00'))).toBe('2025-06-15');
  });

  it('rejects an invalid Date', () => {
    expect(() => todayInVietnam(new Date('nope'))).toThrow(RangeError);
  });
});
