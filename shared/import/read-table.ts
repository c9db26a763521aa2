/** Bytes of a spreadsheet (xlsx or csv) → a grid of cells, one array per spreadsheet row. */
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/universal';
import type { Cell } from './values.js';
import { type CellRange, type FirstWorksheet, firstWorksheet } from './xlsx-parts.js';

export type UnsupportedReason = 'unsupported_format' | 'unreadable' | 'empty' | 'no_header';

/** The file is not a spreadsheet this module reads, cannot be read, is empty or has no header row. */
export class UnsupportedFileError extends Error {
  override readonly name = 'UnsupportedFileError';
  /** `unsupported_format` maps to 415, the others to 422. */
  readonly reason: UnsupportedReason;
  constructor(reason: UnsupportedReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

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

/**
 * Which reader to use. The bytes decide when they can (a zip is an xlsx whatever it is called); a declared
 * type or extension that names another format is refused.
 */
export function detectFormat(input: SheetInput): SheetFormat {
  const contentType = input.contentType?.split(';')[0]?.trim().toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(input.filename ?? '')?.[1]?.toLowerCase();
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
// xlsx

/** Cells filled from merged ranges, at most: a merge over a whole sheet is not a recommendation list. */
const MAX_MERGED_CELLS = 2_000_000;

const unreadable = () =>
  new UnsupportedFileError('unreadable', 'Không đọc được tệp Excel: tệp bị hỏng hoặc không phải .xlsx.');

/**
 * A cell as read-excel-file gives it: text (rich text joined, a hyperlink's text, a formula's cached
 * result), number, boolean or date; errors and formulas without a result are empty.
 */
function excelCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    // read-excel-file rounds a date-time down to the millisecond, so a time a hair before a whole second
    // (floating-point error: 23:59 is 45245.99930555… days) comes out at .999; a whole day computed by a
    // formula can even come out a millisecond before midnight, the day before. Round up such times, as
    // Excel (and exceljs before) did.
    const time = value.getTime();
    return ((time % 1000) + 1000) % 1000 === 999 ? new Date(time + 1) : value;
  }
  return null;
}

/** Every cell of a merged range takes the value of its top-left cell (an empty one empties the range). */
function fillMerges(grid: Grid, merges: readonly CellRange[]): void {
  let filled = 0;
  for (const { top, left, bottom, right } of merges) {
    const master = grid[top - 1]?.[left - 1] ?? null;
    if (master === null) {
      // Only the cells that exist need emptying (the ranges are disjoint: at most every cell once).
      for (let r = top; r <= Math.min(bottom, grid.length); r++) {
        const row = grid[r - 1] ?? [];
        for (let c = left; c <= Math.min(right, row.length); c++) row[c - 1] = null;
      }
      continue;
    }
    filled += (bottom - top + 1) * (right - left + 1);
    if (filled > MAX_MERGED_CELLS) throw unreadable();
    for (let r = top; r <= bottom; r++) {
      const row = grid[r - 1] ?? [];
      grid[r - 1] = row;
      for (let c = left; c <= right; c++) {
        if (r !== top || c !== left) row[c - 1] = master;
      }
    }
  }
}

/** First worksheet (in tab order). Merged cells give every cell they cover the value of their top-left cell. */
export async function readXlsx(bytes: Uint8Array): Promise<Grid> {
  let sheet: FirstWorksheet | null;
  let rows: unknown[][];
  try {
    sheet = firstWorksheet(bytes);
    if (!sheet) throw new UnsupportedFileError('empty', 'Tệp Excel không có trang tính nào.');
    rows = (await readSheet(bytes.slice().buffer, sheet.position, {
      trim: false,
    })) as unknown[][];
  } catch (error) {
    if (error instanceof UnsupportedFileError) throw error;
    throw unreadable();
  }
  const grid: Grid = rows.map((row) => {
    const cells = row.map(excelCell);
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  fillMerges(grid, sheet.merges);
  for (let i = 0; i < grid.length; i++) grid[i] = Array.from(grid[i] ?? [], (cell) => cell ?? null);
  return grid;
}

// ---------------------------------------------------------------------------------------------------------
// csv

/** UTF-8 (BOM or not) or UTF-16 with a BOM; a file that is not valid UTF-8 is read as Windows-1258. */
export function decodeText(bytes: Uint8Array): string {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) {
    throw new UnsupportedFileError('unsupported_format', 'Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv).');
  }
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // Excel on a Vietnamese Windows saves "CSV" in the ANSI code page, Windows-1258.
    return new TextDecoder('windows-1258').decode(body);
  }
}

export const CSV_DELIMITERS = [',', ';', '\t'] as const;

/**
 * One record per spreadsheet row (a quoted cell spanning lines stays one row); null when unparseable.
 * `maxRecords` reads only the top of the file (to try out a delimiter).
 */
export function readCsv(text: string, delimiter: string, maxRecords?: number): Grid | null {
  try {
    const records = parse(text, {
      delimiter,
      ...(maxRecords ? { to: maxRecords } : {}),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
    return records.map((record) => record.map((value) => (value === '' ? null : value)));
  } catch {
    return null;
  }
}
