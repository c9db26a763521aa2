/**
 * The documents of each dialogue: the conclusion notice (preview, the office's own paragraphs, issuing
 * with the e-mails it sends) and the results report, with their Word and Excel downloads. Read by the
 * office, the Front and the standing committee; edited and issued by the office.
 */
import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { renderNoticeHtml, renderResultsHtml } from '../../domain/documents/render-html.js';
import { can } from '../../domain/permissions.js';
import { IssueSchema, NoticeTextSchema } from '../../http/document-schemas.js';
import type { AppDeps } from '../../http/env.js';
import { sendDocument } from '../../http/send-document.js';
import { listDialogues } from '../../services/dialogue-service.js';
import {
  conclusionNotice,
  renderNotice,
  renderResults,
  resultsReport,
  saveNoticeText,
} from '../../services/document-service.js';
import { issueConclusionNotice, noticeMailPlan } from '../../services/notice-issue-service.js';
import { DIALOGUE_STATUS_LABEL, formatDate } from '../format.js';
import {
  dateValue,
  type FormState,
  formState,
  parseForm,
  readForm,
  refusalOf,
  str,
  versionValue,
} from '../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, TextField } from '../layout.js';
import { areaAction, PAGE_ACTIONS, postForm } from '../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, setFlash, type WebEnv } from '../session.js';

type Ctx = Context<WebEnv>;

export function documentRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/documents')));

  app.get('/', async (c) => {
    const user = c.get('user');
    const dialogues = await listDialogues(deps, user.unitId, user);
    return sendPage(
      c,
      deps,
      <Layout title="Thông báo, báo cáo" chrome={await chromeOf(c, deps)}>
        <h1>Thông báo kết luận và báo cáo kết quả</h1>
        {dialogues.length === 0 ? <p>Chưa có hội nghị nào.</p> : null}
        <table class="stack">
          <caption class="visually-hidden">Văn bản của từng hội nghị</caption>
          <thead>
            <tr>
              <th scope="col">Hội nghị</th>
              <th scope="col">Ngày tổ chức</th>
              <th scope="col">Thông báo kết luận</th>
              <th scope="col">Báo cáo kết quả</th>
            </tr>
          </thead>
          <tbody>
            {dialogues.map((d) => (
              <tr>
                <td data-label="Hội nghị">{d.title}</td>
                <td data-label="Ngày tổ chức" class="nowrap">
                  {formatDate(d.heldOn)}
                </td>
                <td data-label="Thông báo kết luận">
                  <a href={`/documents/dialogues/${d.id}/notice`}>
                    {d.conclusionNoticeNumber
                      ? `Số ${d.conclusionNoticeNumber} ngày ${formatDate(d.conclusionNoticeDate)}`
                      : 'Dự thảo'}
                  </a>
                </td>
                <td data-label="Báo cáo kết quả">
                  <a href={`/documents/dialogues/${d.id}/results`}>Xem báo cáo</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Layout>,
    );
  });

  // ---------------------------------------------------------------- conclusion notice
  const noticePage = async (
    c: Ctx,
    id: string,
    forms: { text?: FormState; issue?: FormState } = {},
    status: 200 | 400 | 403 | 409 = 200,
  ) => {
    const user = c.get('user');
    const notice = await conclusionNotice(deps, user.unitId, id, user);
    const dialogue = await deps.dialogues.get(user.unitId, id);
    const csrf = c.get('csrfToken');
    const editable = !notice.issued && can(user, 'conclusionNotice.edit');
    const issuable = !notice.issued && can(user, 'conclusionNotice.issue');
    const plan = issuable ? await noticeMailPlan(deps, user.unitId, notice) : null;
    const text =
      forms.text ??
      formState({
        opening: dialogue?.noticeText?.opening ?? notice.opening,
        closing: dialogue?.noticeText?.closing ?? notice.closing,
        signerName: notice.signer.name ?? '',
      });
    const issue =
      forms.issue ??
      formState({
        date: formatDate(new Date(deps.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10)),
      });
    return sendPage(
      c,
      deps,
      <Layout title={`Thông báo kết luận: ${notice.dialogue.title}`} chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/documents">Thông báo, báo cáo</a>
          {can(user, 'dialogue.update') ? (
            <>
              {' '}
              · <a href={`/office/dialogues/${id}`}>Hội nghị</a>
            </>
          ) : null}
        </p>
        <h1>Thông báo kết luận: {notice.dialogue.title}</h1>
        <p>
          {notice.issued ? (
            <>
              <span class="badge ok">Đã ban hành</span> số {notice.number} ngày {formatDate(notice.date)}
            </>
          ) : (
            <span class="badge warn">Dự thảo, chưa ban hành</span>
          )}{' '}
          {dialogue ? <span class="muted">{DIALOGUE_STATUS_LABEL[dialogue.status]}</span> : null}
        </p>
        <p class="actions">
          <a class="button" href={`/documents/dialogues/${id}/notice.docx`}>
            Tải bản Word (.docx)
          </a>
          <a class="button secondary" href={`/documents/dialogues/${id}/results`}>
            Báo cáo kết quả
          </a>
        </p>
        {editable ? (
          <section class="panel" aria-labelledby="text-heading">
            <h2 id="text-heading">Nội dung do Văn phòng soạn</h2>
            <ErrorSummary
              form={text}
              prefix="t-"
              labels={{ opening: 'Đoạn mở đầu', closing: 'Đoạn kết', signerName: 'Người ký' }}
            />
            <form method="post" action={`/documents/dialogues/${id}/notice/text`} novalidate>
              <CsrfField token={csrf} />
              <input type="hidden" name="version" value={String(dialogue?.version ?? '')} />
              <TextField
                form={text}
                prefix="t-"
                name="opening"
                label="Đoạn mở đầu"
                hint="Để trống để dùng đoạn mặc định."
                multiline
                rows={5}
              />
              <TextField
                form={text}
                prefix="t-"
                name="closing"
                label="Đoạn kết"
                hint="Để trống để dùng đoạn mặc định."
                multiline
                rows={4}
              />
              <TextField
                form={text}
                prefix="t-"
                name="signerName"
                label="Họ tên người ký"
                hint="Ví dụ: Nguyễn Văn An. Để trống để ký tay."
              />
              <button type="submit" class="secondary">
                Lưu nội dung
              </button>
            </form>
          </section>
        ) : null}
        {issuable && plan ? (
          <section class="panel" aria-labelledby="issue-heading">
            <h2 id="issue-heading">Ban hành và gửi thông báo</h2>
            {notice.unclassified.length ? (
              <div class="notice warn">
                <p>
                  Còn {notice.unclassified.length} kiến nghị chưa phân loại (
                  {notice.unclassified.map((i) => i.ref).join(', ')}): hãy phân loại trước khi ban hành.
                </p>
              </div>
            ) : null}
            <p>Khi ban hành, hệ thống gửi thư kèm bản Word của thông báo tới:</p>
            <ul>
              {plan.departments.map((d) => (
                <li>
                  {d.name} ({d.emails.join(', ')}): các kiến nghị đơn vị chủ trì, phối hợp
                </li>
              ))}
              {plan.front.length ? <li>Ủy ban MTTQ ({plan.front.join(', ')}): toàn văn thông báo</li> : null}
            </ul>
            {plan.notMailed.length ? (
              <div class="notice warn">
                <p>
                  Không gửi thư được tới:{' '}
                  {plan.notMailed.map((n) => `${n.name} (${n.reason.toLowerCase()})`).join('; ')}.
                </p>
              </div>
            ) : null}
            <ErrorSummary
              form={issue}
              prefix="i-"
              labels={{ number: 'Số thông báo', date: 'Ngày ban hành' }}
            />
            <form method="post" action={`/documents/dialogues/${id}/notice/issue`} novalidate>
              <CsrfField token={csrf} />
              <input type="hidden" name="version" value={String(dialogue?.version ?? '')} />
              <div class="row">
                <TextField
                  form={issue}
                  prefix="i-"
                  name="number"
                  label="Số thông báo"
                  hint="Ví dụ: 125 hoặc 125/TB-UBND"
                  required
                  short
                />
                <TextField
                  form={issue}
                  prefix="i-"
                  name="date"
                  label="Ngày ban hành"
                  hint="Ngày/tháng/năm."
                  required
                  inputmode="numeric"
                  placeholder="dd/mm/yyyy"
                  short
                />
              </div>
              <button type="submit">Ban hành và gửi thông báo</button>
            </form>
          </section>
        ) : null}
        <section aria-labelledby="preview-heading" class="document-preview">
          <h2 id="preview-heading">{notice.issued ? 'Toàn văn' : 'Xem trước'}</h2>
          {raw(renderNoticeHtml(notice, 3))}
        </section>
      </Layout>,
      { status, inlineStyles: true },
    );
  };

  app.get('/dialogues/:id/notice', (c) => noticePage(c, c.req.param('id')));

  app.get('/dialogues/:id/notice.docx', async (c) => {
    const user = c.get('user');
    return sendDocument(
      c,
      await renderNotice(await conclusionNotice(deps, user.unitId, c.req.param('id'), user), 'docx'),
    );
  });

  postForm(app, '/documents', PAGE_ACTIONS.editNotice, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const input = parseForm(NoticeTextSchema, {
        version: versionValue(values),
        opening: str(values, 'opening'),
        closing: str(values, 'closing'),
        signerName: str(values, 'signerName'),
      });
      await saveNoticeText(deps, user.unitId, id, input, user);
      setFlash(c, 'Đã lưu nội dung thông báo.');
      return c.redirect(`/documents/dialogues/${id}/notice`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return noticePage(
        c,
        id,
        { text: formState(values, r.message, r.errors) },
        r.status === 422 ? 400 : r.status,
      );
    }
  });

  postForm(app, '/documents', PAGE_ACTIONS.issueNotice, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const typed: Record<string, string> = {};
      const input = parseForm(
        IssueSchema,
        {
          number: str(values, 'number'),
          date: dateValue(values, 'date', typed),
          version: versionValue(values),
        },
        typed,
      );
      const result = await issueConclusionNotice(deps, user.unitId, id, input, user);
      const sent = result.mails.filter((m) => m.sent).length;
      const queued = result.mails.length - sent;
      setFlash(
        c,
        `Đã ban hành Thông báo kết luận số ${result.dialogue.conclusionNoticeNumber}. Đã gửi ${sent} thư` +
          (queued ? `; ${queued} thư chưa gửi được, hệ thống sẽ gửi lại` : '') +
          (result.notMailed.length
            ? `; không có địa chỉ: ${result.notMailed.map((n) => n.name).join(', ')}`
            : '') +
          '.',
      );
      return c.redirect(`/documents/dialogues/${id}/notice`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return noticePage(
        c,
        id,
        { issue: formState(values, r.message, r.errors) },
        r.status === 422 ? 400 : r.status,
      );
    }
  });

  // ---------------------------------------------------------------- results report
  app.get('/dialogues/:id/results', async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const report = await resultsReport(deps, user.unitId, id, user);
    return sendPage(
      c,
      deps,
      <Layout title={`Báo cáo kết quả: ${report.dialogue.title}`} chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/documents">Thông báo, báo cáo</a> ·{' '}
          <a href={`/documents/dialogues/${id}/notice`}>Thông báo kết luận</a>
        </p>
        <h1>Báo cáo kết quả: {report.dialogue.title}</h1>
        <p class="actions">
          <a class="button" href={`/documents/dialogues/${id}/results.docx`}>
            Tải bản Word (.docx)
          </a>
          <a class="button secondary" href={`/documents/dialogues/${id}/results.xlsx`}>
            Tải bảng Excel (.xlsx)
          </a>
        </p>
        <section aria-labelledby="report-heading" class="document-preview">
          <h2 id="report-heading">Xem trước</h2>
          {raw(renderResultsHtml(report, 3))}
        </section>
      </Layout>,
      { inlineStyles: true },
    );
  });

  for (const format of ['docx', 'xlsx'] as const) {
    app.get(`/dialogues/:id/results.${format}`, async (c) => {
      const user = c.get('user');
      return sendDocument(
        c,
        await renderResults(await resultsReport(deps, user.unitId, c.req.param('id'), user), format),
      );
    });
  }

  app.get('*', unknownPage);
  return app;
}
