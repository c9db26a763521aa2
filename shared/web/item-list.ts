/**
 * The list page's reads: one page of the filtered items, their counts per status and the spreadsheet of
 * exactly the filtered list. Every read goes through the service's listRecommendations (its gate and a
 * department's own scope); the filters the store of this version does not know yet (residentialGroup,
 * "due within N working days") narrow what it returned, on the unit's working calendar.
 */
import * as z from 'zod';
import { sectionsWorkbook, XLSX_CONTENT_TYPE } from '../adapters/reports/xlsx.js';
import { addWorkingDaysClamped } from '../domain/calendar/clamp.js';
import type { WorkingCalendar } from '../domain/calendar/index.js';
import { isOverdue } from '../domain/lifecycle.js';
import { type Actor, type IsoDate, type Recommendation, STATUSES, type Status } from '../domain/model.js';
import { foldDiacritics } from '../domain/text.js';
import type { AppDeps } from '../http/env.js';
import { ListQuerySchema } from '../http/schemas.js';
import { itemLink } from '../services/report-service.js';
import { daysLate, departmentsOf, listAll, todayOf } from './data.js';
import { formatDate, STATUS_LABEL } from './format.js';

/** Longest "due within N working days" asked for. */
export const MAX_DUE_WITHIN = 60;

/** The API's list filters (the same schema), with the page's own: residential group, due within N days. */
export const ItemListQuerySchema = ListQuerySchema.omit({ cursor: true, limit: true })
  .extend({
    residentialGroup: z.string().trim().min(1).max(200).optional(),
    dueWithin: z.coerce.number().int().min(0).max(MAX_DUE_WITHIN).optional(),
  })
  .strict();

export type ItemListQuery = z.infer<typeof ItemListQuerySchema>;

/** Items per page of the list. */
export const LIST_PAGE_SIZE = 50;

/** Largest list given as a spreadsheet; a longer one asks the user to narrow the filters. */
export const MAX_EXPORT_ROWS = 1000;

export interface StatusCounts {
  total: number;
  byStatus: Record<Status, number>;
  overdue: number;
}

interface Filtered {
  items: Recommendation[];
  truncated: boolean;
  today: IsoDate;
  calendar: WorkingCalendar;
}

/** Every item `actor` may see that matches `query` (up to MAX_EXPORT_ROWS), by due date then reference. */
async function filtered(
  deps: AppDeps,
  unitId: string,
  actor: Actor,
  query: ItemListQuery,
): Promise<Filtered> {
  const today = todayOf(deps);
  const calendar = await deps.calendarFor(unitId);
  const { residentialGroup, dueWithin, overdue, ...rest } = query;
  const awaiting = overdue === 'true' || dueWithin !== undefined;
  if (awaiting && rest.status && rest.status !== 'assigned')
    return { items: [], truncated: false, today, calendar };
  const { items, truncated } = await listAll(deps, unitId, actor, {
    ...rest,
    ...(awaiting ? { status: 'assigned' as const } : {}),
    ...(overdue === 'true' ? { overdueOn: today } : {}),
  });
  const group = residentialGroup ? foldDiacritics(residentialGroup) : null;
  const dueTo = dueWithin === undefined ? null : addWorkingDaysClamped(calendar, today, dueWithin);
  const kept = items.filter(
    (r) =>
      (group === null || foldDiacritics(r.residentialGroup ?? '') === group) &&
      (overdue !== 'false' || !isOverdue(r, today)) &&
      (dueTo === null || (r.dueDate !== null && r.dueDate >= today && r.dueDate <= dueTo)),
  );
  kept.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.ref.localeCompare(b.ref));
  return { items: kept, truncated, today, calendar };
}

/** One page (1-based) of the filtered list. */
export async function listPage(
  deps: AppDeps,
  unitId: string,
  actor: Actor,
  query: ItemListQuery,
  page: number,
): Promise<Filtered & { total: number; pages: number; page: number }> {
  const all = await filtered(deps, unitId, actor, query);
  const pages = Math.max(1, Math.ceil(all.items.length / LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  return {
    ...all,
    items: all.items.slice((current - 1) * LIST_PAGE_SIZE, current * LIST_PAGE_SIZE),
    total: all.items.length,
    pages,
    page: current,
  };
}

/** How many items of the filtered list (its status aside) have each status, and how many are overdue. */
export async function countItems(
  deps: AppDeps,
  unitId: string,
  actor: Actor,
  query: ItemListQuery,
): Promise<StatusCounts> {
  const { status: _status, overdue: _overdue, ...rest } = query;
  const { items, today } = await filtered(deps, unitId, actor, rest);
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of items) byStatus[r.status] += 1;
  return { total: items.length, byStatus, overdue: items.filter((r) => isOverdue(r, today)).length };
}

/** Exactly the filtered list as an XLSX workbook; null when it is longer than MAX_EXPORT_ROWS. */
export async function exportItems(
  deps: AppDeps,
  unitId: string,
  actor: Actor,
  query: ItemListQuery,
): Promise<{ body: Buffer; filename: string; contentType: string } | null> {
  const [{ items, truncated, today, calendar }, departments, dialogues] = await Promise.all([
    filtered(deps, unitId, actor, query),
    departmentsOf(deps, unitId, actor),
    deps.dialogues.list(unitId),
  ]);
  if (truncated) return null;
  const dialogueName = new Map(dialogues.map((d) => [d.id, `${d.title} (${formatDate(d.heldOn)})`]));
  const body = await sectionsWorkbook(`Danh sách kiến nghị ngày ${formatDate(today)}`, [
    {
      name: 'Kiến nghị',
      headers: [
        'Số hiệu',
        'Nội dung',
        'Khu phố',
        'Lĩnh vực',
        'Trạng thái',
        'Đơn vị chủ trì',
        'Hạn xử lý',
        'Quá hạn (ngày làm việc)',
        'Trả lời',
        'Hội nghị',
      ],
      widths: [16, 60, 14, 18, 18, 28, 12, 12, 60, 40],
      rows: items.map((r) => [
        { text: r.ref, hyperlink: itemLink(deps, r.id) },
        r.content,
        r.residentialGroup ?? '',
        r.field ?? '',
        STATUS_LABEL[r.status],
        departments.name(r.departmentId),
        r.dueDate ? { date: r.dueDate } : null,
        daysLate(calendar, r, today),
        r.answer?.text ?? '',
        dialogueName.get(r.dialogueId) ?? '',
      ]),
    },
  ]);
  return { body, filename: `danh-sach-kien-nghi-${unitId}-${today}.xlsx`, contentType: XLSX_CONTENT_TYPE };
}

/** The list page with these filters (empty ones left out). */
export function listHref(filters: Record<string, string>, base = '/items'): string {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}
