import type { Context } from 'hono';
import type { RenderedDocument } from '../services/document-service.js';

/** A generated document as the response: HTML shown in place, a DOCX or XLSX downloaded under its name. */
export function sendDocument(c: Context, doc: RenderedDocument): Response {
  const headers: Record<string, string> = { 'Content-Type': doc.contentType, 'Cache-Control': 'no-store' };
  if (!doc.contentType.startsWith('text/html'))
    headers['Content-Disposition'] = `attachment; filename="${doc.filename}"`;
  return c.body(typeof doc.body === 'string' ? doc.body : new Uint8Array(doc.body), 200, headers);
}
