/**
 * Calendar corrections: a unit administrator's overrides (one unit) and a system administrator's national
 * overrides (every unit, below each unit's own). Each command checks its action, writes the change with its
 * audit record in one transaction, then tells the calendar listeners (calendar-reschedule.ts re-plans the
 * escalations that depend on the dates).
 */
import type { NationalOverride } from '../adapters/dynamodb/national-calendar-store.js';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  type CalendarDay,
  type CalendarOverride,
  type CalendarOverrideKind,
  CalendarRangeError,
  type IsoDate,
} from '../domain/calendar/index.js';
import { ValidationError } from '../domain/errors.js';
import type { Actor } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { CalendarChange, TrackerDeps } from './context.js';

/** The date `days` working days after `from` (before, if negative); leaving the calendar names `query.days`. */
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
    if (!(error instanceof CalendarRangeError)) throw error;
    throw new ValidationError([
      { field: 'query.days', message: `Kết quả nằm ngoài khoảng ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}` },
    ]);
  }
}

/** The year's days off on weekdays and worked weekend days, with their origins. */
export async function yearHolidays(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  year: number,
): Promise<CalendarDay[]> {
  authorize(actor, 'calendar.read');
  return (await deps.calendarFor(unitId)).holidays(year);
}

export interface OverrideInput {
  kind: CalendarOverrideKind;
  name: string;
  source?: string | null | undefined;
}

const overrideOf = (date: IsoDate, input: OverrideInput): CalendarOverride => ({
  date,
  kind: input.kind,
  name: input.name,
  ...(input.source ? { source: input.source } : {}),
});

/** Tells every calendar listener, in turn; a failure is logged (the change is committed; the sweep repairs). */
async function notifyCalendarListeners(deps: TrackerDeps, change: CalendarChange): Promise<void> {
  for (const listener of deps.calendarListeners) {
    try {
      await listener(change);
    } catch (error) {
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'calendar listener failed',
          ...change,
          error: String(error),
        }),
      );
    }
  }
}

export async function setUnitOverride(
  deps: TrackerDeps,
  unitId: string,
  date: IsoDate,
  input: OverrideInput,
  actor: Actor,
): Promise<CalendarDay> {
  authorize(actor, 'calendar.override');
  const existing =
    (await deps.units.listCalendarOverrides(unitId, true)).find((o) => o.date === date) ?? null;
  const override = overrideOf(date, input);
  await deps.units.saveCalendarOverride(unitId, date, override, existing, actor, deps.clock.now());
  await notifyCalendarListeners(deps, { scope: 'unit', unitId, date });
  return {
    date,
    kind: override.kind,
    name: override.name,
    origin: 'unit',
    ...(override.source ? { source: override.source } : {}),
  };
}

/** Removes the unit's override of `date`, if any (idempotent). */
export async function removeUnitOverride(
  deps: TrackerDeps,
  unitId: string,
  date: IsoDate,
  actor: Actor,
): Promise<void> {
  authorize(actor, 'calendar.override');
  const existing =
    (await deps.units.listCalendarOverrides(unitId, true)).find((o) => o.date === date) ?? null;
  if (!existing) return;
  await deps.units.saveCalendarOverride(unitId, date, null, existing, actor, deps.clock.now());
  await notifyCalendarListeners(deps, { scope: 'unit', unitId, date });
}

export async function listNationalOverrides(deps: TrackerDeps, actor: Actor): Promise<NationalOverride[]> {
  authorize(actor, 'calendar.national');
  return deps.national.list(true);
}

export async function setNationalOverride(
  deps: TrackerDeps,
  date: IsoDate,
  input: OverrideInput,
  actor: Actor,
): Promise<NationalOverride> {
  authorize(actor, 'calendar.national');
  const before = (await deps.national.get(date)) ?? null;
  const stored = await deps.national.save(date, overrideOf(date, input), before, actor, deps.clock.now());
  await notifyCalendarListeners(deps, { scope: 'national', date });
  return stored as NationalOverride;
}

/** Removes the national override of `date`, if any (idempotent). */
export async function removeNationalOverride(deps: TrackerDeps, date: IsoDate, actor: Actor): Promise<void> {
  authorize(actor, 'calendar.national');
  const before = await deps.national.get(date);
  if (!before) return;
  await deps.national.save(date, null, before, actor, deps.clock.now());
  await notifyCalendarListeners(deps, { scope: 'national', date });
}
