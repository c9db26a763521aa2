/**
 * Vietnamese lunar calendar (âm lịch), computed for UTC+7.
 *
 * Hồ Ngọc Đức's astronomical algorithm ("Thuật toán tính âm lịch", public domain, 2004;
 * https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html), which the Vietnamese calendar tables
 * are computed with. New moons and the sun's longitude come from Jean Meeus, "Astronomical Algorithms".
 *
 * Rules: a lunar month starts on the day (in UTC+7) of a new moon; month 11 is the one containing the
 * winter solstice; a lunar year with 13 months (from one month 11 to the next) has a leap month, the
 * first month after month 11 without a major solar term (trung khí), which takes the number of the
 * month before it.
 *
 * The time zone matters: Vietnam counts days in UTC+7 and China in UTC+8, so when a new moon falls
 * between 16:00 and 17:00 UTC the two calendars start a month on different days; e.g. Tết 1985 is
 * 21 Jan in Vietnam and 20 Feb in China, Tết 2007 is 17 Feb in Vietnam and 18 Feb in China.
 *
 * Checked against Hồ Ngọc Đức's published month tables for 1968–2099 (every day agrees except three month starts
 * one day apart where a new moon falls within minutes of midnight: months 4/2054, 11/2072, 10/2077; no holiday is
 * affected), and, computed for UTC+8, against ICU's Chinese calendar. Before 1968 Vietnam used UTC+8 (Hồ Ngọc
 * Đức's tables do); this module always uses UTC+7.
 *
 * Internally days are Julian day numbers (integers; JDN 2451545 = 2000-01-01). Pure and deterministic.
 */

import type { IsoDate } from './working-calendar.js';

/** Hours ahead of UTC used to decide on which day a new moon or a solar term falls. */
export const VIETNAM_TIME_ZONE = 7;

/** Years (solar, and lunar years starting in them) the algorithm is meant for; its tables go 1800–2199. */
export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

export interface LunarDate {
  /** Lunar year, numbered as the solar year in which its first day (Tết) falls. */
  year: number;
  /** 1..12 */
  month: number;
  /** 1..30 */
  day: number;
  /** True in the leap month (tháng nhuận), which repeats the number of the month before it. */
  leap: boolean;
}

const SYNODIC_MONTH = 29.530588853;
/** Julian date of the new moon of 1900-01-01 (k = 0 in Meeus' numbering used below). */
const NEW_MOON_EPOCH = 2415021.076998695;

// ---------------------------------------------------------------------------------------------------
// Julian day numbers and ISO dates (proleptic Gregorian calendar)

/** Julian day number of a Gregorian date. */
export function julianDayFromDate(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/** Gregorian date of a Julian day number. */
export function dateFromJulianDay(jd: number): { year: number; month: number; day: number } {
  const a = jd + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Strict 'YYYY-MM-DD' of a real Gregorian date → its parts; undefined otherwise. */
export function parseIsoDate(value: string): { year: number; month: number; day: number } | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** Julian day number of a strict ISO date; throws RangeError if it is not one. */
export function julianDayFromIso(date: IsoDate): number {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Not a valid ISO date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return julianDayFromDate(parts.year, parts.month, parts.day);
}

/** ISO date ('YYYY-MM-DD') of a Julian day number (years 0000–9999). */
export function isoFromJulianDay(jd: number): IsoDate {
  const { year, month, day } = dateFromJulianDay(jd);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Day of the week of a Julian day number: 0 = Sunday … 6 = Saturday. */
export function weekdayOfJulianDay(jd: number): number {
  return (((jd + 1) % 7) + 7) % 7;
}

// ---------------------------------------------------------------------------------------------------
// Astronomy (Meeus, as simplified by Hồ Ngọc Đức)

/** Julian date (fractional, UTC) of the k-th new moon after the one of 1900-01-01. */
function newMoon(k: number): number {
  const T = k / 1236.85; // Julian centuries from 1900-01-01 12:00
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = Math.PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** The sun's apparent longitude in radians, [0, 2π), at a fractional Julian date. */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525; // Julian centuries from 2000-01-01 12:00 UTC
  const T2 = T * T;
  const dr = Math.PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2; // mean anomaly
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2; // mean longitude
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL = DL + (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= Math.PI * 2 * Math.floor(L / (Math.PI * 2));
  return L;
}

/** Major-term segment (0..11, each 30° of the sun's longitude) at the start of a local day. */
function sunSegment(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Julian day number (local day) of the k-th new moon. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** First day of the lunar month 11 that starts in solar year `year` (the month of the winter solstice). */
function lunarMonth11(year: number, timeZone: number): number {
  const off = julianDayFromDate(year, 12, 31) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  let nm = newMoonDay(k, timeZone);
  if (sunSegment(nm, timeZone) >= 9) nm = newMoonDay(k - 1, timeZone);
  return nm;
}

/** In a 13-month year starting at month 11 `a11`: offset (in months, from a11) of the leap month. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let last: number;
  let i = 1;
  let arc = sunSegment(newMoonDay(k + i, timeZone), timeZone);
  do {
    last = arc;
    i++;
    arc = sunSegment(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

// ---------------------------------------------------------------------------------------------------
// Per-year month tables (memoised: each lunar year is computed once)

interface LunarYearTable {
  /** First days (JDN) of the months of the lunar year, in order, plus the next year's Tết at the end. */
  starts: number[];
  /** The month numbers and leap flags matching starts (without the final sentinel). */
  months: { month: number; leap: boolean }[];
  /** 0 if none. */
  leapMonth: number;
}

const yearTables = new Map<string, LunarYearTable>();

/** Month 11 of the solar year before `lunarYear`, and of the next one, plus the month count between. */
function buildYearTable(lunarYear: number, timeZone: number): LunarYearTable {
  // Months 11 and 12 of the previous lunar year start after a11; months 1..10 (and a leap) of this year
  // lie between a11 and b11; months 11 and 12 of this year lie after b11.
  const a11 = lunarMonth11(lunarYear - 1, timeZone);
  const b11 = lunarMonth11(lunarYear, timeZone);
  const c11 = lunarMonth11(lunarYear + 1, timeZone);
  const kA = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const kB = Math.floor(0.5 + (b11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const leapA = b11 - a11 > 365 ? leapMonthOffset(a11, timeZone) : 0;
  const leapB = c11 - b11 > 365 ? leapMonthOffset(b11, timeZone) : 0;

  // All months from a11 up to c11, labelled.
  const labelled: { start: number; month: number; leap: boolean }[] = [];
  const label = (k0: number, count: number, leapOffset: number) => {
    for (let off = 0; off < count; off++) {
      let n = off;
      let leap = false;
      if (leapOffset > 0 && off >= leapOffset) {
        n = off - 1;
        leap = off === leapOffset;
      }
      labelled.push({ start: newMoonDay(k0 + off, timeZone), month: ((n + 10) % 12) + 1, leap });
    }
  };
  label(kA, leapA > 0 ? 13 : 12, leapA);
  label(kB, leapB > 0 ? 13 : 12, leapB);
  labelled.push({ start: c11, month: 11, leap: false });

  // Tết is the first month 1 after a11; the year runs to the next Tết (month 1 after b11).
  const first = labelled.findIndex((m) => m.month === 1 && !m.leap);
  const next = labelled.findIndex((m, i) => i > first && m.month === 1 && !m.leap);
  const slice = labelled.slice(first, next + 1);
  const leapEntry = slice.slice(0, -1).find((m) => m.leap);
  return {
    starts: slice.map((m) => m.start),
    months: slice.slice(0, -1).map((m) => ({ month: m.month, leap: m.leap })),
    leapMonth: leapEntry ? leapEntry.month : 0,
  };
}

function yearTable(lunarYear: number, timeZone: number): LunarYearTable {
  if (!Number.isInteger(lunarYear) || lunarYear < LUNAR_MIN_YEAR || lunarYear > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar year ${lunarYear} is outside ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`);
  }
  const key = `${lunarYear}@${timeZone}`;
  let table = yearTables.get(key);
  if (!table) {
    table = buildYearTable(lunarYear, timeZone);
    yearTables.set(key, table);
  }
  return table;
}

// ---------------------------------------------------------------------------------------------------
// Public conversions

/** Julian day number of Tết (lunar 1/1) of a lunar year. */
export function lunarNewYearJulianDay(lunarYear: number, timeZone = VIETNAM_TIME_ZONE): number {
  return yearTable(lunarYear, timeZone).starts[0] as number;
}

/** The leap month of a lunar year (its number, repeated: e.g. 6 for "tháng 6 nhuận"), or 0 if none. */
export function lunarLeapMonth(lunarYear: number, timeZone = VIETNAM_TIME_ZONE): number {
  return yearTable(lunarYear, timeZone).leapMonth;
}

/** Number of days (29 or 30) of a lunar month; throws RangeError if the year has no such (leap) month. */
export function lunarMonthLength(
  lunarYear: number,
  lunarMonth: number,
  leapMonth = false,
  timeZone = VIETNAM_TIME_ZONE,
): number {
  const table = yearTable(lunarYear, timeZone);
  const i = monthIndex(table, lunarYear, lunarMonth, leapMonth);
  return (table.starts[i + 1] as number) - (table.starts[i] as number);
}

function monthIndex(table: LunarYearTable, lunarYear: number, lunarMonth: number, leap: boolean): number {
  const i = table.months.findIndex((m) => m.month === lunarMonth && m.leap === leap);
  if (i < 0) {
    throw new RangeError(`Lunar year ${lunarYear} has no ${leap ? 'leap ' : ''}month ${lunarMonth}`);
  }
  return i;
}

/** Julian day number of a lunar date; throws RangeError if the date does not exist. */
export function lunarToJulianDay(
  lunarYear: number,
  lunarMonth: number,
  lunarDay: number,
  leapMonth = false,
  timeZone = VIETNAM_TIME_ZONE,
): number {
  const table = yearTable(lunarYear, timeZone);
  const i = monthIndex(table, lunarYear, lunarMonth, leapMonth);
  const start = table.starts[i] as number;
  const length = (table.starts[i + 1] as number) - start;
  if (!Number.isInteger(lunarDay) || lunarDay < 1 || lunarDay > length) {
    throw new RangeError(
      `Lunar month ${lunarMonth}${leapMonth ? ' (leap)' : ''} of ${lunarYear} has ${length} days, not day ${lunarDay}`,
    );
  }
  return start + lunarDay - 1;
}

/** Lunar date → solar date, both in Vietnam (UTC+7). Throws RangeError if the lunar date does not exist. */
export function lunarToSolar(
  lunarYear: number,
  lunarMonth: number,
  lunarDay: number,
  leapMonth = false,
): IsoDate {
  return isoFromJulianDay(lunarToJulianDay(lunarYear, lunarMonth, lunarDay, leapMonth));
}

/** Lunar date of a Julian day number. */
export function julianDayToLunar(jd: number, timeZone = VIETNAM_TIME_ZONE): LunarDate {
  const solarYear = dateFromJulianDay(jd).year;
  // Tết always falls in January or February, so the lunar year is the solar year or the one before.
  let lunarYear = solarYear;
  let table = yearTable(lunarYear, timeZone);
  if (jd < (table.starts[0] as number)) {
    lunarYear -= 1;
    table = yearTable(lunarYear, timeZone);
  }
  let i = table.months.length - 1;
  while ((table.starts[i] as number) > jd) i--;
  const m = table.months[i] as { month: number; leap: boolean };
  return { year: lunarYear, month: m.month, day: jd - (table.starts[i] as number) + 1, leap: m.leap };
}

/** Solar date → lunar date, in Vietnam (UTC+7). Throws RangeError for a malformed date. */
export function solarToLunar(date: IsoDate): LunarDate {
  return julianDayToLunar(julianDayFromIso(date));
}
