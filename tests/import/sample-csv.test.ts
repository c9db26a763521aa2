import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Disposition, Source } from '../../shared/domain/model.js';
import { type ImportedRow, type ParseContext, parseRecommendationSheet } from '../../shared/import/index.js';
import {
  type SAMPLE_DEPARTMENT_NAMES,
  SAMPLE_DEPARTMENTS,
  sampleCsvBytes,
  sampleDepartmentId,
} from './fixtures.js';

type Name = (typeof SAMPLE_DEPARTMENT_NAMES)[number];
const ctx = { departments: SAMPLE_DEPARTMENTS };
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** STT → [source, disposition, lead, cooperating, due date] as in the sample file. */
const EXPECTED: [Source, Disposition, Name | null, Name[], string | undefined][] = [
  ['pre_collected', 'assigned', 'Địa chính - Xây dựng', [], '2023-11-15'],
  ['pre_collected', 'assigned', 'Văn hóa - Xã hội', ['Công an phường'], '2023-10-30'],
  ['at_dialogue', 'assigned', 'Địa chính - Xây dựng', ['Công an phường'], '2023-11-20'],
  ['at_dialogue', 'forwarded', null, [], undefined],
  ['pre_collected', 'answered_at_dialogue', 'Văn hóa - Xã hội', [], undefined],
  ['pre_collected', 'assigned', 'Tổ quản lý trật tự chợ', ['Công an phường'], '2023-10-31'],
  ['pre_collected', 'assigned', 'Địa chính - Xây dựng', [], '2023-11-15'],
  ['at_dialogue', 'assigned', 'Đội thuế phường', [], '2023-11-30'],
  ['pre_collected', 'assigned', 'Công an phường', ['Văn hóa - Xã hội'], '2023-10-25'],
  ['pre_collected', 'assigned', 'Trạm Y tế phường', [], '2023-10-20'],
  ['at_dialogue', 'assigned', 'Tư pháp - Hộ tịch', ['Văn phòng - Thống kê'], '2023-11-10'],
  ['at_dialogue', 'declined', null, [], undefined],
  ['at_dialogue', 'assigned', 'Địa chính - Xây dựng', [], '2023-11-15'],
  ['pre_collected', 'assigned', 'Công an phường', ['Tổ quản lý trật tự chợ'], '2023-11-30'],
  ['pre_collected', 'assigned', 'Địa chính - Xây dựng', [], '2023-10-27'],
  ['at_dialogue', 'assigned', 'Văn hóa - Xã hội', [], '2023-11-30'],
  ['at_dialogue', 'assigned', 'Công an phường', ['Trạm Y tế phường'], '2023-10-31'],
  ['pre_collected', 'assigned', 'Văn hóa - Xã hội', [], '2023-11-10'],
  ['pre_collected', 'answered_at_dialogue', 'Văn phòng - Thống kê', [], undefined],
  ['at_dialogue', 'assigned', 'Địa chính - Xây dựng', ['Công an phường'], '2023-11-15'],
];

async function parseOk(bytes: Uint8Array, options: Partial<ParseContext> = {}): Promise<ImportedRow[]> {
  const result = await parseRecommendationSheet({ bytes }, { ...ctx, ...options });
  if (!result.ok) throw new Error(`unexpected errors: ${JSON.stringify(result.errors, null, 1)}`);
  return result.rows;
}

describe('the sample CSV of Phường IV', () => {
  it('gives 20 rows with the sources, dispositions, departments and due dates of the file', async () => {
    const rows = await parseOk(await sampleCsvBytes());
    expect(rows).toHaveLength(20);
    rows.forEach((row, i) => {
      const [source, disposition, lead, cooperating, due] = EXPECTED[i] ?? [];
      expect(row.row).toBe(i + 2);
      expect(row.source).toBe(source);
      expect(row.disposition).toBe(disposition);
      expect(row.departmentId).toBe(lead ? sampleDepartmentId(lead) : null);
      expect(row.cooperatingDepartmentIds).toEqual((cooperating ?? []).map(sampleDepartmentId));
      expect(row.dueDate).toBe(due);
    });
  });

  it('reads every column of a row', async () => {
    const rows = await parseOk(await sampleCsvBytes());
    expect(rows[0]).toEqual({
      row: 2,
      content:
        'Đề nghị sửa chữa mặt đường hẻm 27 Nguyễn Trãi bị bong tróc, mưa xuống ngập sâu 20–30 cm, người dân đi lại khó khăn.',
      raisedBy: 'Nguyễn Văn Hùng',
      residentialGroup: 'Khu phố 6',
      field: 'Giao thông',
      source: 'pre_collected',
      disposition: 'assigned',
      departmentId: sampleDepartmentId('Địa chính - Xây dựng'),
      cooperatingDepartmentIds: [],
      dueDate: '2023-11-15',
    });
  });

  it('puts the answer of an item answered at the dialogue in answer, the reason of a declined one in reason', async () => {
    const rows = await parseOk(await sampleCsvBytes());
    expect(rows[4]?.answer).toBe(
      'Danh sách đã niêm yết tại trụ sở UBND phường và 6 nhà văn hóa khu phố từ ngày 05/10/2023.',
    );
    expect(rows[4]?.reason).toBeUndefined();
    expect(rows[11]?.reason).toBe(
      'Nội dung thuộc thẩm quyền Trung ương; đã ghi nhận và tổng hợp báo cáo qua Mặt trận Tổ quốc thành phố.',
    );
    expect(rows[11]?.answer).toBeUndefined();
    expect(rows.filter((row) => row.answer !== undefined)).toHaveLength(2);
    expect(rows.filter((row) => row.reason !== undefined)).toHaveLength(1);
  });

  it('reads the file the same with a BOM, without one and with CRLF line ends', async () => {
    const bytes = await sampleCsvBytes();
    const plain = await parseOk(bytes);
    const withBom = await parseOk(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]));
    const crlf = await parseOk(encoder.encode(decoder.decode(bytes).replace(/\r?\n/g, '\r\n')));
    expect(withBom).toEqual(plain);
    expect(crlf).toEqual(plain);
  });

  it('normalises NFD input to NFC and still matches departments, sources and dispositions', async () => {
    const text = decoder.decode(await sampleCsvBytes());
    const nfd = text.normalize('NFD');
    expect(nfd).not.toBe(text);
    const rows = await parseOk(encoder.encode(nfd));
    expect(rows).toEqual(await parseOk(encoder.encode(text)));
    for (const row of rows) {
      expect(row.content).toBe(row.content.normalize('NFC'));
      expect(row.raisedBy).toBe(row.raisedBy?.normalize('NFC'));
    }
    expect(rows[0]?.raisedBy).toBe('Nguyễn Văn Hùng');
  });

  it('reads a semicolon-separated file (Excel with a Vietnamese list separator)', async () => {
    const records = parse(decoder.decode(await sampleCsvBytes())) as string[][];
    const quote = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const semicolon = records.map((record) => record.map(quote).join(';')).join('\n');
    const rows = await parseOk(encoder.encode(`BÁO CÁO;;;\n\n${semicolon}\n`));
    const expected = await parseOk(await sampleCsvBytes());
    expect(rows).toEqual(expected.map((row) => ({ ...row, row: row.row + 2 })));
  });

  it('reads a tab-separated UTF-16 file (Excel "Unicode text")', async () => {
    const records = parse(decoder.decode(await sampleCsvBytes())) as string[][];
    const text = records.map((record) => record.map((v) => v.replace(/\t/g, ' ')).join('\t')).join('\r\n');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      bytes[2 + 2 * i] = code & 0xff;
      bytes[3 + 2 * i] = code >> 8;
    }
    expect(await parseOk(bytes)).toEqual(await parseOk(await sampleCsvBytes()));
  });

  it('reads a file saved in Windows-1258 (Excel "CSV" on a Vietnamese Windows)', async () => {
    const text = decoder.decode(await sampleCsvBytes());
    expect(await parseOk(encodeWindows1258(text))).toEqual(await parseOk(await sampleCsvBytes()));
  });

  it('refuses a file with more data rows than maxRows with a single error', async () => {
    const result = await parseRecommendationSheet({ bytes: await sampleCsvBytes() }, { ...ctx, maxRows: 5 });
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          row: 7,
          column: 'Nội dung kiến nghị',
          message: 'Tệp có 20 dòng kiến nghị, vượt quá giới hạn 5 dòng; hãy chia thành nhiều tệp.',
        },
      ],
    });
    expect((await parseOk(await sampleCsvBytes(), { maxRows: 20 })).length).toBe(20);
  });
});

/** Windows-1258: Latin-1-like letters with â ê ô ơ ư ă đ precomposed and the tone marks as combining bytes. */
function encodeWindows1258(text: string): Uint8Array {
  const table = new Map<string, number>();
  const high = new TextDecoder('windows-1258').decode(Uint8Array.from({ length: 128 }, (_, i) => 128 + i));
  [...high].forEach((char, i) => {
    table.set(char, 128 + i);
  });
  const byte = (char: string): number => {
    const code = char.charCodeAt(0);
    const mapped = code < 128 ? code : char === '–' ? 0x96 : table.get(char);
    if (mapped === undefined) throw new Error(`not encodable in Windows-1258: ${char}`);
    return mapped;
  };
  const out: number[] = [];
  for (const char of text.normalize('NFC')) {
    if (char.charCodeAt(0) < 128 || table.has(char)) {
      out.push(byte(char));
      continue;
    }
    // Letter with its vowel marks (circumflex, breve, horn) precomposed, then the tone mark combining.
    const [base = '', ...marks] = [...char.normalize('NFD')];
    const vowel = marks.filter((mark) => /[\u0302\u0306\u031b]/.test(mark)).join('');
    out.push(byte(`${base}${vowel}`.normalize('NFC')));
    for (const mark of marks.filter((m) => !/[\u0302\u0306\u031b]/.test(m))) out.push(byte(mark));
  }
  return Uint8Array.from(out);
}
