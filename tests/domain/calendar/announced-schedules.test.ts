/**
 * The official schedules 2020–2026, day by day. The expectations are written here from the documents
 * (the blocks of days off as each letter or notice states them, and the Saturdays worked), not from the
 * data module: every date of each year is checked against them.
 */
import { describe, expect, it } from 'vitest';
import {
  ANNOUNCED_YEARS,
  announcedSchedule,
  SOURCES,
  sourceLabel,
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
const isWeekend = (iso: string): boolean => weekday(iso) === 0 || weekday(iso) === 6;

interface Official {
  /** Periods off as announced (first and last day, weekends included); a single date is one day. */
  off: ([string] | [string, string])[];
  /** Saturdays worked (làm bù). */
  worked: string[];
  /** Working days of the year, counted by hand: weekdays − weekdays off + Saturdays worked. */
  workingDays: number;
}

const OFFICIAL: Record<number, Official> = {
  // 262 weekdays (2020 is a leap year starting on a Wednesday); 10 weekdays off (one day of Quốc khánh).
  2020: {
    off: [
      ['2020-01-01'],
      ['2020-01-23', '2020-01-29'],
      ['2020-04-02'],
      ['2020-04-30', '2020-05-03'],
      ['2020-09-02'],
    ],
    worked: [],
    workingDays: 252,
  },
  2021: {
    off: [
      ['2021-01-01', '2021-01-03'],
      ['2021-02-10', '2021-02-16'],
      ['2021-04-21'],
      ['2021-04-30', '2021-05-03'],
      ['2021-09-02', '2021-09-05'],
    ],
    worked: [],
    workingDays: 250,
  },
  2022: {
    off: [
      ['2022-01-01', '2022-01-03'],
      ['2022-01-29', '2022-02-06'],
      ['2022-04-09', '2022-04-11'],
      ['2022-04-30', '2022-05-03'],
      ['2022-09-01', '2022-09-04'],
    ],
    worked: [],
    workingDays: 249,
  },
  2023: {
    off: [
      ['2023-01-01', '2023-01-02'],
      ['2023-01-20', '2023-01-26'],
      ['2023-04-29', '2023-05-03'],
      ['2023-09-01', '2023-09-04'],
    ],
    worked: [],
    workingDays: 249,
  },
  2024: {
    off: [
      ['2024-01-01'],
      ['2024-02-08', '2024-02-14'],
      ['2024-04-18'],
      ['2024-04-27', '2024-05-01'],
      ['2024-08-31', '2024-09-03'],
    ],
    worked: ['2024-05-04'],
    workingDays: 251,
  },
  2025: {
    off: [
      ['2025-01-01'],
      ['2025-01-25', '2025-02-02'],
      ['2025-04-05', '2025-04-07'],
      ['2025-04-30', '2025-05-04'],
      ['2025-08-30', '2025-09-02'],
    ],
    worked: ['2025-04-26'],
    workingDays: 250,
  },
  2026: {
    off: [
      ['2026-01-01', '2026-01-04'],
      ['2026-02-14', '2026-02-22'],
      ['2026-04-25', '2026-04-27'],
      ['2026-04-30', '2026-05-03'],
      ['2026-08-29', '2026-09-02'],
    ],
    worked: ['2026-01-10', '2026-08-22'],
    workingDays: 250,
  },
};

const offDates = (o: Official) => new Set(o.off.flatMap(([a, b]) => range(a, b ?? a)));

describe('announced schedules: data', () => {
  it('covers 2020–2026; weekdays off and worked weekend days only, sorted, in the year', () => {
    expect(ANNOUNCED_YEARS).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(announcedSchedule(2019)).toBeUndefined();
    expect(announcedSchedule(2027)).toBeUndefined();
    for (const year of ANNOUNCED_YEARS) {
      const entries = announcedSchedule(year) ?? [];
      const dates = entries.map((e) => e.date);
      expect([...new Set(dates)].sort()).toEqual(dates);
      for (const entry of entries) {
        expect(entry.date.startsWith(`${year}-`)).toBe(true);
        expect({ date: entry.date, weekend: isWeekend(entry.date) }).toEqual({
          date: entry.date,
          weekend: entry.kind === 'working_day',
        });
        expect(entry.name.length).toBeGreaterThan(0);
        expect(entry.name.normalize('NFC')).toBe(entry.name);
      }
    }
  });

  it('gives every day its source: a document number and date, or a note saying why there is none', () => {
    for (const year of ANNOUNCED_YEARS) {
      for (const entry of announcedSchedule(year) ?? []) {
        expect(entry.sources.length, entry.date).toBeGreaterThan(0);
        for (const source of entry.sources) {
          if (source.document === null) expect(source.note, entry.date).toMatch(/chưa tìm được/);
          else {
            expect(source.document, entry.date).toMatch(/^\d+\/\d{4}\/QH1\d$|^\d+\/(VPCP-KGVX|TB-[\wĐ]+)$/u);
            expect(source.issued, entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            // Issued before the day it decides (the Labor Code: before the year).
            expect((source.issued as string) < entry.date, entry.date).toBe(true);
          }
        }
      }
    }
    // The only source without a number: Tết 2020.
    const unnumbered = ANNOUNCED_YEARS.flatMap((y) => announcedSchedule(y) ?? [])
      .filter((e) => e.sources.some((s) => s.document === null))
      .map((e) => e.date);
    expect(unnumbered).toEqual(['2020-01-23', '2020-01-24', '2020-01-27', '2020-01-28', '2020-01-29']);
  });

  it('the swaps come from their own letters; Tết and Quốc khánh from the year’s letter', () => {
    const documents = (date: string) =>
      announcedSchedule(Number(date.slice(0, 4)))
        ?.find((e) => e.date === date)
        ?.sources.map((s) => s.document);
    expect(documents('2021-02-10')).toEqual(['9895/VPCP-KGVX']);
    expect(documents('2021-09-03')).toEqual(['9895/VPCP-KGVX']);
    expect(documents('2022-01-31')).toEqual(['245/VPCP-KGVX']);
    expect(documents('2023-01-20')).toEqual(['8056/VPCP-KGVX']);
    expect(documents('2024-02-08')).toEqual(['8662/VPCP-KGVX', '5015/TB-LĐTBXH']);
    expect(documents('2024-05-04')).toEqual(['2450/VPCP-KGVX', '1570/TB-BLĐTBXH']);
    expect(documents('2025-04-26')).toEqual(['8726/VPCP-KGVX', '6150/TB-BLĐTBXH']);
    expect(documents('2026-01-10')).toEqual(['12729/VPCP-KGVX']);
    expect(documents('2026-08-22')).toEqual(['9859/VPCP-KGVX', '9441/TB-BNV']);
    expect(documents('2020-09-02')).toEqual(['10/2012/QH13']);
    expect(documents('2023-05-02')).toEqual(['45/2019/QH14']);
    expect(sourceLabel(SOURCES.moha9441of2025)).toBe('Bộ Nội vụ, số 9441/TB-BNV ngày 16/10/2025');
  });
});

describe.each(Object.entries(OFFICIAL))('official schedule %s, day by day', (yearText, official) => {
  const year = Number(yearText);
  const off = offDates(official);
  const worked = new Set(official.worked);

  it('every date of the year is a working day exactly when the documents say so', () => {
    const wrong: string[] = [];
    for (const date of range(`${year}-01-01`, `${year}-12-31`)) {
      const expected = worked.has(date) || (!isWeekend(date) && !off.has(date));
      if (calendar.isWorkingDay(date) !== expected) wrong.push(`${date}: expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lists exactly the weekdays off and the Saturdays worked, all with origin "announced" and a source', () => {
    const expected = [
      ...[...off].filter((d) => d.startsWith(`${year}-`) && !isWeekend(d)).map((d) => `${d} day_off`),
      ...official.worked.map((d) => `${d} working_day`),
    ].sort();
    const days = calendar.holidays(year);
    expect(days.map((d) => `${d.date} ${d.kind}`)).toEqual(expected);
    for (const day of days) {
      expect(day.origin).toBe('announced');
      expect(day.source?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it(`has ${official.workingDays} working days`, () => {
    expect(calendar.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`)).toBe(official.workingDays);
  });
});

describe('the schedules change working-day counts as announced', () => {
  it('2023: Tết took Friday 20/1, not Friday 27/1 (the old rules had it after the block)', () => {
    expect(calendar.addWorkingDays('2023-01-19', 1)).toBe('2023-01-27');
    expect(calendar.isWorkingDay('2023-01-27')).toBe(true);
  });

  it('2024: Tết took Thursday 8/2; Monday 29/4 was off and Saturday 4/5 worked', () => {
    expect(calendar.addWorkingDays('2024-02-07', 1)).toBe('2024-02-15');
    expect(calendar.addWorkingDays('2024-04-26', 1)).toBe('2024-05-02');
    expect(calendar.addWorkingDays('2024-05-03', 1)).toBe('2024-05-04');
  });

  it('2026: 28/8 + 1 working day is Thursday 3/9 (29/8 – 2/9 off), Saturday 22/8 is worked', () => {
    expect(calendar.addWorkingDays('2026-08-28', 1)).toBe('2026-09-03');
    expect(calendar.addWorkingDays('2026-08-21', 1)).toBe('2026-08-22');
    expect(calendar.specialDay('2026-08-31')).toMatchObject({ kind: 'day_off', origin: 'announced' });
    expect(calendar.specialDay('2026-08-31')?.source).toContain('9441/TB-BNV');
  });
});
