/**
 * For the import preview: the text of each row's "Nội dung kiến nghị" cell, by the row number the
 * spreadsheet program shows, so a row error is shown next to the row it is about. Best effort: the
 * validation itself is parseRecommendationSheet's.
 */
import { isHeaderRow, mapHeaderRow } from '../import/headers.js';
import {
  CSV_DELIMITERS,
  decodeText,
  detectFormat,
  type Grid,
  readCsv,
  readXlsx,
  type SheetInput,
} from '../import/read-table.js';
import { cellText } from '../import/values.js';

function contentColumn(grid: Grid): { headerIndex: number; column: number } | null {
  for (let i = 0; i < grid.length; i++) {
    const header = mapHeaderRow((grid[i] ?? []).map((cell) => cellText(cell)));
    if (isHeaderRow(header) && header.content) return { headerIndex: i, column: header.content.index };
  }
  return null;
}

export async function rowContents(input: SheetInput): Promise<Map<number, string>> {
  const contents = new Map<number, string>();
  try {
    let grids: Grid[];
    if (detectFormat(input) === 'xlsx') grids = [await readXlsx(input.bytes)];
    else {
      const text = await decodeText(input.bytes);
      grids = [];
      for (const delimiter of CSV_DELIMITERS) {
        const grid = text.includes(delimiter) ? await readCsv(text, delimiter) : null;
        if (grid) grids.push(grid);
      }
    }
    for (const grid of grids) {
      const found = contentColumn(grid);
      if (!found) continue;
      for (let i = found.headerIndex + 1; i < grid.length; i++) {
        const text = cellText(grid[i]?.[found.column] ?? null);
        if (text) contents.set(i + 1, text);
      }
      break;
    }
  } catch {
    // The preview then shows the errors without the row text.
  }
  return contents;
}
