/**
 * The CSV reader reads what csv-parse (the reader before it, options relax_quotes and relax_column_count)
 * read, on hand-picked edge cases and on generated text, and stops at the limits.
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../shared/import/csv.js';
import { UnsupportedFileError } from '../../shared/import/errors.js';
import { IMPORT_LIMITS } from '../../shared/import/limits.js';

/** What the importer made of csv-parse's records: '' as null; null when csv-parse refused the text. */
function csvParse(text: string, delimiter: string): (string | null)[][] | null {
  try {
    const records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    });
    return records.map((record: string[]) => record.map((value) => (value === '' ? null : value)));
  } catch {
    return null;
  }
}

async function limitOf(run: Promise<unknown>): Promise<string | undefined> {
  try {
    await run;
    return undefined;
  } catch (error) {
    if (error instanceof UnsupportedFileError) return error.limit?.name;
    throw error;
  }
}

describe('readCsv', () => {
  it.each([
    'a,"b"c,d',
    'a,b"c,d',
    '"a""b",c',
    '"unclosed\nx',
    ' "a",b',
    '"a" ,b',
    'a,b\r\nc,d\re,f\ng',
    'a,b\n\n\nc',
    '"a\r\nb",c',
    'a,"",b',
    'a,b,',
    '',
    'x\n',
    '"a"\n"b"',
    '"a,b"c,d',
    '"a\nb"c,d',
    '"a""b"c,d',
    'a,b\n\n',
    'a\n\r\nb',
    'a\rb\nc',
    '"x\ny",1\r\nz',
    'a,"b\r\nc"\nd',
    '"a"\r',
    '"a"\r\n',
    ',',
    '\n',
    '"a"x"y',
    'a"b"c,"d""e"',
  ])('reads %j as csv-parse did', async (text) => {
    expect(await readCsv(text, ',')).toEqual(csvParse(text, ','));
  });

  it('reads generated text as csv-parse did, for each delimiter', async () => {
    const piece = fc.constantFrom('a', 'Đề nghị', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', '\r', 'x"y');
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 30 }),
        fc.constantFrom(',', ';', '\t'),
        async (pieces, d) => {
          const text = pieces.join('');
          expect(await readCsv(text, d)).toEqual(csvParse(text, d));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('stops after maxRecords rows', async () => {
    expect(await readCsv('a\nb\nc\n', ',', 2)).toEqual([['a'], ['b']]);
  });

  it('keeps the columns read and passes over the rest, quoted line breaks included', async () => {
    const wide = Array.from({ length: 100 }, (_, i) => (i === 80 ? '"x\ny,z"' : String(i))).join(',');
    const rows = await readCsv(`${wide}\nnext`, ',');
    expect(rows?.[0]).toHaveLength(IMPORT_LIMITS.columns);
    expect(rows?.[0]?.[63]).toBe('63');
    expect(rows?.[1]).toEqual(['next']);
    expect(await readCsv(`${wide.replace('"x', '"x\n')}`.replace('y,z"', 'y,z'), ',')).toBeNull();
  });

  it('refuses a cell longer than the cell limit, quoted or not, and more rows than the row limit', async () => {
    const long = 'x'.repeat(IMPORT_LIMITS.cellChars + 1);
    expect(await limitOf(readCsv(`a,${long}`, ','))).toBe('cellChars');
    expect(await limitOf(readCsv(`a,"${long}"`, ','))).toBe('cellChars');
    expect(await limitOf(readCsv(`"${'""'.repeat(IMPORT_LIMITS.cellChars + 1)}"`, ','))).toBe('cellChars');
    expect(await limitOf(readCsv(`a,${'x'.repeat(IMPORT_LIMITS.cellChars)}`, ','))).toBeUndefined();
    expect(await limitOf(readCsv('\n'.repeat(IMPORT_LIMITS.rows + 1), ','))).toBe('rows');
    expect(await limitOf(readCsv('\n'.repeat(IMPORT_LIMITS.rows), ','))).toBeUndefined();
  });
});
