/**
 * The documents and files in a real browser (Debian's Chromium): the office previews the conclusion
 * notice (its HTML twin, checked at 360 and 1280 px), writes its own paragraphs, issues it (the e-mails
 * go out); the lead department attaches its signed letter, uploaded straight to the store by the page's
 * script; the Front sees the file; the results report. Screenshots in tests/e2e/screenshots/.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.js';
import type { Actor } from '../../shared/domain/model.js';
import { createDialogue } from '../../shared/services/dialogue-service.js';
import { saveRecipient } from '../../shared/services/recipient-service.js';
import { createRecommendations } from '../../shared/services/recommendation-service.js';
import { capture, launchChromium, navigate, signInAs, startServer } from './browser.js';

const UNIT = { id: 'p4', code: 'P4', name: 'Phường IV' };
const admin: Actor = { sub: 'seed', name: 'Quản trị', roles: ['admin'], departmentId: null };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let dialogueId = '';
let itemId = '';
const consoleErrors: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('2023-10-20T02:00:00Z'), launchChromium()]);
  const { deps } = server;
  await deps.units.putUnit(UNIT);
  const departments: [string, string][] = [
    ['dc', 'Địa chính - Xây dựng'],
    ['vhxh', 'Văn hóa - Xã hội'],
    ['ca', 'Công an phường'],
  ];
  for (const [id, name] of departments)
    await deps.units.createDepartment(
      UNIT.id,
      { id, name, emails: [`${id}@demo.example`] },
      admin,
      deps.clock.now(),
    );
  await saveRecipient(
    deps,
    UNIT.id,
    { kind: 'supervision', email: 'mttq@demo.example', name: 'Ủy ban MTTQ' },
    admin,
  );
  const dialogue = await createDialogue(
    deps,
    UNIT.id,
    {
      title: 'Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2023',
      kind: 'Hội nghị tiếp xúc, đối thoại',
      heldOn: '2023-10-10',
      location: 'Hội trường UBND Phường IV',
      chairs: ['Bí thư Đảng ủy phường', 'Chủ tịch UBND phường'],
    },
    admin,
  );
  dialogueId = dialogue.id;
  const { items } = await createRecommendations(
    deps,
    UNIT.id,
    dialogueId,
    [
      {
        content: 'Đường hẻm 27 khu phố 6 xuống cấp, mưa xuống ngập sâu, đề nghị nâng cấp',
        source: 'pre_collected',
        residentialGroup: 'Khu phố 6',
        disposition: 'assigned',
        departmentId: 'dc',
        cooperatingDepartmentIds: ['vhxh'],
        dueDate: '2023-11-15',
      },
      {
        content: 'Tình trạng mất trật tự tại chợ đêm Phường IV',
        source: 'at_dialogue',
        residentialGroup: 'Khu phố 2',
        disposition: 'assigned',
        departmentId: 'ca',
        dueDate: '2023-11-06',
      },
      {
        content: 'Giải thích mức thu phí vệ sinh năm 2023',
        source: 'at_dialogue',
        disposition: 'answered_at_dialogue',
        answer: 'Mức thu theo Quyết định của UBND thành phố, đã niêm yết tại trụ sở khu phố.',
      },
      { content: 'Đề nghị mở rộng quốc lộ đoạn qua phường', source: 'at_dialogue', disposition: 'forwarded' },
      {
        content: 'Đề nghị hỗ trợ kinh phí cho hội đồng hương',
        source: 'at_dialogue',
        disposition: 'declined',
        reason: 'Không thuộc nhiệm vụ chi của ngân sách phường',
      },
    ],
    admin,
  );
  itemId = items[0]?.id ?? '';
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|409|422)\b/.test(m.text()))
      consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

const signIn = (page: Page, userName: string) => signInAs(page, server.baseUrl, UNIT.id, userName);

const text = (page: Page) => page.locator('main').innerText();

describe('documents and files in the browser', () => {
  it('office: previews the notice, writes its paragraphs, issues it; the e-mails go out', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Văn phòng');
    await page.goto(`${server.baseUrl}/office/dialogues/${dialogueId}`);
    await navigate(page, () => page.getByRole('link', { name: 'Soạn, xem trước và ban hành' }).click());
    expect(new URL(page.url()).pathname).toBe(`/documents/dialogues/${dialogueId}/notice`);
    const preview = await text(page);
    for (const t of [
      'ỦY BAN NHÂN DÂN',
      'PHƯỜNG IV',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'THÔNG BÁO',
      'II. CÁC KIẾN NGHỊ GIAO CƠ QUAN, ĐƠN VỊ GIẢI QUYẾT',
      '15/11/2023',
      'Địa chính - Xây dựng (dc@demo.example)',
    ])
      expect(preview).toContain(t);
    await capture(page, '19-conclusion-notice-preview');

    await page.getByLabel('Họ tên người ký').fill('Nguyễn Văn An');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu nội dung' }).click());
    expect(await text(page)).toContain('Đã lưu nội dung thông báo.');
    await page.getByLabel('Số thông báo').fill('125');
    await page.getByLabel('Ngày ban hành').fill('20/10/2023');
    await navigate(page, () => page.getByRole('button', { name: 'Ban hành và gửi thông báo' }).click());
    const issued = await text(page);
    expect(issued).toContain('Đã ban hành Thông báo kết luận số 125/TB-UBND. Đã gửi 4 thư.');
    expect(issued).toContain('Đã ban hành số 125/TB-UBND ngày 20/10/2023');
    expect(issued).toContain('Số: 125/TB-UBND');
    expect(issued).toContain('Phường IV, ngày 20 tháng 10 năm 2023');
    expect(issued).toContain('Nguyễn Văn An');
    await capture(page, '20-conclusion-notice-issued');
    const sent = await (server.deps.mailer as OutboxMailer).list();
    expect(sent.map((m) => m.to.join(',')).sort()).toEqual([
      'ca@demo.example',
      'dc@demo.example',
      'mttq@demo.example',
      'vhxh@demo.example',
    ]);

    const download = await context.request.get(
      `${server.baseUrl}/documents/dialogues/${dialogueId}/notice.docx`,
    );
    expect(download.status()).toBe(200);
    expect(download.headers()['content-disposition']).toContain('thong-bao-ket-luan-so-125-TB-UBND.docx');

    await page.goto(`${server.baseUrl}/documents/dialogues/${dialogueId}/results`);
    expect(await text(page)).toContain('BÁO CÁO');
    await capture(page, '21-results-report');
    await context.close();
  });

  it('lead department: attaches its signed letter, uploaded straight to the store; the Front sees it', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Địa chính - Xây dựng');
    await page.goto(`${server.baseUrl}/items/${itemId}`);
    await page.getByLabel('Đính kèm văn bản trả lời hoặc ảnh').setInputFiles({
      name: 'Công văn 215-UBND.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    const direct = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/local-files/'));
    await navigate(page, () => page.getByRole('button', { name: 'Tải tệp lên' }).click());
    await direct;
    expect(await text(page)).toContain('Đã đính kèm tệp Công văn 215-UBND.pdf.');
    expect(await text(page)).toContain('Tệp đính kèm (1)');
    await capture(page, '22-item-files');
    await context.close();

    const front = await newPage();
    await signIn(front.page, 'Cán bộ Ủy ban MTTQ');
    await front.page.goto(`${server.baseUrl}/items/${itemId}`);
    const link = front.page.getByRole('link', { name: 'Công văn 215-UBND.pdf' });
    const href = await link.getAttribute('href');
    const res = await front.context.request.get(`${server.baseUrl}${href}`);
    expect(res.status()).toBe(200);
    expect(Buffer.from(await res.body()).equals(PDF)).toBe(true);
    await front.context.close();
    expect(consoleErrors).toEqual([]);
  });
});
