/**
 * CSV text → rows of cells, in one pass over the text. Reads what csv-parse read with `relax_quotes` and
 * `relax_column_count` (the reader before this one), without its cost: csv-parse built an error object
 * for every short row (12 s for 100,000 blank lines) and a record for every field of a line of commas.
 *
 * - A field starting with `"` is quoted: `""` inside is one quote, delimiters and line breaks are text.
 *   A closing quote followed by anything but a delimiter or line break makes the field literal text,
 *   quotes included (`"a"b` → `"a"b`); a quote that never closes makes the file unreadable (null).
 * - The line break is the first one found outside quotes (`\r\n`, `\n` or `\r`); the others are text.
 * - Fields right of `IMPORT_LIMITS.columns` are skipped without being stored; a longer cell than
 *   `cellChars` or more rows than `rows` throws the limit.
 */
import { limitExceeded } from './errors.js';
import { IMPORT_LIMITS } from './limits.js';
import type { Cell } from './values.js';

const QUOTE = 34;
const CR = 13;
const LF = 10;

export function readCsv(text: string, delimiter: string, maxRecords?: number): Cell[][] | null {
  const sep = delimiter.charCodeAt(0);
  const rows: Cell[][] = [];
  const end = text.length;
  /** '' until the first line break outside quotes decides it. */
  let lineBreak = '';
  let row: Cell[] = [];
  let at = 0;

  const isBreak = (i: number): number => {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) return 0;
    if (lineBreak === '') lineBreak = c === CR && text.charCodeAt(i + 1) === LF ? '\r\n' : (text[i] ?? '');
    if (lineBreak === '\r\n') return c === CR && text.charCodeAt(i + 1) === LF ? 2 : 0;
    return lineBreak.charCodeAt(0) === c ? 1 : 0;
  };
  const push = (value: string) => {
    if (value.length > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
    if (row.length < IMPORT_LIMITS.columns) row.push(value === '' ? null : value);
  };
  /** Index of the delimiter or line break ending an unquoted run from `i`, or `end`. */
  const runEnd = (i: number): number => {
    for (let j = i; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c === sep || ((c === CR || c === LF) && isBreak(j) > 0)) return j;
    }
    return end;
  };

  while (at < end) {
    let value: string;
    if (text.charCodeAt(at) === QUOTE) {
      // Quoted: the text up to the closing quote, `""` read as one quote.
      let content = '';
      let from = at + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return null;
        content += text.slice(from, quote);
        if (content.length > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
        if (text.charCodeAt(quote + 1) === QUOTE) {
          content += '"';
          from = quote + 2;
          continue;
        }
        at = quote + 1;
        break;
      }
      value = content;
      if (at < end && text.charCodeAt(at) !== sep && isBreak(at) === 0) {
        // Something after the closing quote: the field is literal text up to the delimiter.
        const stop = runEnd(at);
        value = `"${content}"${text.slice(at, stop)}`;
        at = stop;
      }
    } else {
      const stop = runEnd(at);
      if (stop - at > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
      value = text.slice(at, stop);
      at = stop;
    }
    push(value);
    if (at >= end) break;
    if (text.charCodeAt(at) === sep) {
      at++;
      // A delimiter at the very end still ends a field: "a," is ["a", ""].
      if (at >= end) push('');
      continue;
    }
    // A line break ends the row.
    at += isBreak(at);
    rows.push(row);
    row = [];
    if (rows.length > IMPORT_LIMITS.rows) throw limitExceeded('rows');
    if (maxRecords !== undefined && rows.length >= maxRecords) return rows;
  }
  if (row.length > 0) rows.push(row);
  if (rows.length > IMPORT_LIMITS.rows) throw limitExceeded('rows');
  return rows;
}
