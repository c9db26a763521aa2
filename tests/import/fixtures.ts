/** Fixtures for tests that need a recommendation spreadsheet: the sample CSV and an in-memory xlsx builder. */
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { ImportDepartment } from '../../shared/import/index.js';

/** The departments named in the sample spreadsheet of Phường IV (2023). */
export const SAMPLE_DEPARTMENT_NAMES = [
  'Địa chính - Xây dựng',
  'Văn hóa - Xã hội',
  'Công an phường',
  'Tổ quản lý trật tự chợ',
  'Đội thuế phường',
  'Trạm Y tế phường',
  'Tư pháp - Hộ tịch',
  'Văn phòng - Thống kê',
] as const;

/** The sample departments with ids dep-1 … dep-8, in the order above. */
export const SAMPLE_DEPARTMENTS: ImportDepartment[] = SAMPLE_DEPARTMENT_NAMES.map((name, i) => ({
  id: `dep-${i + 1}`,
  name,
}));

/** Id of a sample department by name. */
export function sampleDepartmentId(name: (typeof SAMPLE_DEPARTMENT_NAMES)[number]): string {
  return `dep-${SAMPLE_DEPARTMENT_NAMES.indexOf(name) + 1}`;
}

export const SAMPLE_CSV_URL = new URL('../../scripts/demo/kien-nghi-phuong-iv-2023.csv', import.meta.url);

/** The sample spreadsheet scripts/demo/kien-nghi-phuong-iv-2023.csv (UTF-8, header on row 1, 20 rows). */
export async function sampleCsvBytes(): Promise<Uint8Array> {
  return new Uint8Array(await readFile(SAMPLE_CSV_URL));
}

export interface BuildXlsxOptions {
  /** Ranges to merge, e.g. 'A1:K1' for a title row. */
  merges?: string[];
  sheetName?: string;
}

/**
 * An xlsx with one worksheet holding `rows` from A1 (null = empty cell). Dates become real date cells
 * (dd/mm/yyyy); build them with `Date.UTC` — the importer reads a date cell as a UTC calendar date.
 */
export async function buildXlsx(
  rows: (string | number | Date | null)[][],
  options: BuildXlsxOptions = {},
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Kiến nghị');
  rows.forEach((values, r) => {
    values.forEach((value, c) => {
      if (value === null) return;
      const cell = sheet.getCell(r + 1, c + 1);
      cell.value = value;
      if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
    });
  });
  for (const range of options.merges ?? []) sheet.mergeCells(range);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer as unknown as ArrayBuffer);
}
