/**
 * The public pages of a unit (no sign-in): an index of the dialogues whose results the office published,
 * one page per dialogue (filters by khu phố, field and status, overdue items marked, paged), and a search
 * by an item's reference (`/public/{unitId}?ref=…`). Never a citizen's name: only PublicItem is rendered.
 */
import { type Context, Hono } from 'hono';
import { isRecordId } from '../../domain/ids.js';
import { isOverdue } from '../../domain/lifecycle.js';
import type { Dialogue, Status, Unit } from '../../domain/model.js';
import { foldDiacritics } from '../../domain/text.js';
import type { AppDeps } from '../../http/env.js';
import { publicAttachmentDownload } from '../../services/attachment-service.js';
import { Pager } from '../components.js';
import { departmentsOf, listAll, todayOf } from '../data.js';
import { formatDate } from '../format.js';
import type { Chrome } from '../layout.js';
import { Layout } from '../layout.js';
import { messagePage, pageErrorHandler, sendPage, unknownPage } from '../render.js';
import type { WebEnv } from '../session.js';
import {
  isSettled,
  PUBLIC_STATUS,
  PublicCard,
  PublicFilters,
  type PublicFilterValues,
  type PublicItem,
  publicView,
} from './public-parts.js';

/** Items per page of a dialogue's public page (a phone scrolls through a few screens, not 13,000 px). */
export const PUBLIC_PAGE_SIZE = 20;

/** Longest reference searched for. */
const MAX_REF = 40;

type Ctx = Context<WebEnv>;

interface Published {
  unit: Unit;
  chrome: Chrome;
  dialogues: { dialogue: Dialogue; items: PublicItem[] }[];
  departmentName: (id: string | null) => string;
}

/** The unit and its published dialogues with their items (as the public may read them), or a 404 page. */
async function published(deps: AppDeps, c: Ctx, only?: string): Promise<Published | Response> {
  const unitId = c.req.param('unitId') ?? '';
  const unit = isRecordId(unitId) ? await deps.units.getUnit(unitId) : undefined;
  const chrome: Chrome = {
    user: null,
    csrfToken: null,
    flash: null,
    path: c.req.path,
    unitName: unit?.name ?? null,
    printedOn: todayOf(deps),
  };
  if (!unit) {
    return sendPage(
      c,
      deps,
      messagePage(chrome, 'Không tìm thấy đơn vị', 'Không có phường, xã nào với địa chỉ này.'),
      { status: 404, cache: 'public' },
    );
  }
  const dialogues = (await deps.dialogues.list(unitId))
    .filter((d) => d.published && (only === undefined || d.id === only))
    .sort((a, b) => b.heldOn.localeCompare(a.heldOn));
  const [departments, lists] = await Promise.all([
    departmentsOf(deps, unitId, null),
    Promise.all(dialogues.map((d) => listAll(deps, unitId, null, { dialogueId: d.id }))),
  ]);
  return {
    unit,
    chrome,
    dialogues: dialogues.map((dialogue, i) => ({
      dialogue,
      items: (lists[i]?.items ?? [])
        .sort((a, b) => a.ref.localeCompare(b.ref))
        .map((r) => publicView(r, dialogue.heldOn)),
    })),
    departmentName: departments.name,
  };
}

const dialogueHref = (unitId: string, dialogueId: string) =>
  `/public/${encodeURIComponent(unitId)}/${encodeURIComponent(dialogueId)}`;

const DialogueMeta = ({ d }: { d: Dialogue }) => (
  <p class="meta muted">
    Ngày {formatDate(d.heldOn)} tại {d.location}
    {d.conclusionNoticeNumber
      ? `. Thông báo kết luận số ${d.conclusionNoticeNumber} ngày ${formatDate(d.conclusionNoticeDate)}`
      : ''}
    .
  </p>
);

export function publicRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));

  app.get('/:unitId', async (c) => {
    const data = await published(deps, c);
    if (data instanceof Response) return data;
    const { unit, chrome, dialogues } = data;
    const today = todayOf(deps);
    const calendar = await deps.calendarFor(unit.id);
    const ref = (c.req.query('ref') ?? '').trim().slice(0, MAX_REF);
    const wanted = ref.toUpperCase();
    const found = ref
      ? dialogues.flatMap(({ dialogue, items }) =>
          items.filter((r) => r.ref.toUpperCase() === wanted).map((item) => ({ dialogue, item })),
        )
      : [];
    return sendPage(
      c,
      deps,
      <Layout title={`Kết quả tiếp xúc, đối thoại — ${unit.name}`} chrome={chrome}>
        <h1>Kết quả tiếp xúc, đối thoại với Nhân dân — {unit.name}</h1>
        <p class="lead">
          Kết quả giải quyết các ý kiến, kiến nghị của Nhân dân tại các hội nghị tiếp xúc, đối thoại do{' '}
          {unit.name} công khai.
        </p>
        <form
          method="get"
          action={`/public/${encodeURIComponent(unit.id)}`}
          class="picker"
          aria-label="Tìm theo số hiệu"
        >
          <div class="field">
            <label for="f-ref">Tìm theo số hiệu kiến nghị</label>
            <input id="f-ref" name="ref" value={ref} maxlength={MAX_REF} placeholder="Ví dụ: P4-2023-0015" />
          </div>
          <button type="submit" class="secondary">
            Tìm
          </button>
        </form>
        {ref ? (
          <section aria-labelledby="found">
            <h2 id="found">Kết quả tìm số hiệu «{ref}»</h2>
            {found.length === 0 ? (
              <p>Không tìm thấy kiến nghị nào có số hiệu này trong các hội nghị đã công khai.</p>
            ) : (
              <ul class="cards">
                {found.map(({ dialogue, item }) => (
                  <PublicCard
                    unitId={unit.id}
                    item={item}
                    departmentName={data.departmentName}
                    today={today}
                    calendar={calendar}
                    context={
                      <a href={dialogueHref(unit.id, dialogue.id)}>
                        {dialogue.title} ({formatDate(dialogue.heldOn)})
                      </a>
                    }
                  />
                ))}
              </ul>
            )}
          </section>
        ) : null}
        <h2>Các hội nghị đã công khai kết quả</h2>
        {dialogues.length === 0 ? <p>Chưa có kết quả hội nghị nào được công khai.</p> : null}
        <ul class="cards">
          {dialogues.map(({ dialogue: d, items }) => {
            const settled = items.filter(isSettled).length;
            const late = items.filter((r) => isOverdue(r, today)).length;
            return (
              <li class="card">
                <h3>
                  <a href={dialogueHref(unit.id, d.id)}>{d.title}</a>
                </h3>
                <DialogueMeta d={d} />
                <p>
                  {items.length} kiến nghị; đã trả lời hoặc giải quyết {settled}
                  {late ? (
                    <>
                      ; <span class="badge overdue">{late} kiến nghị quá hạn</span>
                    </>
                  ) : null}
                  .
                </p>
              </li>
            );
          })}
        </ul>
      </Layout>,
      { cache: 'public' },
    );
  });

  app.get('/:unitId/:dialogueId', async (c) => {
    const dialogueId = c.req.param('dialogueId');
    const data = await published(deps, c, dialogueId);
    if (data instanceof Response) return data;
    const { unit, chrome } = data;
    const entry = data.dialogues[0];
    if (!entry) {
      return sendPage(
        c,
        deps,
        messagePage(
          chrome,
          'Không tìm thấy hội nghị',
          'Hội nghị này không có hoặc chưa được công khai kết quả.',
        ),
        { status: 404, cache: 'public' },
      );
    }
    const { dialogue: d, items } = entry;
    const today = todayOf(deps);
    const calendar = await deps.calendarFor(unit.id);
    const values: PublicFilterValues = {
      residentialGroup: (c.req.query('residentialGroup') ?? '').slice(0, 200),
      field: (c.req.query('field') ?? '').slice(0, 200),
      status: (c.req.query('status') ?? '').slice(0, 40),
    };
    const group = foldDiacritics(values.residentialGroup);
    const shown = items.filter(
      (r) =>
        (!group || foldDiacritics(r.residentialGroup ?? '') === group) &&
        (!values.field || r.field === values.field) &&
        (!values.status || (values.status === 'overdue' ? isOverdue(r, today) : r.status === values.status)),
    );
    const pages = Math.max(1, Math.ceil(shown.length / PUBLIC_PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
    const sorted = <T,>(xs: Iterable<T>) =>
      [...new Set(xs)].sort((a, b) => String(a).localeCompare(String(b), 'vi'));
    const settled = items.filter(isSettled).length;
    const late = items.filter((r) => isOverdue(r, today)).length;
    const filtered = Boolean(values.residentialGroup || values.field || values.status);
    const base = dialogueHref(unit.id, d.id);
    return sendPage(
      c,
      deps,
      <Layout title={`${d.title} — ${unit.name}`} chrome={chrome}>
        <p class="no-print">
          <a href={`/public/${encodeURIComponent(unit.id)}`}>‹ Các hội nghị của {unit.name}</a>
        </p>
        <h1>{d.title}</h1>
        <DialogueMeta d={d} />
        <p>
          {items.length} kiến nghị; đã trả lời hoặc giải quyết {settled}; quá hạn {late}.
        </p>
        <PublicFilters
          action={base}
          values={values}
          groups={sorted(items.flatMap((r) => (r.residentialGroup ? [r.residentialGroup] : [])))}
          fields={sorted(items.flatMap((r) => (r.field ? [r.field] : [])))}
          statuses={sorted(items.map((r) => r.status)) as Status[]}
        />
        <h2 id="items">
          {filtered ? `${shown.length} kiến nghị theo bộ lọc` : `${shown.length} kiến nghị`}
          {values.status && values.status !== 'overdue' && values.status in PUBLIC_STATUS
            ? ` — ${PUBLIC_STATUS[values.status as Status]}`
            : ''}
        </h2>
        {shown.length === 0 ? <p>Không có kiến nghị nào theo bộ lọc này.</p> : null}
        <ul class="cards">
          {shown.slice((page - 1) * PUBLIC_PAGE_SIZE, page * PUBLIC_PAGE_SIZE).map((item) => (
            <PublicCard
              item={item}
              unitId={unit.id}
              departmentName={data.departmentName}
              today={today}
              calendar={calendar}
            />
          ))}
        </ul>
        <Pager base={base} query={{ ...values }} page={page} pages={pages} />
      </Layout>,
      { cache: 'public' },
    );
  });

  // A file of a published answer, only if the office marked it public: a short-lived download URL.
  app.get('/:unitId/files/:recId/:fileId', async (c) => {
    const url = await publicAttachmentDownload(
      deps,
      c.req.param('unitId'),
      c.req.param('recId'),
      c.req.param('fileId'),
    );
    c.header('Cache-Control', 'no-store');
    return c.redirect(url, 302);
  });

  app.get('*', unknownPage);
  return app;
}
