/**
 * Files attached to an answer (the department's signed letter, a photo of the work done): which types,
 * how large, how they are named and where they are kept.
 */
import type { Actor } from './model.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Files on one item (its record stays far below DynamoDB's 400 KB). */
export const MAX_ATTACHMENTS = 20;

/** Allowed types, recognised from the file's bytes (never its name), with the extension they carry. */
export const ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};

export const ATTACHMENT_TYPE_NAMES = 'PDF, JPEG, PNG hoặc Word (.docx)';

export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  uploadedAt: string;
  uploadedBy: Pick<Actor, 'sub' | 'name'>;
  /** Shown on the public page with the answer (set by the office). */
  public: boolean;
}

/** The file's object key: under its unit, its item and its own id. */
export const attachmentKey = (unitId: string, recommendationId: string, attachmentId: string) =>
  `units/${unitId}/attachments/${recommendationId}/${attachmentId}`;

/**
 * A direct upload not yet checked, still under its unit: the bucket's lifecycle rule on `pending/`
 * removes it after a day if it is never completed.
 */
export const PENDING_PREFIX = 'pending/';
export const uploadKey = (unitId: string, uploadId: string) => `${PENDING_PREFIX}units/${unitId}/${uploadId}`;

/** A document the unit issued (the conclusion notice's DOCX attached to its e-mails). */
export const documentKey = (unitId: string, dialogueId: string, filename: string) =>
  `units/${unitId}/documents/${dialogueId}/${filename}`;

/**
 * The name shown and offered on download: no path, no control characters, at most 120 characters,
 * ending in the extension of its real type (a PDF called "cong-van" becomes "cong-van.pdf").
 */
export function attachmentName(given: string, contentType: string): string {
  const ext = ATTACHMENT_TYPES[contentType] ?? 'bin';
  const base = (given.split(/[\\/]/).pop() ?? '')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f"<>|*?:]/g, '')
    .normalize('NFC')
    .trim();
  const stem =
    base
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .slice(0, 110)
      .trim() || 'tep-dinh-kem';
  const hasExt = base.toLowerCase().endsWith(`.${ext}`) || (ext === 'jpg' && /\.jpe?g$/i.test(base));
  return hasExt && base.length <= 120 ? base : `${stem}.${ext}`;
}

/** `Content-Disposition` of a download: an ASCII fallback and the exact name (RFC 6266 / 8187). */
export function contentDisposition(
  filename: string,
  disposition: 'attachment' | 'inline' = 'attachment',
): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
