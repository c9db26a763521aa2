/** Column headers of a recommendation spreadsheet: the usual Vietnamese wordings of each column. */
import { foldDiacritics } from '../domain/text.js';

export type ColumnKey =
  | 'stt'
  | 'content'
  | 'raisedBy'
  | 'residentialGroup'
  | 'field'
  | 'source'
  | 'disposition'
  | 'department'
  | 'cooperating'
  | 'dueDate'
  | 'answer';

/** The name used in an error when the column is not in the file at all. */
export const CANONICAL_HEADERS: Record<ColumnKey, string> = {
  stt: 'STT',
  content: 'Nội dung kiến nghị',
  raisedBy: 'Người kiến nghị',
  residentialGroup: 'Khu phố',
  field: 'Lĩnh vực',
  source: 'Nguồn',
  disposition: 'Hướng xử lý',
  department: 'Đơn vị chủ trì',
  cooperating: 'Đơn vị phối hợp',
  dueDate: 'Hạn xử lý',
  answer: 'Nội dung trả lời / Lý do',
};

/**
 * Patterns on the matching key (see `matchKey`). Checked in this order, first match wins, so the more
 * specific columns come first: "Nội dung trả lời" is the answer, not the content. Within one column the
 * earlier pattern is preferred when a file has two columns for the same thing (e.g. "Nội dung trả lời"
 * and "Ghi chú").
 */
const PATTERNS: ReadonlyArray<readonly [ColumnKey, readonly RegExp[]]> = [
  ['stt', [/^(stt|s t t|tt|so tt|so thu tu)$/]],
  [
    'answer',
    [/^(noi dung |ket qua )(tra loi|giai quyet|xu ly)\b/, /^(tra loi|y kien tra loi|ly do)\b/, /^ghi chu\b/],
  ],
  ['dueDate', [/^(han|thoi han|ngay het han|han chot)( (xu ly|giai quyet|tra loi|hoan thanh|thuc hien))*$/]],
  ['disposition', [/^(huong|hinh thuc|phuong an|phuong thuc) (xu ly|giai quyet)$/, /^phan loai xu ly$/]],
  ['cooperating', [/^((don vi|co quan|bo phan|phong ban) )?phoi hop\b/]],
  [
    'department',
    [
      /^(don vi|co quan|bo phan|phong ban)( (chu tri|giai quyet|xu ly|thuc hien|phu trach|tham muu|duoc giao))+$/,
      /^chu tri\b/,
    ],
  ],
  ['source', [/^nguon\b/, /^hinh thuc (tiep nhan|kien nghi)$/]],
  ['field', [/^linh vuc\b/]],
  [
    'raisedBy',
    [
      /^nguoi (kien nghi|phan anh|de xuat|neu y kien|gui|co y kien)\b/,
      /^ho (va )?ten\b/,
      /^cu tri( kien nghi)?$/,
    ],
  ],
  [
    'residentialGroup',
    [
      /^(khu pho|to dan pho|to dp|khu dan cu|thon|ap|xom|khom|ban|buon|to|khu vuc|dia ban)( (khu pho|to dan pho|thon|ap|xom|khom|ban|buon|to))*$/,
    ],
  ],
  [
    'content',
    [
      /^noi dung\b/,
      /^(y kien|kien nghi|de xuat|phan anh)( (y kien|kien nghi|de xuat|phan anh|cua cu tri|cu tri))*$/,
    ],
  ],
];

/**
 * Key for diacritics-, case- and punctuation-insensitive matching: "Công an phường" and
 * " cong-an  PHUONG " both give "cong an phuong".
 */
export function matchKey(value: string): string {
  // The same few values (sources, dispositions, departments) repeat on every row: remember them.
  const known = keyCache.get(value);
  if (known !== undefined) return known;
  const key = foldDiacritics(value)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  if (value.length <= 200) {
    if (keyCache.size >= 5000) keyCache.clear();
    keyCache.set(value, key);
  }
  return key;
}
const keyCache = new Map<string, string>();

/**
 * The text with each bracketed remark, `(…)` or `[…]` up to the first closing bracket, replaced by a
 * space. A scan rather than a pattern: the pattern retried from every `(` of an unclosed run, which is
 * quadratic in a cell of thousands of `(`.
 */
export function withoutRemarks(text: string): string {
  let out = '';
  let from = 0;
  const unclosed = { ')': false, ']': false };
  for (let i = 0; i < text.length; i++) {
    const close = text[i] === '(' ? ')' : text[i] === '[' ? ']' : null;
    if (close === null || unclosed[close]) continue;
    const end = text.indexOf(close, i + 1);
    if (end < 0) {
      // No closing bracket after here, so none after any later opening bracket either.
      unclosed[close] = true;
      continue;
    }
    out += `${text.slice(from, i)} `;
    from = end + 1;
    i = end;
  }
  return out + text.slice(from);
}

/** Which column a header cell names, with the pattern's rank (lower is preferred), or null. */
export function classifyHeader(text: string): { key: ColumnKey; rank: number } | null {
  // A remark in brackets is not part of the name: "Hạn xử lý (dd/mm/yyyy)", "Nội dung (*)".
  const key = matchKey(withoutRemarks(text));
  if (key === '') return null;
  for (const [column, patterns] of PATTERNS) {
    const rank = patterns.findIndex((pattern) => pattern.test(key));
    if (rank >= 0) return { key: column, rank };
  }
  return null;
}

export interface HeaderColumn {
  /** 0-based index in the row. */
  index: number;
  /** The header text as found in the file (NFC, spaces collapsed). */
  text: string;
}

export type HeaderMap = Partial<Record<ColumnKey, HeaderColumn>>;

/**
 * The known columns of a candidate header row. When two cells name the same column the one with the
 * more specific wording wins, then the leftmost.
 */
export function mapHeaderRow(cells: readonly string[]): HeaderMap {
  const found: Partial<Record<ColumnKey, HeaderColumn & { rank: number }>> = {};
  cells.forEach((text, index) => {
    const match = classifyHeader(text);
    if (!match) return;
    const previous = found[match.key];
    if (!previous || match.rank < previous.rank) found[match.key] = { index, text, rank: match.rank };
  });
  const map: HeaderMap = {};
  for (const [key, column] of Object.entries(found) as [ColumnKey, HeaderColumn & { rank: number }][]) {
    map[key] = { index: column.index, text: column.text };
  }
  return map;
}

/** A header row names the content column and at least one other known column. */
export function isHeaderRow(map: HeaderMap): boolean {
  return map.content !== undefined && Object.keys(map).length >= 2;
}
