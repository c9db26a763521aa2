/** Import of the recommendation spreadsheets (xlsx, csv) an office already keeps. */
export { CANONICAL_HEADERS, type ColumnKey, classifyHeader } from './headers.js';
export {
  DEFAULT_MAX_ROWS,
  type ImportColumns,
  type ImportDepartment,
  type ImportedRow,
  MAX_CONTENT_LENGTH,
  type ParseContext,
  type ParseResult,
  parseRecommendationSheet,
  type RowError,
} from './parse-recommendation-sheet.js';
export { type SheetInput, UnsupportedFileError, type UnsupportedReason } from './read-table.js';
export { parseDate } from './values.js';
