/**
 * Local mode only: what S3's presigned URLs do in AWS — download and upload one file with an expiring
 * signed token (shared/adapters/files/local-file-store.ts). Absent in AWS.
 */
import { type Context, Hono } from 'hono';
import { LOCAL_FILES_PATH, type LocalFileStore } from '../../adapters/files/local-file-store.js';
import { contentDisposition } from '../../domain/attachments.js';
import { problem, problemResponse } from '../problem.js';

const refused = (c: Context) =>
  problemResponse(
    c,
    problem(403, 'forbidden', 'Đường dẫn tệp không hợp lệ hoặc đã hết hạn', 'Hãy tải lại trang rồi thử lại', [
      { field: 'path', message: 'Đường dẫn tệp không hợp lệ, đã hết hạn hoặc không khớp tệp gửi lên' },
    ]),
  );

export function localFileRoutes(files: LocalFileStore) {
  const app = new Hono();

  app.get(`${LOCAL_FILES_PATH}/:token`, async (c) => {
    const grant = files.verify(c.req.param('token'));
    if (grant?.op !== 'get') return refused(c);
    const bytes = await files.get(grant.key);
    if (!bytes)
      return problemResponse(
        c,
        problem(404, 'not-found', 'Không tìm thấy tệp', 'Tệp không còn', [
          { field: 'path', message: 'Không có tệp' },
        ]),
      );
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': grant.contentType,
      'Content-Disposition': contentDisposition(grant.filename ?? 'tep'),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  // As S3 checks a presigned PUT's signed headers: the type and the exact length must be those signed.
  app.put(`${LOCAL_FILES_PATH}/:token`, async (c) => {
    const grant = files.verify(c.req.param('token'));
    if (grant?.op !== 'put') return refused(c);
    if (c.req.header('content-type') !== grant.contentType) return refused(c);
    if (c.req.header('content-length') !== String(grant.size)) return refused(c);
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length !== grant.size) return refused(c);
    await files.put(grant.key, bytes, grant.contentType);
    return c.body(null, 200);
  });
  return app;
}
