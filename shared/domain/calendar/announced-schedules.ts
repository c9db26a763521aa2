/**
 * Holiday schedules officially announced for civil servants (cán bộ, công chức, viên chức), as data.
 *
 * For a year listed here the announced schedule REPLACES the rule-based holidays (vietnam-holidays.ts) of the
 * whole year; administrator overrides still take precedence over it. Only the days that differ from the plain
 * week are listed: weekdays off ('day_off') and Saturdays/Sundays worked ('working_day', làm bù). Weekend days
 * inside a holiday block are off anyway and are not listed.
 *
 * Sources: the Government's / Ministry's official letters on the Tết and holiday schedules, as reported by the
 * press and summarised in docs/DOMAIN.md §4.
 */

import type { IsoDate } from './working-calendar.js';

export interface AnnouncedScheduleEntry {
  date: IsoDate;
  kind: 'day_off' | 'working_day';
  name: string;
}

function deepFreeze(
  schedules: Record<number, AnnouncedScheduleEntry[]>,
): Readonly<Record<number, readonly AnnouncedScheduleEntry[]>> {
  for (const entries of Object.values(schedules)) {
    for (const entry of entries) Object.freeze(entry);
    Object.freeze(entries);
  }
  return Object.freeze(schedules);
}

const TET = 'Tết Nguyên đán';
const HUNG = 'Giỗ Tổ Hùng Vương';
const REUNIFICATION = 'Ngày Giải phóng miền Nam, thống nhất đất nước';
const LABOUR = 'Ngày Quốc tế Lao động';
const NATIONAL_DAY = 'Quốc khánh';

const SCHEDULES: Readonly<Record<number, readonly AnnouncedScheduleEntry[]>> = deepFreeze({
  2025: [
    { date: '2025-01-01', kind: 'day_off', name: 'Tết Dương lịch' },
    // Tết Ất Tỵ: off Sat 25/1 – Sun 2/2/2025 (9 days); lunar 1/1 = Wed 29/1.
    { date: '2025-01-27', kind: 'day_off', name: TET },
    { date: '2025-01-28', kind: 'day_off', name: TET },
    { date: '2025-01-29', kind: 'day_off', name: TET },
    { date: '2025-01-30', kind: 'day_off', name: TET },
    { date: '2025-01-31', kind: 'day_off', name: TET },
    { date: '2025-04-07', kind: 'day_off', name: HUNG },
    // 30/4 – 4/5 off: Fri 2/5 is swapped with Sat 26/4, which is worked.
    { date: '2025-04-26', kind: 'working_day', name: 'Làm bù cho ngày nghỉ 02/05/2025' },
    { date: '2025-04-30', kind: 'day_off', name: REUNIFICATION },
    { date: '2025-05-01', kind: 'day_off', name: LABOUR },
    { date: '2025-05-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 26/04/2025)' },
    // Off Sat 30/8 – Tue 2/9.
    { date: '2025-09-01', kind: 'day_off', name: NATIONAL_DAY },
    { date: '2025-09-02', kind: 'day_off', name: NATIONAL_DAY },
  ],
  2026: [
    // Thu 1/1 – Sun 4/1 off: Fri 2/1 is swapped with Sat 10/1, which is worked.
    { date: '2026-01-01', kind: 'day_off', name: 'Tết Dương lịch' },
    { date: '2026-01-02', kind: 'day_off', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)' },
    { date: '2026-01-10', kind: 'working_day', name: 'Làm bù cho ngày nghỉ 02/01/2026' },
    // Tết Bính Ngọ: off Sat 14/2 – Sun 22/2/2026; lunar 1/1 = Tue 17/2.
    { date: '2026-02-16', kind: 'day_off', name: TET },
    { date: '2026-02-17', kind: 'day_off', name: TET },
    { date: '2026-02-18', kind: 'day_off', name: TET },
    { date: '2026-02-19', kind: 'day_off', name: TET },
    { date: '2026-02-20', kind: 'day_off', name: TET },
    // Lunar 10/3 is Sun 26/4/2026: the next working day is off.
    { date: '2026-04-27', kind: 'day_off', name: `Nghỉ bù ${HUNG}` },
    // 30/4 – 3/5 off, including the weekend.
    { date: '2026-04-30', kind: 'day_off', name: REUNIFICATION },
    { date: '2026-05-01', kind: 'day_off', name: LABOUR },
    // 2/9/2026 is a Wednesday; Tue 1/9 and Wed 2/9 are assumed here. If the announcement picks another
    // adjacent day (e.g. Thu 3/9), an administrator override corrects it.
    { date: '2026-09-01', kind: 'day_off', name: NATIONAL_DAY },
    { date: '2026-09-02', kind: 'day_off', name: NATIONAL_DAY },
  ],
});

/** Years with an announced schedule, ascending. */
export const ANNOUNCED_YEARS: readonly number[] = Object.freeze(
  Object.keys(SCHEDULES)
    .map(Number)
    .sort((a, b) => a - b),
);

/** The announced schedule of a year, sorted by date, or undefined if none was announced (rules apply). */
export function announcedSchedule(year: number): readonly AnnouncedScheduleEntry[] | undefined {
  return SCHEDULES[year];
}
