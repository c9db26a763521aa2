/**
 * The office (Văn phòng): dialogues, quick entry of recommendations, spreadsheet import with a
 * preview, the conclusion notice and publishing the results.
 */
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { addWorkingDaysClamped } from '../../domain/calendar/clamp.js';
import { CALENDAR_MAX_DATE, CALENDAR_MIN_DATE, todayInVietnam } from '../../domain/calendar/index.js';
import { ValidationError } from '../../domain/errors.js';
import {
  DISPOSITIONS,
  type Dialogue,
  type Disposition,
  type Recommendation,
  SOURCES,
  type Source,
} from '../../domain/model.js';
import { can } from '../../domain/permissions.js';
import type { AppDeps } from '../../http/env.js';
import { DialoguePatchSchema, NewDialogueSchema, NewRecommendationSchema } from '../../http/schemas.js';
import { type ImportedRow, type RowError, UnsupportedFileError } from '../../import/index.js';
import { workingDaysAfter } from '../../services/calendar-service.js';
import { lifecycleContext } from '../../services/context.js';
import {
  createDialogue,
  getDialogue,
  listDialogues,
  patchDialogue,
} from '../../services/dialogue-service.js';
import { unitFields } from '../../services/field-service.js';
import { checkImport, ImportRejectedError, importRecommendations } from '../../services/import-service.js';
import { createRecommendations } from '../../services/recommendation-service.js';
import { excerpt, ItemTable } from '../components.js';
import { departmentsOf, listAll, todayOf } from '../data.js';
import {
  DIALOGUE_STATUS_LABEL,
  DISPOSITION_LABEL,
  formatDate,
  parseDateInput,
  SOURCE_LABEL,
} from '../format.js';
import {
  dateValue,
  type FormState,
  formState,
  list,
  parseForm,
  readForm,
  refusalOf,
  str,
  versionValue,
} from '../forms.js';
import {
  CheckboxGroup,
  CsrfField,
  chromeOf,
  ErrorSummary,
  Layout,
  SelectField,
  TextField,
} from '../layout.js';
import { areaAction, PAGE_ACTIONS, postForm } from '../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, setFlash, type WebEnv } from '../session.js';
import { rowContents } from '../sheet-rows.js';

const MAX_UPLOAD_BYTES = 4 * 1024 * 1024;

type Ctx = Context<WebEnv>;

export function officeRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/office')));

  // ---------------------------------------------------------------- dialogues list
  app.get('/', async (c) => {
    const user = c.get('user');
    const dialogues = await listDialogues(deps, user.unitId, user);
    return sendPage(
      c,
      deps,
      <Layout title="Hội nghị đối thoại" chrome={await chromeOf(c, deps)}>
        <h1>Hội nghị tiếp xúc, đối thoại</h1>
        <p class="actions">
          <a class="button" href="/office/dialogues/new">
            Ghi nhận hội nghị mới
          </a>
        </p>
        {dialogues.length === 0 ? (
          <p>Chưa có hội nghị nào. Hãy ghi nhận hội nghị đầu tiên.</p>
        ) : (
          <table class="stack">
            <caption class="visually-hidden">Danh sách hội nghị, mới nhất trước</caption>
            <thead>
              <tr>
                <th scope="col">Hội nghị</th>
                <th scope="col">Ngày tổ chức</th>
                <th scope="col">Địa điểm</th>
                <th scope="col">Tình trạng</th>
                <th scope="col">Công khai</th>
              </tr>
            </thead>
            <tbody>
              {dialogues.map((d) => (
                <tr>
                  <td data-label="Hội nghị">
                    <a href={`/office/dialogues/${d.id}`}>{d.title}</a>
                  </td>
                  <td data-label="Ngày tổ chức" class="nowrap">
                    {formatDate(d.heldOn)}
                  </td>
                  <td data-label="Địa điểm">{d.location}</td>
                  <td data-label="Tình trạng">{DIALOGUE_STATUS_LABEL[d.status]}</td>
                  <td data-label="Công khai">
                    {d.published ? (
                      <span class="badge ok">Đã công khai</span>
                    ) : (
                      <span class="badge">Chưa công khai</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  // ---------------------------------------------------------------- record a dialogue
  const newDialoguePage = async (c: Ctx, form: FormState, status: 200 | 400 = 200) =>
    sendPage(
      c,
      deps,
      <Layout title="Ghi nhận hội nghị" chrome={await chromeOf(c, deps)}>
        <h1>Ghi nhận hội nghị mới</h1>
        <ErrorSummary
          form={form}
          labels={{
            title: 'Tên hội nghị',
            kind: 'Hình thức',
            heldOn: 'Ngày tổ chức',
            location: 'Địa điểm',
            chairs: 'Người chủ trì',
          }}
        />
        <form method="post" action="/office/dialogues" novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <TextField form={form} name="title" label="Tên hội nghị" required autofocus={!form.message} />
          <TextField
            form={form}
            name="kind"
            label="Hình thức"
            hint="Ví dụ: Hội nghị tiếp xúc, đối thoại; Hội nghị đối thoại chuyên đề."
          />
          <div class="row">
            <TextField
              form={form}
              name="heldOn"
              label="Ngày tổ chức"
              hint="Ngày/tháng/năm, ví dụ 10/10/2023."
              required
              inputmode="numeric"
              placeholder="dd/mm/yyyy"
              short
            />
          </div>
          <TextField form={form} name="location" label="Địa điểm" required />
          <TextField
            form={form}
            name="chairs"
            label="Người chủ trì"
            hint="Mỗi người một dòng, ví dụ: Bí thư Đảng ủy phường."
            multiline
            rows={3}
          />
          <p class="actions">
            <button type="submit">Lưu hội nghị</button>
            <a href="/office">Hủy</a>
          </p>
        </form>
      </Layout>,
      { status },
    );

  app.get('/dialogues/new', async (c) =>
    newDialoguePage(c, formState({ kind: 'Hội nghị tiếp xúc, đối thoại' })),
  );

  postForm(app, '/office', PAGE_ACTIONS.createDialogue, async (c) => {
    const values = await readForm(c);
    try {
      const typed: Record<string, string> = {};
      const input = parseForm(
        NewDialogueSchema,
        {
          title: str(values, 'title'),
          kind: str(values, 'kind') || undefined,
          heldOn: dateValue(values, 'heldOn', typed),
          location: str(values, 'location'),
          chairs: str(values, 'chairs')
            .split(/\r?\n/)
            .map((s) => s.trim())
            .filter(Boolean),
        },
        typed,
      );
      const dialogue = await createDialogue(deps, c.get('user').unitId, input, c.get('user'));
      setFlash(c, 'Đã ghi nhận hội nghị. Tiếp theo: nhập kiến nghị.');
      return c.redirect(`/office/dialogues/${dialogue.id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      return newDialoguePage(c, formState(values, r.message, r.errors), 400);
    }
  });

  // ---------------------------------------------------------------- dialogue detail
  const dialoguePage = async (
    c: Ctx,
    id: string,
    forms: { conclusion?: FormState; publish?: FormState } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = c.get('user');
    const dialogue = await getDialogue(deps, user.unitId, id, user);
    const [{ items, truncated }, departments, calendar] = await Promise.all([
      listAll(deps, user.unitId, user, { dialogueId: id }),
      departmentsOf(deps, user.unitId, user),
      deps.calendarFor(user.unitId),
    ]);
    const conclusion =
      forms.conclusion ??
      formState({
        conclusionNoticeNumber: dialogue.conclusionNoticeNumber ?? '',
        conclusionNoticeDate: formatDate(dialogue.conclusionNoticeDate),
        version: String(dialogue.version),
      });
    const publish = forms.publish ?? formState();
    const counts = new Map<string, number>();
    for (const rec of items) counts.set(rec.status, (counts.get(rec.status) ?? 0) + 1);
    return sendPage(
      c,
      deps,
      <Layout title={dialogue.title} chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/office">Hội nghị</a> › Chi tiết
        </p>
        <h1>{dialogue.title}</h1>
        <dl class="facts">
          <dt>Hình thức</dt>
          <dd>{dialogue.kind}</dd>
          <dt>Ngày tổ chức</dt>
          <dd>{formatDate(dialogue.heldOn)}</dd>
          <dt>Địa điểm</dt>
          <dd>{dialogue.location}</dd>
          <dt>Chủ trì</dt>
          <dd>{dialogue.chairs.join('; ') || 'Chưa ghi'}</dd>
          <dt>Tình trạng</dt>
          <dd>{DIALOGUE_STATUS_LABEL[dialogue.status]}</dd>
          <dt>Thông báo kết luận</dt>
          <dd>
            {dialogue.conclusionNoticeNumber
              ? `Số ${dialogue.conclusionNoticeNumber} ngày ${formatDate(dialogue.conclusionNoticeDate)}`
              : 'Chưa có'}
          </dd>
          <dt>Công khai kết quả</dt>
          <dd>
            {dialogue.published ? (
              <span class="badge ok">Đã công khai</span>
            ) : (
              <span class="badge">Chưa công khai</span>
            )}
          </dd>
        </dl>
        <p class="actions">
          {can(user, 'recommendation.create') ? (
            <a class="button" href={`/office/dialogues/${id}/add`}>
              Thêm kiến nghị
            </a>
          ) : null}
          {can(user, 'recommendation.import') ? (
            <a class="button secondary" href={`/office/dialogues/${id}/import`}>
              Nhập từ bảng tính
            </a>
          ) : null}
        </p>

        <div class="grid-2">
          <section class="panel" aria-labelledby="conclusion-heading">
            <h2 id="conclusion-heading">Thông báo kết luận</h2>
            <p class="hint">
              Văn phòng ban hành trong 10 ngày làm việc sau hội nghị, giao các cơ quan giải quyết kiến nghị
              còn lại.
            </p>
            <p class="actions">
              <a class="button" href={`/documents/dialogues/${id}/notice`}>
                Soạn, xem trước và ban hành
              </a>
              <a class="button secondary" href={`/documents/dialogues/${id}/results`}>
                Báo cáo kết quả
              </a>
            </p>
            <p class="hint">
              Hoặc chỉ ghi số, ngày của thông báo đã ban hành ngoài hệ thống (không gửi thư):
            </p>
            <ErrorSummary
              form={conclusion}
              prefix="c-"
              labels={{ conclusionNoticeNumber: 'Số thông báo', conclusionNoticeDate: 'Ngày ban hành' }}
            />
            <form method="post" action={`/office/dialogues/${id}/conclusion`} novalidate>
              <CsrfField token={c.get('csrfToken')} />
              <input type="hidden" name="version" value={String(dialogue.version)} />
              <TextField
                form={conclusion}
                prefix="c-"
                name="conclusionNoticeNumber"
                label="Số thông báo"
                hint="Ví dụ: 125/TB-UBND"
                required
              />
              <TextField
                form={conclusion}
                prefix="c-"
                name="conclusionNoticeDate"
                label="Ngày ban hành"
                hint="Ngày/tháng/năm."
                required
                inputmode="numeric"
                placeholder="dd/mm/yyyy"
                short
              />
              <button type="submit">Lưu thông báo kết luận</button>
            </form>
          </section>
          <section class="panel" aria-labelledby="publish-heading">
            <h2 id="publish-heading">Công khai kết quả</h2>
            <p class="hint">
              Luật Tổ chức chính quyền địa phương 2025 yêu cầu công khai kết quả đối thoại trong 10 ngày.
              Trang công khai hiện nội dung, tình trạng và trả lời của từng kiến nghị, không hiện tên người
              kiến nghị.
            </p>
            <ErrorSummary form={publish} prefix="p-" />
            <form method="post" action={`/office/dialogues/${id}/publish`}>
              <CsrfField token={c.get('csrfToken')} />
              <input type="hidden" name="version" value={String(dialogue.version)} />
              <input type="hidden" name="published" value={dialogue.published ? 'false' : 'true'} />
              <button type="submit" class={dialogue.published ? 'secondary' : undefined}>
                {dialogue.published ? 'Ngừng công khai' : 'Công khai kết quả'}
              </button>
            </form>
            <p>
              <a href={`/public/${encodeURIComponent(user.unitId)}`}>Xem trang công khai</a>
            </p>
          </section>
        </div>
        <h2 id="items">Kiến nghị ({items.length})</h2>
        {items.length === 0 ? (
          <p>Chưa có kiến nghị nào. Thêm từng kiến nghị hoặc nhập bảng tính Văn phòng đang dùng.</p>
        ) : (
          <>
            <p class="muted">
              {[...counts.entries()]
                .map(([status, n]) => `${n} ${(STATUS_SHORT as Record<string, string>)[status] ?? status}`)
                .join(' · ')}
            </p>
            <ItemTable
              items={items}
              caption={`Kiến nghị của hội nghị ${dialogue.title}`}
              departmentName={departments.name}
              today={todayOf(deps)}
              calendar={calendar}
            />
            {truncated ? (
              <p class="notice warn">Danh sách quá dài; chỉ hiện {items.length} kiến nghị đầu.</p>
            ) : null}
          </>
        )}
      </Layout>,
      { status },
    );
  };

  app.get('/dialogues/:id', async (c) => dialoguePage(c, c.req.param('id')));

  postForm(app, '/office', PAGE_ACTIONS.recordConclusion, async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const typed: Record<string, string> = {};
      const date = dateValue(values, 'conclusionNoticeDate', typed);
      if (date === undefined) typed.conclusionNoticeDate = 'Hãy nhập ngày ban hành.';
      const patch = parseForm(
        DialoguePatchSchema,
        {
          version: versionValue(values),
          conclusionNoticeNumber: str(values, 'conclusionNoticeNumber'),
          conclusionNoticeDate: date,
        },
        typed,
      );
      await patchDialogue(deps, c.get('user').unitId, id, patch, c.get('user'));
      setFlash(c, 'Đã lưu thông báo kết luận.');
      return c.redirect(`/office/dialogues/${id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return dialoguePage(
        c,
        id,
        { conclusion: formState(values, r.message, r.errors) },
        r.status === 409 ? 409 : 400,
      );
    }
  });

  postForm(app, '/office', PAGE_ACTIONS.publishDialogue, async (c) => {
    const id = c.req.param('id');
    const values = await readForm(c);
    const published = str(values, 'published') === 'true';
    try {
      const patch = parseForm(DialoguePatchSchema, { version: versionValue(values), published });
      await patchDialogue(deps, c.get('user').unitId, id, patch, c.get('user'));
      setFlash(
        c,
        published
          ? 'Đã công khai kết quả hội nghị trên trang công khai.'
          : 'Đã ngừng công khai kết quả hội nghị.',
      );
      return c.redirect(`/office/dialogues/${id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return dialoguePage(c, id, { publish: formState(values, r.message, r.errors) }, 409);
    }
  });

  // ---------------------------------------------------------------- quick entry
  const addPage = async (
    c: Ctx,
    dialogue: Dialogue,
    form: FormState,
    status: 200 | 400 | 403 | 409 | 422 = 200,
  ) => {
    const user = c.get('user');
    const [departments, ctx, { items }, fields] = await Promise.all([
      departmentsOf(deps, user.unitId, user),
      lifecycleContext(deps, user.unitId, user),
      listAll(deps, user.unitId, user, { dialogueId: dialogue.id }),
      unitFields(deps, user.unitId, user),
    ]);
    const recent = items.sort((a, b) => b.ref.localeCompare(a.ref)).slice(0, 5);
    const due = addWorkingDaysClamped(ctx.calendar, dialogue.heldOn, ctx.defaultAnswerWorkingDays);
    const deptOptions = [
      { value: '', label: '— Chưa giao —' },
      ...departments.offered().map((d) => ({ value: d.id, label: d.name })),
    ];
    return sendPage(
      c,
      deps,
      <Layout title="Thêm kiến nghị" chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/office">Hội nghị</a> ›{' '}
          <a href={`/office/dialogues/${dialogue.id}`}>{excerpt(dialogue.title, 80)}</a> › Thêm kiến nghị
        </p>
        <h1>Thêm kiến nghị</h1>
        <p class="lead">
          Nhập liên tiếp nhiều kiến nghị: sau mỗi lần lưu, ô nội dung trống và sẵn sàng cho kiến nghị tiếp
          theo. Nhấn <kbd>Ctrl</kbd> + <kbd>Enter</kbd> để lưu.
        </p>
        <ErrorSummary form={form} labels={ADD_LABELS} />
        <form method="post" action={`/office/dialogues/${dialogue.id}/add`} novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <input type="hidden" name="idem" value={str(form.values, 'idem') || randomUUID()} />
          <TextField
            form={form}
            name="content"
            label={ADD_LABELS.content}
            required
            multiline
            rows={4}
            autofocus={!form.message || Boolean(form.errors.content)}
          />
          <div class="row">
            <TextField
              form={form}
              name="residentialGroup"
              label={ADD_LABELS.residentialGroup}
              hint="Khu phố, tổ dân phố, thôn…"
            />
            <TextField
              form={form}
              name="raisedBy"
              label={ADD_LABELS.raisedBy}
              hint="Không hiện trên trang công khai."
            />
          </div>
          <div class="row">
            <TextField
              form={form}
              name="field"
              label={ADD_LABELS.field}
              extra={{ list: 'field-suggestions' }}
            />
            <SelectField
              form={form}
              name="source"
              label={ADD_LABELS.source}
              options={SOURCES.map((s) => ({ value: s, label: SOURCE_LABEL[s] }))}
            />
          </div>
          <datalist id="field-suggestions">
            {fields.map((f) => (
              <option value={f} />
            ))}
          </datalist>
          <div class="row">
            <SelectField
              form={form}
              name="disposition"
              label={ADD_LABELS.disposition}
              options={[
                { value: '', label: '— Phân loại sau —' },
                ...DISPOSITIONS.map((d) => ({ value: d, label: DISPOSITION_LABEL[d] })),
              ]}
            />
            <SelectField
              form={form}
              name="departmentId"
              label={ADD_LABELS.departmentId}
              options={deptOptions}
              hint="Bắt buộc khi giao đơn vị giải quyết."
            />
          </div>
          <details open={list(form.values, 'cooperatingDepartmentIds').length > 0}>
            <summary>Đơn vị phối hợp (không bắt buộc)</summary>
            <CheckboxGroup
              form={form}
              name="cooperatingDepartmentIds"
              legend="Đơn vị phối hợp"
              options={departments.offered().map((d) => ({ value: d.id, label: d.name }))}
            />
          </details>
          <TextField
            form={form}
            name="dueDate"
            label={ADD_LABELS.dueDate}
            hint={`Ngày/tháng/năm. Để trống: mặc định ${ctx.defaultAnswerWorkingDays} ngày làm việc sau ngày hội nghị, tức ${formatDate(due)} (đã trừ ngày nghỉ, ngày lễ).`}
            inputmode="numeric"
            placeholder="dd/mm/yyyy"
            short
          />
          <TextField
            form={form}
            name="answer"
            label={ADD_LABELS.answer}
            hint="Bắt buộc khi trả lời tại hội nghị (nội dung đã trả lời) hoặc không trả lời (lý do, được công khai)."
            multiline
            rows={3}
          />
          <p class="actions">
            <button type="submit">Lưu và nhập tiếp</button>
            <a href={`/office/dialogues/${dialogue.id}`}>Xong, về hội nghị</a>
          </p>
        </form>
        {recent.length ? (
          <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">Vừa nhập (hội nghị có {items.length} kiến nghị)</h2>
            <ul>
              {recent.map((r) => (
                <li>
                  <a href={`/items/${r.id}`}>{r.ref}</a> — {excerpt(r.content, 100)}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </Layout>,
      { status },
    );
  };

  app.get('/dialogues/:id/add', async (c) => {
    const dialogue = await getDialogue(deps, c.get('user').unitId, c.req.param('id'), c.get('user'));
    const q = c.req.query();
    // What stays the same from one recommendation to the next is kept; the text starts empty.
    return addPage(
      c,
      dialogue,
      formState({
        source: SOURCES.includes(q.source as Source) ? (q.source as string) : 'at_dialogue',
        disposition: DISPOSITIONS.includes(q.disposition as Disposition) ? (q.disposition as string) : '',
        departmentId: q.departmentId ?? '',
        residentialGroup: q.residentialGroup ?? '',
      }),
    );
  });

  postForm(app, '/office', PAGE_ACTIONS.addRecommendation, async (c) => {
    const user = c.get('user');
    const dialogue = await getDialogue(deps, user.unitId, c.req.param('id'), user);
    const values = await readForm(c);
    try {
      const disposition = str(values, 'disposition') as Disposition | '';
      const typed: Record<string, string> = {};
      const dueDate = dateValue(values, 'dueDate', typed);
      const answerText = str(values, 'answer') || null;
      const input = {
        content: str(values, 'content'),
        raisedBy: str(values, 'raisedBy') || null,
        residentialGroup: str(values, 'residentialGroup') || null,
        field: str(values, 'field') || null,
        source: str(values, 'source') || 'at_dialogue',
        disposition: disposition || null,
        departmentId: str(values, 'departmentId') || null,
        cooperatingDepartmentIds: list(values, 'cooperatingDepartmentIds'),
        dueDate: disposition === 'assigned' ? (dueDate ?? null) : null,
        answer: disposition === 'answered_at_dialogue' ? answerText : null,
        reason: disposition === 'declined' ? answerText : null,
      };
      const parsed = parseForm(NewRecommendationSchema, input, typed);
      const { items } = await createRecommendations(deps, user.unitId, dialogue.id, [parsed], user, {
        idempotencyKey: `web-add:${str(values, 'idem') || randomUUID()}`,
      });
      const created = items[0] as Recommendation;
      setFlash(c, `Đã lưu kiến nghị ${created.ref}. Nhập tiếp kiến nghị sau.`);
      const keep = new URLSearchParams({
        source: String(input.source),
        disposition: disposition,
        departmentId: str(values, 'departmentId'),
        residentialGroup: str(values, 'residentialGroup'),
      });
      return c.redirect(`/office/dialogues/${dialogue.id}/add?${keep}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return addPage(c, dialogue, formState(values, r.message, renameReason(r.errors)), r.status);
    }
  });

  // ---------------------------------------------------------------- spreadsheet import
  const importPage = async (
    c: Ctx,
    dialogue: Dialogue,
    state: {
      message?: string;
      errors?: RowError[];
      contents?: Map<number, string>;
      rows?: PreviewRow[];
      file?: { base64: string; filename: string; contentType: string };
    } = {},
    status: 200 | 400 | 409 | 422 = 200,
  ) => {
    const user = c.get('user');
    const departments = await departmentsOf(deps, user.unitId, user);
    const errorsByRow = new Map<number, RowError[]>();
    for (const e of state.errors ?? []) errorsByRow.set(e.row, [...(errorsByRow.get(e.row) ?? []), e]);
    return sendPage(
      c,
      deps,
      <Layout title="Nhập kiến nghị từ bảng tính" chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/office">Hội nghị</a> ›{' '}
          <a href={`/office/dialogues/${dialogue.id}`}>{excerpt(dialogue.title, 80)}</a> › Nhập từ bảng tính
        </p>
        <h1>Nhập kiến nghị từ bảng tính</h1>
        {state.message ? (
          <div class="notice error" role="alert" tabindex={-1} data-error-summary="">
            <p>
              <strong>{state.message}</strong>
            </p>
          </div>
        ) : null}
        {state.errors?.length ? (
          <section aria-labelledby="errors-heading">
            <h2 id="errors-heading">
              Các dòng cần sửa ({errorsByRow.size} dòng, {state.errors.length} lỗi)
            </h2>
            <p>Chưa ghi kiến nghị nào. Hãy sửa các dòng dưới đây trong bảng tính rồi chọn lại tệp.</p>
            <table class="stack">
              <caption class="visually-hidden">Lỗi theo từng dòng của bảng tính</caption>
              <thead>
                <tr>
                  <th scope="col">Dòng</th>
                  <th scope="col">Nội dung kiến nghị</th>
                  <th scope="col">Lỗi</th>
                </tr>
              </thead>
              <tbody>
                {[...errorsByRow.entries()].map(([row, errors]) => (
                  <tr class="has-error" id={`row-${row}`}>
                    <th scope="row" data-label="Dòng">
                      Dòng {row}
                    </th>
                    <td data-label="Nội dung kiến nghị">{excerpt(state.contents?.get(row) ?? '', 140)}</td>
                    <td data-label="Lỗi">
                      <ul>
                        {errors.map((e) => (
                          <li>
                            <strong>{e.column}:</strong> {e.message}
                          </li>
                        ))}
                      </ul>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ) : null}
        {state.rows && state.file ? (
          <section aria-labelledby="preview-heading">
            <h2 id="preview-heading">Xem trước: {state.rows.length} kiến nghị hợp lệ</h2>
            <p>
              Tệp <strong>{state.file.filename}</strong> không có lỗi. Kiểm tra rồi bấm «Ghi{' '}
              {state.rows.length} kiến nghị». Chưa có gì được ghi cho tới khi bạn xác nhận.
            </p>
            <form method="post" action={`/office/dialogues/${dialogue.id}/import/confirm`}>
              <CsrfField token={c.get('csrfToken')} />
              <input type="hidden" name="file" value={state.file.base64} />
              <input type="hidden" name="filename" value={state.file.filename} />
              <input type="hidden" name="contentType" value={state.file.contentType} />
              <p class="actions">
                <button type="submit">Ghi {state.rows.length} kiến nghị</button>
                <a href={`/office/dialogues/${dialogue.id}/import`}>Chọn tệp khác</a>
              </p>
            </form>
            <PreviewTable rows={state.rows} departmentName={departments.name} />
          </section>
        ) : null}
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">{state.errors?.length || state.rows ? 'Chọn tệp khác' : 'Chọn tệp'}</h2>
          <p>
            Nhận tệp Excel (.xlsx) hoặc CSV (.csv) mà Văn phòng đang dùng: tiêu đề cột tiếng Việt (Nội dung
            kiến nghị, Người kiến nghị, Khu phố, Lĩnh vực, Nguồn, Hướng xử lý, Đơn vị chủ trì, Đơn vị phối
            hợp, Hạn xử lý, Ghi chú…), theo thứ tự bất kỳ. Tên đơn vị phải trùng với danh sách đơn vị (
            {departments.list.length} đơn vị).
          </p>
          <form
            method="post"
            action={`/office/dialogues/${dialogue.id}/import`}
            enctype="multipart/form-data"
          >
            <CsrfField token={c.get('csrfToken')} />
            <div class="field">
              <label for="f-file">Tệp bảng tính</label>
              <p class="hint" id="f-file-hint">
                Tối đa 4 MB. Hệ thống kiểm tra toàn bộ tệp và cho xem trước, chưa ghi gì.
              </p>
              <input
                type="file"
                id="f-file"
                name="file"
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                required
                aria-describedby="f-file-hint"
              />
            </div>
            <button type="submit">Kiểm tra và xem trước</button>
          </form>
        </section>
      </Layout>,
      { status },
    );
  };

  app.get('/dialogues/:id/import', async (c) =>
    importPage(c, await getDialogue(deps, c.get('user').unitId, c.req.param('id'), c.get('user'))),
  );

  postForm(app, '/office', PAGE_ACTIONS.previewImport, async (c) => {
    const user = c.get('user');
    const dialogue = await getDialogue(deps, user.unitId, c.req.param('id'), user);
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0)
      return importPage(c, dialogue, { message: 'Hãy chọn một tệp .xlsx hoặc .csv.' }, 400);
    if (file.size > MAX_UPLOAD_BYTES)
      return importPage(c, dialogue, { message: 'Tệp lớn hơn 4 MB; hãy chia thành nhiều tệp.' }, 400);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const input = { bytes, contentType: file.type, filename: file.name };
    try {
      // The same check the write runs: a file previewed clean is written on confirmation.
      const checked = await checkImport(deps, user.unitId, dialogue.id, input, user);
      return importPage(c, dialogue, {
        rows: checked.rows,
        file: { base64: Buffer.from(bytes).toString('base64'), filename: file.name, contentType: file.type },
      });
    } catch (error) {
      if (error instanceof ImportRejectedError) {
        return importPage(
          c,
          dialogue,
          { message: error.message, errors: error.rows, contents: await rowContents(input) },
          422,
        );
      }
      if (error instanceof UnsupportedFileError)
        return importPage(c, dialogue, { message: error.message }, 422);
      throw error;
    }
  });

  postForm(app, '/office', PAGE_ACTIONS.confirmImport, async (c) => {
    const user = c.get('user');
    const dialogue = await getDialogue(deps, user.unitId, c.req.param('id'), user);
    const values = await readForm(c);
    const bytes = new Uint8Array(Buffer.from(str(values, 'file'), 'base64'));
    const input = { bytes, contentType: str(values, 'contentType'), filename: str(values, 'filename') };
    if (bytes.length === 0)
      return importPage(c, dialogue, { message: 'Không nhận được tệp; hãy chọn lại tệp.' }, 400);
    try {
      const result = await importRecommendations(deps, user.unitId, dialogue.id, input, user);
      setFlash(
        c,
        result.imported > 0
          ? `Đã nhập ${result.imported} kiến nghị từ tệp ${input.filename}.`
          : `Tệp ${input.filename} đã được nhập trước đó (${result.alreadyImported} kiến nghị); không tạo trùng.`,
      );
      return c.redirect(`/office/dialogues/${dialogue.id}#items`, 303);
    } catch (error) {
      if (error instanceof ImportRejectedError) {
        return importPage(
          c,
          dialogue,
          { message: error.message, errors: error.rows, contents: await rowContents(input) },
          422,
        );
      }
      if (error instanceof UnsupportedFileError)
        return importPage(c, dialogue, { message: error.message }, 422);
      const r = refusalOf(error);
      return importPage(
        c,
        dialogue,
        { message: r.message },
        r.status === 404 ? 400 : r.status === 403 ? 400 : r.status,
      );
    }
  });

  // ---------------------------------------------------------------- due date preview
  app.get('/due-date', async (c) => {
    const user = c.get('user');
    const days = Number(c.req.query('days'));
    const fromText = c.req.query('from');
    const from = fromText ? parseDateInput(fromText) : todayInVietnam(deps.clock.now());
    if (!Number.isInteger(days) || days < 0 || days > 365) {
      return c.json({ error: 'Số ngày làm việc phải là số nguyên từ 0 đến 365' }, 400);
    }
    if (!from || from < CALENDAR_MIN_DATE || from > CALENDAR_MAX_DATE) {
      return c.json({ error: 'Ngày bắt đầu không hợp lệ (ngày/tháng/năm, từ 1990 đến 2100)' }, 400);
    }
    let date: string;
    try {
      date = await workingDaysAfter(deps, user.unitId, user, from, days);
    } catch (error) {
      if (error instanceof ValidationError)
        return c.json({ error: 'Hạn tính ra vượt quá lịch (hết năm 2100)' }, 400);
      throw error;
    }
    return c.json({
      date,
      display: formatDate(date),
      text: `${days} ngày làm việc sau ${formatDate(from)} là ${formatDate(date)} (đã trừ ngày nghỉ, ngày lễ).`,
    });
  });

  app.get('*', unknownPage);
  return app;
}

const STATUS_SHORT = {
  received: 'chờ phân loại',
  assigned: 'đang giải quyết',
  resolved: 'chờ xem xét',
  confirmed: 'đã giải quyết xong',
  answered_at_dialogue: 'trả lời tại hội nghị',
  forwarded: 'chuyển cấp trên',
  declined: 'không trả lời',
};

const ADD_LABELS = {
  content: 'Nội dung kiến nghị',
  residentialGroup: 'Khu phố',
  raisedBy: 'Người kiến nghị',
  field: 'Lĩnh vực',
  source: 'Nguồn',
  disposition: 'Hướng xử lý',
  departmentId: 'Đơn vị chủ trì',
  cooperatingDepartmentIds: 'Đơn vị phối hợp',
  dueDate: 'Hạn xử lý',
  answer: 'Nội dung trả lời hoặc lý do',
};

/** The form has one box for an answer given at the dialogue and for a decline's reason. */
function renameReason(errors: Record<string, string>): Record<string, string> {
  const { reason, ...rest } = errors;
  return reason && !rest.answer ? { ...rest, answer: reason } : rest;
}

type PreviewRow = ImportedRow;

const PreviewTable: FC<{ rows: PreviewRow[]; departmentName: (id: string | null) => string }> = ({
  rows,
  departmentName,
}) => (
  <table class="stack">
    <caption class="visually-hidden">Các kiến nghị sẽ được ghi</caption>
    <thead>
      <tr>
        <th scope="col">Dòng</th>
        <th scope="col">Nội dung</th>
        <th scope="col">Khu phố</th>
        <th scope="col">Lĩnh vực</th>
        <th scope="col">Nguồn</th>
        <th scope="col">Hướng xử lý</th>
        <th scope="col">Đơn vị chủ trì</th>
        <th scope="col">Hạn xử lý</th>
      </tr>
    </thead>
    <tbody>
      {rows.map((r) => (
        <tr>
          <td data-label="Dòng" class="nowrap">
            {r.row}
          </td>
          <td data-label="Nội dung">{excerpt(r.content, 140)}</td>
          <td data-label="Khu phố">{r.residentialGroup ?? ''}</td>
          <td data-label="Lĩnh vực">{r.field ?? ''}</td>
          <td data-label="Nguồn">{SOURCE_LABEL[r.source]}</td>
          <td data-label="Hướng xử lý">
            {r.disposition ? DISPOSITION_LABEL[r.disposition] : 'Phân loại sau'}
          </td>
          <td data-label="Đơn vị chủ trì">{departmentName(r.departmentId ?? null)}</td>
          <td data-label="Hạn xử lý" class="nowrap">
            {r.dueDate ? formatDate(r.dueDate) : r.disposition === 'assigned' ? 'Mặc định' : ''}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);
