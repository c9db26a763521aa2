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
