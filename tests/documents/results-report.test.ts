/**
 * The results report of a dialogue: every item with its status, answer, document reference and dates,
 * on time or late, and a summary — as DOCX (read back), XLSX (read back with exceljs) and HTML.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type RoleSpec, seedUnit, tokenFor } from '../support/app.js';
import { readDocx } from './docx-reader.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let dialogueId: string;

async function raw(path: string, as: RoleSpec) {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${await tokenFor(as)}` } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

beforeAll(async () => {
  // Thursday 12/10/2023.
  t = await createTestApp({ now: '2023-10-12T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
  const created = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: [
      {
        content: 'Giải thích phí vệ sinh',
        source: 'at_dialogue',
        disposition: 'answered_at_dialogue',
        answer: 'Đã niêm yết',
      },
      {
        content: 'Sửa đường hẻm 12',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-20',
      },
      {
        content: 'Đèn chiếu sáng hẻm 7',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-16',
      },
      {
        content: 'Tuần tra chợ đêm',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'ca',
        dueDate: '2023-10-18',
      },
      {
        content: 'Xin cấp kinh phí riêng',
        source: 'at_dialogue',
        disposition: 'declined',
        reason: 'Không thuộc ngân sách phường',
      },
    ],
  });
  expect(created.status).toBe(201);
  const [, onTime, late] = created.body.items as { id: string }[];
  // Answered on 12/10 (due 20/10): on time.
  expect(
    (
      await t.call('POST', `/api/recommendations/${onTime?.id}/resolve`, {
        as: 'department:dc',
        body: { answer: 'Đã dặm vá mặt đường', documentRef: '215/UBND-ĐC' },
      })
    ).status,
  ).toBe(200);
  // Answered on 19/10 (due 16/10): late. The tuần tra item stays open past its due date: overdue on 20/10.
  t.clock.set(new Date('2023-10-19T02:00:00Z'));
  expect(
    (
      await t.call('POST', `/api/recommendations/${late?.id}/resolve`, {
        as: 'department:dc',
        body: { answer: 'Đã thay bóng đèn', documentRef: '220/UBND-ĐC' },
      })
    ).status,
  ).toBe(200);
  t.clock.set(new Date('2023-10-20T02:00:00Z'));
});

describe('results report', () => {
  it('DOCX: Decree 30 header dated today, title, summary and one row per item with answer, document and timeliness', async () => {
    const res = await raw(`/api/dialogues/${dialogueId}/results-report`, 'front');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('bao-cao-ket-qua-2023-10-10-2023-10-20.docx');
    const doc = readDocx(res.bytes);
    expect(doc.tables[0]?.[0]?.[0]).toBe('ỦY BAN NHÂN DÂNPHƯỜNG U1Số:        /BC-UBND');
    expect(doc.tables[0]?.[0]?.[1]).toContain('Phường u1, ngày 20 tháng 10 năm 2023');
    expect(doc.paragraphs).toContain('BÁO CÁO');
    expect(doc.paragraphs).toContain(
      'Kết quả giải quyết kiến nghị của Nhân dân tại Hội nghị đối thoại quý IV ngày 10/10/2023',
    );
    expect(doc.paragraphs).toContain(
      'Đến ngày 20/10/2023, đã giải quyết xong 4/5 kiến nghị. Trong số kiến nghị giao giải quyết: đúng hạn 1, trễ hạn 1, quá hạn chưa trả lời 1, đang giải quyết chưa đến hạn 0.',
    );
    const rows = doc.tables.find((r) => r[0]?.[1] === 'Nội dung kiến nghị') as string[][];
    expect(rows.map((r) => r[1])).toEqual([
      'Nội dung kiến nghị',
      'Giải thích phí vệ sinh (U1-2023-0001)',
      'Sửa đường hẻm 12 (U1-2023-0002)',
      'Đèn chiếu sáng hẻm 7 (U1-2023-0003)',
      'Tuần tra chợ đêm (U1-2023-0004)',
      'Xin cấp kinh phí riêng (U1-2023-0005)',
    ]);
    expect(rows[2]).toEqual([
      '2',
      'Sửa đường hẻm 12 (U1-2023-0002)',
      'Giao đơn vị xử lý: Địa chính - Xây dựng',
      '20/10/2023',
      'Đã dặm vá mặt đường Văn bản số 215/UBND-ĐC ngày 12/10/2023.',
      'Đã giải quyết, chờ MTTQ xem xét Đúng hạn',
    ]);
    expect(rows[3]?.[5]).toBe('Đã giải quyết, chờ MTTQ xem xét Trễ hạn');
    expect(rows[4]?.[5]).toBe('Đang xử lý Quá hạn, chưa trả lời');
    expect(rows[5]?.[4]).toBe('Không thuộc ngân sách phường');
  });

  it('XLSX: a summary sheet and one row per item', async () => {
    const res = await raw(`/api/dialogues/${dialogueId}/results-report?format=xlsx`, 'standing');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.bytes as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Tổng hợp', 'Chi tiết']);
    const summary = book.getWorksheet('Tổng hợp');
    const figures = new Map<string, unknown>();
    summary?.eachRow((row) => figures.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(figures.get('Tổng số kiến nghị')).toBe(5);
    expect(figures.get('Giải quyết đúng hạn')).toBe(1);
    expect(figures.get('Giải quyết trễ hạn')).toBe(1);
    expect(figures.get('Quá hạn, chưa trả lời')).toBe(1);
    const detail = book.getWorksheet('Chi tiết');
    expect(detail?.rowCount).toBe(6);
    expect(detail?.getRow(3).getCell(7).value).toBe('215/UBND-ĐC');
    expect(detail?.getRow(3).getCell(10).value).toBe('Đúng hạn');
  });

  it('HTML, and who may read it', async () => {
    const res = await t.app.request(`/api/dialogues/${dialogueId}/results-report?format=html`, {
      headers: { authorization: `Bearer ${await tokenFor('office')}` },
    });
    const html = await res.text();
    expect(res.status).toBe(200);
    for (const text of ['BÁO CÁO', 'Đúng hạn', 'Trễ hạn', 'Văn bản số 215/UBND-ĐC', 'Quá hạn, chưa trả lời'])
      expect(html).toContain(text);
    expect((await raw(`/api/dialogues/${dialogueId}/results-report`, 'department:dc')).status).toBe(403);
    const bad = await t.call('GET', `/api/dialogues/${dialogueId}/results-report?format=pdf`, {
      as: 'office',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.format');
  });
});
