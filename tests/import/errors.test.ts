import { describe, expect, it } from 'vitest';
import { parseRecommendationSheet, UnsupportedFileError } from '../../shared/import/index.js';
import { buildXlsx, SAMPLE_DEPARTMENTS, sampleCsvBytes, sampleDepartmentId } from './fixtures.js';

const ctx = { departments: SAMPLE_DEPARTMENTS };
const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\n'));
const parseCsv = (lines: string[], departments = SAMPLE_DEPARTMENTS) =>
  parseRecommendationSheet({ bytes: csv(lines), filename: 'kien-nghi.csv' }, { departments });

const HEADER =
  'STT,Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Đơn vị phối hợp,Hạn xử lý,Nội dung trả lời / Lý do';

describe('row errors', () => {
  it('returns every error of the file, sorted by row, on the row numbers a spreadsheet shows', async () => {
    const result = await parseCsv([
      'ỦY BAN NHÂN DÂN PHƯỜNG IV,,,,,,,',
      'TỔNG HỢP KIẾN NGHỊ TẠI HỘI NGHỊ ĐỐI THOẠI,,,,,,,',
      ',,,,,,,',
      HEADER,
      '1,"Dòng một\nDòng hai của cùng một ô",Tổng hợp trước,Giao đơn vị,Công an phường,,15/11/2023,',
      '2,Đơn vị lạ,Trực tiếp,Giao đơn vị,Phòng Kinh tế,,15/11/2023,',
      '3,Ngày sai,Trực tiếp,Giao đơn vị,Công an phường,,31/02/2023,',
      '4,Không trả lời mà không có lý do,Trực tiếp,Không trả lời,,,,',
      '5,,Trực tiếp,Giao đơn vị,Công an phường,,,',
      '6,Đã trả lời mà không ghi câu trả lời,Trực tiếp,Trả lời tại hội nghị,,,,',
      '7,Giao mà không có đơn vị,Trực tiếp,Giao đơn vị,,,,',
      '8,Nguồn lạ và đơn vị phối hợp lạ,Hội nghị khác,Giao đơn vị,Công an phường,"Trạm Y tế phường; Ban quản lý chợ",,',
      '9,Thiếu nguồn,,Chuyển cấp trên,,,,',
      '10,Hướng xử lý lạ,Trực tiếp,Xử lý sau,,,,',
    ]);
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          row: 6,
          column: 'Đơn vị chủ trì',
          message: 'Không tìm thấy đơn vị «Phòng Kinh tế» trong danh sách đơn vị.',
        },
        {
          row: 7,
          column: 'Hạn xử lý',
          message: 'Ngày «31/02/2023» không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 15/11/2023.',
        },
        {
          row: 8,
          column: 'Nội dung trả lời / Lý do',
          message: 'Kiến nghị không trả lời phải nêu lý do (được thông báo công khai).',
        },
        { row: 9, column: 'Nội dung kiến nghị', message: 'Thiếu nội dung kiến nghị.' },
        {
          row: 10,
          column: 'Nội dung trả lời / Lý do',
          message: 'Kiến nghị đã trả lời tại hội nghị phải có nội dung trả lời.',
        },
        { row: 11, column: 'Đơn vị chủ trì', message: 'Kiến nghị giao đơn vị phải có đơn vị chủ trì.' },
        {
          row: 12,
          column: 'Nguồn',
          message: 'Nguồn «Hội nghị khác» không hợp lệ; ghi «Tổng hợp trước» hoặc «Trực tiếp tại hội nghị».',
        },
        {
          row: 12,
          column: 'Đơn vị phối hợp',
          message: 'Không tìm thấy đơn vị «Ban quản lý chợ» trong danh sách đơn vị.',
        },
        {
          row: 13,
          column: 'Nguồn',
          message: 'Thiếu nguồn kiến nghị («Tổng hợp trước» hoặc «Trực tiếp tại hội nghị»).',
        },
        {
          row: 14,
          column: 'Hướng xử lý',
          message:
            'Hướng xử lý «Xử lý sau» không hợp lệ; ghi «Giao đơn vị», «Trả lời tại hội nghị», «Chuyển cấp trên» hoặc «Không trả lời».',
        },
      ],
    });
  });

  it('names a missing column by its usual Vietnamese name and a found one as written in the file', async () => {
    const result = await parseCsv(['Nội dung ý kiến,Hình thức xử lý', 'Cần giao,Giao', 'Cần lý do,Từ chối']);
    expect(result).toMatchObject({
      ok: false,
      errors: [
        { row: 2, column: 'Đơn vị chủ trì', message: 'Kiến nghị giao đơn vị phải có đơn vị chủ trì.' },
        {
          row: 3,
          column: 'Nội dung trả lời / Lý do',
          message: 'Kiến nghị không trả lời phải nêu lý do (được thông báo công khai).',
        },
      ],
    });
  });

  it('limits the content to 4000 characters', async () => {
    const ok = await parseCsv(['Nội dung,Nguồn', `${'a'.repeat(4000)},Trực tiếp`]);
    expect(ok.ok).toBe(true);
    const tooLong = await parseCsv(['Nội dung,Nguồn', `${'ă'.repeat(4001)},Trực tiếp`]);
    expect(tooLong).toMatchObject({
      ok: false,
      errors: [
        {
          row: 2,
          column: 'Nội dung',
          message: 'Nội dung kiến nghị dài 4001 ký tự, vượt quá giới hạn 4000 ký tự.',
        },
      ],
    });
  });

  it('ignores the due date of a row that is not assigned, even an invalid one', async () => {
    const result = await parseCsv([
      HEADER,
      '1,Chuyển lên,Trực tiếp,Chuyển cấp trên,,,31/02/2023,Ghi chú bất kỳ',
    ]);
    expect(result.ok && result.rows[0]).toEqual({
      row: 2,
      content: 'Chuyển lên',
      raisedBy: null,
      residentialGroup: null,
      field: null,
      source: 'at_dialogue',
      disposition: 'forwarded',
      departmentId: null,
      cooperatingDepartmentIds: [],
    });
  });

  it('reports a header without any data row', async () => {
    expect(await parseCsv(['Tiêu đề', HEADER, ',,,,,,,'])).toMatchObject({
      ok: false,
      errors: [{ row: 2, column: 'Nội dung kiến nghị', message: 'Tệp không có dòng kiến nghị nào.' }],
    });
  });
});

describe('rows that are not recommendations', () => {
  it('skips blank, numbering, total, section, repeated header and signature rows', async () => {
    const result = await parseCsv([
      HEADER,
      '(1),(2),(3),(4),(5),(6),(7),(8)',
      '1,Kiến nghị A,Tổng hợp trước,Giao đơn vị,Công an phường,,15/11/2023,',
      ',,,,,,,',
      '',
      'II,KIẾN NGHỊ TRỰC TIẾP TẠI HỘI NGHỊ,,,,,,',
      HEADER,
      '2,Kiến nghị B,Trực tiếp,,,,,',
      'Tổng cộng,,,,,,,',
      ',Cộng: 2 kiến nghị,,,,,,',
      ',,2,1,,,,',
      'Nơi nhận:,,,,,,,',
      '- Như trên;,,,,,,TM. ỦY BAN NHÂN DÂN,',
      ',,,,,,CHỦ TỊCH,',
      ',,,,,,Nguyễn Văn A,',
    ]);
    expect(result.ok && result.rows.map((row) => [row.row, row.content, row.disposition])).toEqual([
      [3, 'Kiến nghị A', 'assigned'],
      [8, 'Kiến nghị B', undefined],
    ]);
  });

  it('keeps a full row whatever its first words', async () => {
    const result = await parseCsv([
      HEADER,
      ',Chủ tịch UBND phường cần đối thoại thường xuyên hơn,Trực tiếp,Chuyển cấp trên,,,,',
      ',Tổng hợp ý kiến về rác thải,Trực tiếp,Chuyển cấp trên,,,,',
      'A,Nơi nhận hồ sơ một cửa quá chật,Trực tiếp,Chuyển cấp trên,,,,',
    ]);
    expect(result.ok && result.rows.map((row) => row.row)).toEqual([2, 3, 4]);
  });

  it('without a source column, takes the source from section headings, else "at the dialogue"', async () => {
    const result = await parseCsv([
      'STT,Nội dung,Hướng xử lý,Đơn vị chủ trì',
      '1,Trước mọi mục,,',
      'I,Ý KIẾN CỬ TRI TỔNG HỢP TRƯỚC HỘI NGHỊ,,',
      '2,Mục một,Giao,Công an phường',
      'II,Ý KIẾN TRỰC TIẾP TẠI HỘI NGHỊ,,',
      '3,Mục hai,Giao,Công an phường',
    ]);
    expect(result.ok && result.rows.map((row) => [row.row, row.source])).toEqual([
      [2, 'at_dialogue'],
      [4, 'pre_collected'],
      [6, 'at_dialogue'],
    ]);
  });
});

describe('departments', () => {
  const departments = [
    ...SAMPLE_DEPARTMENTS,
    { id: 'kt', name: 'Phòng Kinh tế, Hạ tầng và Đô thị' },
    { id: 'mttq', name: 'Ủy ban MTTQ phường' },
  ];

  it('match ignoring case, diacritics, tone placement, punctuation and spaces; lists split on , ; and new lines', async () => {
    const result = await parseCsv(
      [
        'Nội dung,Hướng xử lý,Đơn vị chủ trì,Đơn vị phối hợp',
        'A,Giao,cong an PHUONG,"Văn hoá – Xã hội, trạm y tế phường"',
        'B,Giao,"Phòng Kinh tế,  Hạ tầng và Đô thị","- Công an phường\n- Ủy ban MTTQ phường\n- Phòng Kinh tế, Hạ tầng và Đô thị"',
        'C,Giao,Công an phường,Công an phường; Tư pháp – Hộ tịch; Tư pháp - Hộ tịch',
      ],
      departments,
    );
    expect(result.ok && result.rows.map((row) => [row.departmentId, row.cooperatingDepartmentIds])).toEqual([
      [
        sampleDepartmentId('Công an phường'),
        [sampleDepartmentId('Văn hóa - Xã hội'), sampleDepartmentId('Trạm Y tế phường')],
      ],
      ['kt', [sampleDepartmentId('Công an phường'), 'mttq']],
      [sampleDepartmentId('Công an phường'), [sampleDepartmentId('Tư pháp - Hộ tịch')]],
    ]);
  });

  it('names each unknown department of a list', async () => {
    const result = await parseCsv(
      ['Nội dung,Đơn vị phối hợp', 'A,"Công an phường, Hội Nông dân; Đoàn Thanh niên"'],
      departments,
    );
    expect(result).toMatchObject({
      ok: false,
      errors: [
        {
          row: 2,
          column: 'Đơn vị phối hợp',
          message: 'Không tìm thấy đơn vị «Hội Nông dân» trong danh sách đơn vị.',
        },
        {
          row: 2,
          column: 'Đơn vị phối hợp',
          message: 'Không tìm thấy đơn vị «Đoàn Thanh niên» trong danh sách đơn vị.',
        },
      ],
    });
  });
});

describe('files that are not a recommendation spreadsheet', () => {
  const reject = async (input: Parameters<typeof parseRecommendationSheet>[0]) => {
    const error = await parseRecommendationSheet(input, ctx).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsupportedFileError);
    return (error as UnsupportedFileError).reason;
  };
  const text = (value: string) => new TextEncoder().encode(value);

  it('throws UnsupportedFileError with a reason the caller maps to 415 or 422', async () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    const xls = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    const sample = await sampleCsvBytes();
    expect(await reject({ bytes: png })).toBe('unsupported_format');
    expect(await reject({ bytes: png, filename: 'anh.png', contentType: 'image/png' })).toBe(
      'unsupported_format',
    );
    expect(await reject({ bytes: xls, filename: 'kien-nghi.xls' })).toBe('unsupported_format');
    expect(await reject({ bytes: sample, contentType: 'application/pdf' })).toBe('unsupported_format');
    expect(await reject({ bytes: sample, filename: 'bien-ban.docx' })).toBe('unsupported_format');
    expect(await reject({ bytes: text('%PDF-1.7\n%âãÏÓ\n1 0 obj'), filename: 'x.csv' })).toBe('no_header');
    expect(await reject({ bytes: text('PK\u0003\u0004 không phải zip') })).toBe('unreadable');
    expect(await reject({ bytes: text('STT,Nội dung'), filename: 'x.xlsx' })).toBe('unreadable');
    expect(await reject({ bytes: new Uint8Array() })).toBe('empty');
    expect(await reject({ bytes: text('\ufeff \n\n') })).toBe('empty');
    expect(await reject({ bytes: text('Xin chào,thế giới\n1,2\n') })).toBe('no_header');
    expect(await reject({ bytes: text('"STT,Nội dung,Nguồn\n1,"a",b') })).toBe('no_header');
    expect(await reject({ bytes: await buildXlsx([]) })).toBe('empty');
    expect(
      await reject({
        bytes: await buildXlsx([
          ['Họ tên', 'Số điện thoại'],
          ['A', '0909'],
        ]),
      }),
    ).toBe('no_header');
  });

  it('gives a Vietnamese message', async () => {
    const error = await parseRecommendationSheet({ bytes: text('a,b\n1,2') }, ctx).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^Không tìm thấy dòng tiêu đề/);
    expect((error as Error).name).toBe('UnsupportedFileError');
  });
});
