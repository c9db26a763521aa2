import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type ImportedRow, parseRecommendationSheet } from '../../shared/import/index.js';
import { buildXlsx, SAMPLE_DEPARTMENTS, sampleCsvBytes, sampleDepartmentId } from './fixtures.js';

const ctx = { departments: SAMPLE_DEPARTMENTS };

async function parseOk(bytes: Uint8Array): Promise<ImportedRow[]> {
  const result = await parseRecommendationSheet({ bytes }, ctx);
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 1)}`);
  return result.rows;
}

/** dd/mm/yyyy → a real date cell (UTC midnight of that day). */
function dateCell(text: string): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  return m ? new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]))) : null;
}

/**
 * The sample as an office might keep it in Excel: two merged title rows, header wordings of its own,
 * columns in another order, an extra column, real date cells, "Trực tiếp" for the source, a total row.
 */
async function sampleAsXlsx(): Promise<Uint8Array> {
  const [, ...records] = parse(new TextDecoder().decode(await sampleCsvBytes())) as string[][];
  // [new header, index of the column in the sample CSV (-1: not in the sample)]
  const layout: [string, number][] = [
    ['Thời hạn', 9],
    ['STT', 0],
    ['Hình thức xử lý', 6],
    ['Nội dung ý kiến, kiến nghị', 1],
    ['Ghi chú', 10],
    ['Tổ dân phố', 3],
    ['Cơ quan chủ trì', 7],
    ['Họ tên', 2],
    ['Nguồn', 5],
    ['Cơ quan phối hợp', 8],
    ['Lĩnh vực', 4],
    ['Cán bộ theo dõi', -1],
  ];
  const body = records.map((record) =>
    layout.map(([header, from]) => {
      const value = record[from] ?? '';
      if (from === -1) return 'Chị Lan';
      if (value === '') return null;
      if (header === 'Thời hạn') return dateCell(value);
      if (header === 'STT') return Number(value);
      if (value === 'Trực tiếp tại hội nghị') return 'Trực tiếp';
      return value;
    }),
  );
  return buildXlsx(
    [
      ['ỦY BAN NHÂN DÂN PHƯỜNG IV'],
      ['TỔNG HỢP Ý KIẾN, KIẾN NGHỊ TẠI HỘI NGHỊ ĐỐI THOẠI NĂM 2023'],
      layout.map(([header]) => header),
      ...body,
      [null, 'Tổng cộng', null, '20 kiến nghị'],
    ],
    { merges: ['A1:L1', 'A2:L2'] },
  );
}

describe('xlsx', () => {
  it('reads the sample kept in Excel like the CSV, rows numbered as Excel shows them', async () => {
    const bytes = await sampleAsXlsx();
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x50, 0x4b, 0x03, 0x04]);
    const fromCsv = await parseOk(await sampleCsvBytes());
    const rows = await parseOk(bytes);
    expect(rows).toHaveLength(20);
    expect(rows).toEqual(fromCsv.map((row) => ({ ...row, row: row.row + 2 })));
    expect(rows[0]?.row).toBe(4);
  });

  it('is detected by content type and by file name as well as by its bytes', async () => {
    const bytes = await sampleAsXlsx();
    for (const input of [
      { bytes, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      { bytes, filename: 'Kiến nghị 2023.xlsx' },
      { bytes, contentType: 'application/octet-stream', filename: 'upload' },
    ]) {
      const result = await parseRecommendationSheet(input, ctx);
      expect(result.ok && result.rows.length).toBe(20);
    }
  });

  it('reads date cells, serial numbers and text dates in the due date column', async () => {
    const header = ['STT', 'Nội dung', 'Hướng xử lý', 'Đơn vị chủ trì', 'Hạn giải quyết'];
    const dates: (string | number | Date)[] = [
      new Date(Date.UTC(2023, 10, 15)),
      new Date(Date.UTC(2023, 10, 15, 23, 59)),
      45245,
      '15/11/2023',
      '5/1/2024',
      '15-11-2023',
      '15.11.2023',
      '2023-11-15',
      '45245',
    ];
    const bytes = await buildXlsx([
      header,
      ...dates.map((due, i) => [i + 1, `Kiến nghị ${i + 1}`, 'Giao xử lý', 'Công an phường', due]),
    ]);
    const rows = await parseOk(bytes);
    expect(rows.map((row) => row.dueDate)).toEqual([
      '2023-11-15',
      '2023-11-15',
      '2023-11-15',
      '2023-11-15',
      '2024-01-05',
      '2023-11-15',
      '2023-11-15',
      '2023-11-15',
      '2023-11-15',
    ]);
  });

  it('reads rich text, formula results and hyperlinks; a merged department cell applies to every row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['STT', 'Nội dung kiến nghị', 'Nguồn', 'Hướng xử lý', 'Đơn vị chủ trì', 'Hạn xử lý']);
    sheet.addRow([
      1,
      { richText: [{ text: 'Đề nghị ', font: { bold: true } }, { text: 'sửa đường' }] },
      'Tổng hợp trước',
      'Giao đơn vị',
      'Công an phường',
      { formula: 'DATE(2023,11,15)', result: new Date(Date.UTC(2023, 10, 15)) },
    ]);
    sheet.addRow([
      2,
      { text: 'Xem bài báo', hyperlink: 'https://example.org' },
      'Trực tiếp',
      'Giao',
      null,
      null,
    ]);
    sheet.mergeCells('E2:E3');
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as unknown as ArrayBuffer);
    const rows = await parseOk(bytes);
    expect(rows.map((row) => [row.content, row.departmentId, row.dueDate])).toEqual([
      ['Đề nghị sửa đường', sampleDepartmentId('Công an phường'), '2023-11-15'],
      ['Xem bài báo', sampleDepartmentId('Công an phường'), undefined],
    ]);
  });

  it('normalises NFD text in cells to NFC', async () => {
    const bytes = await buildXlsx([
      [
        'Nội dung kiến nghị'.normalize('NFD'),
        'Người kiến nghị'.normalize('NFD'),
        'Đơn vị chủ trì'.normalize('NFD'),
      ],
      [
        'Đề nghị sửa đường'.normalize('NFD'),
        'Nguyễn Thị Ánh'.normalize('NFD'),
        'Trạm Y tế phường'.normalize('NFD'),
      ],
    ]);
    const [row] = await parseOk(bytes);
    expect(row?.content).toBe('Đề nghị sửa đường'.normalize('NFC'));
    expect(row?.raisedBy).toBe('Nguyễn Thị Ánh'.normalize('NFC'));
    expect(row?.departmentId).toBe(sampleDepartmentId('Trạm Y tế phường'));
  });

  it('reports errors on the rows Excel shows, title rows counted', async () => {
    const bytes = await buildXlsx([
      ['ỦY BAN NHÂN DÂN PHƯỜNG IV'],
      ['TỔNG HỢP KIẾN NGHỊ'],
      ['Thời hạn', 'Nội dung', 'Hình thức xử lý', 'Đơn vị giải quyết'],
      [new Date(Date.UTC(2023, 10, 15)), 'Được', 'Giao đơn vị', 'Công an phường'],
      ['31/02/2023', 'Ngày sai', 'Giao đơn vị', 'Công an phường'],
      [null, 'Đơn vị lạ', 'Giao đơn vị', 'Phòng Kinh tế'],
    ]);
    const result = await parseRecommendationSheet({ bytes, filename: 'x.xlsx' }, ctx);
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          row: 5,
          column: 'Thời hạn',
          message: 'Ngày «31/02/2023» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 15/11/2023.',
        },
        {
          row: 6,
          column: 'Đơn vị giải quyết',
          message: 'Không tìm thấy đơn vị «Phòng Kinh tế» trong danh sách đơn vị.',
        },
      ],
    });
  });
});
