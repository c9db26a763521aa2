/**
 * Bounds of one spreadsheet import. A dialogue has at most a few hundred recommendations and the
 * benchmark imports 10,000 rows (≈ 0.5 MB of xlsx, 5 MB inflated); past these bounds a file is refused
 * while it is being read, before it costs more than milliseconds and megabytes.
 */
import { groupDigits } from '../domain/text.js';

const MiB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** Bytes inflated from one part of the xlsx zip, counted while inflating. */
  partBytes: 32 * MiB,
  /** Bytes inflated from all the parts read. */
  inflatedBytes: 64 * MiB,
  /** Inflated bytes per compressed byte of a part, checked once the part passed `ratioFloorBytes`. */
  compressionRatio: 100,
  ratioFloorBytes: 1 * MiB,
  /** Spreadsheet rows read (title, header and blank rows included): 10,000 data rows with room to spare. */
  rows: 20_000,
  /** Columns read; cells to the right of them are skipped without being stored. */
  columns: 64,
  /** Characters in one cell: Excel's own limit. */
  cellChars: 32_767,
  mergedRanges: 20_000,
  /** Cells a merged value may be copied into, all ranges together. */
  mergedCells: 2_000_000,
  sharedStrings: 200_000,
  /** Nesting of XML elements (a worksheet needs 6). */
  xmlDepth: 64,
  /** Attributes on one XML element. */
  xmlAttributes: 256,
} as const;

export type ImportLimit = keyof typeof IMPORT_LIMITS;

const n = (limit: ImportLimit) => groupDigits(IMPORT_LIMITS[limit]);
const mb = (limit: ImportLimit) => `${groupDigits(IMPORT_LIMITS[limit] / MiB)} MB`;

/** What each limit says when a file passes it. */
export function limitMessage(limit: ImportLimit): string {
  switch (limit) {
    case 'partBytes':
      return `Một phần của tệp Excel giải nén ra hơn ${mb('partBytes')} (giới hạn dung lượng sau giải nén của một phần).`;
    case 'inflatedBytes':
      return `Tệp Excel giải nén ra hơn ${mb('inflatedBytes')} (giới hạn tổng dung lượng sau giải nén).`;
    case 'compressionRatio':
    case 'ratioFloorBytes':
      return `Tệp Excel nén với tỉ lệ hơn ${n('compressionRatio')} lần (giới hạn tỉ lệ nén); tệp có thể bị cố ý làm phình to.`;
    case 'rows':
      return `Trang tính có hơn ${n('rows')} dòng (giới hạn số dòng đọc được); hãy chia thành nhiều tệp.`;
    case 'columns':
      return `Trang tính có hơn ${n('columns')} cột (giới hạn số cột đọc được).`;
    case 'cellChars':
      return `Tệp có một ô dài hơn ${n('cellChars')} ký tự (giới hạn độ dài một ô).`;
    case 'mergedRanges':
      return `Trang tính có hơn ${n('mergedRanges')} vùng ô gộp (giới hạn số vùng ô gộp).`;
    case 'mergedCells':
      return `Các vùng ô gộp phủ hơn ${n('mergedCells')} ô (giới hạn số ô trong vùng gộp).`;
    case 'sharedStrings':
      return `Tệp Excel có hơn ${n('sharedStrings')} chuỗi văn bản dùng chung (giới hạn bảng chuỗi dùng chung).`;
    case 'xmlDepth':
      return `Cấu trúc XML của tệp lồng sâu hơn ${n('xmlDepth')} cấp (giới hạn độ sâu).`;
    case 'xmlAttributes':
      return `Một thẻ XML của tệp có hơn ${n('xmlAttributes')} thuộc tính (giới hạn số thuộc tính).`;
  }
}
