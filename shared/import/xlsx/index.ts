/**
 * The first worksheet of an xlsx as a grid of cells, read with bounded memory and time: parts inflated
 * as streams with counted bytes (zip.ts), XML read as it streams (xml.ts), only the columns read kept
 * (sheet.ts), merged ranges checked and filled within the limits (merges.ts).
 */
import { UnsupportedFileError, unreadableXlsx } from '../errors.js';
import type { Cell } from '../values.js';
import { fillMerges } from './merges.js';
import { readSheetCells } from './sheet.js';
import { type PartReader, readDateStyles, readSharedStrings, readWorkbook } from './workbook.js';
import { readXml } from './xml.js';
import { partChunks, zipDirectory } from './zip.js';

function partReader(bytes: Uint8Array): PartReader {
  const entries = zipDirectory(bytes);
  const budget = { total: 0 };
  return async (name, handlers) => {
    const entry = entries.get(name);
    if (!entry) return false;
    await readXml(partChunks(bytes, entry, budget), handlers);
    return true;
  };
}

/** `rows[i]` is spreadsheet row i + 1; `rows[i][j]` is column j + 1. */
export async function readXlsx(bytes: Uint8Array): Promise<Cell[][]> {
  try {
    const read = partReader(bytes);
    const book = await readWorkbook(read);
    if (!book) throw new UnsupportedFileError('empty', 'Tệp Excel không có trang tính nào.');
    const dateStyles = await readDateStyles(read, book.stylesPath);
    const sharedStrings = await readSharedStrings(read, book.sharedStringsPath);
    const { rows, merges } = await readSheetCells(read, book.sheetPath, {
      sharedStrings,
      dateStyles,
      date1904: book.date1904,
    });
    const grid: Cell[][] = [];
    for (let i = 0; i < rows.length; i++) {
      const cells = rows[i] ?? [];
      let length = cells.length;
      while (length > 0 && (cells[length - 1] ?? null) === null) length--;
      cells.length = length;
      grid.push(cells);
    }
    fillMerges(grid, merges);
    for (let i = 0; i < grid.length; i++) grid[i] = Array.from(grid[i] ?? [], (cell) => cell ?? null);
    return grid;
  } catch (error) {
    if (error instanceof UnsupportedFileError) throw error;
    throw unreadableXlsx();
  }
}
