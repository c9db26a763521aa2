/**
 * Files on an item's answer. Small files may be sent through the API (multipart `file`); any file up
 * to 10 MB goes straight to the store with a presigned upload, then is checked and recorded. Downloads
 * are redirects to a short-lived URL of the store.
 */
import * as z from 'zod';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../domain/attachments.js';
import { ValidationError } from '../../domain/errors.js';
import {
  addAttachment,
  attachmentDownload,
  completeUpload,
  removeAttachment,
  setAttachmentPublic,
  startUpload,
} from '../../services/attachment-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, problemOf, securedRoute } from '../route-table.js';
import { AttachmentSchema, IdParam, IdSchema } from '../schemas.js';

const FileParams = z.object({ id: IdSchema, attachmentId: z.uuid() });
const UploadParams = z.object({ id: IdSchema, uploadId: z.uuid() });
const FileName = z.string().trim().min(1).max(255);

const add = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/attachments',
    summary:
      'Attach a file to the answer (multipart field `file`; PDF, JPEG, PNG or DOCX recognised by its content; ≤ 10 MB). In AWS a request body is limited to a few MB: larger files use /uploads',
    request: { params: IdParam },
    responses: {
      201: json(AttachmentSchema, 'Attached'),
      409: problemOf('Too many files on the item'),
      413: problemOf('Body over the 10 MB file and its multipart envelope (counted as read)'),
    },
  },
  'attachment.add',
);

const upload = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/attachments/uploads',
    summary:
      'A presigned upload (PUT with the given headers, valid 5 minutes) straight to the file store; then POST …/uploads/{uploadId}',
    request: {
      params: IdParam,
      body: jsonBody(
        z
          .object({
            name: FileName,
            size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES),
            contentType: z.enum(Object.keys(ATTACHMENT_TYPES) as [string, ...string[]]),
          })
          .strict(),
      ),
    },
    responses: {
      200: json(
        z.object({
          uploadId: z.string(),
          url: z.string(),
          method: z.literal('PUT'),
          headers: z.record(z.string(), z.string()),
          expiresAt: z.string(),
        }),
        'Where to upload',
      ),
    },
  },
  'attachment.add',
);

const complete = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/attachments/uploads/{uploadId}',
    summary: 'Check the uploaded file by its content and size, and attach it',
    request: { params: UploadParams, body: jsonBody(z.object({ name: FileName }).strict()) },
    responses: { 201: json(AttachmentSchema, 'Attached') },
  },
  'attachment.add',
);

const download = securedRoute(
  {
    method: 'get',
    path: '/api/recommendations/{id}/attachments/{attachmentId}',
    summary: 'The file: a redirect to a download URL valid 2 minutes',
    request: { params: FileParams },
    responses: { 302: { description: 'Location: the download URL' } },
  },
  'attachment.read',
);

const remove = securedRoute(
  {
    method: 'delete',
    path: '/api/recommendations/{id}/attachments/{attachmentId}',
    request: { params: FileParams },
    responses: { 204: { description: 'Removed' } },
  },
  'attachment.remove',
);

const publish = securedRoute(
  {
    method: 'patch',
    path: '/api/recommendations/{id}/attachments/{attachmentId}',
    summary:
      "Show the file with the answer on the public page (once the dialogue's results are published), or not",
    request: { params: FileParams, body: jsonBody(z.object({ public: z.boolean() }).strict()) },
    responses: { 200: json(AttachmentSchema, 'Updated') },
  },
  'attachment.publish',
);

const tooLarge = () =>
  new ValidationError([
    { field: 'body.file', message: `Tệp lớn hơn ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` },
  ]);

export function attachmentRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  // The body itself is counted in shared/http/body-limit.ts (413 past the file and its envelope).
  app.openapi(add, async (c) => {
    const p = c.get('principal');
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data'))
      throw new ValidationError([
        { field: 'body.file', message: 'Gửi tệp dạng multipart/form-data, trường "file"' },
      ]);
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new ValidationError([{ field: 'body.file', message: 'Thiếu tệp trong trường "file"' }]);
    if (file.size > MAX_ATTACHMENT_BYTES) throw tooLarge();
    const saved = await addAttachment(
      deps,
      p.unitId,
      c.req.valid('param').id,
      { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name },
      p,
    );
    return c.json(saved, 201);
  });

  app.openapi(upload, async (c) => {
    const p = c.get('principal');
    const { uploadId, upload } = await startUpload(
      deps,
      p.unitId,
      c.req.valid('param').id,
      c.req.valid('json'),
      p,
    );
    return c.json({ uploadId, ...upload }, 200);
  });

  app.openapi(complete, async (c) => {
    const p = c.get('principal');
    const { id, uploadId } = c.req.valid('param');
    return c.json(await completeUpload(deps, p.unitId, id, uploadId, c.req.valid('json'), p), 201);
  });

  app.openapi(download, async (c) => {
    const p = c.get('principal');
    const { id, attachmentId } = c.req.valid('param');
    c.header('Cache-Control', 'no-store');
    return c.redirect(await attachmentDownload(deps, p.unitId, id, attachmentId, p), 302) as never;
  });

  app.openapi(remove, async (c) => {
    const p = c.get('principal');
    const { id, attachmentId } = c.req.valid('param');
    await removeAttachment(deps, p.unitId, id, attachmentId, p);
    return c.body(null, 204);
  });

  app.openapi(publish, async (c) => {
    const p = c.get('principal');
    const { id, attachmentId } = c.req.valid('param');
    return c.json(
      await setAttachmentPublic(deps, p.unitId, id, attachmentId, c.req.valid('json').public, p),
      200,
    );
  });
  return app;
}
