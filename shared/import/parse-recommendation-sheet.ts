/**
 * The spreadsheet an office already keeps → validated new recommendations, or every row error at once.
 * Pure: bytes in, data out.
 */
import type { Disposition, NewRecommendation, Source } from '../domain/model.js';
import {
  CANONICAL_HEADERS,
  type ColumnKey,
  type HeaderMap,
  isHeaderRow,
  mapHeaderRow,
  matchKey,
} from './headers.js';
import {
  CSV_DELIMITERS,
  decodeText,
  detectFormat,
  type Grid,
  readCsv,
  readXlsx,
  type SheetInput,
  UnsupportedFileError,
} from './read-table.js';
import {
  type Cell,
  cellText,
  departmentMatcher,
  isFooterText,
  isNumericCell,
  isSectionNumber,
  isTotalLabel,
  parseDate,
  parseDisposition,
  parseSource,
  sourceOfHeading,
  splitDepartments,
} from './values.js';

export interface ImportDepartment {
  id: string;
  name: string;
}

export interface ImportedRow extends NewRecommendation {
  /** Row number as the spreadsheet program shows it: 1-based, title and header rows counted. */
  row: number;
}

export interface RowError {
  row: number;
  /** The header as found in the file, or the usual Vietnamese name when the column is missing. */
  column: string;
  message: string;
}

/** Each column's header as the file writes it (or the usual name when the file lacks the column). */
export type ImportColumns = Record<ColumnKey, string>;

export type ParseResult =
  | { ok: true; rows: ImportedRow[]; columns: ImportColumns }
  /** `rows`: the rows without errors, for checks beyond the sheet (see import-service). */
  | { ok: false; errors: RowError[]; columns: ImportColumns; rows: ImportedRow[] };

export interface ParseContext {
  departments: ImportDepartment[];
  /** Most data rows accepted in one file; default 10,000. */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 10_000;
export const MAX_CONTENT_LENGTH = 4000;
/** Rows of a CSV read to decide its delimiter before reading the whole file. */
const HEADER_SEARCH_ROWS = 200;

const NO_HEADER =
  'Không tìm thấy dòng tiêu đề: cần có cột «Nội dung kiến nghị» và ít nhất một cột khác ' +
  '(Người kiến nghị, Khu phố, Lĩnh vực, Nguồn, Hướng xử lý, Đơn vị chủ trì, Hạn xử lý…).';

interface Located {
  grid: Grid;
  headerIndex: number;
  header: HeaderMap;
}

function findHeader(grid: Grid): { headerIndex: number; header: HeaderMap } | null {
  for (let i = 0; i < grid.length; i++) {
    const header = mapHeaderRow((grid[i] ?? []).map((cell) => cellText(cell)));
    if (isHeaderRow(header)) return { headerIndex: i, header };
  }
  return null;
}

async function locateTable(input: SheetInput): Promise<Located> {
  if (detectFormat(input) === 'xlsx') {
    const grid = await readXlsx(input.bytes);
    if (grid.every((row) => row.every((cell) => cellText(cell) === ''))) {
      throw new UnsupportedFileError('empty', 'Trang tính đầu tiên của tệp Excel không có dữ liệu.');
    }
    const found = findHeader(grid);
    if (!found) throw new UnsupportedFileError('no_header', NO_HEADER);
    return { grid, ...found };
  }
  const text = await decodeText(input.bytes);
  if (text.trim() === '') throw new UnsupportedFileError('empty', 'Tệp rỗng.');
  // The delimiter is the one under which a header row appears (the one naming the most known columns),
  // tried on the top of the file first, then on the whole file for a header further down.
  const choose = async (maxRecords?: number) => {
    let chosen: { delimiter: string; columns: number } | null = null;
    for (const delimiter of CSV_DELIMITERS) {
      if (!text.includes(delimiter)) continue;
      const grid = await readCsv(text, delimiter, maxRecords);
      const found = grid && findHeader(grid);
      const columns = found ? Object.keys(found.header).length : 0;
      if (found && (!chosen || columns > chosen.columns)) chosen = { delimiter, columns };
    }
    return chosen?.delimiter;
  };
  const delimiter = (await choose(HEADER_SEARCH_ROWS)) ?? (await choose());
  if (delimiter === undefined) throw new UnsupportedFileError('no_header', NO_HEADER);
  const grid = await readCsv(text, delimiter);
  if (!grid) {
    throw new UnsupportedFileError(
      'unreadable',
      'Không đọc được tệp CSV: sai dấu ngoặc kép hoặc dấu phân cách.',
    );
  }
  const found = findHeader(grid);
  if (!found) throw new UnsupportedFileError('no_header', NO_HEADER);
  return { grid, ...found };
}

type RowKind = 'data' | 'skip' | { section: string } | 'footer';

/**
 * Blank, total, numbering, repeated header, section heading and signature rows are not recommendations.
 * Headings and signatures are recognised only on sparse rows (a row with a disposition, a department… is
 * data whatever its first words), so a real recommendation is never dropped for its wording.
 */
function classifyRow(row: readonly Cell[], header: HeaderMap, afterFooter: boolean): RowKind {
  const texts = row.map((cell) => cellText(cell));
  const known = Object.values(header)
    .map((column) => row[column.index] ?? null)
    .filter((cell) => cellText(cell) !== '');
  if (known.length === 0) return 'skip';
  const stt = header.stt ? (texts[header.stt.index] ?? '') : '';
  const content = header.content ? (texts[header.content.index] ?? '') : '';
  const first = texts.find((text) => text !== '') ?? '';
  const sparse = texts.filter((text) => text !== '').length <= 2;
  if (isTotalLabel(stt) || isTotalLabel(first)) return 'skip';
  if (known.every(isNumericCell)) return 'skip';
  if (header.content && content.length <= 80 && matchKey(content) === matchKey(header.content.text)) {
    return 'skip';
  }
  if (sparse && isSectionNumber(stt)) return { section: content || first };
  if (sparse && stt === '' && /^[IVX]+[.)]\s/.test(content)) return { section: content };
  if (sparse && !/^\d/.test(stt) && first.length <= 100 && isFooterText(first)) return 'footer';
  if (afterFooter && content === '') return 'skip';
  return 'data';
}

/** The text of a cell keeping its line breaks (lists of departments are often one per line). */
function rawText(cell: Cell): string {
  if (typeof cell === 'string') return cell.normalize('NFC');
  return cellText(cell);
}

export async function parseRecommendationSheet(input: SheetInput, ctx: ParseContext): Promise<ParseResult> {
  const { grid, headerIndex, header } = await locateTable(input);
  const maxRows = ctx.maxRows ?? DEFAULT_MAX_ROWS;
  const column = (key: ColumnKey) => header[key]?.text ?? CANONICAL_HEADERS[key];
  const columns = Object.fromEntries(
    (Object.keys(CANONICAL_HEADERS) as ColumnKey[]).map((key) => [key, column(key)]),
  ) as ImportColumns;

  // Pass 1: which rows are recommendations, and the source a section heading announces for them.
  const dataRows: { index: number; sectionSource: Source | null }[] = [];
  let sectionSource: Source | null = null;
  let afterFooter = false;
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const kind = classifyRow(grid[i] ?? [], header, afterFooter);
    if (kind === 'footer') afterFooter = true;
    else if (kind === 'data') dataRows.push({ index: i, sectionSource });
    else if (kind !== 'skip') sectionSource = sourceOfHeading(kind.section) ?? sectionSource;
  }
  if (dataRows.length === 0) {
    return {
      ok: false,
      columns,
      rows: [],
      errors: [
        { row: headerIndex + 1, column: column('content'), message: 'Tệp không có dòng kiến nghị nào.' },
      ],
    };
  }
  const tooMany = dataRows[maxRows];
  if (tooMany) {
    return {
      ok: false,
      columns,
      rows: [],
      errors: [
        {
          row: tooMany.index + 1,
          column: column('content'),
          message: `Tệp có ${dataRows.length} dòng kiến nghị, vượt quá giới hạn ${maxRows} dòng; hãy chia thành nhiều tệp.`,
        },
      ],
    };
  }

  // Pass 2: validate every row, collecting all errors.
  const departments = departmentMatcher(ctx.departments);
  const rows: ImportedRow[] = [];
  const errors: (RowError & { order: number })[] = [];
  for (const { index, sectionSource: headingSource } of dataRows) {
    const cells = grid[index] ?? [];
    const rowNumber = index + 1;
    const errorsBefore = errors.length;
    const cell = (key: ColumnKey): Cell => (header[key] ? (cells[header[key].index] ?? null) : null);
    const text = (key: ColumnKey) => cellText(cell(key));
    const fail = (key: ColumnKey, message: string) =>
      errors.push({ row: rowNumber, column: column(key), message, order: header[key]?.index ?? 1e6 });

    const content = text('content');
    if (content === '') fail('content', 'Thiếu nội dung kiến nghị.');
    else if (content.length > MAX_CONTENT_LENGTH) {
      fail(
        'content',
        `Nội dung kiến nghị dài ${content.length} ký tự, vượt quá giới hạn ${MAX_CONTENT_LENGTH} ký tự.`,
      );
    }

    // A blank source is an error when the file has the column (guessing would be wrong half the time);
    // without the column, a section heading above the row decides, else "raised at the dialogue".
    let source: Source = headingSource ?? 'at_dialogue';
    if (header.source) {
      const value = text('source');
      const parsed = value === '' ? null : parseSource(value);
      if (value === '')
        fail('source', 'Thiếu nguồn kiến nghị («Tổng hợp trước» hoặc «Trực tiếp tại hội nghị»).');
      else if (!parsed) {
        fail('source', `Nguồn «${value}» không hợp lệ; ghi «Tổng hợp trước» hoặc «Trực tiếp tại hội nghị».`);
      } else source = parsed;
    }

    let disposition: Disposition | undefined;
    const dispositionText = text('disposition');
    if (dispositionText !== '') {
      const parsed = parseDisposition(dispositionText);
      if (parsed) disposition = parsed;
      else {
        fail(
          'disposition',
          `Hướng xử lý «${dispositionText}» không hợp lệ; ghi «Giao đơn vị», «Trả lời tại hội nghị», ` +
            '«Chuyển cấp trên» hoặc «Không trả lời».',
        );
      }
    }

    // Departments are kept whatever the disposition (for an answered item, the one that answered).
    let departmentId: string | null = null;
    const departmentText = text('department');
    if (departmentText !== '') {
      departmentId = departments.find(departmentText);
      if (departmentId === null) {
        fail('department', `Không tìm thấy đơn vị «${departmentText}» trong danh sách đơn vị.`);
      }
    } else if (disposition === 'assigned') {
      fail('department', 'Kiến nghị giao đơn vị phải có đơn vị chủ trì.');
    }
    const cooperating = splitDepartments(rawText(cell('cooperating')), departments);
    for (const name of cooperating.unknown) {
      fail('cooperating', `Không tìm thấy đơn vị «${name}» trong danh sách đơn vị.`);
    }
    const cooperatingDepartmentIds = cooperating.ids.filter((id) => id !== departmentId);

    // The due date matters only for an assigned item; blank leaves it to the service's default.
    let dueDate: string | undefined;
    const dueText = text('dueDate');
    if (disposition === 'assigned' && dueText !== '') {
      const parsed = parseDate(cell('dueDate'));
      if (parsed) dueDate = parsed;
      else fail('dueDate', `Ngày «${dueText}» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 15/11/2023.`);
    }

    // The answer/reason column feeds `answer` for an item answered at the dialogue and `reason` for a
    // declined one. For an assigned or forwarded item the text is dropped: the department's (or higher
    // level's) answer is recorded later with its responder, document and date, and `reason` is reserved
    // for the public reason of a decline or reopen; a note in this column is not either of them.
    const answerText = text('answer');
    let answer: string | undefined;
    let reason: string | undefined;
    if (disposition === 'answered_at_dialogue') {
      if (answerText === '') fail('answer', 'Kiến nghị đã trả lời tại hội nghị phải có nội dung trả lời.');
      else answer = answerText;
    } else if (disposition === 'declined') {
      if (answerText === '')
        fail('answer', 'Kiến nghị không trả lời phải nêu lý do (được thông báo công khai).');
      else reason = answerText;
    }
    if ((answer ?? reason ?? '').length > MAX_CONTENT_LENGTH) {
      fail('answer', `Nội dung dài quá ${MAX_CONTENT_LENGTH} ký tự.`);
    }

    if (errors.length > errorsBefore) continue;
    rows.push({
      row: rowNumber,
      content,
      raisedBy: text('raisedBy') || null,
      residentialGroup: text('residentialGroup') || null,
      field: text('field') || null,
      source,
      ...(disposition ? { disposition } : {}),
      departmentId,
      cooperatingDepartmentIds,
      ...(dueDate ? { dueDate } : {}),
      ...(answer ? { answer } : {}),
      ...(reason ? { reason } : {}),
    });
  }

  if (errors.length > 0) {
    errors.sort((a, b) => a.row - b.row || a.order - b.order);
    return {
      ok: false,
      columns,
      rows,
      errors: errors.map(({ row, column, message }) => ({ row, column, message })),
    };
  }
  return { ok: true, rows, columns };
}
