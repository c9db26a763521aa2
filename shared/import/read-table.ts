/** Bytes of a spreadsheet (xlsx or csv) → a grid of cells, one array per spreadsheet row. */
import { isUtf8 } from 'node:buffer';
import { UnsupportedFileError } from './errors.js';
import { timeSlice } from './time-slice.js';
import type { Cell } from './values.js';

export { readCsv } from './csv.js';
export { UnsupportedFileError, type UnsupportedReason } from './errors.js';
export { readXlsx } from './xlsx/index.js';

export interface SheetInput {
  bytes: Uint8Array;
  contentType?: string;
  filename?: string;
}

/** `rows[i]` is spreadsheet row i + 1; `rows[i][j]` is column j + 1. */
export type Grid = Cell[][];

const XLSX_TYPES = new Set([
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel.sheet.macroenabled.12',
]);
/** Types browsers and clients send for a CSV or xlsx upload; anything else declared is refused. */
const ACCEPTED_TYPES = new Set([
  ...XLSX_TYPES,
  'text/csv',
  'text/plain',
  'text/comma-separated-values',
  'text/tab-separated-values',
  'application/csv',
  'application/x-csv',
  'application/vnd.ms-excel', // what Windows browsers send for .csv
  'application/octet-stream',
  'application/zip',
  'application/x-zip-compressed',
  'binary/octet-stream',
]);
const ACCEPTED_EXTENSIONS = new Set(['xlsx', 'xlsm', 'csv', 'txt', 'tsv']);

const startsWith = (bytes: Uint8Array, prefix: readonly number[]) => prefix.every((b, i) => bytes[i] === b);
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export type SheetFormat = 'xlsx' | 'csv';

/** Bytes decoded at a time. */
const DECODE_BYTES = 1024 * 1024;

/** `Kiến nghị.XLSX` → `xlsx`; undefined without one. */
function extensionOf(filename: string): string | undefined {
  const dot = filename.lastIndexOf('.');
  const extension = dot < 0 ? '' : filename.slice(dot + 1).toLowerCase();
  return /^[a-z0-9]+$/.test(extension) ? extension : undefined;
}

/**
 * Which reader to use. The bytes decide when they can (a zip is an xlsx whatever it is called); a declared
 * type or extension that names another format is refused.
 */
export function detectFormat(input: SheetInput): SheetFormat {
  const contentType = input.contentType?.split(';')[0]?.trim().toLowerCase();
  const extension = extensionOf(input.filename ?? '');
  if (input.bytes.length === 0) throw new UnsupportedFileError('empty', 'Tệp rỗng.');
  if (startsWith(input.bytes, OLE_MAGIC) || extension === 'xls') {
    throw new UnsupportedFileError(
      'unsupported_format',
      'Định dạng Excel 97-2003 (.xls) không được hỗ trợ; hãy lưu lại tệp dưới dạng .xlsx hoặc .csv.',
    );
  }
  if (
    (contentType && !ACCEPTED_TYPES.has(contentType)) ||
    (extension !== undefined && !ACCEPTED_EXTENSIONS.has(extension))
  ) {
    throw new UnsupportedFileError('unsupported_format', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
  }
  if (startsWith(input.bytes, ZIP_MAGIC)) return 'xlsx';
  if ((contentType && XLSX_TYPES.has(contentType)) || extension === 'xlsx' || extension === 'xlsm') {
    throw new UnsupportedFileError(
      'unreadable',
      'Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.',
    );
  }
  return 'csv';
}

// ---------------------------------------------------------------------------------------------------------
// csv

/**
 * UTF-8 (BOM or not) or UTF-16 with a BOM; a file that is not valid UTF-8 is read as Windows-1258.
 * Decoded a megabyte at a time with a turn of the event loop between (10 MB take ≈ 100 ms).
 */
export async function decodeText(bytes: Uint8Array): Promise<string> {
  let encoding = 'utf-8';
  let body = bytes;
  if (startsWith(bytes, [0xff, 0xfe])) [encoding, body] = ['utf-16le', bytes.subarray(2)];
  else if (startsWith(bytes, [0xfe, 0xff])) [encoding, body] = ['utf-16be', bytes.subarray(2)];
  else {
    if (bytes.includes(0)) {
      throw new UnsupportedFileError('unsupported_format', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
    }
    if (startsWith(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
    // Excel on a Vietnamese Windows saves "CSV" in the ANSI code page, Windows-1258.
    if (!isUtf8(body)) encoding = 'windows-1258';
  }
  const decoder = new TextDecoder(encoding);
  const slice = timeSlice();
  const parts: string[] = [];
  for (let at = 0; at < body.length; at += DECODE_BYTES) {
    parts.push(decoder.decode(body.subarray(at, at + DECODE_BYTES), { stream: true }));
    await slice();
  }
  parts.push(decoder.decode());
  return parts.join('');
}

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
