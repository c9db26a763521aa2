/**
 * The parts every administrative document of the unit shares, as Decree 30/2020/NĐ-CP lays them out:
 * the issuing body top left, the national motto top right, the number and symbol under the body, the
 * place and date under the motto, the title and subject, then "Nơi nhận" and the signature block.
 * Plain data: the HTML (domain/documents/render-html.ts) and DOCX (adapters/documents/) renderers read it.
 */
import type { IsoDate } from '../model.js';

export const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const PEOPLES_COMMITTEE = 'ỦY BAN NHÂN DÂN';

export interface AdminHeader {
  /** First line of the issuing body: "ỦY BAN NHÂN DÂN". */
  authority: string;
  /** Second line: the unit's name in capitals, "PHƯỜNG IV". */
  unitName: string;
  /** "Số: 125/TB-UBND", or "Số:       /TB-UBND" before the number is given. */
  numberLine: string;
  /** "Phường IV, ngày 20 tháng 10 năm 2023", or with blanks before the date is given. */
  placeDateLine: string;
}

export interface SignatureBlock {
  /** "TM. ỦY BAN NHÂN DÂN". */
  authority: string;
  /** "CHỦ TỊCH". */
  title: string;
  /** The signer's full name; null leaves the line for the office to fill in. */
  name: string | null;
}

/** Capitals as Vietnamese writes them (Ư, Đ…). */
export const upper = (text: string) => text.toLocaleUpperCase('vi');

/**
 * A document number with its symbol: "125" → "125/TB-UBND"; a number already written with a symbol
 * ("125/TB-UBND", "15/TB-VP") is kept as the office wrote it.
 */
export function withSymbol(number: string, symbol: string): string {
  const n = number.trim();
  return n.includes('/') ? n : `${n}/${symbol}`;
}

export function numberLine(number: string | null, symbol: string): string {
  // Before issuing, the number is left blank for the registry (văn thư) to fill in.
  return number ? `Số: ${withSymbol(number, symbol)}` : `Số:        /${symbol}`;
}

/**
 * "ngày 05 tháng 02 năm 2024": Decree 30 writes days below 10 and the months 1 and 2 with a leading
 * zero, the other months without.
 */
export function vietnameseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = String(d).padStart(2, '0');
  const month = m <= 2 ? String(m).padStart(2, '0') : String(m);
  return `ngày ${day} tháng ${month} năm ${y}`;
}

export function placeDateLine(place: string, date: IsoDate | null, year: string): string {
  return date ? `${place}, ${vietnameseDate(date)}` : `${place}, ngày      tháng      năm ${year}`;
}

export function adminHeader(
  unitName: string,
  number: string | null,
  symbol: string,
  date: IsoDate | null,
  fallbackYear: string,
): AdminHeader {
  return {
    authority: PEOPLES_COMMITTEE,
    unitName: upper(unitName),
    numberLine: numberLine(number, symbol),
    placeDateLine: placeDateLine(unitName, date, fallbackYear),
  };
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function shortDate(date: IsoDate | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
export const roman = (n: number) => ROMAN[n - 1] ?? String(n);

/** The last paragraph of a document ends with "./." (Decree 30), whatever the office typed. */
export const finalParagraph = (text: string) => `${text.trim().replace(/[.;:,]+$/, '')}./.`;
