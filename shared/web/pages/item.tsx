/**
 * One recommendation: everything about it, its history as a timeline, and what the signed-in user may
 * do with it now (the office assigns, the lead department answers, the Front confirms or reopens).
 */
import { type Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { addWorkingDaysClamped, addWorkingDaysWithin } from '../../domain/calendar/clamp.js';
import type { WorkingCalendar } from '../../domain/calendar/index.js';
import {
  DISPOSITIONS,
  type Disposition,
  type HistoryEntry,
  type IsoDate,
  type Recommendation,
  type Status,
} from '../../domain/model.js';
import { can } from '../../domain/permissions.js';
import type { Principal } from '../../http/auth.js';
import type { AppDeps } from '../../http/env.js';
import {
  CooperationNoteInputSchema,
  ForwardSchema,
  RecommendationPatchSchema,
  ResolveSchema,
  ReviewSchema,
} from '../../http/schemas.js';
import { answerWorkingDays } from '../../services/context.js';
import { forwardItem } from '../../services/forward-service.js';
import {
  addNote,
  getVisible,
  patchItem,
  recommendationHistory,
  resolveItem,
  reviewItem,
} from '../../services/recommendation-service.js';
import { LateBadge, StatusBadge } from '../components.js';
import { departmentsOf, todayOf } from '../data.js';
import {
  ACTION_LABEL,
  DISPOSITION_LABEL,
  FIELD_LABEL,
  formatDate,
  formatDateTime,
  ROLE_LABEL,
  SOURCE_LABEL,
  STATUS_LABEL,
} from '../format.js';
import {
  dateValue,
  type FormState,
  formState,
  list,
  parseForm,
  readForm,
  refusalOf,
  refuse,
  str,
  versionValue,
} from '../forms.js';
import {
  CheckboxGroup,
  CsrfField,
  chromeOf,
  ErrorSummary,
  homeOf,
  Layout,
  SelectField,
  TextField,
} from '../layout.js';
import { areaAction, getView, PAGE_ACTIONS, PAGE_VIEWS, postForm } from '../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, setFlash, type WebEnv } from '../session.js';
import { CooperationSection, canCooperate } from './cooperation.js';
import { frontPage } from './front.js';
import { ItemFiles, itemFileRoutes } from './item-files.js';
import { itemListExport, itemListPage } from './items-list.js';
import { ReviewForms } from './review-forms.js';

type Ctx = Context<WebEnv>;

const HOME_LABEL: Record<string, string> = {
  '/inbox': '‹ Việc cần trả lời',
  '/front': '‹ Giám sát',
  '/standing': '‹ Tổng hợp quý',
  '/office': '‹ Hội nghị',
};

const OFFICE_EDITABLE: ReadonlySet<Status> = new Set(['received', 'assigned', 'forwarded']);

export interface ItemForms {
  files?: FormState;
  assign?: FormState;
  resolve?: FormState;
  review?: FormState;
  forward?: FormState;
  cooperate?: FormState;
}

/** Which forms the item page offers: what the permission table allows, in a status where it applies. */
export function canAssign(u: Principal, rec: Recommendation) {
  // An item forwarded through the tracker is answered by the parent unit, not typed in here.
  return OFFICE_EDITABLE.has(rec.status) && !rec.forwardedTo && can(u, 'recommendation.update', rec);
}
/** Forwarding upward: an open item not yet forwarded through the tracker, in a unit with a parent. */
export function canForward(u: Principal, rec: Recommendation, parentId: string | null) {
  return (
    parentId !== null &&
    OFFICE_EDITABLE.has(rec.status) &&
    !rec.forwardedTo &&
    can(u, 'recommendation.forward', rec)
  );
}
export function canResolve(u: Principal, rec: Recommendation) {
  return rec.status === 'assigned' && can(u, 'recommendation.resolve', rec);
}
export function canReview(u: Principal, rec: Recommendation) {
  return rec.status === 'resolved' && can(u, 'recommendation.review', rec);
}

function assignDefaults(
  rec: Recommendation,
  today: IsoDate,
  calendar: WorkingCalendar,
  defaultDays: number,
): FormState {
  const daysLeft =
    rec.dueDate && rec.dueDate > today ? calendar.workingDaysBetween(today, rec.dueDate) : defaultDays;
  const due = rec.dueDate ?? addWorkingDaysClamped(calendar, today, defaultDays);
  return formState({
    disposition: rec.disposition ?? 'assigned',
    departmentId: rec.departmentId ?? '',
    cooperatingDepartmentIds: rec.cooperatingDepartmentIds,
    dueDate: formatDate(due),
    days: String(daysLeft),
    reason: '',
    answer: '',
  });
}

export async function itemPage(
  deps: AppDeps,
  c: Ctx,
  id: string,
  forms: ItemForms = {},
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const user = c.get('user');
  const rec = await getVisible(deps, user.unitId, id, user, true);
  const [departments, calendar, history, dialogue, unit] = await Promise.all([
    departmentsOf(deps, user.unitId, user),
    deps.calendarFor(user.unitId),
    recommendationHistory(deps, user.unitId, id, user),
    deps.dialogues.get(user.unitId, rec.dialogueId),
    deps.units.cachedUnit(user.unitId),
  ]);
  const parent = unit?.parentId ? await deps.units.cachedUnit(unit.parentId) : undefined;
  const forward = forms.forward ?? formState();
  const today = todayOf(deps);
  const csrf = c.get('csrfToken');
  const assign =
    forms.assign ?? assignDefaults(rec, today, calendar, await answerWorkingDays(deps, user.unitId));
  const resolve = forms.resolve ?? formState();
  const review = forms.review ?? formState();
  const deptOptions = [
    { value: '', label: '— Chọn đơn vị —' },
    ...departments
      .offered([rec.departmentId, ...rec.cooperatingDepartmentIds])
      .map((d) => ({ value: d.id, label: d.name })),
  ];
  // A refused action whose form is no longer offered (the item moved on) is reported at the top.
  const shown = {
    assign: canAssign(user, rec),
    resolve: canResolve(user, rec),
    review: canReview(user, rec),
    forward: canForward(user, rec, parent?.id ?? null),
    cooperate: canCooperate(user, rec),
  };
  const orphans = (['assign', 'resolve', 'review', 'forward', 'cooperate'] as const)
    .filter((k) => !shown[k] && forms[k]?.message)
    .map((k) => forms[k]?.message ?? '');
  return sendPage(
    c,
    deps,
    <Layout title={`Kiến nghị ${rec.ref}`} chrome={await chromeOf(c, deps)}>
      <p class="muted">
        {can(user, 'dialogue.update') && dialogue ? (
          <>
            <a href="/office">Hội nghị</a> › <a href={`/office/dialogues/${dialogue.id}`}>{dialogue.title}</a>{' '}
            › {rec.ref}
          </>
        ) : (
          <a href={homeOf(user)}>{HOME_LABEL[homeOf(user)] ?? 'Về trang chính'}</a>
        )}
      </p>
      <h1>Kiến nghị {rec.ref}</h1>
      {orphans.map((message) => (
        <div class="notice error" role="alert" tabindex={-1} data-error-summary="">
          <p>
            <strong>{message}</strong>
          </p>
        </div>
      ))}
      <p>
        <StatusBadge rec={rec} /> <LateBadge rec={rec} today={today} calendar={calendar} />
        {rec.reopenCount > 0 ? <span class="badge warn">Đã mở lại {rec.reopenCount} lần</span> : null}
      </p>
      <blockquote class="content">{rec.content}</blockquote>
      {rec.reopenCount > 0 && rec.reason && rec.status === 'assigned' ? (
        <div class="notice warn">
          <p>
            <strong>Lý do Mặt trận mở lại:</strong> {rec.reason}
          </p>
        </div>
      ) : null}
      <dl class="facts">
        <dt>Hội nghị</dt>
        <dd>
          {dialogue && can(user, 'dialogue.read') ? (
            <a href={`/office/dialogues/${dialogue.id}`}>{dialogue.title}</a>
          ) : (
            dialogue?.title
          )}
          {dialogue ? ` (${formatDate(dialogue.heldOn)})` : ''}
        </dd>
        <dt>Người kiến nghị</dt>
        <dd>{rec.raisedBy ?? 'Không ghi'}</dd>
        <dt>Khu phố</dt>
        <dd>{rec.residentialGroup ?? 'Không ghi'}</dd>
        <dt>Lĩnh vực</dt>
        <dd>{rec.field ?? 'Không ghi'}</dd>
        <dt>Nguồn</dt>
        <dd>{SOURCE_LABEL[rec.source]}</dd>
        <dt>Hướng xử lý</dt>
        <dd>{rec.disposition ? DISPOSITION_LABEL[rec.disposition] : 'Chưa phân loại'}</dd>
        <dt>Đơn vị chủ trì</dt>
        <dd>{departments.name(rec.departmentId) || 'Chưa giao'}</dd>
        <dt>Đơn vị phối hợp</dt>
        <dd>{rec.cooperatingDepartmentIds.map((d) => departments.name(d)).join('; ') || 'Không có'}</dd>
        <dt>Hạn xử lý</dt>
        <dd>{rec.dueDate ? formatDate(rec.dueDate) : 'Không có'}</dd>
        {rec.forwardedTo ? (
          <>
            <dt>Đã chuyển cấp trên</dt>
            <dd>
              {parent?.name ?? rec.forwardedTo.unitId}, kiến nghị {rec.forwardedTo.ref}:{' '}
              {STATUS_LABEL[rec.forwardedTo.status]}
            </dd>
          </>
        ) : null}
        {rec.forwardedFrom ? (
          <>
            <dt>Cấp dưới chuyển lên</dt>
            <dd>
              {rec.forwardedFrom.unitName}, kiến nghị {rec.forwardedFrom.ref}
              {rec.forwardedFrom.note ? (
                <>
                  <br />
                  <span class="muted">Ghi chú: {rec.forwardedFrom.note}</span>
                </>
              ) : null}
            </dd>
          </>
        ) : null}
        {rec.status === 'declined' ? (
          <>
            <dt>Lý do không trả lời</dt>
            <dd>{rec.reason}</dd>
          </>
        ) : null}
        <dt>
          {rec.answer && rec.status === 'assigned'
            ? 'Trả lời trước đây (chưa đạt)'
            : rec.forwardedTo
              ? 'Trả lời của cấp trên'
              : 'Trả lời'}
        </dt>
        <dd>
          {rec.answer ? (
            <>
              {rec.answer.text}
              <br />
              <span class="muted">
                {rec.answer.responder} · {formatDate(rec.answer.date)}
                {rec.answer.documentRef ? ` · Văn bản số ${rec.answer.documentRef}` : ''}
              </span>
            </>
          ) : (
            'Chưa có'
          )}
        </dd>
        {rec.escalationLevel > 0 || rec.nextEscalationAt ? (
          <>
            <dt>Đôn đốc</dt>
            <dd>
              {rec.escalationLevel > 0 ? `Đã đôn đốc mức ${rec.escalationLevel}` : 'Chưa đôn đốc'}
              {rec.nextEscalationAt
                ? `; lần nhắc tiếp theo ${formatDate(rec.nextEscalationAt.slice(0, 10))}`
                : ''}
            </dd>
          </>
        ) : null}
      </dl>

      <CooperationSection
        rec={rec}
        user={user}
        form={forms.cooperate ?? formState()}
        csrf={csrf}
        departmentName={departments.name}
      />

      {canResolve(user, rec) ? (
        <section class="panel" aria-labelledby="resolve-heading" id="resolve">
          <h2 id="resolve-heading">Trả lời và đánh dấu đã giải quyết</h2>
          <p class="hint">
            Trả lời bằng văn bản; ghi số, ký hiệu văn bản để Mặt trận và Nhân dân đối chiếu. Sau khi gửi, Mặt
            trận sẽ xem xét.
          </p>
          <ErrorSummary
            form={resolve}
            prefix="r-"
            labels={{ answer: 'Nội dung trả lời', documentRef: 'Số, ký hiệu văn bản' }}
          />
          <div class="beside">
            <figure class="asked">
              <figcaption>Kiến nghị {rec.ref}</figcaption>
              <blockquote>{rec.content}</blockquote>
            </figure>
            <form method="post" action={`/items/${rec.id}/resolve`} novalidate>
              <CsrfField token={csrf} />
              <input type="hidden" name="version" value={String(rec.version)} />
              <TextField
                form={resolve}
                prefix="r-"
                name="answer"
                label="Nội dung trả lời"
                required
                multiline
                rows={5}
              />
              <TextField
                form={resolve}
                prefix="r-"
                name="documentRef"
                label="Số, ký hiệu văn bản trả lời"
                hint="Ví dụ: 215/UBND-ĐC"
                short
              />
              <button type="submit">Gửi trả lời, đánh dấu đã giải quyết</button>
            </form>
          </div>
        </section>
      ) : null}

      {canReview(user, rec) ? (
        <ReviewForms rec={rec} form={review} csrf={csrf} from="item" prefix="v-" />
      ) : null}

      {shown.forward && parent ? (
        <section class="panel" aria-labelledby="forward-heading" id="forward">
          <h2 id="forward-heading">Chuyển lên {parent.name}</h2>
          <p class="hint">
            Kiến nghị vượt thẩm quyền: {parent.name} nhận một kiến nghị mới, giao xử lý và trả lời; câu trả
            lời hiện ở đây và trên trang công khai.
          </p>
          <ErrorSummary
            form={forward}
            prefix="f-"
            labels={{ note: 'Ghi chú gửi cấp trên', toUnitId: 'Cấp trên' }}
          />
          <form method="post" action={`/items/${rec.id}/forward`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(rec.version)} />
            <input type="hidden" name="toUnitId" value={parent.id} />
            <TextField
              form={forward}
              prefix="f-"
              name="note"
              label="Ghi chú gửi cấp trên"
              multiline
              rows={3}
            />
            <button type="submit">Chuyển lên {parent.name}</button>
          </form>
        </section>
      ) : null}

      {canAssign(user, rec) ? (
        <section class="panel" aria-labelledby="assign-heading" id="assign">
          <h2 id="assign-heading">
            {rec.status === 'received'
              ? 'Phân loại, giao xử lý'
              : rec.status === 'forwarded'
                ? 'Cập nhật kiến nghị chuyển cấp trên'
                : 'Giao lại, đổi hạn xử lý'}
          </h2>
          <ErrorSummary
            form={assign}
            prefix="a-"
            labels={{
              disposition: 'Hướng xử lý',
              departmentId: 'Đơn vị chủ trì',
              cooperatingDepartmentIds: 'Đơn vị phối hợp',
              days: 'Số ngày làm việc',
              dueDate: 'Hạn xử lý',
              reason: 'Lý do',
              answer: 'Nội dung trả lời',
            }}
          />
          <form method="post" action={`/items/${rec.id}/assign`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(rec.version)} />
            <SelectField
              form={assign}
              prefix="a-"
              name="disposition"
              label="Hướng xử lý"
              options={DISPOSITIONS.map((d) => ({ value: d, label: DISPOSITION_LABEL[d] }))}
            />
            <SelectField
              form={assign}
              prefix="a-"
              name="departmentId"
              label="Đơn vị chủ trì"
              options={deptOptions}
              hint="Khi giao đơn vị giải quyết."
            />
            <details open={list(assign.values, 'cooperatingDepartmentIds').length > 0}>
              <summary>Đơn vị phối hợp</summary>
              <CheckboxGroup
                form={assign}
                prefix="a-"
                name="cooperatingDepartmentIds"
                legend="Đơn vị phối hợp"
                options={departments
                  .offered([rec.departmentId, ...rec.cooperatingDepartmentIds])
                  .map((d) => ({ value: d.id, label: d.name }))}
              />
            </details>
            <div class="row">
              <TextField
                form={assign}
                prefix="a-"
                name="days"
                label="Số ngày làm việc để giải quyết"
                hint="Tính từ hôm nay, không kể ngày nghỉ, ngày lễ."
                type="number"
                inputmode="numeric"
                short
                extra={{
                  min: '0',
                  max: '365',
                  'data-due-days': '',
                  'data-due-target': 'a-f-dueDate',
                  'data-due-output': 'a-due-text',
                }}
              />
              <TextField
                form={assign}
                prefix="a-"
                name="dueDate"
                label="Hạn xử lý"
                hint="Ngày/tháng/năm; tính sẵn từ số ngày làm việc, có thể sửa."
                inputmode="numeric"
                placeholder="dd/mm/yyyy"
                short
              />
            </div>
            <p class="hint" id="a-due-text" aria-live="polite">
              {str(assign.values, 'dueText')}
            </p>
            <p>
              <button type="submit" name="intent" value="preview" class="secondary">
                Tính hạn theo lịch làm việc
              </button>
            </p>
            <TextField
              form={assign}
              prefix="a-"
              name="reason"
              label="Lý do"
              hint="Bắt buộc khi đổi hạn xử lý hoặc khi không trả lời (lý do được công khai)."
              multiline
              rows={2}
            />
            <TextField
              form={assign}
              prefix="a-"
              name="answer"
              label="Nội dung trả lời"
              hint="Khi trả lời tại hội nghị, hoặc để ghi trả lời của cấp trên cho kiến nghị đã chuyển."
              multiline
              rows={3}
            />
            <button type="submit" name="intent" value="save">
              Lưu
            </button>
          </form>
        </section>
      ) : null}

      <ItemFiles rec={rec} user={user} csrf={csrf} form={forms.files} />

      <section aria-labelledby="history-heading" class="print-break">
        <h2 id="history-heading">Lịch sử</h2>
        <Timeline entries={history} departmentName={departments.name} />
      </section>
    </Layout>,
    { status },
  );
}

/** Each history entry: when, who, what, and the fields it changed. */
const Timeline: FC<{ entries: HistoryEntry[]; departmentName: (id: string | null) => string }> = ({
  entries,
  departmentName,
}) => (
  <ol class="timeline">
    {entries.map((e) => {
      const changes = describeChanges(e, departmentName);
      return (
        <li>
          <div class="when">
            <time datetime={e.at}>{formatDateTime(e.at)}</time> · {e.actor.name}
            {e.actor.roles?.length
              ? ` (${e.actor.roles.map((r) => (r === 'department' && e.actor.departmentId ? departmentName(e.actor.departmentId) : ROLE_LABEL[r])).join(', ')})`
              : ''}
          </div>
          <div class="what">{ACTION_LABEL[e.action] ?? e.action}</div>
          {e.reason ? <div>Lý do: {e.reason}</div> : null}
          {changes.length ? (
            <ul class="changes">
              {changes.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          ) : null}
        </li>
      );
    })}
  </ol>
);

function showValue(key: string, value: unknown, departmentName: (id: string | null) => string): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  switch (key) {
    case 'status':
      return STATUS_LABEL[value as Status] ?? String(value);
    case 'disposition':
      return DISPOSITION_LABEL[value as Disposition] ?? String(value);
    case 'departmentId':
      return departmentName(String(value));
    case 'cooperatingDepartmentIds':
      return Array.isArray(value) && value.length
        ? value.map((v) => departmentName(String(v))).join('; ')
        : '(không có)';
    case 'dueDate':
      return formatDate(String(value));
    case 'answer': {
      const a = value as { text?: string; documentRef?: string | null };
      return `${a.text ?? ''}${a.documentRef ? ` (văn bản số ${a.documentRef})` : ''}`;
    }
    default:
      return String(value);
  }
}

function describeChanges(e: HistoryEntry, departmentName: (id: string | null) => string): string[] {
  const after = e.after ?? {};
  const before = e.before;
  const note = after.cooperationNote as { departmentId?: string; text?: string } | undefined;
  if (note) return [`${departmentName(note.departmentId ?? null)}: ${note.text ?? ''}`];
  if (!before) {
    // A creation: the state it was created in.
    return ['status', 'departmentId', 'dueDate']
      .filter((k) => after[k] !== null && after[k] !== undefined)
      .map((k) => `${FIELD_LABEL[k]}: ${showValue(k, after[k], departmentName)}`);
  }
  return Object.keys(after)
    .filter((k) => FIELD_LABEL[k] && !(k === 'reason' && e.reason))
    .map(
      (k) =>
        `${FIELD_LABEL[k]}: ${showValue(k, before[k], departmentName)} → ${showValue(k, after[k], departmentName)}`,
    );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function itemRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/items')));

  getView(app, '/items', PAGE_VIEWS.itemList, async (c) => itemListPage(deps, c));
  getView(app, '/items', PAGE_VIEWS.itemListExport, async (c) => itemListExport(deps, c));
  app.get('/:id', async (c) => itemPage(deps, c, c.req.param('id')));

  postForm(app, '/items', PAGE_ACTIONS.assignItem, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    const rec = await getVisible(deps, user.unitId, id, user, true);
    if (!canAssign(user, rec)) {
      return itemPage(
        deps,
        c,
        id,
        {
          assign: formState(
            values,
            `Không thực hiện được: kiến nghị đang ở trạng thái «${STATUS_LABEL[rec.status]}» hoặc bạn không có quyền giao xử lý.`,
          ),
        },
        409,
      );
    }
    try {
      const calendar = await deps.calendarFor(user.unitId);
      if (str(values, 'intent') === 'preview') {
        const days = Number(str(values, 'days'));
        if (!Number.isInteger(days) || days < 0 || days > 365)
          refuse({ days: 'Số ngày làm việc phải là số nguyên từ 0 đến 365.' }, 'Chưa tính được hạn xử lý.');
        const today = todayOf(deps);
        const due = addWorkingDaysWithin(calendar, today, days);
        if (!due)
          refuse({ days: 'Hạn tính ra vượt quá lịch làm việc (hết năm 2100).' }, 'Chưa tính được hạn xử lý.');
        return itemPage(deps, c, id, {
          assign: formState({
            ...values,
            dueDate: formatDate(due),
            dueText: `${days} ngày làm việc sau hôm nay (${formatDate(today)}) là ${formatDate(due)}, đã trừ ngày nghỉ, ngày lễ.`,
          }),
        });
      }
      const body: Record<string, unknown> = { version: versionValue(values) };
      const typed: Record<string, string> = {};
      const disposition = str(values, 'disposition') as Disposition;
      const dispositionChange = DISPOSITIONS.includes(disposition) && disposition !== rec.disposition;
      if (dispositionChange) body.disposition = disposition;
      const effective = dispositionChange ? disposition : rec.disposition;
      if (effective === 'assigned' || (!effective && str(values, 'departmentId'))) {
        const departmentId = str(values, 'departmentId');
        if (
          departmentId &&
          (departmentId !== rec.departmentId || dispositionChange || rec.status === 'received')
        )
          body.departmentId = departmentId;
        const cooperating = list(values, 'cooperatingDepartmentIds');
        if (!sameSet(cooperating, rec.cooperatingDepartmentIds)) body.cooperatingDepartmentIds = cooperating;
        const dueDate = dateValue(values, 'dueDate', typed);
        if (dueDate && dueDate !== rec.dueDate) body.dueDate = dueDate;
      }
      const reason = str(values, 'reason');
      if (reason) body.reason = reason;
      const answer = str(values, 'answer');
      if (
        answer &&
        (effective === 'answered_at_dialogue' || (rec.status === 'forwarded' && !dispositionChange))
      )
        body.answer = answer;
      const patch = parseForm(RecommendationPatchSchema, body, typed);
      if (
        Object.keys(patch).length === 1 ||
        (Object.keys(patch).length === 2 && patch.reason && !dispositionChange)
      ) {
        refuse({}, 'Không có thay đổi nào để lưu.');
      }
      const saved = await patchItem(deps, user.unitId, id, user, patch);
      setFlash(
        c,
        `Đã lưu kiến nghị ${saved.ref}: ${STATUS_LABEL[saved.status]}${saved.dueDate ? `, hạn ${formatDate(saved.dueDate)}` : ''}.`,
      );
      return c.redirect(`/items/${id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return itemPage(deps, c, id, { assign: formState(values, r.message, r.errors) }, r.status);
    }
  });

  postForm(app, '/items', PAGE_ACTIONS.resolveItem, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const input = parseForm(ResolveSchema, {
        answer: str(values, 'answer'),
        documentRef: str(values, 'documentRef') || null,
        version: versionValue(values),
      });
      const saved = await resolveItem(deps, user.unitId, id, user, input);
      setFlash(c, `Đã gửi trả lời kiến nghị ${saved.ref}; kiến nghị chờ Mặt trận xem xét.`);
      return c.redirect(can(user, 'inbox.read') ? '/inbox' : `/items/${id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return itemPage(deps, c, id, { resolve: formState(values, r.message, r.errors) }, r.status);
    }
  });

  postForm(app, '/items', PAGE_ACTIONS.cooperateItem, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const input = parseForm(CooperationNoteInputSchema, {
        text: str(values, 'text'),
        version: versionValue(values),
      });
      const saved = await addNote(deps, user.unitId, id, user, input);
      setFlash(c, `Đã gửi ý kiến phối hợp về kiến nghị ${saved.ref} cho đơn vị chủ trì.`);
      return c.redirect(can(user, 'inbox.read') ? '/inbox#cooperating' : `/items/${id}#cooperate`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return itemPage(deps, c, id, { cooperate: formState(values, r.message, r.errors) }, r.status);
    }
  });

  postForm(app, '/items', PAGE_ACTIONS.reviewItem, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    const from = str(values, 'from') === 'front' ? 'front' : 'item';
    try {
      const typed: Record<string, string> = {};
      const input = parseForm(
        ReviewSchema,
        {
          decision: str(values, 'decision'),
          version: versionValue(values),
          reason: str(values, 'reason') || undefined,
          dueDate: dateValue(values, 'dueDate', typed),
        },
        typed,
      );
      const decision = input.decision;
      const saved = await reviewItem(deps, user.unitId, id, user, input);
      setFlash(
        c,
        decision === 'confirm'
          ? `Đã xác nhận kiến nghị ${saved.ref} đã giải quyết xong.`
          : `Đã mở lại kiến nghị ${saved.ref}, hạn mới ${formatDate(saved.dueDate)}.`,
      );
      return c.redirect(from === 'front' ? '/front#review' : `/items/${id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      const form = formState(values, r.message, r.errors);
      if (from === 'front') return frontPage(deps, c, { review: { [id]: form } }, r.status);
      return itemPage(deps, c, id, { review: form }, r.status);
    }
  });

  postForm(app, '/items', PAGE_ACTIONS.forwardItem, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const input = parseForm(ForwardSchema, {
        toUnitId: str(values, 'toUnitId'),
        note: str(values, 'note') || null,
        version: versionValue(values),
      });
      const saved = await forwardItem(deps, user.unitId, id, user, input);
      setFlash(c, `Đã chuyển kiến nghị ${saved.ref} lên cấp trên (${saved.forwardedTo?.ref ?? ''}).`);
      return c.redirect(`/items/${id}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return itemPage(deps, c, id, { forward: formState(values, r.message, r.errors) }, r.status);
    }
  });

  itemFileRoutes(app, deps, (c, id, files, status) => itemPage(deps, c, id, { files }, status));
  app.get('*', unknownPage);
  return app;
}
