/**
 * The whole follow-up in a real browser (Debian's Chromium, headless): the office records a dialogue
 * and imports the sample spreadsheet → a department resolves items → the Front reopens one → the
 * standing committee opens the summary → the public page shows the published results without names.
 * Every page is checked for basic accessibility and saved as screenshots at 360 and 1280 px.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/model.js';
import { capture, launchChromium, startServer } from './browser.js';

const SAMPLE = fileURLToPath(new URL('../../scripts/demo/kien-nghi-phuong-iv-2023.csv', import.meta.url));
const CITIZENS = (parse(readFileSync(SAMPLE), { columns: true, bom: true }) as Record<string, string>[])
  .map((r) => r['Người kiến nghị'] ?? '')
  .filter(Boolean);
const UNIT = { id: 'p4', code: 'P4', name: 'Phường IV' };
const admin: Actor = { sub: 'seed', name: 'Quản trị', roles: ['admin'], departmentId: null };
const DEPARTMENTS = [
  ['dc', 'Địa chính - Xây dựng'],
  ['vhxh', 'Văn hóa - Xã hội'],
  ['ca', 'Công an phường'],
  ['cho', 'Tổ quản lý trật tự chợ'],
  ['yte', 'Trạm Y tế phường'],
  ['tp', 'Tư pháp - Hộ tịch'],
  ['vptk', 'Văn phòng - Thống kê'],
] as const;

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  // Monday 20/11/2023, 09:00 in Vietnam: several of the sample's due dates have passed.
  [server, browser] = await Promise.all([startServer('2023-11-20T02:00:00Z'), launchChromium()]);
  const { deps } = server;
  await deps.units.putUnit(UNIT);
  // "Đội thuế phường" is missing at first, so the first import shows a row error.
  for (const [id, name] of DEPARTMENTS)
    await deps.units.createDepartment(
      UNIT.id,
      { id, name, emails: [`${id}@demo.example`] },
      admin,
      deps.clock.now(),
    );
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'vi-VN',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    // A refused form is answered 400/409/422 on purpose (and Chromium logs that); anything else counts.
    if (m.type() === 'error' && !/status of (400|409|422)\b/.test(m.text()))
      consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function signIn(page: Page, userName: string): Promise<void> {
  await page.goto(`${server.baseUrl}/signin?unit=${UNIT.id}`);
  await navigate(page, () =>
    page.locator('button', { has: page.locator(`span:text-is("${userName}")`) }).click(),
  );
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

async function signOut(page: Page): Promise<void> {
  await navigate(page, () => page.getByRole('button', { name: 'Đăng xuất' }).click());
  await page.waitForURL(/\/signin/);
}

// The text as rendered (what a person reads, hidden parts left out).
const text = (page: Page) => page.locator('main').innerText();

/** Does something that loads a new page (a link, a form) and waits for that page. */
async function navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}
const focusedId = (page: Page) =>
  page.evaluate('document.activeElement && document.activeElement.id') as Promise<string | null>;

describe('the follow-up of a dialogue, in the browser', () => {
  let dialogueUrl = '';
  let resolvedRefs: string[] = [];

  it('office: signs in, records a dialogue, imports the spreadsheet with a preview, adds and assigns items, publishes', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.waitForURL(/\/signin/);
    await capture(page, '01-sign-in');
    await signIn(page, 'Cán bộ Văn phòng');
    expect(new URL(page.url()).pathname).toBe('/office');
    await capture(page, '02-office-dialogues-empty');

    await navigate(page, () => page.getByRole('link', { name: 'Ghi nhận hội nghị mới' }).click());
    await page.getByLabel('Tên hội nghị').fill('Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2023');
    await page.getByLabel('Ngày tổ chức').fill('31/02/2023');
    await page.getByLabel('Địa điểm').fill('Hội trường UBND Phường IV');
    await page.getByLabel('Người chủ trì').fill('Bí thư Đảng ủy phường\nChủ tịch UBND phường');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu hội nghị' }).click());
    expect(await text(page)).toContain('Ngày không hợp lệ; ghi theo dạng ngày/tháng/năm');
    expect(await page.getByLabel('Tên hội nghị').inputValue()).toBe(
      'Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2023',
    );
    expect(await page.getByLabel('Người chủ trì').inputValue()).toBe(
      'Bí thư Đảng ủy phường\nChủ tịch UBND phường',
    );
    await capture(page, '03-new-dialogue-refused');
    await page.getByLabel('Ngày tổ chức').fill('13/10/2023');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu hội nghị' }).click());
    await page.waitForURL(/\/office\/dialogues\/[0-9a-f-]{36}$/);
    dialogueUrl = page.url();
    expect(await text(page)).toContain('Đã ghi nhận hội nghị');

    // Import: the first try names the row whose department is unknown; nothing is written.
    await navigate(page, () => page.getByRole('link', { name: 'Nhập từ bảng tính' }).click());
    await page.getByLabel('Tệp bảng tính').setInputFiles(SAMPLE);
    await navigate(page, () => page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click());
    const refused = await text(page);
    expect(refused).toContain('Tệp có 1 lỗi; chưa ghi kiến nghị nào');
    expect(refused).toMatch(
      /Dòng 9\s+Kiến nghị xem xét lại mức thu thuế khoán[\s\S]*Không tìm thấy đơn vị «Đội thuế phường»/,
    );
    await capture(page, '04-import-row-errors');

    await server.deps.units.createDepartment(
      UNIT.id,
      { id: 'thue', name: 'Đội thuế phường', emails: ['thue@demo.example'] },
      admin,
      server.deps.clock.now(),
    );
    await page.getByLabel('Tệp bảng tính').setInputFiles(SAMPLE);
    await navigate(page, () => page.getByRole('button', { name: 'Kiểm tra và xem trước' }).click());
    expect(await text(page)).toContain('Xem trước: 20 kiến nghị hợp lệ');
    await capture(page, '05-import-preview');
    await navigate(page, () => page.getByRole('button', { name: 'Ghi 20 kiến nghị' }).click());
    await page.waitForURL(/\/office\/dialogues\/[0-9a-f-]{36}#items$/);
    expect(await text(page)).toContain('Đã nhập 20 kiến nghị từ tệp kien-nghi-phuong-iv-2023.csv');
    expect(await text(page)).toContain('Kiến nghị (20)');

    // Quick entry, keyboard first: type, Ctrl+Enter, and the empty form is focused for the next one.
    await navigate(page, () => page.getByRole('link', { name: 'Thêm kiến nghị' }).click());
    expect(await focusedId(page)).toBe('f-content');
    await page.keyboard.type('Đề nghị lắp camera an ninh tại ngã tư Nguyễn Trãi – Trần Hưng Đạo.');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Khu phố 6');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Trần Văn Quang');
    await navigate(page, () => page.keyboard.press('Control+Enter'));
    expect(page.url()).toMatch(/\/add\?/);
    expect(await text(page)).toContain('Đã lưu kiến nghị P4-2023-0021');
    expect(await focusedId(page)).toBe('f-content');
    expect(await page.getByLabel('Nội dung kiến nghị').inputValue()).toBe('');
    expect(await page.getByLabel('Khu phố').inputValue()).toBe('Khu phố 6');
    await page.keyboard.type('Đề nghị tổ chức lớp dạy bơi miễn phí cho trẻ em trong hè.');
    await navigate(page, () => page.keyboard.press('Control+Enter'));
    expect(page.url()).toMatch(/\/add\?/);
    expect(await text(page)).toContain('Đã lưu kiến nghị P4-2023-0022');
    await capture(page, '06-quick-entry');

    // Assign the last one: the due date follows the working-day calendar as the days are typed.
    await navigate(page, () => page.getByRole('link', { name: 'P4-2023-0022' }).click());
    await page.getByLabel('Đơn vị chủ trì').selectOption({ label: 'Văn hóa - Xã hội' });
    await page.getByLabel('Số ngày làm việc để giải quyết').fill('10');
    await expect.poll(() => page.locator('#a-f-dueDate').inputValue()).toBe('04/12/2023');
    expect(await page.locator('#a-due-text').textContent()).toContain(
      '10 ngày làm việc sau 20/11/2023 là 04/12/2023',
    );
    await capture(page, '07-item-assign');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu', exact: true }).click());
    expect(await text(page)).toContain('Đã lưu kiến nghị P4-2023-0022: Đang giải quyết, hạn 04/12/2023.');

    await page.goto(dialogueUrl);
    await page.getByLabel('Số thông báo').fill('125/TB-UBND');
    await page.getByLabel('Ngày ban hành').fill('24/10/2023');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu thông báo kết luận' }).click());
    expect(await text(page)).toContain('Số 125/TB-UBND ngày 24/10/2023');
    await navigate(page, () => page.getByRole('button', { name: 'Công khai kết quả' }).click());
    expect(await text(page)).toContain('Đã công khai kết quả hội nghị');
    await capture(page, '08-dialogue');
    await navigate(page, () => page.getByRole('link', { name: 'Hội nghị', exact: true }).first().click());
    await capture(page, '09-office-dialogues');
    await signOut(page);
    await context.close();
  });

  it('department: sees its items by due date with the overdue ones marked, answers and resolves two', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Địa chính - Xây dựng');
    expect(new URL(page.url()).pathname).toBe('/inbox');
    const inbox = await text(page);
    // Due 27/10 (Fri) → 16 working days late on Mon 20/11; due 15/11 → 3; due 20/11 → not late.
    expect(inbox).toMatch(/P4-2023-0015\s*Quá hạn 16 ngày làm việc/);
    expect(inbox).toMatch(/P4-2023-0001\s*Quá hạn 3 ngày làm việc/);
    expect(inbox.indexOf('P4-2023-0015')).toBeLessThan(inbox.indexOf('P4-2023-0001'));
    expect(inbox.indexOf('P4-2023-0001')).toBeLessThan(inbox.indexOf('P4-2023-0003'));
    await capture(page, '10-department-inbox');

    for (const [ref, answer, doc] of [
      [
        'P4-2023-0015',
        'Đã phối hợp Công ty Công viên cây xanh cắt tỉa 12 cây có nguy cơ gãy đổ trên đường Trần Hưng Đạo.',
        '301/UBND-ĐC',
      ],
      ['P4-2023-0001', 'Đã vá mặt đường hẻm 27 Nguyễn Trãi và nạo vét hố ga ngày 16/11/2023.', '302/UBND-ĐC'],
    ] as const) {
      await navigate(page, () => page.getByRole('link', { name: `Trả lời kiến nghị ${ref}` }).click());
      if (ref === 'P4-2023-0015') {
        await navigate(page, () =>
          page.getByRole('button', { name: 'Gửi trả lời, đánh dấu đã giải quyết' }).click(),
        );
        expect(await text(page)).toContain('Nội dung trả lời: Không được để trống');
      }
      await page.getByLabel('Số, ký hiệu văn bản trả lời').fill(doc);
      await page.getByLabel('Nội dung trả lời').fill(answer);
      if (ref === 'P4-2023-0015') await capture(page, '11-item-resolve');
      await navigate(page, () =>
        page.getByRole('button', { name: 'Gửi trả lời, đánh dấu đã giải quyết' }).click(),
      );
      await page.waitForURL(/\/inbox$/);
      expect(await text(page)).toContain(`Đã gửi trả lời kiến nghị ${ref}`);
    }
    resolvedRefs = ['P4-2023-0015', 'P4-2023-0001'];
    expect(await text(page)).toContain('Đã trả lời, chờ Mặt trận xem xét (2)');
    await signOut(page);
    await context.close();
  });

  it('cooperating department: its inbox has a "Phối hợp" section; it sends a note the lead department reads', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Công an phường');
    expect(new URL(page.url()).pathname).toBe('/inbox');
    const inbox = await text(page);
    // Rows 2, 3, 6 and 20 of the sample: led by others, Công an phường cooperating.
    expect(inbox).toContain('Phối hợp (4)');
    const together = inbox.slice(inbox.indexOf('Phối hợp (4)'));
    expect(together).toMatch(/P4-2023-0002[\s\S]*Chủ trì: Văn hóa - Xã hội/);
    expect(together).toMatch(/P4-2023-0003[\s\S]*Chủ trì: Địa chính - Xây dựng/);
    await capture(page, '10b-cooperating-inbox');

    await navigate(page, () =>
      page.getByRole('link', { name: 'Gửi ý kiến phối hợp về kiến nghị P4-2023-0003' }).click(),
    );
    await page
      .getByLabel('Nội dung ý kiến phối hợp')
      .fill('Công an phường đã lập biên bản, yêu cầu các hộ tháo dỡ mái che lấn chiếm ngày 17/11.');
    await capture(page, '10c-item-cooperate');
    await navigate(page, () =>
      page.getByRole('button', { name: 'Gửi ý kiến phối hợp', exact: true }).click(),
    );
    await page.waitForURL(/\/inbox#cooperating$/);
    expect(await text(page)).toContain(
      'Đã gửi ý kiến phối hợp về kiến nghị P4-2023-0003 cho đơn vị chủ trì.',
    );
    expect(await text(page)).toMatch(/P4-2023-0003[\s\S]*Đã gửi 1 ý kiến phối hợp/);
    await signOut(page);

    await signIn(page, 'Cán bộ Địa chính - Xây dựng');
    await navigate(page, () => page.getByRole('link', { name: 'P4-2023-0003', exact: true }).click());
    expect(await text(page)).toMatch(
      /Ý kiến phối hợp \(1\)[\s\S]*Công an phường[\s\S]*đã lập biên bản, yêu cầu các hộ tháo dỡ/,
    );
    await signOut(page);
    await context.close();
  });

  it('Front committee: confirms one answer, reopens another (a reason is required), reads the supervision report', async () => {
    const [confirmRef, reopenRef] = resolvedRefs as [string, string];
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Ủy ban MTTQ');
    expect(new URL(page.url()).pathname).toBe('/front');
    expect(await text(page)).toContain('Đã trả lời, chờ Mặt trận xem xét (2)');
    await capture(page, '12-front');

    const card = page.locator('li.card', { has: page.getByRole('link', { name: reopenRef, exact: true }) });
    await card.locator('summary').click();
    await card.getByLabel('Hạn xử lý mới').fill('05/12/2023');
    await navigate(page, () => card.getByRole('button', { name: `Mở lại kiến nghị ${reopenRef}` }).click());
    const refusedCard = page.locator('li.card', {
      has: page.getByRole('link', { name: reopenRef, exact: true }),
    });
    expect(await refusedCard.textContent()).toContain('Mở lại cần nêu lý do');
    expect(await refusedCard.getByLabel('Hạn xử lý mới').inputValue()).toBe('05/12/2023');
    await capture(page, '13-front-reopen-refused');
    await refusedCard
      .getByLabel('Lý do mở lại')
      .fill('Người dân khu phố 6 phản ánh mặt đường hẻm 27 vẫn ngập khi mưa lớn ngày 18/11.');
    await navigate(page, () =>
      refusedCard.getByRole('button', { name: `Mở lại kiến nghị ${reopenRef}` }).click(),
    );
    expect(await text(page)).toContain(`Đã mở lại kiến nghị ${reopenRef}, hạn mới 05/12/2023.`);
    await navigate(page, () =>
      page.getByRole('button', { name: `Xác nhận đã giải quyết kiến nghị ${confirmRef}` }).click(),
    );
    expect(await text(page)).toContain(`Đã xác nhận kiến nghị ${confirmRef} đã giải quyết xong.`);

    await navigate(page, () => page.getByRole('link', { name: 'Xem báo cáo giám sát' }).click());
    expect(await text(page)).toContain('Báo cáo giám sát việc giải quyết kiến nghị');
    await capture(page, '14-front-supervision');
    await navigate(page, () => page.getByRole('link', { name: reopenRef }).first().click());
    expect(await text(page)).toMatch(/Mặt trận mở lại\s+Lý do: Người dân khu phố 6 phản ánh/);
    await capture(page, '15-item-timeline');
    await signOut(page);

    await signIn(page, 'Cán bộ Địa chính - Xây dựng');
    expect(await text(page)).toContain(
      'Mặt trận mở lại (lần 1): Người dân khu phố 6 phản ánh mặt đường hẻm 27 vẫn ngập',
    );
    await capture(page, '16-department-inbox-reopened');
    await context.close();
  });

  it('standing committee: opens the quarterly summary with its charts and downloads the XLSX', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Ủy viên Ban Thường vụ');
    expect(new URL(page.url()).pathname).toBe('/standing');
    const summary = await text(page);
    expect(summary).toContain('Báo cáo tổng hợp kết quả giải quyết kiến nghị Quý IV/2023');
    expect(await page.locator('svg[role="img"]').count()).toBeGreaterThan(0);
    await capture(page, '17-standing-summary');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Tải báo cáo Quý IV\/2023/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('tong-hop-kien-nghi-p4-2023-Q4.xlsx');
    const bytes = readFileSync((await download.path()) ?? '');
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await context.close();
  });

  it('public page: the published results, without a sign-in and without citizens’ names', async () => {
    const { context, page } = await newPage();
    const res = await page.goto(`${server.baseUrl}/public/${UNIT.id}`);
    expect(res?.status()).toBe(200);
    const body = await text(page);
    expect(body).toContain('Kết quả tiếp xúc, đối thoại với Nhân dân — Phường IV');
    expect(body).toContain('Hội nghị tiếp xúc, đối thoại với Nhân dân năm 2023');
    expect(body).toContain('22 kiến nghị');
    expect(body).toContain('cắt tỉa 12 cây');
    expect(body).toContain('Thông báo kết luận số 125/TB-UBND ngày 24/10/2023');
    expect(body).toContain('Nội dung thuộc thẩm quyền Trung ương');
    const html = await page.content();
    for (const name of [...CITIZENS, 'Trần Văn Quang', 'Cán bộ Địa chính'])
      expect(html, name).not.toContain(name);
    await capture(page, '18-public');
    await context.close();
  });

  it('logged no console errors (no CSP violations, no script errors)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
