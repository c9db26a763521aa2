/**
 * The report workbook (write-excel-file) read back with exceljs: sheets, bold frozen header, widths,
 * date and number cells, links to the items, wrapped long text, the workbook's properties.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sectionsWorkbook, WORKBOOK_CREATOR } from '../../shared/adapters/reports/xlsx.js';

const LONG =
  'Đường hẻm 27 khu phố 6 bị xuống cấp nghiêm trọng, mưa xuống ngập sâu, người dân đi lại rất khó khăn';

async function workbook() {
  const bytes = await sectionsWorkbook('Báo cáo giám sát 30/10/2023', [
    {
      name: 'Quá hạn',
      headers: ['Số hiệu', 'Nội dung', 'Hạn xử lý', 'Số ngày'],
      widths: [16, 60, 14, 12],
      rows: [
        [
          { text: 'KN-2023-001', hyperlink: 'https://theo-doi.example/kien-nghi/a?x=1&y=2' },
          LONG,
          { date: '2023-10-16' },
          10,
        ],
        [{ text: 'KN-2023-002', hyperlink: 'https://theo-doi.example/kien-nghi/b' }, 'Ngắn', null, 66.7],
      ],
    },
    { name: 'Tổng hợp', headers: ['Nội dung', 'Số lượng'], rows: [['Bị mở lại', 0]] },
    { name: 'Một tên trang tính dài hơn ba mươi mốt ký tự', headers: ['A'], rows: [] },
  ]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as never);
  return { bytes, book };
}

describe('report workbook', () => {
  it('has the sheets, bold frozen headers and column widths', async () => {
    const { book } = await workbook();
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'Quá hạn',
      'Tổng hợp',
      'Một tên trang tính dài hơn ba m', // 31 characters
    ]);
    const sheet = book.getWorksheet('Quá hạn');
    if (!sheet) throw new Error('no sheet');
    expect(sheet.getRow(1).values).toEqual([undefined, 'Số hiệu', 'Nội dung', 'Hạn xử lý', 'Số ngày']);
    for (let c = 1; c <= 4; c++) expect(sheet.getCell(1, c).font?.bold).toBe(true);
    expect(sheet.getCell(2, 2).font?.bold).toBeFalsy();
    expect(sheet.getCell(2, 2).font).toMatchObject({ name: 'Calibri', size: 11 });
    expect([1, 2, 3, 4].map((c) => sheet.getColumn(c).width)).toEqual([16, 60, 14, 12]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes dates as dd/mm/yyyy date cells, numbers as numbers, links to the items, long text wrapped', async () => {
    const { book } = await workbook();
    const sheet = book.getWorksheet('Quá hạn');
    if (!sheet) throw new Error('no sheet');
    const due = sheet.getCell('C2');
    expect(due.value).toEqual(new Date(Date.UTC(2023, 9, 16)));
    expect(due.numFmt).toBe('dd/mm/yyyy');
    expect(sheet.getCell('D2').value).toBe(10);
    expect(sheet.getCell('D3').value).toBe(66.7);
    expect(sheet.getCell('C3').value).toBeNull();
    expect(sheet.getCell('A2').value).toEqual({
      text: 'KN-2023-001',
      hyperlink: 'https://theo-doi.example/kien-nghi/a?x=1&y=2',
    });
    expect(sheet.getCell('A3').value).toEqual({
      text: 'KN-2023-002',
      hyperlink: 'https://theo-doi.example/kien-nghi/b',
    });
    expect(sheet.getCell('A2').font).toMatchObject({ underline: true, color: { argb: 'FF0B5CAD' } });
    expect(sheet.getCell('B2').value).toBe(LONG);
    expect(sheet.getCell('B2').alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(sheet.getCell('B3').alignment?.wrapText).toBeFalsy();
    expect(book.getWorksheet('Tổng hợp')?.getCell('B2').value).toBe(0);
  });

  it('names its author and title, with a fixed creation date', async () => {
    const { book } = await workbook();
    expect(book.creator).toBe(WORKBOOK_CREATOR);
    expect(book.title).toBe('Báo cáo giám sát 30/10/2023');
    expect(book.created).toEqual(new Date(0));
  });
});
