/**
 * The files on an item's answer, on its page: the list (everyone who reads the item, the Front when it
 * reviews), the upload form (the lead department, office, admin), removing and marking public. With
 * JavaScript the file goes straight to the store through a presigned URL (upload-script.ts); without,
 * the form posts it here.
 */
import type { Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import { ATTACHMENT_TYPE_NAMES, MAX_ATTACHMENT_BYTES } from '../../domain/attachments.js';
import type { Recommendation } from '../../domain/model.js';
import { can } from '../../domain/permissions.js';
import type { Principal } from '../../http/auth.js';
import type { AppDeps } from '../../http/env.js';
import {
  addAttachment,
  attachmentDownload,
  attachmentsOf,
  completeUpload,
  removeAttachment,
  setAttachmentPublic,
  startUpload,
} from '../../services/attachment-service.js';
import { formatDateTime } from '../format.js';
import { type FormState, formState, readForm, refusalOf, str } from '../forms.js';
import { CsrfField, ErrorSummary } from '../layout.js';
import { PAGE_ACTIONS, postForm } from '../page-actions.js';
import { setFlash, type WebEnv } from '../session.js';

const TYPE_LABEL: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'Ảnh JPEG',
  'image/png': 'Ảnh PNG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
};

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}

export const ItemFiles: FC<{
  rec: Recommendation;
  user: Principal;
  csrf: string;
  form?: FormState | undefined;
}> = ({ rec, user, csrf, form }) => {
  const files = attachmentsOf(rec);
  const state = form ?? formState();
  return (
    <section aria-labelledby="files-heading" id="files">
      <h2 id="files-heading">Tệp đính kèm ({files.length})</h2>
      <ErrorSummary form={state} prefix="u-" labels={{ file: 'Tệp' }} />
      {files.length === 0 ? <p>Chưa có tệp đính kèm (văn bản trả lời, ảnh hiện trường…).</p> : null}
      <ul class="files">
        {files.map((f) => (
          <li>
            <a href={`/items/${rec.id}/files/${f.id}`}>{f.name}</a>{' '}
            <span class="muted">
              ({TYPE_LABEL[f.contentType] ?? f.contentType}, {formatSize(f.size)}) · {f.uploadedBy.name} ·{' '}
              {formatDateTime(f.uploadedAt)}
            </span>{' '}
            {f.public ? <span class="badge ok">Công khai cùng trả lời</span> : null}
            {can(user, 'attachment.publish', rec) ? (
              <form method="post" action={`/items/${rec.id}/files/${f.id}/public`} class="inline">
                <CsrfField token={csrf} />
                <input type="hidden" name="public" value={f.public ? 'false' : 'true'} />
                <button type="submit" class="secondary small">
                  {f.public ? 'Thôi công khai' : 'Công khai cùng trả lời'}
                </button>
              </form>
            ) : null}
            {can(user, 'attachment.remove', rec) ? (
              <form method="post" action={`/items/${rec.id}/files/${f.id}/remove`} class="inline">
                <CsrfField token={csrf} />
                <button type="submit" class="secondary small">
                  Gỡ tệp
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
      {can(user, 'attachment.add', rec) ? (
        <form
          method="post"
          action={`/items/${rec.id}/files`}
          enctype="multipart/form-data"
          data-direct-upload={`/items/${rec.id}/files/upload`}
        >
          <CsrfField token={csrf} />
          <input type="hidden" name="uploadId" value="" />
          <div class="field">
            <label for="u-f-file">Đính kèm văn bản trả lời hoặc ảnh</label>
            <p class="hint" id="u-f-file-hint">
              {ATTACHMENT_TYPE_NAMES}, tối đa {MAX_ATTACHMENT_BYTES / 1024 / 1024} MB. Hệ thống kiểm tra nội
              dung tệp, không dựa vào tên tệp.
            </p>
            <input
              type="file"
              id="u-f-file"
              name="file"
              required
              accept=".pdf,.jpg,.jpeg,.png,.docx,application/pdf,image/jpeg,image/png"
              aria-describedby="u-f-file-hint"
            />
          </div>
          <p class="hint" aria-live="polite" data-upload-status="" />
          <button type="submit">Tải tệp lên</button>
        </form>
      ) : null}
    </section>
  );
};

type ItemPage = (
  c: Context<WebEnv>,
  id: string,
  files: FormState,
  status: 400 | 403 | 409,
) => Promise<Response>;

/** The routes of the files, on the item pages' sub-app (mounted at /items). */
export function itemFileRoutes(app: Hono<WebEnv>, deps: AppDeps, page: ItemPage): void {
  app.get('/:id/files/:fileId', async (c) => {
    const user = c.get('user');
    const url = await attachmentDownload(deps, user.unitId, c.req.param('id'), c.req.param('fileId'), user);
    c.header('Cache-Control', 'no-store');
    return c.redirect(url, 302);
  });

  postForm(app, '/items', PAGE_ACTIONS.addFile, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    try {
      const uploadId = typeof body.uploadId === 'string' ? body.uploadId : '';
      const name = typeof body.name === 'string' ? body.name : '';
      let saved: { name: string };
      if (/^[0-9a-f-]{36}$/.test(uploadId)) {
        saved = await completeUpload(deps, user.unitId, id, uploadId, { name: name || 'tep-dinh-kem' }, user);
      } else {
        const file = body.file;
        if (!(file instanceof File) || file.size === 0)
          return page(c, id, formState({}, 'Hãy chọn một tệp.', { file: 'Chưa chọn tệp' }), 400);
        if (file.size > MAX_ATTACHMENT_BYTES)
          return page(c, id, formState({}, 'Tệp lớn hơn 10 MB.', { file: 'Tệp lớn hơn 10 MB' }), 400);
        saved = await addAttachment(
          deps,
          user.unitId,
          id,
          { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
          user,
        );
      }
      setFlash(c, `Đã đính kèm tệp ${saved.name}.`);
      return c.redirect(`/items/${id}#files`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return page(c, id, formState({}, r.message, r.errors), r.status === 422 ? 400 : r.status);
    }
  });

  // With JavaScript: where to upload the file straight to the store (JSON for the page's script).
  postForm(app, '/items', PAGE_ACTIONS.presignFile, async (c) => {
    const user = c.get('user');
    const values = await readForm(c);
    try {
      const { uploadId, upload } = await startUpload(
        deps,
        user.unitId,
        c.req.param('id'),
        {
          name: str(values, 'name'),
          size: Number(str(values, 'size')),
          contentType: str(values, 'contentType'),
        },
        user,
      );
      return c.json({ uploadId, url: upload.url, headers: upload.headers });
    } catch (error) {
      const r = refusalOf(error);
      return c.json({ error: Object.values(r.errors)[0] ?? r.message }, r.status);
    }
  });

  postForm(app, '/items', PAGE_ACTIONS.removeFile, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    try {
      await removeAttachment(deps, user.unitId, id, c.req.param('fileId'), user);
      setFlash(c, 'Đã gỡ tệp đính kèm.');
      return c.redirect(`/items/${id}#files`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return page(c, id, formState({}, r.message), r.status === 422 ? 400 : r.status);
    }
  });

  postForm(app, '/items', PAGE_ACTIONS.publishFile, async (c) => {
    const user = c.get('user');
    const id = c.req.param('id');
    const values = await readForm(c);
    try {
      const saved = await setAttachmentPublic(
        deps,
        user.unitId,
        id,
        c.req.param('fileId'),
        str(values, 'public') === 'true',
        user,
      );
      setFlash(
        c,
        saved.public
          ? `Tệp ${saved.name} sẽ hiện cùng trả lời trên trang công khai (khi kết quả hội nghị được công khai).`
          : `Tệp ${saved.name} không còn hiện trên trang công khai.`,
      );
      return c.redirect(`/items/${id}#files`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return page(c, id, formState({}, r.message), r.status === 422 ? 400 : r.status);
    }
  });
}
