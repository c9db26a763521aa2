/**
 * The cells and merged ranges of one worksheet part, read as it streams. Only cells in the columns read
 * (`IMPORT_LIMITS.columns`) are kept, so a lone cell at XFD1048576 costs nothing; a value below
 * `IMPORT_LIMITS.rows` or a longer cell than `cellChars` stops the reading with that limit.
 */
import { limitExceeded, unreadableXlsx } from '../errors.js';
import { IMPORT_LIMITS } from '../limits.js';
import type { Cell } from '../values.js';
import { attribute, type PartReader, unescapeXlsx } from './workbook.js';

/** 1-based, inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface SheetCells {
  /** `rows[i]` is row i + 1 (holes where nothing was read). */
  rows: Cell[][];
  merges: CellRange[];
}

export interface CellContext {
  sharedStrings: readonly string[];
  dateStyles: readonly boolean[];
  date1904: boolean;
}

/** `A1`, `$B$12`, `xfd1048576` → 1-based row and column; null when malformed. */
export function parseRef(ref: string, start = 0, end = ref.length): { row: number; col: number } | null {
  let i = start;
  if (ref[i] === '$') i++;
  let col = 0;
  let letters = 0;
  for (; i < end; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    if (++letters > 3) return null;
  }
  if (ref[i] === '$') i++;
  let row = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = ref.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    row = row * 10 + (c - 48);
    if (++digits > 7) return null;
  }
  return letters > 0 && digits > 0 && row > 0 ? { row, col } : null;
}

function parseRange(ref: string): CellRange {
  const text = ref.trim();
  const colon = text.indexOf(':');
  const from = parseRef(text, 0, colon < 0 ? text.length : colon);
  const to = colon < 0 ? from : parseRef(text, colon + 1);
  if (!from || !to) throw unreadableXlsx();
  return {
    top: Math.min(from.row, to.row),
    left: Math.min(from.col, to.col),
    bottom: Math.max(from.row, to.row),
    right: Math.max(from.col, to.col),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Serial day of 1970-01-01 in the 1900 date system (with Excel's 29 February 1900). */
const UNIX_EPOCH_SERIAL = 25_569;
/** Days between the 1900 and the 1904 date systems. */
const DATE_1904_OFFSET = 1_462;

/**
 * A date from its serial number, as read-excel-file computed it (down to the millisecond), then a time a
 * hair before a whole second (floating-point error: 23:59 is 45245.99930555… days) rounded up, as Excel does.
 */
function serialDate(serial: number, date1904: boolean): Date {
  const time = Math.floor((serial + (date1904 ? DATE_1904_OFFSET : 0) - UNIX_EPOCH_SERIAL) * DAY_MS);
  return new Date(((time % 1000) + 1000) % 1000 === 999 ? time + 1 : time);
}

interface OpenCell {
  type: string;
  style: string | undefined;
  /** `<v>` text; undefined without a `<v>`. */
  value: string | undefined;
  /** `<is>` text; undefined without an `<is>`. */
  inline: string | undefined;
}

const text = (value: string | undefined): Cell => {
  if (value === undefined || value === '') return null;
  return unescapeXlsx(value);
};

/** The value of a cell as the importer reads it; errors and formulas without a result are empty. */
function cellValue(cell: OpenCell, ctx: CellContext): Cell {
  const v = cell.value;
  switch (cell.type) {
    case 'str':
      return text(v);
    case 'inlineStr':
      return text(cell.inline);
    case 's': {
      if (!v) return null;
      const index = Number(v);
      const found = Number.isInteger(index) ? ctx.sharedStrings[index] : undefined;
      if (found === undefined) throw unreadableXlsx();
      return found === '' ? null : found;
    }
    case 'b':
      if (!v) return null;
      if (v === '1' || v === '0') return v === '1' ? 'TRUE' : 'FALSE';
      throw unreadableXlsx();
    case 'e':
      return null;
    case 'd': {
      if (!v) return null;
      const date = new Date(v);
      if (Number.isNaN(date.getTime())) throw unreadableXlsx();
      return date;
    }
    case 'n': {
      if (!v) return null;
      const number = Number(v);
      if (Number.isNaN(number)) throw unreadableXlsx();
      const style = cell.style === undefined ? undefined : Number(cell.style);
      if (style !== undefined && ctx.dateStyles[style]) return serialDate(number, ctx.date1904);
      return number;
    }
    default:
      throw unreadableXlsx();
  }
}

export async function readSheetCells(read: PartReader, path: string, ctx: CellContext): Promise<SheetCells> {
  const rows: Cell[][] = [];
  const merges: CellRange[] = [];
  let inSheetData = false;
  let rowNumber = 0;
  let previousRow = 0;
  /** The `<row>` had no `r`: its first cell's reference says which row it is. */
  let rowImplicit = false;
  let lastCol = 0;
  /** The cell being read; 'skip' right of the columns read; null between cells. */
  let cell: OpenCell | 'skip' | null = null;
  let inValue = false;
  let inInline = false;
  let inText = false;
  let phonetic = 0;
  const append = (current: string | undefined, more: string) => {
    const joined = (current ?? '') + more;
    if (joined.length > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
    return joined;
  };

  const found = await read(path, {
    open(name, attributes) {
      if (name === 'sheetData') inSheetData = true;
      else if (name === 'mergeCell') {
        if (merges.length >= IMPORT_LIMITS.mergedRanges) throw limitExceeded('mergedRanges');
        const ref = attribute(attributes, 'ref');
        if (ref !== undefined) merges.push(parseRange(ref));
      } else if (!inSheetData) return;
      else if (name === 'row') {
        const r = attribute(attributes, 'r');
        const number = r === undefined ? rowNumber + 1 : Number(r);
        if (!Number.isInteger(number) || number <= rowNumber) throw unreadableXlsx();
        previousRow = rowNumber;
        rowNumber = number;
        rowImplicit = r === undefined;
        lastCol = 0;
      } else if (name === 'c') {
        const r = attribute(attributes, 'r');
        const ref = r === undefined ? null : parseRef(r);
        if (r !== undefined && !ref) throw unreadableXlsx();
        if (ref && rowImplicit) {
          if (ref.row <= previousRow) throw unreadableXlsx();
          rowNumber = ref.row;
        }
        rowImplicit = false;
        const col = ref ? ref.col : lastCol + 1;
        if (col <= lastCol) throw unreadableXlsx();
        lastCol = col;
        cell =
          col > IMPORT_LIMITS.columns
            ? 'skip'
            : {
                type: attribute(attributes, 't') ?? 'n',
                style: attribute(attributes, 's'),
                value: undefined,
                inline: undefined,
              };
      } else if (cell === null || cell === 'skip') return;
      else if (name === 'v') {
        inValue = true;
        cell.value ??= '';
      } else if (name === 'is') {
        inInline = true;
        cell.inline ??= '';
      } else if (name === 't') inText = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'sheetData') inSheetData = false;
      else if (name === 'v') inValue = false;
      else if (name === 'is') inInline = false;
      else if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell !== null) {
        if (cell !== 'skip') {
          const value = cellValue(cell, ctx);
          if (value !== null) {
            if (rowNumber > IMPORT_LIMITS.rows) throw limitExceeded('rows');
            let row = rows[rowNumber - 1];
            if (!row) {
              row = [];
              rows[rowNumber - 1] = row;
            }
            row[lastCol - 1] = value;
          }
        }
        cell = null;
      }
    },
    text(chunk) {
      if (cell === null || cell === 'skip') return;
      if (inValue) cell.value = append(cell.value, chunk);
      else if (inInline && inText && phonetic === 0) cell.inline = append(cell.inline, chunk);
    },
  });
  if (!found) throw unreadableXlsx();
  return { rows, merges };
}
