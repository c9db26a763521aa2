/** Vietnamese text helpers: storage normalisation and diacritics-insensitive matching. */

/** NFC, trimmed, inner whitespace collapsed: the form every stored text takes. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * Lower-case, without diacritics, for search and matching: "Đất đai" → "dat dai".
 * đ/Đ are letters of their own in Unicode (not d + a mark), so they are mapped by hand.
 */
export function foldDiacritics(value: string): string {
  return normalizeText(value).normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/**
 * A whole number the Vietnamese way (32.767), as `toLocaleString('vi-VN')` writes it, without loading the
 * ICU locale data: for messages built when a module loads.
 */
export function groupDigits(value: number): string {
  const digits = String(Math.trunc(Math.abs(value)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.';
    out += digits[i];
  }
  return value < 0 ? `-${out}` : out;
}

const isWordChar = (c: string) => /[\p{L}\p{N}]/u.test(c);

/** A word without the punctuation around it ("(đất," → "đất"); inner marks such as "-" stay. */
function trimPunctuation(word: string): string {
  const chars = [...word];
  let start = 0;
  let end = chars.length;
  while (start < end && !isWordChar(chars[start] as string)) start++;
  while (end > start && !isWordChar(chars[end - 1] as string)) end--;
  return chars.slice(start, end).join('');
}

/** The folded words of a text, for search: "Đất đai, (khu phố 6)" → ["dat", "dai", "khu", "pho", "6"]. */
export function searchWords(value: string): string[] {
  return foldDiacritics(value).split(' ').map(trimPunctuation).filter(Boolean);
}

/**
 * The words a text is found by (the search index): each folded word; for a word joined by marks
 * ("u-2023-0015", "12/5") also each of its parts; for a number part written with leading zeros also the
 * number ("0015" → "15"). So a reference is found whole, by its year and by its number, and a search
 * finds whole words, never a piece of one ("dat" finds "đất", not "đất đai" from "đai").
 */
export function indexWords(value: string): string[] {
  const out = new Set<string>();
  for (const word of searchWords(value)) {
    out.add(word);
    const parts = word.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (parts.length > 1) for (const part of parts) out.add(part);
    for (const part of parts)
      if (/^0\d*$/.test(part) && part.length > 1) out.add(part.replace(/^0+(?=\d)/, ''));
  }
  return [...out];
}
