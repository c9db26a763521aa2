/**
 * Request bodies are read once, here, counting the bytes as they arrive; past the limit the reading stops
 * and the request is answered 413. Content-Length is not trusted (a chunked body has none, and a Lambda
 * event's header can say anything), so the count is the only measure. The counted body is handed on as
 * the request's body for the routes to parse.
 */
import type { MiddlewareHandler } from 'hono';
import { MAX_ATTACHMENT_BYTES } from '../domain/attachments.js';

const MiB = 1024 * 1024;
/** JSON bodies of the API and ordinary form posts. */
export const MAX_JSON_BYTES = 1 * MiB;
/** Spreadsheet uploads (a multipart form, a raw file body, or the import page's confirmation form). */
export const MAX_UPLOAD_BYTES = 10 * MiB;
/** A file on an answer (≤ 10 MB) with room for the multipart envelope around it. */
export const MAX_ATTACHMENT_BODY_BYTES = MAX_ATTACHMENT_BYTES + 64 * 1024;

export class PayloadTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Nội dung gửi lên lớn hơn ${maxBytes / MiB} MB (giới hạn của yêu cầu này).`);
    this.name = 'PayloadTooLargeError';
  }
}

/** `/api/dialogues/:id/import` (or `{id}`) against a request path, segment by segment. */
function matches(pattern: string, path: string): boolean {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return false;
  return want.every((segment, i) => {
    const actual = got[i] ?? '';
    if (segment.startsWith(':') || (segment.startsWith('{') && segment.endsWith('}'))) return actual !== '';
    return segment === actual;
  });
}

async function readCounted(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const tooLargePage = (error: PayloadTooLargeError) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Nội dung quá lớn</title></head><body><main><h1>Không gửi được: nội dung quá lớn</h1><p>${error.message} Hãy chọn tệp nhỏ hơn hoặc chia thành nhiều tệp.</p><p><a href="/">Về trang chính</a></p></main></body></html>`;

/**
 * `maxBytes` for every body, an upload group's `maxBytes` for its paths. API paths answer a 413 problem
 * (through the app's error handler); pages answer a short HTML page.
 */
export function bodyLimit(options: {
  maxBytes: number;
  uploads: readonly { maxBytes: number; paths: readonly string[] }[];
}): MiddlewareHandler {
  return async (c, next) => {
    const body = c.req.raw.body;
    if (!body || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const path = c.req.path;
    const maxBytes =
      options.uploads.find((group) => group.paths.some((pattern) => matches(pattern, path)))?.maxBytes ??
      options.maxBytes;
    let bytes: Uint8Array;
    try {
      bytes = await readCounted(body, maxBytes);
    } catch (error) {
      if (error instanceof PayloadTooLargeError && !path.startsWith('/api/')) {
        return c.html(tooLargePage(error), 413);
      }
      throw error;
    }
    c.req.raw = new Request(c.req.raw, { body: bytes });
    return next();
  };
}
