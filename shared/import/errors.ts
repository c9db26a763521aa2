/** Why a file cannot be imported at all (as opposed to rows with errors). */
import { IMPORT_LIMITS, type ImportLimit, limitMessage } from './limits.js';

export type UnsupportedReason = 'unsupported_format' | 'unreadable' | 'empty' | 'no_header' | 'limit';

/** The file is not a spreadsheet this module reads, cannot be read, is empty, has no header row or is past a limit. */
export class UnsupportedFileError extends Error {
  override readonly name = 'UnsupportedFileError';
  /** `unsupported_format` maps to 415, the others to 422. */
  readonly reason: UnsupportedReason;
  /** For `limit`: which one, and its value. */
  readonly limit?: { name: ImportLimit; max: number };
  constructor(reason: UnsupportedReason, message: string, limit?: ImportLimit) {
    super(message);
    this.reason = reason;
    if (limit) this.limit = { name: limit, max: IMPORT_LIMITS[limit] };
  }
}

export const limitExceeded = (limit: ImportLimit) =>
  new UnsupportedFileError('limit', limitMessage(limit), limit);

export const unreadableXlsx = () =>
  new UnsupportedFileError('unreadable', 'Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.');
