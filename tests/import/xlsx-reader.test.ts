/**
 * The xlsx reader (shared/import/xlsx: streamed zip parts, saxes, merged ranges) gives the cells the exceljs reader gave, for
 * workbooks written by exceljs and for parts written by hand in the shapes other programs use.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readXlsx, UnsupportedFileError } from '../../shared/import/read-table.js';
import { parseDate } from '../../shared/import/values.js';
import { comparable, readXlsxWithExcelJs } from './exceljs-reference.js';
import { rawXlsx, zip } from './raw-xlsx.js';

type Read =
  | Awaited<ReturnType<typeof readXlsx>>
  | 'unreadable'
  | 'empty'
  | 'no_header'
  | 'unsupported_format'
  | 'limit';

async function readNew(bytes: Uint8Array): Promise<Read> {
  try {
    return await readXlsx(bytes);
  } catch (error) {
    if (error instanceof UnsupportedFileError) return error.reason;
    throw error;
  }
}

/** Both readers on the same bytes: equal cells (or the same refusal); returns the new reader's grid. */
async function bothRead(bytes: Uint8Array) {
  const [now, before] = await Promise.all([readNew(bytes), readXlsxWithExcelJs(bytes)]);
  if (typeof before === 'string' || typeof now === 'string') {
    expect(now).toBe(before);
    return [];
  }
  expect(comparable(now)).toEqual(comparable(before));
  return comparable(now);
}

const written = async (workbook: ExcelJS.Workbook) =>
  new Uint8Array((await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer);

describe('xlsx written by exceljs', () => {
  it('title rows, rich text, formulas, hyperlinks, booleans, dates, merged cells: the same cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Kiến nghị');
    sheet.getCell('B1').value = 'ỦY BAN NHÂN DÂN PHƯỜNG IV';
    sheet.mergeCells('B1:H1');
    sheet.getCell('B3').value = 'STT';
    sheet.getCell('C3').value = 'Nội dung kiến nghị';
    sheet.getCell('D3').value = 'Đơn vị chủ trì';
    sheet.getCell('E3').value = 'Hạn xử lý';
    sheet.getCell('F3').value = 'Ghi chú';
    sheet.getCell('G3').value = 'Số';
    sheet.getCell('H3').value = 'Cờ';
    const rows: ExcelJS.CellValue[][] = [
      [
        1,
        { richText: [{ text: 'Đề nghị ', font: { bold: true } }, { text: 'sửa đường' }] },
        'Công an phường',
        { formula: 'DATE(2023,11,15)', result: new Date(Date.UTC(2023, 10, 15)) },
        { text: 'Xem bài báo', hyperlink: 'https://example.org' },
        { formula: '1+1', result: 2 },
        true,
      ],
      [
        2,
        'Đèn đường\nhẻm 12 '.normalize('NFD'),
        null,
        new Date(Date.UTC(2023, 10, 15, 23, 59)),
        { formula: 'A1&"x"', result: 'văn bản' },
        { formula: '1/0', result: { error: '#DIV/0!' } },
        false,
      ],
      [
        3,
        '   ',
        '',
        45245,
        { formula: 'NOW()' } as ExcelJS.CellValue,
        12.5,
        { formula: 'TRUE()', result: true },
      ],
    ];
    rows.forEach((values, r) => {
      values.forEach((value, c) => {
        if (value === null) return;
        const cell = sheet.getCell(4 + r, 2 + c);
        cell.value = value;
        if (c === 3) cell.numFmt = 'dd/mm/yyyy';
      });
    });
    sheet.mergeCells('D4:D5'); // the department of rows 4 and 5
    sheet.getCell('J4').value = 'Ngoài bảng';
    sheet.mergeCells('J4:J9'); // below the last row of data
    sheet.mergeCells('K2:L3'); // an empty merged range
    workbook.addWorksheet('Trang 2').getCell('A1').value = 'Không đọc';

    const cells = await bothRead(await written(workbook));
    expect(cells[0]).toEqual([
      null,
      'ỦY BAN NHÂN DÂN PHƯỜNG IV',
      ...Array(6).fill('ỦY BAN NHÂN DÂN PHƯỜNG IV'),
    ]);
    expect(cells[3]).toEqual([
      null,
      1,
      'Đề nghị sửa đường',
      'Công an phường',
      'date 2023-11-15T00:00:00.000Z',
      'Xem bài báo',
      2,
      'TRUE',
      null,
      'Ngoài bảng',
    ]);
    expect(cells[4]?.[3]).toBe('Công an phường');
    expect(cells[4]?.[4]).toBe('date 2023-11-15T23:59:00.000Z');
    expect(cells[4]?.[2]).toBe('Đèn đường\nhẻm 12 '.normalize('NFD'));
    // 45245 in a dd/mm/yyyy cell is a date; a formula without a cached result is empty.
    expect(cells[5]?.slice(1, 8)).toEqual([
      3,
      '   ',
      null,
      'date 2023-11-15T00:00:00.000Z',
      null,
      12.5,
      'TRUE',
    ]);
    expect(cells[8]).toEqual([...Array(9).fill(null), 'Ngoài bảng']);
  });

  it('a date a hair before midnight (a formula on whole days) is the next day, as exceljs rounded it', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('A');
    sheet.getCell('A1').value = 45246 - 1e-10;
    sheet.getCell('A1').numFmt = 'dd/mm/yyyy';
    sheet.getCell('A2').value = 45246.5;
    sheet.getCell('A2').numFmt = 'dd/mm/yyyy hh:mm';
    const [[first], [second]] = (await bothRead(await written(workbook))) as [unknown[], unknown[]];
    expect(first).toBe('date 2023-11-16T00:00:00.000Z');
    expect(second).toBe('date 2023-11-16T12:00:00.000Z');
    const grid = await readXlsx(await written(workbook));
    expect(parseDate(grid[0]?.[0] ?? null)).toBe('2023-11-16');
  });

  it('an empty workbook sheet has no cells', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Trống');
    expect(await bothRead(await written(workbook))).toEqual([]);
  });
});

describe('xlsx written part by part', () => {
  const c = (ref: string, inner: string, attributes = '') => `<c r="${ref}"${attributes}>${inner}</c>`;
  const v = (value: string | number) => `<v>${value}</v>`;

  it('reads the first sheet in tab order, skipping chartsheets, hidden or not', async () => {
    const sheets = [
      { name: 'Biểu đồ', chart: true },
      { name: 'Ẩn', hidden: true, rows: `<row r="1">${c('A1', v(0), ' t="s"')}</row>` },
      { name: 'Kiến nghị', rows: `<row r="1">${c('A1', v(1), ' t="s"')}</row>` },
    ];
    const sharedStrings = ['<si><t>trang ẩn</t></si>', '<si><t>trang thứ ba</t></si>'];
    expect(await bothRead(rawXlsx({ sheets, sharedStrings }))).toEqual([['trang ẩn']]);
    expect(
      await bothRead(rawXlsx({ sheets: sheets.slice(2).concat(sheets[1] ?? []), sharedStrings })),
    ).toEqual([['trang thứ ba']]);
  });

  it('shared and inline strings, rich and phonetic runs, escapes, booleans, errors, number formats', async () => {
    const sharedStrings = [
      '<si><t xml:space="preserve"> Nội dung </t></si>',
      '<si><r><rPr><b/></rPr><t xml:space="preserve">Đề nghị </t></r><r><t>sửa đường</t></r><rPh sb="0" eb="1"><t>フリガナ</t></rPh></si>',
      '<si><t>dòng 1_x000D_\ndòng 2 &amp; &lt;3&gt;</t></si>',
      '<si><t></t></si>',
    ];
    const rows = [
      `<row r="2">${c('A2', v(0), ' t="s"')}${c('B2', v(1), ' t="s"')}${c('C2', v(2), ' t="s"')}${c('D2', v(3), ' t="s"')}</row>`,
      `<row r="3">${c('A3', '<is><t>chuỗi trực tiếp</t></is>', ' t="inlineStr"')}${c('B3', '<f>A1&amp;""</f><v>kết quả</v>', ' t="str"')}${c('C3', v(1), ' t="b"')}${c('D3', v(0), ' t="b"')}${c('E3', v('#N/A'), ' t="e"')}</row>`,
      `<row r="5">${c('A5', v(45245), ' s="1"')}${c('B5', v(45245), ' s="2"')}${c('C5', v(45245.75), ' s="4"')}${c('D5', v(1234.5), ' s="3"')}${c('E5', v(150000), ' s="5"')}${c('F5', v('1.5E+3'))}${c('G5', '<f>SUM(A1:A2)</f>', ' s="2"')}</row>`,
    ].join('');
    const cells = await bothRead(rawXlsx({ sheets: [{ name: 'A', rows }], sharedStrings }));
    expect(cells).toEqual([
      [],
      [' Nội dung ', 'Đề nghị sửa đường', 'dòng 1\r\ndòng 2 & <3>'],
      ['chuỗi trực tiếp', 'kết quả', 'TRUE', 'FALSE'],
      [],
      [
        'date 2023-11-15T00:00:00.000Z',
        'date 2023-11-15T00:00:00.000Z',
        'date 2023-11-15T18:00:00.000Z',
        1234.5,
        150000,
        1500,
      ],
    ]);
  });

  it('reads dates of a workbook in the 1904 date system', async () => {
    const rows = `<row r="1">${c('A1', v(43783), ' s="2"')}</row>`;
    expect(await bothRead(rawXlsx({ sheets: [{ name: 'A', rows }], date1904: true }))).toEqual([
      ['date 2023-11-15T00:00:00.000Z'],
    ]);
  });

  it('reads an ISO date cell (t="d") as its date, where exceljs read the year as a number', async () => {
    const rows = `<row r="1">${c('A1', v('2023-11-15T00:00:00Z'), ' t="d"')}${c('B1', v('2023-11-15T00:00:00Z'), ' t="d" s="2"')}</row>`;
    const bytes = rawXlsx({ sheets: [{ name: 'A', rows }] });
    expect(comparable((await readXlsxWithExcelJs(bytes)) as never)).toEqual([
      [2023, 'date 1905-07-15T00:00:00.000Z'],
    ]);
    expect(comparable((await readNew(bytes)) as never)).toEqual([
      ['date 2023-11-15T00:00:00.000Z', 'date 2023-11-15T00:00:00.000Z'],
    ]);
  });

  it('a merged range takes its top-left value over the values its other cells hold', async () => {
    const rows = [
      `<row r="1">${c('A1', v(1))}${c('B1', v(2))}${c('C1', v(3))}</row>`,
      `<row r="2">${c('B2', v(5))}${c('C2', v(6))}</row>`,
      `<row r="3">${c('A3', v(7))}</row>`,
    ].join('');
    const after =
      '<mergeCells count="3"><mergeCell ref="A1:B2"/><mergeCell ref="C1:C3"/><mergeCell ref="A3:B5"/></mergeCells>';
    expect(await bothRead(rawXlsx({ sheets: [{ name: 'A', rows, after }] }))).toEqual([
      [1, 1, 3],
      [1, 1, 3],
      [7, 7, 3],
      [7, 7],
      [7, 7],
    ]);
    const emptyMaster = `<mergeCells count="1"><mergeCell ref="D1:D2"/><mergeCell ref="A2:C2"/></mergeCells>`;
    const rows2 = `<row r="1">${c('A1', v(1))}</row><row r="2">${c('B2', v(5))}${c('C2', v(6))}${c('D2', v(8))}</row>`;
    expect(await bothRead(rawXlsx({ sheets: [{ name: 'A', rows: rows2, after: emptyMaster }] }))).toEqual([
      [1],
    ]);
  });

  it('refuses overlapping merged ranges, like exceljs, in whatever order the file lists them', async () => {
    const rows = `<row r="1">${c('A1', v(1))}</row>`;
    for (const refs of [
      ['A1:B2', 'B2:C3'],
      ['C5:D6', 'E1:E9', 'A1:D5'],
      ['A1', 'A1'],
    ]) {
      const after = `<mergeCells>${refs.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>`;
      const bytes = rawXlsx({ sheets: [{ name: 'A', rows, after }] });
      await bothRead(bytes);
      expect(await readNew(bytes)).toBe('unreadable');
    }
  });

  it('refuses a merged value spread over millions of cells', async () => {
    const rows = `<row r="1">${c('A1', v(1))}</row>`;
    const after = '<mergeCells><mergeCell ref="A1:Z100000"/></mergeCells>';
    // Past the limit of merged cells: refused with that limit (before the bounded reader: 'unreadable').
    expect(await readNew(rawXlsx({ sheets: [{ name: 'A', rows, after }] }))).toBe('limit');
    const empty = '<mergeCells><mergeCell ref="B1:Z1048576"/></mergeCells>';
    expect(await readNew(rawXlsx({ sheets: [{ name: 'A', rows, after: empty }] }))).toEqual([[1]]);
  });

  it('a zip without a worksheet is an empty workbook; a broken zip is unreadable', async () => {
    await bothRead(zip({ 'word/document.xml': '<w:document/>' }));
    expect(await readNew(zip({ 'word/document.xml': '<w:document/>' }))).toBe('empty');
    expect(await readNew(rawXlsx({ sheets: [{ name: 'Biểu đồ', chart: true }] }))).toBe('empty');
    const good = rawXlsx({ sheets: [{ name: 'A', rows: `<row r="1">${c('A1', v(1))}</row>` }] });
    for (const bytes of [good.subarray(0, good.length - 30), good.subarray(0, 200)]) {
      await bothRead(bytes);
      expect(await readNew(bytes)).toBe('unreadable');
    }
    const flipped = Uint8Array.from(good);
    flipped.fill(0x41, 40, 400); // the first part's compressed data
    expect(await readNew(flipped)).toBe('unreadable');
  });

  it('a damaged file is read or refused as unreadable or empty, never hangs or throws anything else', async () => {
    const rows = `<row r="1">${c('A1', v(0), ' t="s"')}${c('B1', v(45245), ' s="2"')}</row>`;
    const after = '<mergeCells><mergeCell ref="A3:B4"/></mergeCells>';
    const good = rawXlsx({
      sheets: [{ name: 'A', rows, after }],
      sharedStrings: ['<si><t>Nội dung</t></si>'],
    });
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes = new Set<string>();
    for (let i = 0; i < 150; i++) {
      const bytes = Uint8Array.from(good);
      for (let k = 0; k < 3; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      const damaged = i % 5 === 0 ? bytes.subarray(0, Math.floor(random() * bytes.length)) : bytes;
      const outcome = await Promise.race([
        readNew(damaged).then((read) => (typeof read === 'string' ? read : 'read')),
        new Promise<string>((resolve) => setTimeout(() => resolve('hung'), 5000)),
      ]);
      outcomes.add(outcome);
    }
    expect([...outcomes].every((o) => ['read', 'unreadable', 'empty'].includes(o))).toBe(true);
    expect(outcomes).toContain('unreadable');
  });
});
