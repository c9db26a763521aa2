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
