/**
 * The unit's working-day calendar as its administrator keeps it: the year's days off and worked days
 * with their origin (the rules of the Labour Code, the announced schedules, the unit's own overrides),
 * and setting or removing an override, each with its history entry.
 */
import type { CalendarDay, CalendarOverride } from '../domain/calendar/index.js';
import type { Actor } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { normalizeText } from '../domain/text.js';
import type { TrackerDeps } from './context.js';

export async function calendarYear(
  deps: TrackerDeps,
  unitId: string,
  year: number,
  actor: Actor,
): Promise<CalendarDay[]> {
  authorize(actor, 'calendar.read');
  return (await deps.calendarFor(unitId)).holidays(year);
}

/** Sets the unit's override of one date: a day off, or a working day (a worked Saturday, a removed holiday). */
export async function setCalendarOverride(
  deps: TrackerDeps,
  unitId: string,
  date: string,
  input: { kind: CalendarOverride['kind']; name: string },
  actor: Actor,
): Promise<CalendarOverride> {
  authorize(actor, 'calendar.override');
  const existing =
    (await deps.units.listCalendarOverrides(unitId, true)).find((o) => o.date === date) ?? null;
  const override: CalendarOverride = { date, kind: input.kind, name: normalizeText(input.name) };
  await deps.units.saveCalendarOverride(unitId, date, override, existing, actor, deps.clock.now());
  return override;
}

/** Removes the unit's override of one date (nothing to do if it has none). */
export async function removeCalendarOverride(
  deps: TrackerDeps,
  unitId: string,
  date: string,
  actor: Actor,
): Promise<void> {
  authorize(actor, 'calendar.override');
  const existing =
    (await deps.units.listCalendarOverrides(unitId, true)).find((o) => o.date === date) ?? null;
  if (existing) await deps.units.saveCalendarOverride(unitId, date, null, existing, actor, deps.clock.now());
}
