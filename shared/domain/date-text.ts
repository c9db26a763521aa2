/**
 * A date as people type or write it, read the same way by every form and by the spreadsheet import:
 * `dd/mm/yyyy` (also `d/m/yyyy`, `-` or `.` separators, two-digit years as 20yy, an optional time after
 * it), digits only `ddmmyyyy` (a phone's number pad has no slash: `27112026`), ISO `yyyy-mm-dd`, and
 * "ngày 15 tháng 11 năm 2023". Day first always: Vietnamese dates never put the month first.
 */
import type { IsoDate } from './model.js';
import { foldDiacritics } from './text.js';

/** Dates outside these years are typing mistakes (a year "203", a serial number typed as a year). */
export const DATE_MIN_YEAR = 1990;
export const DATE_MAX_YEAR = 2100;

/** The ISO date of a year, month and day, or null when there is no such day. */
export function isoFromParts(year: number, month: number, day: number): IsoDate | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  date.setUTCFullYear(year);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether an ISO date's year is one people really mean (DATE_MIN_YEAR–DATE_MAX_YEAR). */
export function inYearRange(iso: IsoDate): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= DATE_MIN_YEAR && year <= DATE_MAX_YEAR;
}

/**
 * The ISO date a text names (any real day; the caller checks the year range), or null. Bounded: anything
 * longer than a date written out is refused.
 */
export function parseDateText(input: string): IsoDate | null {
  if (input.length > 64) return null;
  const text = input.normalize('NFC').replace(/\s+/g, ' ').trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text);
  if (m) {
    const year = m[3]?.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return isoFromParts(year, Number(m[2]), Number(m[1]));
  }
  m = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (m) return isoFromParts(Number(m[3]), Number(m[2]), Number(m[1]));
  m =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (m) return isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$/.exec(
    foldDiacritics(text)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim(),
  );
  if (m) return isoFromParts(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}
