/**
 * The bounded xlsx reader: cells outside the columns read cost nothing, declared sizes are never used,
 * each shape limit refuses with its name, and the merged-range check agrees with a brute-force one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsupportedFileError } from '../../shared/import/errors.js';
import { IMPORT_LIMITS } from '../../shared/import/limits.js';
import { readXlsx } from '../../shared/import/read-table.js';
import { fillMerges } from '../../shared/import/xlsx/merges.js';
import type { CellRange } from '../../shared/import/xlsx/sheet.js';
import { packed, rawXlsx, rawXlsxParts, zipPacked } from './raw-xlsx.js';

const c = (ref: string, inner: string, attributes = '') => `<c r="${ref}"${attributes}>${inner}</c>`;
const str = (ref: string, text: string) => c(ref, `<is><t>${text}</t></is>`, ' t="inlineStr"');
const TABLE = `<row r="1">${str('A1', 'STT')}${str('B1', 'Nội dung kiến nghị')}</row><row r="2">${c('A2', '<v>1</v>')}${str('B2', 'Sửa đường')}</row>`;

async function outcome(bytes: Uint8Array): Promise<unknown> {
  try {
    return await readXlsx(bytes);
  } catch (error) {
    if (error instanceof UnsupportedFileError) return error.limit?.name ?? error.reason;
    throw error;
  }
}
const sheet = (rows: string, after?: string) =>
  rawXlsx({ sheets: [{ name: 'A', rows, ...(after ? { after } : {}) }] });

describe('bounded xlsx reader', () => {
  it('ignores cells right of the columns read, wherever they are', async () => {
    const table = await readXlsx(sheet(TABLE));
    expect(table).toEqual([
      ['STT', 'Nội dung kiến nghị'],
      [1, 'Sửa đường'],
    ]);
    const far = `${TABLE}<row r="20000">${str('XFD20000', 'xa')}</row><row r="1048576">${str('BZ1048576', 'xa')}</row>`;
    expect(await readXlsx(sheet(far))).toEqual(table);
    const edge = `<row r="1">${str(`${'BL'}1`, 'cột 64')}${str('BM1', 'cột 65')}</row>`;
    expect((await readXlsx(sheet(edge)))[0]?.[IMPORT_LIMITS.columns - 1]).toBe('cột 64');
    expect((await readXlsx(sheet(edge)))[0]).toHaveLength(IMPORT_LIMITS.columns);
  });

  it('never uses the sizes the zip declares: a wrong declared size reads the same, a wrong CRC is unreadable', async () => {
    const parts = rawXlsxParts({ sheets: [{ name: 'A', rows: TABLE }] });
    const entries = Object.entries(parts).map(([name, content]) => packed(name, content));
    const lying = entries.map((e) => (e.name.includes('worksheets') ? { ...e, size: 3 } : e));
    expect(await readXlsx(zipPacked(lying))).toEqual(await readXlsx(zipPacked(entries)));
    const badCrc = entries.map((e) => (e.name.includes('worksheets') ? { ...e, crc: e.crc ^ 1 } : e));
    expect(await outcome(zipPacked(badCrc))).toBe('unreadable');
  });

  it('refuses each shape past its limit, naming it, and reads it at the limit', async () => {
    const at = (row: number) => `<row r="${row}">${c(`A${row}`, '<v>1</v>')}</row>`;
    expect(await outcome(sheet(at(IMPORT_LIMITS.rows)))).toHaveLength(IMPORT_LIMITS.rows);
    expect(await outcome(sheet(at(IMPORT_LIMITS.rows + 1)))).toBe('rows');

    const long = (n: number) => `<row r="1">${str('A1', 'x'.repeat(n))}</row>`;
    expect(await outcome(sheet(long(IMPORT_LIMITS.cellChars)))).toHaveLength(1);
    expect(await outcome(sheet(long(IMPORT_LIMITS.cellChars + 1)))).toBe('cellChars');

    const merges = (n: number) =>
      `<mergeCells>${Array.from({ length: n }, (_, i) => `<mergeCell ref="A${i * 2 + 1}:B${i * 2 + 1}"/>`).join('')}</mergeCells>`;
    expect(await outcome(sheet(TABLE, merges(IMPORT_LIMITS.mergedRanges)))).not.toBe('mergedRanges');
    expect(await outcome(sheet(TABLE, merges(IMPORT_LIMITS.mergedRanges + 1)))).toBe('mergedRanges');

    const strings = (n: number) =>
      rawXlsx({
        sheets: [{ name: 'A', rows: `<row r="1">${c('A1', '<v>0</v>', ' t="s"')}</row>` }],
        sharedStrings: Array.from({ length: n }, (_, i) => `<si><t>${i === 0 ? 'x' : i}</t></si>`),
      });
    expect(await outcome(strings(IMPORT_LIMITS.sharedStrings))).toEqual([['x']]);
    expect(await outcome(strings(IMPORT_LIMITS.sharedStrings + 1))).toBe('sharedStrings');

    const nested = (depth: number) =>
      `<row r="1">${c('A1', `${'<x>'.repeat(depth)}${'</x>'.repeat(depth)}<v>1</v>`)}</row>`;
    // worksheet > sheetData > row > c: 4 levels before the nesting.
    expect(await outcome(sheet(nested(IMPORT_LIMITS.xmlDepth - 4)))).toEqual([[1]]);
    expect(await outcome(sheet(nested(IMPORT_LIMITS.xmlDepth - 3)))).toBe('xmlDepth');
  });

  it('refuses a DOCTYPE and an undefined entity as unreadable, expanding nothing', async () => {
    const parts = rawXlsxParts({ sheets: [{ name: 'A', rows: TABLE }] });
    const withSheet = (xml: string) =>
      zipPacked(
        Object.entries({ ...parts, 'xl/worksheets/sheet1.xml': xml }).map(([name, content]) =>
          packed(name, content),
        ),
      );
    const body = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${str('A1', '&e;')}</row></sheetData></worksheet>`;
    expect(await outcome(withSheet(`<!DOCTYPE worksheet [<!ENTITY e "x">]>${body}`))).toBe('unreadable');
    expect(await outcome(withSheet(body))).toBe('unreadable');
    expect(await outcome(withSheet(body.replace('&e;', '&amp;&#x1EA1;')))).toEqual([['&ạ']]);
  });
});

describe('merged-range overlap check', () => {
  const overlaps = (a: CellRange, b: CellRange) =>
    a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
  const range = fc
    .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.nat(3), fc.nat(3))
    .map(([top, left, h, w]) => ({ top, left, bottom: top + h, right: left + w }));

  it('refuses exactly the sets of ranges in which two overlap', () => {
    fc.assert(
      fc.property(fc.array(range, { maxLength: 8 }), (ranges) => {
        const brute = ranges.some((a, i) => ranges.some((b, j) => i < j && overlaps(a, b)));
        let refused = false;
        try {
          fillMerges([], ranges);
        } catch (error) {
          refused = error instanceof UnsupportedFileError && error.reason === 'unreadable';
        }
        expect(refused).toBe(brute);
      }),
      { numRuns: 2000 },
    );
  });

  it('checks 20,000 staggered ranges in a few milliseconds', () => {
    const ranges = Array.from({ length: 20_000 }, (_, i) => ({
      top: i + 1,
      left: (i % 32) * 2 + 1,
      bottom: i + 1,
      right: (i % 32) * 2 + 2,
    }));
    const started = performance.now();
    fillMerges([], ranges);
    // Not a timing assertion (the bench measures): a quadratic check would take seconds here.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
