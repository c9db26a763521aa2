/**
 * The public page of a unit (no sign-in): the dialogues whose results the office published, each
 * recommendation with its status and answer. Never a citizen's name: `raisedBy` is not rendered, and
 * neither is the name of the official who answered.
 */
import { Hono } from 'hono';
import { isRecordId } from '../../domain/ids.js';
import type { Recommendation, Status } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import { publicAttachmentDownload } from '../../services/attachment-service.js';
import { departmentsOf, listAll } from '../data.js';
import { formatDate } from '../format.js';
import { Layout } from '../layout.js';
import { messagePage, pageErrorHandler, sendPage, unknownPage } from '../render.js';
import type { WebEnv } from '../session.js';
import { formatSize } from './item-files.js';

/** Statuses as the public reads them. */
const PUBLIC_STATUS: Record<Status, string> = {
  received: 'Đang tổng hợp',
  assigned: 'Đang giải quyết',
  resolved: 'Đã trả lời',
  confirmed: 'Đã giải quyết',
  answered_at_dialogue: 'Đã trả lời tại hội nghị',
  forwarded: 'Đã chuyển cấp trên',
  declined: 'Không trả lời (có lý do)',
};

const PUBLIC_CLASS: Record<Status, string> = {
  received: 'badge warn',
  assigned: 'badge info',
  resolved: 'badge ok',
  confirmed: 'badge ok',
  answered_at_dialogue: 'badge ok',
  forwarded: 'badge',
  declined: 'badge',
};

/** Only what may be published: no raisedBy, no responder, no internal fields. */
function publicView(rec: Recommendation) {
  return {
    ref: rec.ref,
    content: rec.content,
    residentialGroup: rec.residentialGroup,
    field: rec.field,
    status: rec.status,
    departmentId: rec.departmentId,
    dueDate: rec.dueDate,
    answer: rec.answer
      ? { text: rec.answer.text, date: rec.answer.date, documentRef: rec.answer.documentRef }
      : null,
    reason: rec.status === 'declined' ? rec.reason : null,
    /** Forwarded through the tracker, and answered there: the answer shown is the higher level's. */
    answeredAbove: rec.status === 'forwarded' && rec.answer !== null,
    // Only the files the office marked public, never who uploaded them.
    files: (rec.attachments ?? [])
      .filter((f) => f.public)
      .map((f) => ({ id: f.id, name: f.name, size: f.size })),
    id: rec.id,
  };
}

const statusLabel = (r: ReturnType<typeof publicView>) =>
  r.answeredAbove ? 'Cấp trên đã trả lời' : PUBLIC_STATUS[r.status];
const statusClass = (r: ReturnType<typeof publicView>) =>
  r.answeredAbove ? 'badge ok' : PUBLIC_CLASS[r.status];

export function publicRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));

  app.get('/:unitId', async (c) => {
    const unitId = c.req.param('unitId');
    const unit = isRecordId(unitId) ? await deps.units.getUnit(unitId) : undefined;
    const chrome = {
      user: null,
      csrfToken: null,
      flash: null,
      path: c.req.path,
      unitName: unit?.name ?? null,
    };
    if (!unit) {
      return sendPage(
        c,
        deps,
        messagePage(chrome, 'Không tìm thấy đơn vị', 'Không có phường, xã nào với địa chỉ này.'),
        { status: 404, cache: 'public' },
      );
    }
    const dialogues = (await deps.dialogues.list(unitId)).filter((d) => d.published);
    const [departments, lists] = await Promise.all([
      departmentsOf(deps, unitId, null),
      Promise.all(dialogues.map((d) => listAll(deps, unitId, null, { dialogueId: d.id }))),
    ]);
    return sendPage(
      c,
      deps,
      <Layout title={`Kết quả tiếp xúc, đối thoại — ${unit.name}`} chrome={chrome}>
        <h1>Kết quả tiếp xúc, đối thoại với Nhân dân — {unit.name}</h1>
        <p class="lead">
          Kết quả giải quyết các ý kiến, kiến nghị của Nhân dân tại các hội nghị tiếp xúc, đối thoại do{' '}
          {unit.name} công khai.
        </p>
        {dialogues.length === 0 ? <p>Chưa có kết quả hội nghị nào được công khai.</p> : null}
        {dialogues.map((d, i) => {
          const items = (lists[i]?.items ?? []).map(publicView);
          const settled = items.filter(
            (r) => ['confirmed', 'resolved', 'answered_at_dialogue'].includes(r.status) || r.answeredAbove,
          ).length;
          return (
            <section aria-labelledby={`d-${d.id}`}>
              <h2 id={`d-${d.id}`}>{d.title}</h2>
              <p class="meta muted">
                Ngày {formatDate(d.heldOn)} tại {d.location}
                {d.conclusionNoticeNumber
                  ? `. Thông báo kết luận số ${d.conclusionNoticeNumber} ngày ${formatDate(d.conclusionNoticeDate)}`
                  : ''}
                .
              </p>
              <p>
                {items.length} kiến nghị; đã trả lời hoặc giải quyết {settled}.
              </p>
              <ul class="cards">
                {items.map((r) => (
                  <li class="card">
                    <h3>
                      {r.ref} <span class={statusClass(r)}>{statusLabel(r)}</span>
                    </h3>
                    <p class="content">{r.content}</p>
                    <p class="meta">
                      {r.residentialGroup ? <span>{r.residentialGroup}</span> : null}
                      {r.field ? <span>Lĩnh vực: {r.field}</span> : null}
                      {r.departmentId ? (
                        <span>Đơn vị giải quyết: {departments.name(r.departmentId)}</span>
                      ) : null}
                      {r.status === 'assigned' && r.dueDate ? (
                        <span>Hạn giải quyết: {formatDate(r.dueDate)}</span>
                      ) : null}
                    </p>
                    {r.answer ? (
                      <p>
                        <strong>
                          {r.status === 'assigned'
                            ? 'Trả lời trước đây, chưa đạt, đang giải quyết lại'
                            : r.answeredAbove
                              ? 'Trả lời của cấp trên'
                              : 'Trả lời'}{' '}
                          ({formatDate(r.answer.date)}
                          {r.answer.documentRef ? `, văn bản số ${r.answer.documentRef}` : ''}):
                        </strong>{' '}
                        {r.answer.text}
                      </p>
                    ) : null}
                    {r.files.length ? (
                      <ul class="files">
                        {r.files.map((f) => (
                          <li>
                            Văn bản kèm theo:{' '}
                            <a href={`/public/${encodeURIComponent(unitId)}/files/${r.id}/${f.id}`}>
                              {f.name}
                            </a>{' '}
                            ({formatSize(f.size)})
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {r.reason ? (
                      <p>
                        <strong>Lý do:</strong> {r.reason}
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
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
