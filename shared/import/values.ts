/** Cell values of a recommendation spreadsheet: sources, dispositions, departments, dates. */
import type { Disposition, IsoDate, Source } from '../domain/model.js';
import { normalizeText } from '../domain/text.js';
import { matchKey } from './headers.js';

/** A cell as read from the file: text (CSV, text cells), number or real date (xlsx), or empty. */
export type Cell = string | number | Date | null;

/** The text of a cell, NFC with spaces collapsed; '' for an empty cell. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : formatDmy(utcIsoDate(cell));
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return normalizeText(cell);
}

const SOURCES: Record<string, Source> = {
  'tong hop truoc': 'pre_collected',
  'y kien tong hop truoc': 'pre_collected',
  'kien nghi tong hop truoc': 'pre_collected',
  'tong hop truoc hoi nghi': 'pre_collected',
  'truoc hoi nghi': 'pre_collected',
  'thu thap truoc': 'pre_collected',
  'truc tiep': 'at_dialogue',
  'truc tiep tai hoi nghi': 'at_dialogue',
  'tai hoi nghi': 'at_dialogue',
  'kien nghi truc tiep': 'at_dialogue',
  'y kien truc tiep': 'at_dialogue',
  'phat bieu tai hoi nghi': 'at_dialogue',
};

const DISPOSITIONS: Record<string, Disposition> = {
  'giao don vi': 'assigned',
  'giao xu ly': 'assigned',
  giao: 'assigned',
  'giao don vi xu ly': 'assigned',
  'giao don vi giai quyet': 'assigned',
  'giao giai quyet': 'assigned',
  'tra loi tai hoi nghi': 'answered_at_dialogue',
  'da tra loi tai hoi nghi': 'answered_at_dialogue',
  'tra loi truc tiep': 'answered_at_dialogue',
  'da tra loi truc tiep': 'answered_at_dialogue',
  'da tra loi': 'answered_at_dialogue',
  'chuyen cap tren': 'forwarded',
  'kien nghi cap tren': 'forwarded',
  'vuot tham quyen': 'forwarded',
  'chuyen len cap tren': 'forwarded',
  'kien nghi len cap tren': 'forwarded',
  'khong tra loi': 'declined',
  'tu choi': 'declined',
  'khong giai quyet': 'declined',
};

/** The source a cell names, or null when the text is not a known wording. */
export function parseSource(text: string): Source | null {
  const key = matchKey(text);
  // Own keys only: a cell saying "constructor" must not find Object.prototype members.
  return Object.hasOwn(SOURCES, key) ? (SOURCES[key] ?? null) : null;
}

/** The disposition a cell names, or null when the text is not a known wording. */
export function parseDisposition(text: string): Disposition | null {
  const key = matchKey(text);
  return Object.hasOwn(DISPOSITIONS, key) ? (DISPOSITIONS[key] ?? null) : null;
}

/** The source a section heading row announces ("I. Ý KIẾN TỔNG HỢP TRƯỚC HỘI NGHỊ"), if any. */
export function sourceOfHeading(text: string): Source | null {
  const key = matchKey(text);
  if (/\b(tong hop truoc|truoc hoi nghi)\b/.test(key)) return 'pre_collected';
  if (/\b(truc tiep|tai hoi nghi)\b/.test(key)) return 'at_dialogue';
  return null;
}

/** "Tổng cộng", "Tổng", "Cộng", "Tổng số: 20 kiến nghị": the first cell of a total row. */
export function isTotalLabel(text: string): boolean {
  if (!/^\p{L}/u.test(text)) return false;
  const key = matchKey(text)
    .replace(/\d+/g, ' ')
    .replace(/\b(kien nghi|y kien|noi dung)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return key === 'tong cong' || key === 'tong' || key === 'cong' || key === 'tong so' || key === 'cong tong';
}

/** Numbers only, like a count or a column-numbering row "(1) (2) (3)". */
export function isNumericCell(cell: Cell): boolean {
  if (typeof cell === 'number') return true;
  // Two single-quantifier tests, not one pattern with a digit between two overlapping runs: that one
  // backtracks quadratically on a long run of digits followed by a letter.
  return typeof cell === 'string' && /^[\s()[\].,\-–+%\d]*$/.test(cell) && /\d/.test(cell);
}

/** Roman numeral or a single capital letter in the STT column: a section heading ("I.", "II", "A"). */
export function isSectionNumber(text: string): boolean {
  return (
    /^(?=[IVXLC])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})\.?$/.test(text) || /^[A-Z]\.?$/.test(text)
  );
}

/** Signature and filing blocks below a table: "Nơi nhận:", "Người lập biểu", "TM. ỦY BAN NHÂN DÂN". */
export function isFooterText(text: string): boolean {
  return (
    /^(noi nhan|nguoi lap( bieu)?|nguoi tong hop|tm|kt|tl|tuq|chu tich|pho chu tich|bi thu|pho bi thu|thu truong|truong ban|xac nhan|ky ten)\b/.test(
      matchKey(text),
    ) || /\bngay \d{1,2} thang \d{1,2} nam \d{4}$/.test(matchKey(text))
  );
}

// ---------------------------------------------------------------------------------------------------------
// Departments

export interface DepartmentMatcher {
  /** The department id a name denotes, or null. */
  find(name: string): string | null;
  /** Comma-separated pieces in the longest department name. */
  maxPieces: number;
}

export function departmentMatcher(departments: readonly { id: string; name: string }[]): DepartmentMatcher {
  const byKey = new Map<string, string>();
  let maxPieces = 1;
  for (const department of departments) {
    const key = matchKey(department.name);
    if (key !== '' && !byKey.has(key)) byKey.set(key, department.id);
    maxPieces = Math.max(maxPieces, department.name.split(',').length);
  }
  return { find: (name) => byKey.get(matchKey(name)) ?? null, maxPieces };
}

/**
 * The departments of a cell listing several, separated by `;`, a new line or `,`. A comma may also be part
 * of a name ("Phòng Kinh tế, Hạ tầng và Đô thị"), so comma-separated pieces are joined again, longest
 * first, when together they name a department.
 */
export function splitDepartments(
  raw: string,
  matcher: DepartmentMatcher,
): { ids: string[]; unknown: string[] } {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const segment of raw.split(/[;\n\r]+/)) {
    const pieces = segment.split(',');
    let i = 0;
    while (i < pieces.length) {
      let matched = false;
      // No name has more pieces than the longest department name: the window stays that wide, so a
      // cell of thousands of commas costs linear time, not cubic.
      for (let j = Math.min(pieces.length, i + matcher.maxPieces); j > i; j--) {
        const name = pieces.slice(i, j).join(',');
        const id = matcher.find(name);
        if (id !== null) {
          if (!ids.includes(id)) ids.push(id);
          i = j;
          matched = true;
          break;
        }
      }
      if (!matched) {
        const name = normalizeText(pieces[i] ?? '');
        if (matchKey(name) !== '') unknown.push(name);
        i++;
      }
    }
  }
  return { ids, unknown };
}

// ---------------------------------------------------------------------------------------------------------
// Dates

/** Dates outside these years are typing mistakes (a year "203", a serial number typed as a year). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;
/** Day 0 of spreadsheet serial numbers is 1899-12-30 (with the 1900 leap-year bug, valid from 1 March 1900). */
const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 24 * 60 * 60 * 1000;

function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return utcIsoDate(date);
}

/** The calendar date of a Date read as UTC: the xlsx reader builds date cells at UTC midnight of the day. */
function utcIsoDate(date: Date): IsoDate {
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function formatDmy(iso: IsoDate): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function fromSerial(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 61) return null;
  const date = new Date(SERIAL_EPOCH_MS + Math.floor(serial) * DAY_MS);
  return isoFromParts(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

/**
 * A due date cell as an ISO date: `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` separators, two-digit years as
 * 20yy, an optional time after it), ISO `yyyy-mm-dd`, "ngày 15 tháng 11 năm 2023", a real date cell, or a
 * spreadsheet serial number. Day first always: Vietnamese dates never put the month first. Null when
 * the cell is not a valid date.
 */
export function parseDate(cell: Cell): IsoDate | null {
  if (cell === null) return null;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return null;
    return isoFromParts(cell.getUTCFullYear(), cell.getUTCMonth() + 1, cell.getUTCDate());
  }
  if (typeof cell === 'number') return fromSerial(cell);
  const text = normalizeText(cell);
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (m) {
    const year = m[3]?.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return isoFromParts(year, Number(m[2]), Number(m[1]));
  }
  m =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(matchKey(text));
  if (m) return isoFromParts(Number(m[3]), Number(m[2]), Number(m[1]));
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text));
  return null;
}
