/** A unit's working calendar: counting working days, the year's special days, the admin's overrides. */
import { type CalendarDay, CalendarRangeError, type IsoDate } from '../domain/calendar/index.js';
import { ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { TrackerDeps } from './context.js';

/** The date `days` working days after `from` (before, if negative); leaving 1990–2100 names `query.days`. */
export async function workingDaysAfter(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  from: IsoDate,
  days: number,
): Promise<IsoDate> {
  authorize(actor, 'calendar.read');
  const calendar = await deps.calendarFor(unitId);
  try {
    return calendar.addWorkingDays(from, days);
  } catch (error) {
    if (error instanceof CalendarRangeError) {
      throw new ValidationError([{ field: 'query.days', message: 'Kết quả nằm ngoài khoảng 1990–2100' }]);
    }
    throw error;
  }
}

export async function yearHolidays(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  year: number,
): Promise<CalendarDay[]> {
  authorize(actor, 'calendar.read');
  return (await deps.calendarFor(unitId)).holidays(year);
}

/** Sets (or, with `override` null, removes) the unit's override of one date. */
export async function setCalendarOverride(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  date: IsoDate,
  override: { kind: CalendarDay['kind']; name: string } | null,
): Promise<CalendarDay | null> {
  authorize(actor, 'calendar.override');
  const existing = (await deps.units.listCalendarOverrides(unitId)).find((o) => o.date === date) ?? null;
  const next = override ? { date, kind: override.kind, name: override.name } : null;
  if (next || existing)
    await deps.units.saveCalendarOverride(unitId, date, next, existing, actor, deps.clock.now());
  return next ? { ...next, origin: 'override' } : null;
}
