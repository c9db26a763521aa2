/** Reads the pages share: whole lists (pages are not paginated beyond a safe cap), department names. */
import type { ListFilters } from '../adapters/dynamodb/recommendation-store.js';
import { todayInVietnam, type WorkingCalendar } from '../domain/calendar/index.js';
import { isOverdue } from '../domain/lifecycle.js';
import type { Actor, Department, IsoDate, Recommendation } from '../domain/model.js';
import type { AppDeps } from '../http/env.js';
import { listDepartments } from '../services/department-service.js';
import { listRecommendations } from '../services/list-service.js';

/** More items than a page should ever show at once; a longer list is cut with a note. */
export const PAGE_CAP = 1000;

/**
 * Every item matching `filters` (up to `cap`), as the signed-in `actor` may list them (the service's
 * gate); `null` only for the public page, which shows published dialogues to anyone.
 */
export async function listAll(
  deps: AppDeps,
  unitId: string,
  actor: Actor | null,
  filters: ListFilters,
  cap = PAGE_CAP,
): Promise<{ items: Recommendation[]; truncated: boolean }> {
  const items: Recommendation[] = [];
  let cursor: string | undefined;
  do {
    const page = actor
      ? await listRecommendations(deps, unitId, actor, filters, 200, cursor)
      : await deps.recommendations.list(unitId, filters, 200, cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < cap);
  return { items: items.slice(0, cap), truncated: cursor !== undefined || items.length > cap };
}

export function todayOf(deps: AppDeps): IsoDate {
  return todayInVietnam(deps.clock.now());
}

/** The unit's departments, with a name lookup (`actor` null: the public page). */
export async function departmentsOf(
  deps: AppDeps,
  unitId: string,
  actor: Actor | null,
): Promise<{
  list: Department[];
  name: (id: string | null | undefined) => string;
  /** The departments a form offers: the active ones, and those in `kept` (what the item already names). */
  offered: (kept?: readonly (string | null)[]) => Department[];
}> {
  const list = actor ? await listDepartments(deps, unitId, actor) : await deps.units.listDepartments(unitId);
  const byId = new Map(list.map((d) => [d.id, d.name]));
  return {
    list,
    name: (id) => (id ? (byId.get(id) ?? id) : ''),
    offered: (kept = []) => list.filter((d) => d.active !== false || kept.includes(d.id)),
  };
}

/** Working days an overdue item is past its due date; null when it is not overdue. */
export function daysLate(
  calendar: WorkingCalendar,
  rec: Pick<Recommendation, 'status' | 'dueDate'>,
  today: IsoDate,
): number | null {
  if (!isOverdue(rec, today) || !rec.dueDate) return null;
  return Math.max(0, calendar.workingDaysBetween(rec.dueDate, today));
}

/** "Quá hạn 3 ngày làm việc" (overdue since a weekend or holiday: no working day missed yet). */
export function lateLabel(days: number): string {
  return days === 0 ? 'Quá hạn (từ ngày nghỉ vừa qua)' : `Quá hạn ${days} ngày làm việc`;
}

export function byDueDate(a: Recommendation, b: Recommendation): number {
  return (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.ref.localeCompare(b.ref);
}
