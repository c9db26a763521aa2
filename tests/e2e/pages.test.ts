/**
 * The pages of everyday follow-up in a real browser, each checked for accessibility and saved at 360 and
 * 1280 px: the list of items with its filters, counts and spreadsheet; the Front and the standing
 * committee reading dialogues and items; report figures that open their list; the repeats page; print
 * styles; the public pages (index, one page per dialogue, search by reference); phone ergonomics.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/model.js';
import { readXlsx } from '../../shared/import/xlsx/index.js';
import { createDialogue, patchDialogue } from '../../shared/services/dialogue-service.js';
import { createRecommendations } from '../../shared/services/recommendation-service.js';
import { capture, launchChromium, startServer } from './browser.js';

const UNIT = { id: 'p4', code: 'P4', name: 'Phường IV' };
const admin: Actor = { sub: 'seed', name: 'Quản trị', roles: ['admin'], departmentId: null };
const office: Actor = { sub: 'office', name: 'Văn phòng', roles: ['office'], departmentId: null };
const CITIZEN = 'Nguyễn Thị Hoa';
const DRAIN =
  'Đề nghị nạo vét cống thoát nước đường Trần Hưng Đạo, khu phố 3 thường xuyên bị ngập sâu mỗi khi mưa lớn.';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const consoleErrors: string[] = [];
const ref: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer('2023-10-13T02:00:00Z'), launchChromium()]);
  const { deps, clock } = server;
  await deps.units.putUnit(UNIT);
  for (const [id, name] of [
    ['dc', 'Địa chính - Xây dựng'],
    ['vhxh', 'Văn hóa - Xã hội'],
  ] as const)
    await deps.units.createDepartment(
      UNIT.id,
      { id, name, emails: [`${id}@demo.example`] },
      admin,
      clock.now(),
    );
  const dialogue = async (title: string, heldOn: string) => {
    const d = await createDialogue(
      deps,
      UNIT.id,
      { title, kind: 'Đối thoại', heldOn, location: 'Hội trường UBND Phường IV', chairs: ['Chủ tịch UBND'] },
      office,
    );
    ids[title] = d.id;
    await patchDialogue(deps, UNIT.id, d.id, { published: true, version: d.version }, office);
    return d.id;
  };
  const earlier = await dialogue('Hội nghị đối thoại quý II/2023', '2023-05-10');
  const later = await dialogue('Hội nghị đối thoại quý IV/2023', '2023-10-13');
  const add = async (
    dialogueId: string,
    key: string,
    input: Parameters<typeof createRecommendations>[3][0],
  ) => {
    const { items } = await createRecommendations(deps, UNIT.id, dialogueId, [input], office);
    ref[key] = items[0]?.ref ?? '';
    ids[key] = items[0]?.id ?? '';
  };
  await add(earlier, 'A1', {
    content: DRAIN,
    residentialGroup: 'Khu phố 3',
    field: 'Thủy lợi, thoát nước',
    source: 'pre_collected',
    disposition: 'answered_at_dialogue',
    answer: 'Đã đưa vào kế hoạch nạo vét năm 2023.',
  });
  await add(later, 'B1', {
    content: `${DRAIN} Năm nay vẫn ngập.`,
    residentialGroup: 'Khu phố 3',
    field: 'Thủy lợi, thoát nước',
    raisedBy: CITIZEN,
    source: 'pre_collected',
    disposition: 'assigned',
    departmentId: 'dc',
    dueDate: '2023-11-15',
  });
  await add(later, 'B2', {
    content: 'Đề nghị sửa chữa đèn chiếu sáng công cộng trong hẻm 12 đường Nguyễn Trãi.',
    residentialGroup: 'Khu phố 1',
    field: 'Trật tự đô thị',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'vhxh',
    dueDate: '2023-11-22',
  });
  await add(later, 'B3', {
    content: 'Đề nghị giải thích thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu.',
    residentialGroup: 'Khu phố 2',
    field: 'Đất đai',
    source: 'at_dialogue',
    disposition: 'answered_at_dialogue',
    answer: 'Chủ tịch UBND phường đã giải thích trình tự, hồ sơ tại hội nghị.',
  });
  await add(later, 'B4', {
    content: 'Đề nghị tổ chức lớp dạy bơi miễn phí cho trẻ em trong hè.',
    residentialGroup: 'Khu phố 1',
    raisedBy: CITIZEN,
    source: 'at_dialogue',
  });
  // The answers at the dialogue are typed in five weeks later (the public page dates them 13/10/2023).
  clock.set(new Date('2023-11-20T02:00:00Z'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(options: { phone?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.phone ? { width: 360, height: 740 } : { width: 1280, height: 800 },
    locale: 'vi-VN',
    acceptDownloads: true,
    ...(options.phone ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    // Refused filters (400) and an unknown public page (404) are asked for on purpose.
    if (m.type() === 'error' && !/status of (400|404|409|422)\b/.test(m.text()))
      consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}

async function signIn(page: Page, userName: string): Promise<void> {
  await page.goto(`${server.baseUrl}/signin?unit=${UNIT.id}`);
  await navigate(page, () =>
    page.locator('button', { has: page.locator(`span:text-is("${userName}")`) }).click(),
  );
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

const text = (page: Page) => page.locator('main').innerText();
const refsIn = async (page: Page) =>
  (await page.locator('main table tbody td[data-label="Số"]').allInnerTexts()).map((t) => t.trim()).sort();

describe('everyday follow-up pages, in the browser', () => {
  it('list: filters, counts per status that filter when tapped, search without diacritics, XLSX of exactly the list', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Văn phòng');
    await navigate(page, () => page.getByRole('link', { name: 'Danh sách kiến nghị' }).first().click());
    expect(new URL(page.url()).pathname).toBe('/items');
    expect(await text(page)).toContain('5 kiến nghị');
    const counts = page.getByRole('navigation', { name: 'Số kiến nghị theo trạng thái' });
    expect(await counts.innerText()).toMatch(/Tất cả\s*5[\s\S]*Quá hạn\s*1/);
    await capture(page, '20-list');

    await navigate(page, () => counts.getByRole('link', { name: /Quá hạn/ }).click());
    expect(await refsIn(page)).toEqual([ref.B1]);
    expect(await text(page)).toMatch(/Quá hạn 3 ngày làm việc/);
    await navigate(page, () => page.getByRole('link', { name: /Tất cả/ }).click());
    await navigate(page, () =>
      page
        .getByRole('navigation', { name: 'Số kiến nghị theo trạng thái' })
        .getByRole('link', { name: /Đang giải quyết/ })
        .click(),
    );
    expect(new URL(page.url()).searchParams.get('status')).toBe('assigned');
    expect(await refsIn(page)).toEqual([ref.B1, ref.B2].sort());

    await page.goto(`${server.baseUrl}/items`);
    await page.getByLabel('Tìm trong nội dung, số hiệu').fill('den chieu sang');
    await navigate(page, () => page.getByRole('button', { name: 'Lọc', exact: true }).click());
    expect(await refsIn(page)).toEqual([ref.B2]);
    expect(await text(page)).toContain('Còn 2 ngày làm việc');

    await page.goto(`${server.baseUrl}/items`);
    await page.getByLabel('Khu phố').fill('khu pho 3');
    await page.getByLabel('Hội nghị').selectOption({ label: 'Hội nghị đối thoại quý IV/2023 (13/10/2023)' });
    await navigate(page, () => page.getByRole('button', { name: 'Lọc', exact: true }).click());
    expect(await refsIn(page)).toEqual([ref.B1]);
    expect(await page.getByLabel('Khu phố').inputValue()).toBe('khu pho 3');
    await capture(page, '21-list-filtered');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Tải danh sách này (Excel)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('danh-sach-kien-nghi-p4-2023-11-20.xlsx');
    const cells = JSON.stringify(await readXlsx(readFileSync((await download.path()) ?? '')));
    expect(cells).toContain(`"${ref.B1}"`);
    for (const other of [ref.A1, ref.B2, ref.B3, ref.B4]) expect(cells).not.toContain(`"${other}"`);

    await page.goto(`${server.baseUrl}/items?dueWithin=5`);
    expect(await refsIn(page)).toEqual([ref.B2]);
    const bad = await page.goto(`${server.baseUrl}/items?dueWithin=abc&status=nope`);
    expect(bad?.status()).toBe(400);
    expect(await text(page)).toContain('Bộ lọc chưa hợp lệ');
    await capture(page, '22-list-bad-filter');
    await context.close();
  });

  it('list: a department sees only its own items, with no choice of department', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Văn hóa - Xã hội');
    await page.goto(`${server.baseUrl}/items`);
    expect(await refsIn(page)).toEqual([ref.B2]);
    expect(await page.getByLabel('Đơn vị chủ trì').count()).toBe(0);
    await page.goto(`${server.baseUrl}/items?departmentId=dc`);
    expect(await refsIn(page)).toEqual([]);
    await capture(page, '23-list-department');
    await context.close();
  });

  it('Front and standing committee read dialogues and items (no forms), and report figures open their list', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Ủy ban MTTQ');
    await navigate(page, () => page.getByRole('link', { name: 'Hội nghị', exact: true }).click());
    await navigate(page, () => page.getByRole('link', { name: 'Hội nghị đối thoại quý IV/2023' }).click());
    expect(await text(page)).toContain(ref.B1);
    for (const name of ['Thêm kiến nghị', 'Nhập từ bảng tính', 'Công khai kết quả'])
      expect(await page.getByRole('link', { name }).or(page.getByRole('button', { name })).count()).toBe(0);
    await capture(page, '24-front-dialogue');

    await page.goto(`${server.baseUrl}/front/supervision`);
    const figures = page.locator('section.figure-links');
    await navigate(page, () =>
      figures.getByRole('link', { name: /^Quá hạn chưa giải quyết: 1 kiến nghị/ }).click(),
    );
    expect(new URL(page.url()).searchParams.get('overdue')).toBe('true');
    expect(await refsIn(page)).toEqual([ref.B1]);
    await context.close();

    const standing = await newPage();
    await signIn(standing.page, 'Ủy viên Ban Thường vụ');
    const sp = standing.page;
    expect(await sp.locator('section.figure-links').innerText()).toContain('Hội nghị đối thoại quý IV/2023');
    await capture(sp, '25-standing-figures');
    await navigate(sp, () =>
      sp
        .locator('section.figure-links')
        .getByRole('link', { name: /^Tổng số kiến nghị: 4 kiến nghị/ })
        .click(),
    );
    expect(await refsIn(sp)).toEqual([ref.B1, ref.B2, ref.B3, ref.B4].sort());
    await navigate(sp, () => sp.getByRole('link', { name: ref.B1 as string }).click());
    expect(await text(sp)).toContain('Năm nay vẫn ngập');
    expect(await sp.locator('main form').count()).toBe(0);
    await capture(sp, '26-standing-item');
    await sp.goto(`${server.baseUrl}/office/dialogues/${ids['Hội nghị đối thoại quý IV/2023']}`);
    expect(await text(sp)).toContain(ref.B4);
    expect(await sp.locator('main form[method="post"]').count()).toBe(0);
    await standing.context.close();
  });

  it('repeats: the office reviews a candidate beside the earlier item and confirms it', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Văn phòng');
    await page.goto(`${server.baseUrl}/office/repeats?dialogueId=${ids['Hội nghị đối thoại quý IV/2023']}`);
    const pair = page.locator(`section.repeat#r-${ids.B1}`);
    const sides = await pair.locator('.side').allInnerTexts();
    expect(sides[0]).toContain('Năm nay vẫn ngập');
    expect(sides[1]).toContain(ref.A1);
    await capture(page, '27-repeats');
    await navigate(page, () =>
      pair
        .getByRole('button', { name: /Đúng, lặp lại/ })
        .first()
        .click(),
    );
    expect(await text(page)).toContain(`Đã xác nhận kiến nghị ${ref.B1} lặp lại kiến nghị`);
    expect(await text(page)).toContain('Đã xác nhận lặp lại (1)');
    await context.close();
  });

  it('print: no navigation, buttons or forms; the unit and the date on top', async () => {
    const { context, page } = await newPage();
    await signIn(page, 'Cán bộ Văn phòng');
    for (const path of [
      '/items?status=assigned',
      `/items/${ids.B1}`,
      `/office/dialogues/${ids['Hội nghị đối thoại quý IV/2023']}`,
      '/front/supervision',
    ]) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.emulateMedia({ media: 'print' });
      const visible = (selector: string) =>
        page.evaluate(
          `[...document.querySelectorAll(${JSON.stringify(selector)})].filter((e) => e.getClientRects().length > 0).length`,
        );
      expect(await visible('header.top, nav, button, form, .button'), path).toBe(0);
      expect(await page.locator('.print-head').innerText(), path).toBe('Phường IV · In ngày 20/11/2023');
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
      await page.emulateMedia({ media: 'screen' });
      expect(await page.locator('.print-head').isVisible()).toBe(false);
    }
    await context.close();
  });

  it('public: an index, one page per dialogue with filters, overdue marked, answers at the dialogue dated with it, search by reference, no names', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/public/${UNIT.id}`);
    const index = await text(page);
    expect(index).toContain('Hội nghị đối thoại quý IV/2023');
    expect(index).toContain('Hội nghị đối thoại quý II/2023');
    expect(index).toMatch(/4 kiến nghị; đã trả lời hoặc giải quyết 1;\s*1 kiến nghị quá hạn/);
    await capture(page, '28-public-index');

    await navigate(page, () => page.getByRole('link', { name: 'Hội nghị đối thoại quý IV/2023' }).click());
    const body = await text(page);
    expect(body).toMatch(new RegExp(`${ref.B1}\\s*Đang giải quyết\\s*Quá hạn 3 ngày làm việc`));
    expect(body).toContain('Trả lời (tại hội nghị ngày 13/10/2023)');
    expect(body).not.toContain('20/11/2023)');
    await capture(page, '29-public-dialogue');

    await page.getByLabel('Khu phố').selectOption('Khu phố 1');
    await navigate(page, () => page.getByRole('button', { name: 'Lọc' }).click());
    expect(await page.locator('li.card h3').allInnerTexts()).toEqual([
      expect.stringContaining(ref.B2 as string),
      expect.stringContaining(ref.B4 as string),
    ]);
    await page.getByLabel('Tình trạng').selectOption({ label: 'Quá hạn' });
    await page.getByLabel('Khu phố').selectOption('');
    await navigate(page, () => page.getByRole('button', { name: 'Lọc' }).click());
    expect(await page.locator('li.card h3').allInnerTexts()).toEqual([
      expect.stringContaining(ref.B1 as string),
    ]);
    await capture(page, '30-public-filtered');

    await page.goto(`${server.baseUrl}/public/${UNIT.id}?ref=${(ref.B3 as string).toLowerCase()}`);
    const found = await text(page);
    expect(found).toContain(`Kết quả tìm số hiệu «${(ref.B3 as string).toLowerCase()}»`);
    expect(found).toContain('giải thích trình tự');
    await page.goto(`${server.baseUrl}/public/${UNIT.id}?ref=P4-1999-9999`);
    expect(await text(page)).toContain('Không tìm thấy kiến nghị nào có số hiệu này');
    for (const path of ['', `/${ids['Hội nghị đối thoại quý IV/2023']}`, `?ref=${ref.B1}`]) {
      await page.goto(`${server.baseUrl}/public/${UNIT.id}${path}`);
      expect(await page.content(), path).not.toContain(CITIZEN);
    }
    expect((await page.goto(`${server.baseUrl}/public/${UNIT.id}/${ids.B1}`))?.status()).toBe(404);
    await context.close();
  });

  it('phone: compact header with the menu folded, the success message in view, no keyboard hint, carried-over values shown and reset, digits-only dates', async () => {
    const { context, page } = await newPage({ phone: true });
    await signIn(page, 'Cán bộ Văn phòng');
    const header = await page.locator('header.top').boundingBox();
    expect(header?.height).toBeLessThan(80);
    expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).isVisible()).toBe(false);
    await page.getByText('Menu').click();
    expect(await page.getByRole('navigation', { name: 'Điều hướng chính' }).isVisible()).toBe(true);

    // Digits only: 27112023 is 27/11/2023.
    await page.goto(`${server.baseUrl}/office/dialogues/new`);
    await page.getByLabel('Tên hội nghị').fill('Hội nghị đối thoại chuyên đề');
    await page.getByLabel('Ngày tổ chức').fill('27112023');
    await page.getByLabel('Địa điểm').fill('Nhà văn hóa khu phố 1');
    await page.getByLabel('Người chủ trì').fill('Chủ tịch UBND phường');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu hội nghị' }).click());
    expect(await text(page)).toContain('27/11/2023');

    // Quick entry: no keyboard hint on a touch screen; after a save, the kept values are named.
    await navigate(page, () => page.getByRole('link', { name: 'Thêm kiến nghị' }).click());
    expect(await page.locator('.kbd-hint').first().isVisible()).toBe(false);
    await page
      .getByLabel('Nội dung kiến nghị')
      .fill('Đề nghị lắp biển báo giảm tốc độ trước trường tiểu học.');
    await page.getByLabel('Khu phố').fill('Khu phố 1');
    await navigate(page, () => page.locator('main form button[type="submit"]').first().click());
    expect(await text(page)).toContain('Giữ lại từ kiến nghị vừa lưu');
    expect(await page.locator('#carried').innerText()).toContain('Khu phố: Khu phố 1');
    // The success message stays in view when the page scrolls.
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    const flash = await page.locator('.notice.flash').boundingBox();
    expect(flash?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(flash?.y ?? 999).toBeLessThan(100);
    await capture(page, '31-phone-quick-entry');
    await navigate(page, () => page.getByRole('link', { name: /Nhập lại từ đầu/ }).click());
    expect(await page.locator('#carried').count()).toBe(0);
    expect(await page.getByLabel('Khu phố').inputValue()).toBe('');
    await context.close();

    // The department answering on a phone: "còn N ngày" and the recommendation beside the form.
    const dept = await newPage({ phone: true });
    await signIn(dept.page, 'Cán bộ Văn hóa - Xã hội');
    expect(await text(dept.page)).toContain('Còn 2 ngày làm việc');
    await dept.page.goto(`${server.baseUrl}/items/${ids.B2}`);
    expect(await dept.page.locator('figure.asked').innerText()).toContain('đèn chiếu sáng công cộng');
    await capture(dept.page, '32-phone-answer');
    await dept.context.close();

    // With a keyboard (desktop), the hint is there.
    const desk = await newPage();
    await signIn(desk.page, 'Cán bộ Văn phòng');
    await desk.page.goto(`${server.baseUrl}/office/dialogues/${ids['Hội nghị đối thoại quý IV/2023']}/add`);
    expect(await desk.page.locator('.kbd-hint').first().isVisible()).toBe(true);
    await desk.context.close();
  });

  it('logged no console errors (no CSP violations, no script errors)', () => {
    expect(consoleErrors).toEqual([]);
  });
});
