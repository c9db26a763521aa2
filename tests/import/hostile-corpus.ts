/**
 * Files an attacker with an office account could upload to take the import down, generated (nothing is
 * stored in the repository): each is expected to be refused with a 4xx quickly and in little memory.
 * Used by tests/reliability/hostile-files.isolated.test.ts and by the benchmark (bench/sections/hostile.ts).
 */
import { once } from 'node:events';
import { constants, crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import type { ImportLimit } from '../../shared/import/limits.js';
import { type PackedEntry, packed, rawXlsxParts, zipPacked } from './raw-xlsx.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MiB = 1024 * 1024;

export interface HostileFile {
  name: string;
  what: string;
  bytes: Uint8Array;
  contentType: string;
  /** Sent as a stream in 64 KiB chunks without Content-Length, or with a Content-Length that lies. */
  send?: 'chunked' | 'lying-length';
  /** The import route, or a JSON route. */
  route?: 'import' | 'json';
  status: 413 | 415 | 422;
  /** The limit the problem names, when a limit refuses it. */
  limit?: ImportLimit;
}

/** Deflates the pieces as a stream (never holding the inflated whole), with the true CRC and size. */
async function deflated(name: string, pieces: Iterable<string | Uint8Array>): Promise<PackedEntry> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (chunk: Buffer) => out.push(chunk));
  let crc = 0;
  let size = 0;
  for (const piece of pieces) {
    const bytes = typeof piece === 'string' ? Buffer.from(piece) : piece;
    crc = crc32(bytes, crc);
    size += bytes.length;
    if (!deflater.write(bytes)) await once(deflater, 'drain');
  }
  deflater.end();
  await once(deflater, 'end');
  return { name, packed: Buffer.concat(out), crc, size };
}

/**
 * `head`, then `block` `times` over, then `tail`, deflated without deflating the whole: each piece is
 * compressed once and ended with a full flush (byte-aligned, dictionary reset), so copies of the block's
 * compressed bytes concatenate into one valid stream. A 1 GB bomb is built in milliseconds.
 */
function repeatedPart(
  name: string,
  head: string,
  block: Uint8Array,
  times: number,
  tail: string,
): PackedEntry {
  const flushed = (data: Uint8Array) =>
    deflateRawSync(data, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const headBytes = Buffer.from(head);
  const tailBytes = Buffer.from(tail);
  const blockPacked = flushed(block);
  const pieces = [
    flushed(headBytes),
    ...Array.from({ length: times }, () => blockPacked),
    deflateRawSync(tailBytes),
  ];
  let crc = crc32(headBytes);
  for (let i = 0; i < times; i++) crc = crc32(block, crc);
  crc = crc32(tailBytes, crc);
  return {
    name,
    packed: Buffer.concat(pieces),
    crc,
    size: headBytes.length + block.length * times + tailBytes.length,
  };
}

/** A deterministic pseudo-random generator, mulberry32 (the corpus is the same on every run). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Letters that barely compress (≈ 1.7-fold), so the XML reader, not the ratio cap, meets them. */
function letters(count: number, seed = 1): string {
  const next = random(seed);
  const out = Buffer.alloc(count);
  for (let i = 0; i < count; i++) out[i] = 97 + Math.floor(next() * 26);
  return out.toString('latin1');
}

/** `count` pieces made by `make(i)`, grouped into strings of about 1 MiB. */
function* numbered(head: string, count: number, make: (i: number) => string, tail: string) {
  yield head;
  let buffer = '';
  for (let i = 0; i < count; i++) {
    buffer += make(i);
    if (buffer.length >= MiB) {
      yield buffer;
      buffer = '';
    }
  }
  yield buffer + tail;
}

const SHEET_HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_TAIL = '</sheetData></worksheet>';
const SHEET = 'xl/worksheets/sheet1.xml';

/** A one-sheet workbook whose parts are replaced or added as given (already packed). */
async function workbookWith(
  replacements: Promise<PackedEntry>[],
  options: { sharedStrings?: boolean } = {},
): Promise<Uint8Array> {
  const parts = rawXlsxParts({
    sheets: [{ name: 'Kiến nghị' }],
    ...(options.sharedStrings ? { sharedStrings: [] } : {}),
  });
  const replaced = await Promise.all(replacements);
  const names = new Set(replaced.map((entry) => entry.name));
  const kept = Object.entries(parts).filter(([name]) => !names.has(name));
  return zipPacked([...kept.map(([name, content]) => packed(name, content)), ...replaced]);
}

const sheetXml = (rows: string, after = '') =>
  `${SHEET_HEAD}${rows}${SHEET_TAIL.replace('</worksheet>', `${after}</worksheet>`)}`;
const sheetPart = (xml: string) => deflated(SHEET, [xml]);
const column = (n: number): string => {
  let out = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) out = String.fromCharCode(65 + ((c - 1) % 26)) + out;
  return out;
};
const HEADER_ROW =
  '<row r="1"><c r="A1" t="inlineStr"><is><t>STT</t></is></c><c r="B1" t="inlineStr"><is><t>Nội dung kiến nghị</t></is></c><c r="C1" t="inlineStr"><is><t>Nguồn</t></is></c></row>';
const CSV_HEADER = 'STT,Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Đơn vị phối hợp,Hạn xử lý\n';
const text = (value: string) => new TextEncoder().encode(value);

/** Every hostile file, generated (≈ 10 s, mostly deflating the bombs). */
export async function hostileCorpus(): Promise<HostileFile[]> {
  const xlsx = (
    name: string,
    what: string,
    bytes: Promise<Uint8Array>,
    limit?: ImportLimit,
  ): Promise<HostileFile> =>
    bytes.then((b) => ({
      name,
      what,
      bytes: b,
      contentType: XLSX_TYPE,
      status: 422,
      ...(limit ? { limit } : {}),
    }));
  const spaces = Buffer.alloc(MiB, 32);
  const bomb = (megabytes: number, declaredSize?: number) => {
    const entry = repeatedPart(SHEET, SHEET_HEAD, spaces, megabytes, SHEET_TAIL);
    return workbookWith([Promise.resolve({ ...entry, size: declaredSize ?? entry.size })]);
  };
  /** XML that compresses only ≈ 8-fold: counted against the byte limits, not the ratio. */
  const next = random(7);
  let varied = '';
  while (varied.length < MiB) varied += `<x n="${Math.floor(next() * 100)}"/>`;
  const variedBlock = Buffer.from(varied);
  const bulky = (name: string, root: string, megabytes: number) =>
    Promise.resolve(repeatedPart(name, `<${root}>`, variedBlock, megabytes, `</${root}>`));

  const files = await Promise.all([
    xlsx(
      'sparse-far-cell',
      'one cell, at XFD20000 (the old reader allocated 20,000 × 16,384 cells)',
      workbookWith([
        sheetPart(sheetXml('<row r="20000"><c r="XFD20000" t="inlineStr"><is><t>x</t></is></c></row>')),
      ]),
    ),
    xlsx(
      'far-row',
      'one value at A1048576, the last row Excel has',
      workbookWith([sheetPart(sheetXml('<row r="1048576"><c r="A1048576"><v>1</v></c></row>'))]),
      'rows',
    ),
    xlsx('zip-bomb-16mb', 'a sheet of 16 MB of spaces in a few KB', bomb(16), 'compressionRatio'),
    xlsx('zip-bomb-150mb', 'a sheet of 150 MB of spaces', bomb(150), 'compressionRatio'),
    xlsx(
      'zip-bomb-400mb-lying',
      'a sheet of 400 MB of spaces whose zip entry declares 1 KB',
      bomb(400, 1024),
      'compressionRatio',
    ),
    xlsx(
      'zip-bomb-1gb-declared-4gb',
      'a sheet of 1 GB of spaces whose zip entry declares 4 GB',
      bomb(1024, 0xfffffff0),
      'compressionRatio',
    ),
    xlsx(
      'part-over-32mb',
      'a 40 MB sheet that compresses only 8-fold',
      workbookWith([bulky(SHEET, 'worksheet', 40)]),
      'partBytes',
    ),
    xlsx(
      'parts-over-64mb',
      'styles, shared strings and sheet of 25 MB each, each under the part limit',
      workbookWith(
        [
          bulky('xl/styles.xml', 'styleSheet', 25),
          bulky('xl/sharedStrings.xml', 'sst', 25),
          bulky(SHEET, 'worksheet', 25),
        ],
        { sharedStrings: true },
      ),
      'inflatedBytes',
    ),
    xlsx(
      'long-attribute-name',
      'an attribute name of 2,000,000 "a" and no "=", in 4 KB (52 s in the old attribute pattern)',
      workbookWith([
        deflated(SHEET, [SHEET_HEAD, '<row r="1"><c ', 'a'.repeat(2_000_000), '/></row>', SHEET_TAIL]),
      ]),
      'compressionRatio',
    ),
    xlsx(
      'long-attribute-name-random',
      'an attribute name of 2,000,000 random letters and no "="',
      workbookWith([
        deflated(SHEET, [SHEET_HEAD, '<row r="1"><c ', letters(2_000_000), '/></row>', SHEET_TAIL]),
      ]),
    ),
    xlsx(
      'long-attribute-value',
      'a cell reference of 8,000,000 random letters',
      workbookWith([
        deflated(SHEET, [SHEET_HEAD, '<row r="1"><c r="', letters(8_000_000, 2), '"/></row>', SHEET_TAIL]),
      ]),
    ),
    xlsx(
      'unterminated-tag',
      'the sheet ends inside a cell tag',
      workbookWith([deflated(SHEET, [SHEET_HEAD, '<row r="1"><c r="A1" t="s"'])]),
    ),
    xlsx(
      'unterminated-attribute',
      'an attribute value that never closes, 5,000,000 random letters long',
      workbookWith([deflated(SHEET, [SHEET_HEAD, '<row r="1"><c r="A1', letters(5_000_000, 3)])]),
    ),
    xlsx(
      'merged-100k',
      '100,000 disjoint merged ranges, 16,384 side by side in bands of 10 rows (the old check took 11 s)',
      workbookWith([
        deflated(
          SHEET,
          numbered(
            `${SHEET_HEAD}${HEADER_ROW}</sheetData><mergeCells>`,
            100_000,
            (i) => {
              const col = column((i % 16_384) + 1);
              const top = Math.floor(i / 16_384) * 10 + 2 + (i % 3);
              return `<mergeCell ref="${col}${top}:${col}${top + 7}"/>`;
            },
            '</mergeCells></worksheet>',
          ),
        ),
      ]),
      'mergedRanges',
    ),
    xlsx(
      'merged-20k-disjoint',
      '20,000 staggered disjoint merged ranges, the most allowed',
      workbookWith([
        deflated(
          SHEET,
          numbered(
            `${SHEET_HEAD}</sheetData><mergeCells>`,
            20_000,
            (i) =>
              `<mergeCell ref="${column((i % 32) * 2 + 1)}${i + 2}:${column((i % 32) * 2 + 2)}${i + 2}"/>`,
            '</mergeCells></worksheet>',
          ),
        ),
      ]),
    ),
    xlsx(
      'shared-strings-1m',
      'a shared string table of 1,000,000 entries',
      workbookWith(
        [
          deflated(
            'xl/sharedStrings.xml',
            numbered('<sst>', 1_000_000, (i) => `<si><t>${i}</t></si>`, '</sst>'),
          ),
        ],
        { sharedStrings: true },
      ),
      'sharedStrings',
    ),
    xlsx(
      'shared-string-10mb',
      'one shared string of 10,000,000 random letters',
      workbookWith(
        [deflated('xl/sharedStrings.xml', ['<sst><si><t>', letters(10_000_000, 4), '</t></si></sst>'])],
        { sharedStrings: true },
      ),
      'cellChars',
    ),
    xlsx(
      'deep-nesting',
      '1,000,000 nested elements',
      workbookWith([
        Promise.resolve(repeatedPart(SHEET, SHEET_HEAD, Buffer.from('<a>'.repeat(MiB / 4)), 12, '')),
      ]),
      'xmlDepth',
    ),
    xlsx(
      'many-attributes',
      'one cell tag with 200,000 attributes',
      workbookWith([
        deflated(
          SHEET,
          numbered(`${SHEET_HEAD}<row r="1"><c `, 200_000, (i) => `a${i}="" `, `/></row>${SHEET_TAIL}`),
        ),
      ]),
      'xmlAttributes',
    ),
    xlsx(
      'entity-expansion',
      'a DOCTYPE defining nested entities ("billion laughs")',
      workbookWith([
        sheetPart(
          `<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">${Array.from(
            { length: 9 },
            (_, i) =>
              `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
          ).join(
            '',
          )}]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&j;</t></is></c></row></sheetData></worksheet>`,
        ),
      ]),
    ),
    xlsx(
      'external-entity',
      'a DOCTYPE with an external entity (file:///etc/passwd) in the workbook part',
      workbookWith([
        deflated('xl/workbook.xml', [
          '<?xml version="1.0"?><!DOCTYPE workbook [<!ENTITY x SYSTEM "file:///etc/passwd">]><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="&x;" sheetId="1" r:id="rIdSheet1"/></sheets></workbook>',
        ]),
      ]),
    ),
  ]);

  const csv = (name: string, what: string, body: string, limit?: ImportLimit): HostileFile => ({
    name,
    what,
    bytes: text(body),
    contentType: 'text/csv',
    status: 422,
    ...(limit ? { limit } : {}),
  });
  files.push(
    csv(
      'csv-digits-60k',
      'a cell of 60,000 digits and a letter (7 s in the old numeric-cell pattern)',
      `${CSV_HEADER}1,${'1'.repeat(60_000)}a,Trực tiếp\n`,
      'cellChars',
    ),
    csv(
      'csv-digits-32k',
      'a cell of 32,000 digits and a letter, under the cell limit',
      `${CSV_HEADER}1,${'1'.repeat(32_000)}a,Trực tiếp\n`,
    ),
    csv(
      'csv-header-parens-40k',
      'a header cell of 40,000 "("',
      `${'('.repeat(40_000)},Nội dung kiến nghị\n1,x\n`,
      'cellChars',
    ),
    csv(
      'csv-header-parens-32k',
      'a header cell of 32,000 "(" (2.7 s in the old header pattern at 40,000)',
      `${'('.repeat(32_000)},Nội dung\n1,x\n`,
    ),
    csv(
      'csv-blank-lines',
      '9,000,000 blank lines under the header',
      `${CSV_HEADER}${'\n'.repeat(9_000_000)}`,
      'rows',
    ),
    csv('csv-commas', 'one line of 9,000,000 commas', `${CSV_HEADER}${','.repeat(9_000_000)}\n`),
    csv(
      'csv-open-quote',
      'a quoted cell of 4,000,000 escaped quotes',
      `${CSV_HEADER}1,"${'""'.repeat(4_000_000)}`,
      'cellChars',
    ),
    csv(
      'csv-cooperating-commas',
      'a cooperating-department cell of 30,000 commas',
      `${CSV_HEADER}1,,Trực tiếp,Giao đơn vị,Công an phường,"${','.repeat(30_000)}",15/11/2023\n`,
    ),
  );

  const line = '1,Đề nghị sửa đường,Trực tiếp,Giao đơn vị,Công an phường,,15/11/2023\n';
  const twelveMb = text(`${CSV_HEADER}${line.repeat(Math.ceil((12 * MiB) / text(line).length))}`);
  files.push(
    {
      name: 'chunked-12mb',
      what: 'a 12 MB CSV sent chunked, without Content-Length',
      bytes: twelveMb,
      contentType: 'text/csv',
      send: 'chunked',
      status: 413,
    },
    {
      name: 'lying-length-12mb',
      what: 'a 12 MB CSV whose Content-Length says 1,000',
      bytes: twelveMb,
      contentType: 'text/csv',
      send: 'lying-length',
      status: 413,
    },
    {
      name: 'json-chunked-2mb',
      what: 'a 2 MB JSON body sent chunked to a JSON route (limit 1 MB)',
      bytes: text(JSON.stringify({ content: 'x'.repeat(2 * MiB) })),
      contentType: 'application/json',
      send: 'chunked',
      route: 'json',
      status: 413,
    },
  );
  return files;
}
