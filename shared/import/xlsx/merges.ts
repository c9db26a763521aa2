/** Merged ranges: every cell of a range takes the value of its top-left cell. */
import { limitExceeded, unreadableXlsx } from '../errors.js';
import { IMPORT_LIMITS } from '../limits.js';
import type { Cell } from '../values.js';
import type { CellRange } from './sheet.js';

/** The ranges cut to the columns read; a range wholly right of them is dropped. */
function clipped(merges: readonly CellRange[]): CellRange[] {
  const out: CellRange[] = [];
  for (const range of merges) {
    if (range.left > IMPORT_LIMITS.columns) continue;
    out.push({ ...range, right: Math.min(range.right, IMPORT_LIMITS.columns) });
  }
  return out;
}

/**
 * Overlapping ranges make the file unreadable (Excel never writes them; exceljs refused them). Sorted by
 * top row, a range overlaps an earlier one exactly when, in one of its columns, the last range seen there
 * reaches down to its top row: O(n log n + n × columns read).
 */
function assertDisjoint(ranges: readonly CellRange[]): void {
  const lastBottom = new Array<number>(IMPORT_LIMITS.columns + 1).fill(0);
  for (const range of [...ranges].sort((a, b) => a.top - b.top)) {
    for (let c = range.left; c <= range.right; c++) {
      if ((lastBottom[c] ?? 0) >= range.top) throw unreadableXlsx();
      lastBottom[c] = range.bottom;
    }
  }
}

export function fillMerges(grid: Cell[][], merges: readonly CellRange[]): void {
  const ranges = clipped(merges);
  assertDisjoint(ranges);
  let filled = 0;
  for (const { top, left, bottom, right } of ranges) {
    const master = grid[top - 1]?.[left - 1] ?? null;
    if (master === null) {
      // Only the cells that exist need emptying (the ranges are disjoint: at most every cell once).
      for (let r = top; r <= Math.min(bottom, grid.length); r++) {
        const row = grid[r - 1] ?? [];
        for (let c = left; c <= Math.min(right, row.length); c++) row[c - 1] = null;
      }
      continue;
    }
    filled += (bottom - top + 1) * (right - left + 1);
    if (filled > IMPORT_LIMITS.mergedCells) throw limitExceeded('mergedCells');
    if (bottom > IMPORT_LIMITS.rows) throw limitExceeded('rows');
    for (let r = top; r <= bottom; r++) {
      const row = grid[r - 1] ?? [];
      grid[r - 1] = row;
      for (let c = left; c <= right; c++) {
        if (r !== top || c !== left) row[c - 1] = master;
      }
    }
  }
}
