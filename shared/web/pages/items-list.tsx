/**
 * The list of items (GET /items), for every role: the API's filters as a GET form, the counts per status
 * of the filtered list (each a link that narrows it), one page of the list, and the spreadsheet of
 * exactly the filtered list. A department user sees its own items only (the service's scope).
 */
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import { STATUSES, type Status } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import { unitFields } from '../../services/field-service.js';
import { ItemTable, Pager } from '../components.js';
import { departmentsOf } from '../data.js';
import { formatDate, STATUS_LABEL } from '../format.js';
import { type FormState, formState, parseForm, refusalOf } from '../forms.js';
import {
  countItems,
  exportItems,
  type ItemListQuery,
  ItemListQuerySchema,
  listHref,
  listPage,
  MAX_DUE_WITHIN,
  MAX_EXPORT_ROWS,
  type StatusCounts,
} from '../item-list.js';
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

/** The typed filters checked with the API's list schema; a refusal names each wrong filter. */
function readQuery(typed: Record<string, string>): { query: ItemListQuery; form: FormState } {
  try {
    return { query: parseForm(ItemListQuerySchema, typed), form: formState(typed) };
  } catch (error) {
    const r = refusalOf(error);
    return {
      query: {},
      form: formState(typed, 'Bộ lọc chưa hợp lệ: vui lòng sửa các mục được đánh dấu.', r.errors),
    };
  }
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
  const { query, form } = readQuery(typed);
  const pageNo = Number(c.req.query('page') ?? '1');
  const valid = !form.message;
  const [result, counts, departments, dialogues, fields] = await Promise.all([
    valid ? listPage(deps, user.unitId, user, query, Number.isInteger(pageNo) ? pageNo : 1) : null,
    valid ? countItems(deps, user.unitId, user, query) : null,
    departmentsOf(deps, user.unitId, user),
    deps.dialogues.list(user.unitId),
    unitFields(deps, user.unitId, user),
  ]);
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
              { value: 'false', label: 'Không quá hạn' },
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
      {result && counts ? (
        <>
          <CountLinks counts={counts} filters={typed} />
          <h2 id="result">
            {filtered ? `${result.total} kiến nghị theo bộ lọc` : `${result.total} kiến nghị`}
          </h2>
          {result.total > 0 ? (
            <p class="actions">
              <a class="button secondary" href={listHref(typed, '/items/export')} download>
                Tải danh sách này (Excel)
              </a>
            </p>
          ) : (
            <p>Không có kiến nghị nào {filtered ? 'theo bộ lọc này' : ''}.</p>
          )}
          {result.truncated ? (
            <p class="notice">
              Danh sách chỉ hiện {MAX_EXPORT_ROWS} kiến nghị đầu tiên: hãy lọc bớt để xem đủ.
            </p>
          ) : null}
          {result.items.length ? (
            <ItemTable
              items={result.items}
              caption="Danh sách kiến nghị"
              departmentName={departments.name}
              today={result.today}
              calendar={result.calendar}
            />
          ) : null}
          <Pager base="/items" query={typed} page={result.page} pages={result.pages} />
        </>
      ) : null}
    </Layout>,
    { status: valid ? 200 : 400 },
  );
}

/** The spreadsheet of exactly the filtered list (a wrong filter or a too long list: the page says why). */
export async function itemListExport(deps: AppDeps, c: Ctx) {
  const user = c.get('user');
  const { query, form } = readQuery(typedFilters(c));
  if (form.message) return itemListPage(deps, c);
  const file = await exportItems(deps, user.unitId, user, query);
  if (!file) {
    return sendPage(
      c,
      deps,
      <Layout title="Danh sách quá dài" chrome={await chromeOf(c, deps)}>
        <h1>Danh sách quá dài để tải</h1>
        <p>
          Danh sách có hơn {MAX_EXPORT_ROWS} kiến nghị. Hãy lọc bớt (theo hội nghị, đơn vị, trạng thái…) rồi
          tải lại.
        </p>
        <p>
          <a href={listHref(typedFilters(c))}>‹ Trở lại danh sách</a>
        </p>
      </Layout>,
      { status: 422 },
    );
  }
  return xlsxResponse(c, file);
}
