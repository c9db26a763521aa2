/**
 * CSV text → rows of cells, in one pass over the text. Reads what csv-parse read with `relax_quotes` and
 * `relax_column_count` (the reader before this one), without its cost: csv-parse built an error object
 * for every short row (12 s for 100,000 blank lines) and a record for every field of a line of commas.
 *
 * - A field starting with `"` is quoted: `""` inside is one quote, delimiters and line breaks are text.
 *   A closing quote followed by anything but a delimiter or line break makes the field literal text,
 *   quotes included (`"a"b` → `"a"b`); a quote that never closes makes the file unreadable (null).
 * - The line break is the first one found outside quotes (`\r\n`, `\n` or `\r`); the others are text.
 * - Fields right of `IMPORT_LIMITS.columns` are passed over without being stored; a field longer than
 *   `cellChars` or more rows than `rows` throws that limit. Every scan stops within `cellChars` of where
 *   it started, and the event loop gets a turn every few milliseconds.
 */
import { limitExceeded } from './errors.js';
import { IMPORT_LIMITS } from './limits.js';
import { timeSlice } from './time-slice.js';
import type { Cell } from './values.js';

const QUOTE = 34;
const CR = 13;
const LF = 10;
/** Characters scanned between two looks at the clock. */
const CHECK_EVERY = 64 * 1024;

class Scanner {
  /** '' until the first line break outside quotes decides it. */
  private lineBreak = '';
  readonly end: number;
  private readonly sep: number;

  constructor(
    readonly text: string,
    delimiter: string,
  ) {
    this.end = text.length;
    this.sep = delimiter.charCodeAt(0);
  }

  /** Length of the line break at `i` (0 when there is none). */
  lineBreakAt(i: number): number {
    const { text } = this;
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) return 0;
    if (this.lineBreak === '') {
      this.lineBreak = c === CR && text.charCodeAt(i + 1) === LF ? '\r\n' : (text[i] ?? '');
    }
    if (this.lineBreak === '\r\n') return c === CR && text.charCodeAt(i + 1) === LF ? 2 : 0;
    return this.lineBreak.charCodeAt(0) === c ? 1 : 0;
  }

  isSep(i: number): boolean {
    return this.text.charCodeAt(i) === this.sep;
  }

  /** End of the unquoted run from `i`: the next delimiter, line break or the end of the text. */
  runEnd(i: number): number {
    const { text, sep } = this;
    const stop = Math.min(this.end, i + IMPORT_LIMITS.cellChars + 1);
    for (let j = i; j < stop; j++) {
      const c = text.charCodeAt(j);
      if (c === sep || ((c === CR || c === LF) && this.lineBreakAt(j) > 0)) return j;
    }
    if (stop - i > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
    return stop;
  }

  /** A quoted field from its opening quote at `i`: its text and where it ends; null if it never closes. */
  quoted(i: number): { value: string; next: number } | null {
    const { text } = this;
    let content = '';
    let from = i + 1;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote < 0) return null;
      content += text.slice(from, quote);
      if (content.length > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
      if (text.charCodeAt(quote + 1) !== QUOTE) {
        const next = quote + 1;
        if (next >= this.end || this.isSep(next) || this.lineBreakAt(next) > 0)
          return { value: content, next };
        // Something after the closing quote: the field is literal text up to the delimiter.
        const stop = this.runEnd(next);
        return { value: `"${content}"${text.slice(next, stop)}`, next: stop };
      }
      content += '"';
      from = quote + 2;
    }
  }

  /**
   * Passes over the rest of a row right of the columns read, from a field start at `i`: stops at the
   * line break ending the row, at the end of the text, or after about `budget` characters (to be called
   * again with the same state). -1 when a quote never closes.
   */
  skipRow(i: number, budget: number, state: { fieldStart: boolean }): number {
    const { text, sep } = this;
    const stop = Math.min(this.end, i + budget);
    let j = i;
    for (; j < stop; j++) {
      const c = text.charCodeAt(j);
      if (c === sep) state.fieldStart = true;
      else if (c === QUOTE && state.fieldStart) {
        const field = this.quoted(j);
        if (!field) return -1;
        j = field.next - 1;
        state.fieldStart = false;
      } else if ((c === CR || c === LF) && this.lineBreakAt(j) > 0) return j;
      else state.fieldStart = false;
    }
    // Past `stop` only when a quoted field ran over it: `j` is then at the delimiter or line break after it.
    return j;
  }
}

export async function readCsv(
  text: string,
  delimiter: string,
  maxRecords?: number,
): Promise<Cell[][] | null> {
  const scan = new Scanner(text, delimiter);
  const slice = timeSlice();
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let at = 0;
  let sinceCheck = 0;
  const endRow = () => {
    rows.push(row);
    row = [];
    if (rows.length > IMPORT_LIMITS.rows) throw limitExceeded('rows');
  };

  while (at < scan.end) {
    if (row.length >= IMPORT_LIMITS.columns) {
      // Right of the columns read: passed over, nothing stored.
      const state = { fieldStart: true };
      for (;;) {
        const stop = scan.skipRow(at, CHECK_EVERY, state);
        if (stop < 0) return null;
        const done = stop >= scan.end || scan.lineBreakAt(stop) > 0;
        at = stop;
        await slice();
        if (done) break;
      }
      if (at >= scan.end) break;
      at += scan.lineBreakAt(at);
      endRow();
      if (maxRecords !== undefined && rows.length >= maxRecords) return rows;
      continue;
    }
    const start = at;
    let value: string;
    if (text.charCodeAt(at) === QUOTE) {
      const field = scan.quoted(at);
      if (!field) return null;
      value = field.value;
      at = field.next;
    } else {
      const stop = scan.runEnd(at);
      value = text.slice(at, stop);
      at = stop;
    }
    row.push(value === '' ? null : value);
    sinceCheck += at - start + 1;
    if (sinceCheck > CHECK_EVERY) {
      sinceCheck = 0;
      await slice();
    }
    if (at >= scan.end) break;
    if (scan.isSep(at)) {
      at++;
      // A delimiter at the very end still ends a field: "a," is ["a", ""].
      if (at >= scan.end && row.length < IMPORT_LIMITS.columns) row.push(null);
      continue;
    }
    at += scan.lineBreakAt(at);
    endRow();
    if (maxRecords !== undefined && rows.length >= maxRecords) return rows;
  }
  if (row.length > 0) rows.push(row);
  if (rows.length > IMPORT_LIMITS.rows) throw limitExceeded('rows');
  return rows;
}
