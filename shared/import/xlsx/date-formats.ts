/**
 * Whether a number format shows a date: an xlsx stores dates as numbers (days since 1900 or 1904) and
 * only the cell's format says it is a date. The same rules as read-excel-file, the reader before this one.
 */

/** Built-in formats that are dates or times, in any locale Excel ships. */
const BUILT_IN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81,
]);

const DATE_TOKENS = new Set([
  's',
  'ss',
  'm',
  'mm',
  'h',
  'hh',
  'am',
  'pm',
  'a',
  'p',
  'd',
  'dd',
  'ddd',
  'dddd',
  'aaa',
  'aaaa',
  'aaaaa',
  'mmm',
  'mmmm',
  'mmmmm',
  'y',
  'yy',
  'yyyy',
  'e',
  'ee',
  'eeee',
]);

/** Excel refuses longer format codes; a longer one is not a date (and costs nothing to reject). */
const MAX_FORMAT_CODE = 255;

function isDateSection(section: string): boolean {
  const tokens = section
    .replace(/"[^"]*"/g, ' ')
    .replace(/(\[?[smhd]{1,2}\]?)[.,]00?0?/g, '$1')
    .replace(/\[([smhd]{1,2})\]/g, '$1')
    .replace(/\[[^\]]*\]/g, '')
    .split(/[^a-z0#?%]+/)
    .filter(Boolean);
  return tokens.length > 0 && tokens.every((token) => DATE_TOKENS.has(token));
}

function isDateFormatCode(code: string): boolean {
  if (code.length > MAX_FORMAT_CODE) return false;
  return code.toLowerCase().replace(/;@$/, '').replace(/\\./g, ' ').split(';').some(isDateSection);
}

/** `id` is the cell format's numFmtId; `code` its formatCode when the workbook defines one (id ≥ 100). */
export function isDateFormat(id: number, code: string | undefined): boolean {
  return BUILT_IN_DATE_IDS.has(id) || (code !== undefined && isDateFormatCode(code));
}
