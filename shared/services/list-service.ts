/**
 * Lists of items for every role, as the API and the pages read them: one page (cursor), the counts per
 * status of the same filters, and every item of them as a spreadsheet. The request's filters
 * (ListQuery, shared/http/schemas.ts) become the store's (ListFilters): a department user only ever sees
 * its own department's items (those it leads and those it cooperates on); "overdue" and "due within N
 * working days" become due-date ranges of items awaiting an answer, counted on the unit's calendar.
 */
import { noCounts, type Page, type StatusCounts } from '../adapters/dynamodb/recommendation-store.js';
import type { WorkingCalendar } from '../domain/calendar/index.js';
import { XLSX_CONTENT_TYPE } from '../domain/content-types.js';
import { ValidationError } from '../domain/errors.js';
import { formatDate } from '../domain/format-date.js';
import type { DepartmentRole, ListFilters } from '../domain/list-filters.js';
import type { Actor, IsoDate, Recommendation, Status } from '../domain/model.js';
import { authorize, can, reach } from '../domain/permissions.js';
import { lifecycleContext, type TrackerDeps } from './context.js';
import { type RecommendationView, view } from './recommendation-service.js';
import { itemLink } from './report-service.js';

/** The filters of a list request (the query string, validated by ListFilterSchema). */
export interface ListQuery {
  dialogueId?: string | undefined;
  departmentId?: string | undefined;
  departmentRole?: DepartmentRole | undefined;
  status?: Status | undefined;
  field?: string | undefined;
  residentialGroup?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  dueWithin?: number | undefined;
  dueBefore?: IsoDate | undefined;
  q?: string | undefined;
}

/** A listed item, with its working days to or past the due date. */
export interface ListedItem extends RecommendationView {
  /** Working days past the due date when overdue (0: overdue since a day off); otherwise null. */
  workingDaysOverdue: number | null;
  /** Working days until the due date when awaiting an answer and not overdue; otherwise null. */
  workingDaysLeft: number | null;
}

export function listedItem(rec: Recommendation, today: IsoDate, calendar: WorkingCalendar): ListedItem {
  const v = view(rec, today);
  const awaiting = rec.status === 'assigned' && rec.dueDate !== null;
  return {
    ...v,
    workingDaysOverdue:
      v.overdue && rec.dueDate ? Math.max(0, calendar.workingDaysBetween(rec.dueDate, today)) : null,
    workingDaysLeft:
      awaiting && !v.overdue && rec.dueDate
        ? Math.max(0, calendar.workingDaysBetween(today, rec.dueDate))
        : null,
  };
}

const minDate = (...dates: (IsoDate | undefined)[]): IsoDate | undefined =>
  dates.filter((d): d is IsoDate => d !== undefined).sort()[0];

/**
 * The store's filters for what `actor` asked, or null when nothing can match (a department naming
 * another department, overdue items of a closed status). Throws ForbiddenError if the actor may not list.
 */
export async function listFiltersFor(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  query: ListQuery,
): Promise<{ filters: ListFilters; today: IsoDate; calendar: WorkingCalendar } | null> {
  authorize(actor, 'recommendation.list');
  const ctx = await lifecycleContext(deps, unitId, actor);
  const { today } = ctx;
  const calendar = ctx.calendar as WorkingCalendar;
  const filters: ListFilters = {};
  if (query.departmentId)
    filters.department = { id: query.departmentId, role: query.departmentRole ?? 'any' };
  else if (query.departmentRole && actor.departmentId)
    filters.department = { id: actor.departmentId, role: query.departmentRole };
  if (query.dialogueId) filters.dialogueId = query.dialogueId;
  if (query.status) filters.status = query.status;
  if (query.field) filters.field = query.field;
  if (query.residentialGroup) filters.residentialGroup = query.residentialGroup;
  if (query.q) filters.q = query.q;
  let dueBefore = query.dueBefore;
  if (query.overdue === 'true' || query.dueWithin !== undefined) {
    // Overdue, or due soon: items awaiting an answer.
    if (query.status && query.status !== 'assigned') return null;
    filters.status = 'assigned';
    if (query.overdue === 'true') dueBefore = minDate(dueBefore, today);
    if (query.dueWithin !== undefined) {
      filters.dueFrom = today;
      filters.dueTo = calendar.addWorkingDays(today, query.dueWithin);
    }
  }
  if (dueBefore) filters.dueBefore = dueBefore;
  const scoped = scopeFilters(actor, filters);
  return scoped ? { filters: scoped, today, calendar } : null;
}

/**
 * The store's filters narrowed to what `actor` may list: a department user (no role that sees the whole
 * unit) gets its own department's items only — those it leads and those it cooperates on — never
 * another's. Null when nothing can match.
 */
export function scopeFilters(actor: Actor, filters: ListFilters): ListFilters | null {
  const scope = reach(actor, 'recommendation.list');
  if (scope === 'unit') return filters;
  if (scope === 'none' || !actor.departmentId) return null;
  if (filters.department && filters.department.id !== actor.departmentId) return null;
  const role = scope === 'involved' ? (filters.department?.role ?? 'any') : scope;
  return { ...filters, department: { id: actor.departmentId, role } };
}

/**
 * One page of the items matching the store's `filters` that `actor` may list (the pages read whole
 * lists through it; the API through listPage).
 */
export async function listRecommendations(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  filters: ListFilters,
  limit: number,
  cursor?: string,
): Promise<Page<Recommendation>> {
  authorize(actor, 'recommendation.list');
  const scoped = scopeFilters(actor, filters);
  if (!scoped) return { items: [], nextCursor: null };
  const page = await deps.recommendations.list(unitId, scoped, limit, cursor);
  // The store already kept to the actor's department; the permission table has the last word.
  return {
    items: page.items.filter((r) => can(actor, 'recommendation.read', r)),
    nextCursor: page.nextCursor,
  };
}

/** One page of the items `actor` may see that match the request's `query` (the API). */
export async function listPage(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  query: ListQuery,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: ListedItem[]; nextCursor: string | null }> {
  const plan = await listFiltersFor(deps, unitId, actor, query);
  if (!plan) return { items: [], nextCursor: null };
  const result = await listRecommendations(deps, unitId, actor, plan.filters, page.limit, page.cursor);
  return {
    items: result.items.map((r) => listedItem(r, plan.today, plan.calendar)),
    nextCursor: result.nextCursor,
  };
}

/** How many of the items matching `query` (its status aside) have each status, and how many are overdue. */
export async function countRecommendations(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  query: ListQuery,
): Promise<StatusCounts> {
  const { status: _status, ...rest } = query;
  const plan = await listFiltersFor(deps, unitId, actor, rest);
  if (!plan) return noCounts();
  return deps.recommendations.countByStatus(unitId, plan.filters, plan.today);
}

/** Largest list given as a spreadsheet (a larger one asks the user to narrow the filters). */
export const MAX_EXPORT_ROWS = 5000;

/** Every item matching `query`, up to `max` (`truncated`: there were more). */
export async function allRecommendations(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  query: ListQuery,
  max = MAX_EXPORT_ROWS,
): Promise<{ items: ListedItem[]; truncated: boolean; today: IsoDate }> {
  const plan = await listFiltersFor(deps, unitId, actor, query);
  if (!plan)
    return { items: [], truncated: false, today: (await lifecycleContext(deps, unitId, actor)).today };
  const items: ListedItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRecommendations(deps, unitId, actor, plan.filters, 200, cursor);
    for (const r of page.items) items.push(listedItem(r, plan.today, plan.calendar));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length <= max);
  return {
    items: items.slice(0, max),
    truncated: items.length > max || cursor !== undefined,
    today: plan.today,
  };
}

/** The items matching `query` as an XLSX workbook, or a 422 naming the filters if there are too many. */
export async function exportRecommendations(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  query: ListQuery,
): Promise<{ body: Buffer; filename: string; contentType: string; rows: number }> {
  const [{ items, truncated, today }, departments, dialogues] = await Promise.all([
    allRecommendations(deps, unitId, actor, query),
    deps.units.listDepartments(unitId),
    deps.dialogues.list(unitId),
  ]);
  if (truncated) {
    throw new ValidationError([
      {
        field: 'query',
        message: `Danh sách có hơn ${MAX_EXPORT_ROWS.toLocaleString('vi-VN')} kiến nghị: hãy lọc bớt (theo hội nghị, đơn vị, trạng thái…) rồi tải lại`,
      },
    ]);
  }
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const dialogueNames = new Map(dialogues.map((d) => [d.id, `${d.title} (${formatDate(d.heldOn)})`]));
  const { listWorkbook } = await import('../adapters/reports/list-xlsx.js');
  const body = await listWorkbook(`Danh sách kiến nghị ngày ${formatDate(today)}`, items, {
    department: (id) => departmentNames.get(id) ?? id,
    dialogue: (id) => dialogueNames.get(id) ?? id,
    link: (id) => itemLink(deps, id),
  });
  return {
    body,
    filename: `danh-sach-kien-nghi-${unitId}-${today}.xlsx`,
    contentType: XLSX_CONTENT_TYPE,
    rows: items.length,
  };
}
