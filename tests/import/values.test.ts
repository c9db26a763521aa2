import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyHeader } from '../../shared/import/headers.js';
import { parseDate, parseDisposition, parseSource } from '../../shared/import/values.js';

describe('parseDate', () => {
  it.each([
    ['15/11/2023', '2023-11-15'],
    ['5/1/2024', '2024-01-05'],
    ['05-01-2024', '2024-01-05'],
    ['05.01.2024', '2024-01-05'],
    ['15/11/23', '2023-11-15'],
    ['15/11/2023 0:00', '2023-11-15'],
    ['2023-11-15', '2023-11-15'],
    ['2023-11-15T00:00:00.000Z', '2023-11-15'],
    ['ngày 15 tháng 11 năm 2023', '2023-11-15'],
    ['29/02/2024', '2024-02-29'],
    ['45245', '2023-11-15'],
    [' 15/11/2023 ', '2023-11-15'],
  ])('reads %j as %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  it.each([
    '31/02/2023',
    '29/02/2023',
    '32/01/2024',
    '15/13/2023',
    '11/15/2023',
    '2023-02-30',
    '15/11/203',
    '0/1/2024',
    'tháng 11',
    'x',
    '15/11/1905',
    '2023',
  ])('refuses %j', (text) => {
    expect(parseDate(text)).toBeNull();
  });

  it('reads a date cell as a UTC calendar date and a serial number as Excel counts it', () => {
    expect(parseDate(new Date(Date.UTC(2023, 10, 15)))).toBe('2023-11-15');
    expect(parseDate(new Date(Date.UTC(2023, 10, 15, 23, 59, 59)))).toBe('2023-11-15');
    expect(parseDate(new Date(Number.NaN))).toBeNull();
    expect(parseDate(45245)).toBe('2023-11-15');
    expect(parseDate(45245.75)).toBe('2023-11-15');
    expect(parseDate(45351)).toBe('2024-02-29');
    expect(parseDate(25569)).toBeNull(); // 1970: outside the accepted years
    expect(parseDate(null)).toBeNull();
  });

  it('reads back every valid day written as dd/mm/yyyy, d/m/yyyy, ISO and a serial number', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2100-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const y = date.getUTCFullYear();
          const m = date.getUTCMonth() + 1;
          const d = date.getUTCDate();
          const pad = (n: number) => String(n).padStart(2, '0');
          const iso = `${y}-${pad(m)}-${pad(d)}`;
          const serial = Math.floor((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
          expect(parseDate(`${pad(d)}/${pad(m)}/${y}`)).toBe(iso);
          expect(parseDate(`${d}/${m}/${y}`)).toBe(iso);
          expect(parseDate(iso)).toBe(iso);
          expect(parseDate(serial)).toBe(iso);
          expect(parseDate(date)).toBe(iso);
        },
      ),
    );
  });
});

describe('headers', () => {
  it.each([
    ['Nội dung kiến nghị', 'content'],
    ['Nội dung ý kiến, kiến nghị', 'content'],
    ['NỘI DUNG', 'content'],
    ['Nội dung\nkiến nghị (*)', 'content'],
    ['Ý kiến, kiến nghị', 'content'],
    ['Người kiến nghị', 'raisedBy'],
    ['Họ tên', 'raisedBy'],
    ['Họ và tên', 'raisedBy'],
    ['Người phản ánh', 'raisedBy'],
    ['Cử tri', 'raisedBy'],
    ['Khu phố', 'residentialGroup'],
    ['Tổ dân phố', 'residentialGroup'],
    ['Thôn', 'residentialGroup'],
    ['Ấp', 'residentialGroup'],
    ['Xóm', 'residentialGroup'],
    ['Khu dân cư', 'residentialGroup'],
    ['Thôn/Xóm', 'residentialGroup'],
    ['Lĩnh vực', 'field'],
    ['Nguồn', 'source'],
    ['Nguồn kiến nghị', 'source'],
    ['Hướng xử lý', 'disposition'],
    ['Hình thức xử lý', 'disposition'],
    ['Đơn vị chủ trì', 'department'],
    ['Cơ quan chủ trì', 'department'],
    ['Đơn vị giải quyết', 'department'],
    ['Đơn vị chủ trì giải quyết', 'department'],
    ['Đơn vị phối hợp', 'cooperating'],
    ['Cơ quan phối hợp', 'cooperating'],
    ['Hạn xử lý', 'dueDate'],
    ['Hạn xử lý (dd/mm/yyyy)', 'dueDate'],
    ['Thời hạn', 'dueDate'],
    ['Hạn giải quyết', 'dueDate'],
    ['Thời hạn giải quyết', 'dueDate'],
    ['Nội dung trả lời / Lý do', 'answer'],
    ['Nội dung trả lời', 'answer'],
    ['Kết quả trả lời', 'answer'],
    ['Ghi chú', 'answer'],
    ['STT', 'stt'],
    ['Số TT', 'stt'],
    ['S.T.T', 'stt'],
  ])('%j is the %s column', (text, key) => {
    expect(classifyHeader(text)?.key).toBe(key);
    expect(classifyHeader(text.normalize('NFD'))?.key).toBe(key);
  });

  it.each(['ỦY BAN NHÂN DÂN PHƯỜNG IV', 'TỔNG HỢP KIẾN NGHỊ', 'Số điện thoại', '', 'Cán bộ theo dõi'])(
    '%j is no known column',
    (text) => {
      expect(classifyHeader(text)).toBeNull();
    },
  );
});

describe('sources and dispositions', () => {
  it.each([
    ['Tổng hợp trước', 'pre_collected'],
    ['Ý kiến tổng hợp trước', 'pre_collected'],
    ['TONG HOP TRUOC', 'pre_collected'],
    ['Trực tiếp', 'at_dialogue'],
    ['Trực tiếp tại hội nghị', 'at_dialogue'],
    ['tại hội nghị', 'at_dialogue'],
    ['Hội nghị khác', null],
  ])('source %j → %s', (text, source) => {
    expect(parseSource(text)).toBe(source);
    expect(parseSource(text.normalize('NFD'))).toBe(source);
  });

  it.each([
    ['Giao đơn vị', 'assigned'],
    ['Giao xử lý', 'assigned'],
    ['giao', 'assigned'],
    ['Trả lời tại hội nghị', 'answered_at_dialogue'],
    ['Đã trả lời tại hội nghị', 'answered_at_dialogue'],
    ['Trả lời trực tiếp', 'answered_at_dialogue'],
    ['Chuyển cấp trên', 'forwarded'],
    ['Kiến nghị cấp trên', 'forwarded'],
    ['Vượt thẩm quyền', 'forwarded'],
    ['Không trả lời', 'declined'],
    ['TỪ CHỐI', 'declined'],
    ['Không giải quyết', 'declined'],
    ['Xử lý sau', null],
  ])('disposition %j → %s', (text, disposition) => {
    expect(parseDisposition(text)).toBe(disposition);
  });
});
