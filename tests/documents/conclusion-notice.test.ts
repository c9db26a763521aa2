/**
 * The conclusion notice read back from its DOCX (word/document.xml): the Decree 30 header, motto,
 * number and date lines, every item in its group with its department and due date, the office's own
 * paragraphs; the HTML twin; who may read and edit it.
 */
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

const ITEMS = [
  {
    content: 'Đề nghị giải thích việc thu phí vệ sinh khu phố 3',
    source: 'at_dialogue',
    residentialGroup: 'Khu phố 3',
    disposition: 'answered_at_dialogue',
    answer: 'Mức thu theo Quyết định của UBND thành phố, đã niêm yết công khai',
  },
  {
    content: 'Sửa chữa đường hẻm 12 bị sụt lún',
    source: 'pre_collected',
    disposition: 'assigned',
    departmentId: 'dc',
    cooperatingDepartmentIds: ['vhxh'],
    dueDate: '2023-11-15',
  },
  {
    content: 'Tăng cường tuần tra khu vực chợ ban đêm',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'ca',
    dueDate: '2023-11-20',
  },
  { content: 'Đề nghị nâng cấp quốc lộ qua địa bàn', source: 'at_dialogue', disposition: 'forwarded' },
  {
    content: 'Đề nghị cấp kinh phí riêng cho hội đồng hương',
    source: 'at_dialogue',
    disposition: 'declined',
    reason: 'Không thuộc phạm vi ngân sách phường',
  },
];

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
  await t.deps.units.putUnit({ id: 'u1', code: 'U1', name: 'Phường IV' });
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: ITEMS,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
});

describe('conclusion notice (DOCX)', () => {
  it('has the Decree 30 header, motto, number and date lines, title and subject, on A4 in Times New Roman', async () => {
    const res = await raw(`/api/dialogues/${dialogueId}/conclusion-notice?format=docx`, 'office');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="thong-bao-ket-luan-du-thao-2023-10-10\.docx"/,
    );
    const doc = readDocx(res.bytes);
    // The header table: issuing body and number left, motto and place/date right.
    const header = doc.tables[0] as string[][];
    expect(header[0]?.[0]).toBe('ỦY BAN NHÂN DÂNPHƯỜNG IVSố: /TB-UBND'.replace('Số: ', 'Số:        '));
    expect(header[0]?.[1]).toBe(
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúcPhường IV, ngày      tháng      năm 2023',
    );
    const p = doc.paragraphs;
    expect(p).toContain('ỦY BAN NHÂN DÂN');
    expect(p).toContain('PHƯỜNG IV');
    expect(p).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(p).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(p).toContain('THÔNG BÁO');
    expect(p).toContain(
      'Kết luận của Chủ tịch Ủy ban nhân dân Phường IV tại Hội nghị đối thoại quý IV ngày 10/10/2023',
    );
    // A4 portrait, margins 20/20/30/15 mm, Times New Roman 14 pt by default.
    expect(doc.document.match(/<w:pgSz [^>]*>/)?.[0]).toBe(
      '<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>',
    );
    expect(doc.document.match(/<w:pgMar [^>]*>/)?.[0]).toMatch(
      /^<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/,
    );
    const styles = doc.parts['word/styles.xml'] ?? '';
    const defaults = styles.match(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/)?.[0] ?? '';
    expect(defaults).toMatch(
      /<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"\/>/,
    );
    expect(defaults).toMatch(/<w:sz w:val="28"\/>/);
  });

  it('puts every item in its group: answered with its answer, assigned with lead, cooperating and due date, forwarded, declined with its reason', async () => {
    const doc = readDocx((await raw(`/api/dialogues/${dialogueId}/conclusion-notice`, 'office')).bytes);
    const p = doc.paragraphs;
    const at = (text: string) => p.findIndex((x) => x.includes(text));
    const headings = [
      'I. CÁC KIẾN NGHỊ ĐÃ ĐƯỢC TRẢ LỜI TRỰC TIẾP TẠI HỘI NGHỊ',
      'II. CÁC KIẾN NGHỊ GIAO CƠ QUAN, ĐƠN VỊ GIẢI QUYẾT',
      'III. CÁC KIẾN NGHỊ CHUYỂN CẤP CÓ THẨM QUYỀN XEM XÉT, GIẢI QUYẾT',
      'IV. CÁC KIẾN NGHỊ KHÔNG TRẢ LỜI (CÓ NÊU LÝ DO)',
    ].map(at);
    expect(headings.every((i) => i > 0)).toBe(true);
    expect([...headings].sort((a, b) => a - b)).toEqual(headings);
    const answered = at('Đề nghị giải thích việc thu phí vệ sinh');
    expect(answered).toBeGreaterThan(headings[0] as number);
    expect(answered).toBeLessThan(headings[1] as number);
    expect(p[answered]).toBe(
      '1. Đề nghị giải thích việc thu phí vệ sinh khu phố 3 (U1-2023-0001, Khu phố 3) Trả lời: Mức thu theo Quyết định của UBND thành phố, đã niêm yết công khai',
    );
    const forwarded = at('nâng cấp quốc lộ');
    expect(forwarded).toBeGreaterThan(headings[2] as number);
    expect(p[forwarded]).toContain('Chuyển: cấp có thẩm quyền xem xét, giải quyết');
    const declined = at('hội đồng hương');
    expect(declined).toBeGreaterThan(headings[3] as number);
    expect(p[declined]).toContain('Lý do: Không thuộc phạm vi ngân sách phường');
    // The assigned items: a table with the lead and cooperating departments and the due date dd/mm/yyyy.
    const table = doc.tables.find((rows) => rows[0]?.[1] === 'Nội dung kiến nghị');
    expect(table).toEqual([
      ['STT', 'Nội dung kiến nghị', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời hạn'],
      [
        '1',
        'Sửa chữa đường hẻm 12 bị sụt lún (U1-2023-0002)',
        'Địa chính - Xây dựng',
        'Văn hóa - Xã hội',
        '15/11/2023',
      ],
      ['2', 'Tăng cường tuần tra khu vực chợ ban đêm (U1-2023-0003)', 'Công an phường', '', '20/11/2023'],
    ]);
    // Nơi nhận names each department, and the signature block.
    expect(p).toContain('Nơi nhận:');
    expect(p).toContain('- Địa chính - Xây dựng (để thực hiện);');
    expect(p).toContain('- Văn hóa - Xã hội (để thực hiện);');
    expect(p).toContain('- Lưu: VT.');
    expect(p).toContain('TM. ỦY BAN NHÂN DÂN');
    expect(p).toContain('CHỦ TỊCH');
  });

  it('uses the paragraphs the office wrote, kept in the dialogue history; an empty one restores the default', async () => {
    const before = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    const saved = await t.call('PUT', `/api/dialogues/${dialogueId}/conclusion-notice/text`, {
      as: 'office',
      body: {
        version: before.body.version,
        opening: 'Chiều ngày 10/10/2023, Ủy ban nhân dân phường tổ chức hội nghị với 5 kiến nghị.',
        closing: 'Giao Văn phòng theo dõi, đôn đốc các đơn vị thực hiện',
        signerName: 'Nguyễn Văn An',
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.noticeText).toEqual({
      opening: 'Chiều ngày 10/10/2023, Ủy ban nhân dân phường tổ chức hội nghị với 5 kiến nghị.',
      closing: 'Giao Văn phòng theo dõi, đôn đốc các đơn vị thực hiện',
      signerName: 'Nguyễn Văn An',
    });
    const p = readDocx(
      (await raw(`/api/dialogues/${dialogueId}/conclusion-notice`, 'office')).bytes,
    ).paragraphs;
    expect(p).toContain('Chiều ngày 10/10/2023, Ủy ban nhân dân phường tổ chức hội nghị với 5 kiến nghị.');
    expect(p).toContain('Giao Văn phòng theo dõi, đôn đốc các đơn vị thực hiện./.');
    expect(p).toContain('Nguyễn Văn An');
    const history = await t.call('GET', `/api/dialogues/${dialogueId}/history`, { as: 'office' });
    const entry = history.body.items.at(-1);
    expect(entry.action).toBe('conclusion_notice_text_edited');
    expect(entry.after.noticeText.signerName).toBe('Nguyễn Văn An');

    // A stale version is refused; an empty paragraph goes back to the default text.
    const stale = await t.call('PUT', `/api/dialogues/${dialogueId}/conclusion-notice/text`, {
      as: 'office',
      body: { version: before.body.version, opening: 'x' },
    });
    expect(stale.status).toBe(409);
    const reset = await t.call('PUT', `/api/dialogues/${dialogueId}/conclusion-notice/text`, {
      as: 'admin',
      body: { version: saved.body.version, opening: '' },
    });
    expect(reset.status).toBe(200);
    expect(reset.body.noticeText.opening).toBeNull();
    const again = readDocx(
      (await raw(`/api/dialogues/${dialogueId}/conclusion-notice`, 'office')).bytes,
    ).paragraphs;
    expect(again.some((x) => x.startsWith('Ngày 10 tháng 10 năm 2023, tại Nhà văn hóa khu phố 6'))).toBe(
      true,
    );
    expect(again).toContain('Giao Văn phòng theo dõi, đôn đốc các đơn vị thực hiện./.');
  });

  it('names each bad field', async () => {
    const res = await t.call('PUT', `/api/dialogues/${dialogueId}/conclusion-notice/text`, {
      as: 'office',
      body: { version: 'x', opening: 'a'.repeat(8001), extra: 1 },
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.version', 'body.opening']));
  });
});

describe('conclusion notice (HTML) and access', () => {
  it('is the same document as HTML', async () => {
    const res = await t.app.request(`/api/dialogues/${dialogueId}/conclusion-notice?format=html`, {
      headers: { authorization: `Bearer ${await tokenFor('front')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    for (const text of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'PHƯỜNG IV',
      '<h1',
      'THÔNG BÁO',
      'Sửa chữa đường hẻm 12 bị sụt lún',
      '15/11/2023',
      'Nơi nhận:',
    ])
      expect(html).toContain(text);
  });

  it('is read by office, admin, Front and standing committee, not by a department; edited by office and admin only', async () => {
    for (const role of ['office', 'admin', 'front', 'standing'] as const)
      expect((await raw(`/api/dialogues/${dialogueId}/conclusion-notice?format=html`, role)).status).toBe(
        200,
      );
    expect((await raw(`/api/dialogues/${dialogueId}/conclusion-notice`, 'department:dc')).status).toBe(403);
    const d = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    for (const role of ['front', 'standing', 'department:dc'] as const) {
      const res = await t.call('PUT', `/api/dialogues/${dialogueId}/conclusion-notice/text`, {
        as: role,
        body: { version: d.body.version, opening: 'Không được sửa' },
      });
      expect(res.status).toBe(403);
    }
    // Another unit's dialogue is not found.
    expect(
      (await t.call('GET', `/api/dialogues/${dialogueId}/conclusion-notice`, { as: 'office', unit: 'u2' }))
        .status,
    ).toBe(404);
  });
});
