/**
 * The list of items (GET /items), for every role: the API's filters as a GET form, the counts per status
 * of the filtered list (each a link that narrows it), one page of the list (the list service's cursor:
 * "Trang sau"), and the spreadsheet of exactly the filtered list. Every read is the list service's (the
 * API's): its gate, a department's own scope (items it leads and cooperates on), reads from the indexes.
 */
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import * as z from 'zod';
import { ValidationError } from '../../domain/errors.js';
import { MAX_DUE_WITHIN } from '../../domain/list-filters.js';
import { STATUSES, type Status } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import { ListFilterSchema } from '../../http/schemas.js';
import { unitFields } from '../../services/field-service.js';
import {
  countRecommendations,
  exportRecommendations,
  type ListQuery,
  listFiltersFor,
  listRecommendations,
  MAX_EXPORT_ROWS,
  type StatusCounts,
} from '../../services/list-service.js';
import { ItemTable } from '../components.js';
import { departmentsOf } from '../data.js';
import { formatDate, STATUS_LABEL } from '../format.js';
import { type FormState, formState, parseForm, refusalOf } from '../forms.js';
import { chromeOf, ErrorSummary, Layout, SelectField, TextField } from '../layout.js';
import { sendPage } from '../render.js';
import type { WebEnv } from '../session.js';
import { xlsxResponse } from './front.js';

type Ctx = Context<WebEnv>;

/** The query-string names of the filters, in the form's order. */
const FILTER_NAMES = [
  'q',
  'status',
  'overdue',
  'dueWithin',
  'departmentId',
  'dialogueId',
  'field',
  'residentialGroup',
] as const;

const LABELS: Record<string, string> = {
  q: 'Tìm trong nội dung, số hiệu',
  status: 'Trạng thái',
  overdue: 'Quá hạn',
  dueWithin: 'Đến hạn trong (ngày làm việc)',
  departmentId: 'Đơn vị chủ trì',
  dialogueId: 'Hội nghị',
  field: 'Lĩnh vực',
  residentialGroup: 'Khu phố',
  cursor: 'Trang',
};

/** The filters as typed (empty ones left out). */
function typedFilters(c: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FILTER_NAMES) {
    const v = (c.req.query(name) ?? '').trim();
    if (v !== '') out[name] = v;
  }
  return out;
}

/** Items per page of the list. */
export const LIST_PAGE_SIZE = 50;

/** The page's filters: the API's list filters (the same schema), and the cursor of the page shown. */
const PageQuerySchema = ListFilterSchema.extend({ cursor: z.string().max(2000).optional() }).strict();

/** The list page with these filters (empty ones left out). */
export function listHref(filters: Record<string, string>, base = '/items'): string {
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

const badFilter = (errors: Record<string, string>, typed: Record<string, string>) => ({
  query: {},
  cursor: undefined,
  form: formState(typed, 'Bộ lọc chưa hợp lệ: vui lòng sửa các mục được đánh dấu.', errors),
});

/** The typed filters checked with the API's list schema; a refusal names each wrong filter. */
function readQuery(
  typed: Record<string, string>,
  cursor: string | undefined,
): { query: ListQuery; cursor: string | undefined; form: FormState } {
  try {
    const { cursor: checked, ...query } = parseForm(PageQuerySchema, {
      ...typed,
      ...(cursor ? { cursor } : {}),
    });
    return { query, cursor: checked, form: formState(typed) };
  } catch (error) {
    return badFilter(refusalOf(error).errors, typed);
  }
}

/** How many items the list holds: the count of its status (or of overdue, or awaiting an answer), or all. */
function matching(counts: StatusCounts, query: ListQuery): number {
  if (query.overdue === 'true') return counts.overdue;
  if (query.status) return counts.byStatus[query.status];
  if (query.dueWithin !== undefined) return counts.byStatus.assigned;
  return counts.total;
}

/** A cursor the store refuses (altered, or of other filters) is the user's error, named on the page. */
function refusedCursor(error: unknown): { errors: Record<string, string> } {
  if (error instanceof ValidationError) return { errors: refusalOf(error).errors };
  throw error;
}

/** One page of the list from the list service, with the next page's cursor. */
async function onePage(deps: AppDeps, c: Ctx, query: ListQuery, cursor: string | undefined) {
  const user = c.get('user');
  const plan = await listFiltersFor(deps, user.unitId, user, query);
  if (!plan) return null;
  const page = await listRecommendations(deps, user.unitId, user, plan.filters, LIST_PAGE_SIZE, cursor);
  return { ...page, today: plan.today, calendar: plan.calendar };
}

/** "Tất cả 22 · Đang giải quyết 9 · … · Quá hạn 3": each narrows the list (the other filters kept). */
const CountLinks: FC<{ counts: StatusCounts; filters: Record<string, string> }> = ({ counts, filters }) => {
  const { status, overdue, ...rest } = filters;
  const current = overdue === 'true' ? 'overdue' : (status ?? '');
  const link = (key: string, label: string, n: number, extra: Record<string, string>) => (
    <li>
      <a href={listHref({ ...rest, ...extra })} aria-current={current === key ? 'true' : undefined}>
        {label} <strong>{n}</strong>
      </a>
    </li>
  );
  return (
    <nav class="counts" aria-label="Số kiến nghị theo trạng thái">
      <ul>
        {link('', 'Tất cả', counts.total, {})}
        {STATUSES.filter((s) => counts.byStatus[s] > 0 || s === status).map((s: Status) =>
          link(s, STATUS_LABEL[s], counts.byStatus[s], { status: s }),
        )}
        {link('overdue', 'Quá hạn', counts.overdue, { overdue: 'true' })}
      </ul>
    </nav>
  );
};

export async function itemListPage(deps: AppDeps, c: Ctx) {
  const user = c.get('user');
  const typed = typedFilters(c);
  let { query, cursor, form } = readQuery(typed, c.req.query('cursor'));
  const [read, counts, departments, dialogues, fields] = await Promise.all([
    form.message ? null : onePage(deps, c, query, cursor).then((page) => ({ page }), refusedCursor),
    form.message ? null : countRecommendations(deps, user.unitId, user, query),
    departmentsOf(deps, user.unitId, user),
    deps.dialogues.list(user.unitId),
    unitFields(deps, user.unitId, user),
  ]);
  if (read && 'errors' in read) ({ query, cursor, form } = badFilter(read.errors, typed));
  const result = read && 'page' in read ? read.page : null;
  const valid = !form.message;
  const total = counts ? matching(counts, query) : 0;
  // A department user lists its own items only: no choice of department.
  const wholeUnit = !user.roles.every((r) => r === 'department');
  const filtered = Object.keys(typed).length > 0;
  const options = (all: string, list: { value: string; label: string }[]) => [
    { value: '', label: all },
    ...list,
  ];
  return sendPage(
    c,
    deps,
    <Layout title="Danh sách kiến nghị" chrome={await chromeOf(c, deps)}>
      <h1>Danh sách kiến nghị</h1>
      <ErrorSummary form={form} labels={LABELS} />
      <form method="get" action="/items" class="filters" aria-label="Lọc danh sách kiến nghị">
        <TextField
          form={form}
          name="q"
          label={LABELS.q as string}
          hint="Không cần gõ dấu: “dat dai” tìm được “đất đai”."
        />
        <div class="filter-row">
          <SelectField
            form={form}
            name="status"
            label="Trạng thái"
            options={options(
              'Tất cả',
              STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] })),
            )}
          />
          <SelectField
            form={form}
            name="overdue"
            label="Quá hạn"
            options={[
              { value: '', label: 'Tất cả' },
              { value: 'true', label: 'Chỉ kiến nghị quá hạn' },
            ]}
          />
          <TextField
            form={form}
            name="dueWithin"
            label={LABELS.dueWithin as string}
            inputmode="numeric"
            short
            hint={`Từ 0 (hôm nay) đến ${MAX_DUE_WITHIN}.`}
          />
          {wholeUnit ? (
            <SelectField
              form={form}
              name="departmentId"
              label="Đơn vị chủ trì"
              options={options(
                'Tất cả đơn vị',
                departments.list.map((d) => ({ value: d.id, label: d.name })),
              )}
            />
          ) : null}
          <SelectField
            form={form}
            name="dialogueId"
            label="Hội nghị"
            options={options(
              'Tất cả hội nghị',
              dialogues.map((d) => ({ value: d.id, label: `${d.title} (${formatDate(d.heldOn)})` })),
            )}
          />
          <SelectField
            form={form}
            name="field"
            label="Lĩnh vực"
            options={options(
              'Tất cả lĩnh vực',
              fields.map((f) => ({ value: f, label: f })),
            )}
          />
          <TextField form={form} name="residentialGroup" label="Khu phố" short />
        </div>
        <p class="actions">
          <button type="submit">Lọc</button>
          {filtered ? <a href="/items">Bỏ lọc</a> : null}
        </p>
      </form>
      {valid && counts ? (
        <>
          <CountLinks counts={counts} filters={typed} />
          <h2 id="result">{filtered ? `${total} kiến nghị theo bộ lọc` : `${total} kiến nghị`}</h2>
          {typed.q && total > 0 ? <p class="hint">Kết quả tìm kiếm xếp theo số hiệu kiến nghị.</p> : null}
          {total > 0 ? (
            <p class="actions">
              <a class="button secondary" href={listHref(typed, '/items/export')} download>
                Tải danh sách này (Excel)
              </a>
            </p>
          ) : (
            <p>Không có kiến nghị nào {filtered ? 'theo bộ lọc này' : ''}.</p>
          )}
          {result?.items.length ? (
            <ItemTable
              items={result.items}
              caption="Danh sách kiến nghị"
              departmentName={departments.name}
              today={result.today}
              calendar={result.calendar}
            />
          ) : null}
          {cursor || result?.nextCursor ? (
            <nav class="pager" aria-label="Trang">
              {cursor ? <a href={listHref(typed)}>« Trang đầu</a> : null}
              {result?.nextCursor ? (
                <a href={listHref({ ...typed, cursor: result.nextCursor })}>Trang sau ›</a>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </Layout>,
    { status: valid ? 200 : 400 },
  );
}

/** The spreadsheet of exactly the filtered list (a wrong filter or a too long list: the page says why). */
export async function itemListExport(deps: AppDeps, c: Ctx) {
  const user = c.get('user');
  const typed = typedFilters(c);
  const { query, form } = readQuery(typed, undefined);
  if (form.message) return itemListPage(deps, c);
  try {
    return xlsxResponse(c, await exportRecommendations(deps, user.unitId, user, query));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return sendPage(
      c,
      deps,
      <Layout title="Danh sách quá dài" chrome={await chromeOf(c, deps)}>
        <h1>Danh sách quá dài để tải</h1>
        <p>
          Danh sách có hơn {MAX_EXPORT_ROWS.toLocaleString('vi-VN')} kiến nghị. Hãy lọc bớt (theo hội nghị,
          đơn vị, trạng thái…) rồi tải lại.
        </p>
        <p>
          <a href={listHref(typed)}>‹ Trở lại danh sách</a>
        </p>
      </Layout>,
      { status: 422 },
    );
  }
}
