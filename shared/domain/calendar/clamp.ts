/**
 * Date arithmetic that stays inside the calendar's range (1990–2100), for what is only shown or
 * searched (a report's "due within 5 working days", a form's suggested due date): near the edge of the
 * range the answer is the edge, not an error. What is stored (a due date) is never clamped: there a
 * range error is the user's to fix (see lifecycle.ts).
 */
import type { WorkingDays } from '../model.js';
import {
  CALENDAR_MAX_DATE,
  CALENDAR_MIN_DATE,
  CalendarRangeError,
  type IsoDate,
} from './working-calendar.js';

export function addWorkingDaysClamped(
  calendar: Pick<WorkingDays, 'addWorkingDays'>,
  date: IsoDate,
  n: number,
): IsoDate {
  try {
    return calendar.addWorkingDays(date, n);
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    return n < 0 ? CALENDAR_MIN_DATE : CALENDAR_MAX_DATE;
  }
}

/** `calendar.addWorkingDays`, or null when the result would leave the calendar's range. */
export function addWorkingDaysWithin(
  calendar: Pick<WorkingDays, 'addWorkingDays'>,
  date: IsoDate,
  n: number,
): IsoDate | null {
  try {
    return calendar.addWorkingDays(date, n);
  } catch (error) {
    if (error instanceof CalendarRangeError) return null;
    throw error;
  }
}
