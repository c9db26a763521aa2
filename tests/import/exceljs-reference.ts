/**
 * The xlsx reader the importer used before it moved to read-excel-file, kept (with exceljs as a
 * devDependency) as the reference the new reader is compared with: both must give the same cells.
 */
import ExcelJS from 'exceljs';
import type { Cell } from '../../shared/import/values.js';

type ExcelValue = ExcelJS.CellValue;

function excelCell(value: ExcelValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) {
    return excelCell((value as { result?: ExcelValue }).result ?? null);
  }
  if ('hyperlink' in value) return excelCell((value as { text?: ExcelValue }).text ?? null);
  if ('error' in value) return null;
  return null;
}

/** First worksheet as exceljs reads it; 'unreadable' / 'empty' where the old reader refused the file. */
export async function readXlsxWithExcelJs(bytes: Uint8Array): Promise<Cell[][] | 'unreadable' | 'empty'> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch {
    return 'unreadable';
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return 'empty';
  const grid: Cell[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      cells[colNumber - 1] = excelCell(cell.value);
    });
    grid[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
  });
  return Array.from(grid, (row) => row ?? []);
}

/**
 * The same grid whatever the reader's habits: an empty text is an empty cell (the importer reads both
 * as ''), trailing empty cells and rows dropped, dates as their time.
 */
export function comparable(grid: readonly (readonly Cell[])[]): (string | number | null)[][] {
  const rows = grid.map((row) => {
    const cells = Array.from(row, (cell) => {
      if (cell === '' || cell === null || cell === undefined) return null;
      return cell instanceof Date ? `date ${cell.toISOString()}` : cell;
    });
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    return cells;
  });
  while (rows.length > 0 && rows[rows.length - 1]?.length === 0) rows.pop();
  return rows;
}
