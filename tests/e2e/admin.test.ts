/**
 * A new unit's first hour, in a real browser: the system administrator creates the unit with its first
 * administrator; she signs in (local sign-in lists the unit's directory), adds the departments' e-mails,
 * invites her colleagues, sets the calendar, the escalation recipients, the report recipients, the
 * fields and the unit's settings; the office then signs in as one of the invited people. Every page is
 * checked for accessibility and saved as screenshots at 360 and 1280 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportStore } from '../../shared/adapters/dynamodb/report-store.js';
import { capture, launchChromium, startServer } from './browser.js';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
const consoleErrors: string[] = [];

beforeAll(async () => {
  // Monday 15/09/2025, 09:00 in Vietnam.
  [server, browser] = await Promise.all([startServer('2025-09-15T02:00:00Z'), launchChromium()]);
  await server.deps.units.putUnit({ id: 'demo', code: 'DEMO', name: 'Phường IV (dữ liệu mẫu)' });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN' });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (400|403|409|422)\b/.test(m.text()))
      consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return { context, page };
}

async function navigate(page: Page, action: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('load'), action()]);
}
const text = (page: Page) => page.locator('main').innerText();

async function pick(page: Page, name: string, unitId?: string): Promise<void> {
  await page.goto(`${server.baseUrl}/signin${unitId ? `?unit=${unitId}` : ''}`);
  await navigate(page, () =>
    page.locator('button', { has: page.locator(`span:text-is("${name}")`) }).click(),
  );
  await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

async function signOut(page: Page): Promise<void> {
  await navigate(page, () => page.getByRole('button', { name: 'Đăng xuất' }).click());
}

describe('a new unit’s first hour, in the browser', () => {
  it('system administrator: creates the unit with its first administrator', async () => {
    const { context, page } = await newPage();
    await pick(page, 'Quản trị hệ thống');
    expect(new URL(page.url()).pathname).toBe('/units');
    await capture(page, '20-units');

    await page.getByLabel('Tên đơn vị').fill('Xã An Bình');
    await page.getByLabel('Mã đơn vị').fill('Xã An Bình');
    await page.getByLabel('Ký hiệu').fill('AN-BINH');
    await page.getByLabel('Họ tên quản trị viên').fill('Nguyễn Thị Lan');
    await page.getByLabel('E-mail quản trị viên').fill('lan.nt@anbinh');
    await navigate(page, () => page.getByRole('button', { name: 'Tạo đơn vị' }).click());
    const refused = await text(page);
    expect(refused).toContain('Mã đơn vị gồm chữ thường không dấu');
    expect(refused).toContain('Địa chỉ e-mail không hợp lệ');
    expect(await page.getByLabel('Tên đơn vị').inputValue()).toBe('Xã An Bình');
    await capture(page, '21-units-refused');
    expect(await server.deps.units.getUnit('xa-an-binh')).toBeUndefined();

    await page.getByLabel('Mã đơn vị').fill('xa-an-binh');
    await page.getByLabel('E-mail quản trị viên').fill('lan.nt@anbinh.gov.vn');
    await navigate(page, () => page.getByRole('button', { name: 'Tạo đơn vị' }).click());
    expect(new URL(page.url()).pathname).toBe('/units/xa-an-binh');
    const created = await text(page);
    expect(created).toContain('Đã tạo đơn vị Xã An Bình và gửi thư mời tới lan.nt@anbinh.gov.vn');
    expect(created).toContain('Nguyễn Thị Lan — lan.nt@anbinh.gov.vn');
    await capture(page, '22-unit-detail');
    await context.close();
  });

  it('the unit’s administrator: signs in from the directory and sees what is left to do', async () => {
    const { context, page } = await newPage();
    await pick(page, 'Nguyễn Thị Lan', 'xa-an-binh');
    expect(new URL(page.url()).pathname).toBe('/admin');
    const overview = await text(page);
    expect(overview).toContain('Quản trị Xã An Bình');
    expect(overview).toContain('Cần làm: Phòng ban và e-mail nhận nhắc hạn');
    expect(overview).toContain('0/7 phòng ban đang hoạt động đã có e-mail');
    await capture(page, '23-admin-overview');

    // Departments: e-mails for one, another deactivated.
    await navigate(page, () => page.getByRole('link', { name: 'Xem phòng ban' }).click());
    await capture(page, '24-departments');
    await navigate(page, () => page.getByRole('link', { name: 'Phòng Kinh tế' }).click());
    await page.getByLabel('E-mail nhận nhắc hạn').fill('kinhte@anbinh.gov.vn\nsai-dia-chi');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu', exact: true }).click());
    expect(await text(page)).toContain('Địa chỉ e-mail không hợp lệ');
    await page.getByLabel('E-mail nhận nhắc hạn').fill('kinhte@anbinh.gov.vn');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu', exact: true }).click());
    expect(await text(page)).toContain('Đã lưu phòng ban Phòng Kinh tế');
    await capture(page, '25-department');
    await page.goto(`${server.baseUrl}/admin/departments/quan-su`);
    await navigate(page, () => page.getByRole('button', { name: 'Cho ngừng hoạt động' }).click());
    expect(await text(page)).toContain('Ban Chỉ huy Quân sự xã: đã ngừng hoạt động');
    expect(await text(page)).toContain('Ngừng hoạt động');

    // People: colleagues invited, one of them locked.
    await page.goto(`${server.baseUrl}/admin/people`);
    const invite = async (name: string, email: string, role: string, department?: string) => {
      await page.getByLabel('Họ tên').fill(name);
      await page.getByLabel('E-mail').fill(email);
      await page.getByLabel('Vai trò').selectOption({ label: role });
      if (department) await page.getByLabel('Phòng ban').selectOption({ label: department });
      await navigate(page, () => page.getByRole('button', { name: 'Gửi thư mời' }).click());
    };
    await invite('Trần Văn Bình', 'binh.tv@anbinh.gov.vn', 'Đơn vị, phòng ban');
    expect(await text(page)).toContain('Tài khoản của phòng ban cần chọn phòng ban');
    await capture(page, '26-people-refused');
    await page.getByLabel('Phòng ban').selectOption({ label: 'Phòng Kinh tế' });
    await navigate(page, () => page.getByRole('button', { name: 'Gửi thư mời' }).click());
    expect(await text(page)).toContain('Đã mời Trần Văn Bình');
    await invite('Lê Thị Hoa', 'hoa.lt@anbinh.gov.vn', 'Văn phòng');
    await invite('Phạm Văn Minh', 'minh.pv@anbinh.gov.vn', 'Ủy ban MTTQ');
    await capture(page, '27-people');
    await navigate(page, () => page.getByRole('link', { name: 'Phạm Văn Minh' }).click());
    await page.getByLabel('Quyền đăng nhập').selectOption('true');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu', exact: true }).click());
    expect(await text(page)).toContain('Đã khóa');
    await capture(page, '28-person');

    // Calendar: the year's holidays with their origin; a unit's own day off, then removed.
    await page.goto(`${server.baseUrl}/admin/calendar`);
    const calendar = await text(page);
    expect(calendar).toContain('Lịch làm việc năm 2025');
    expect(calendar).toMatch(/02\/09\/2025\s+Nghỉ\s+Quốc khánh/);
    expect(calendar).toContain('Theo lịch nghỉ Chính phủ công bố');
    await page.locator('#f-date').fill('31/02/2025');
    await page.getByLabel('Lý do').fill('Nghỉ bù lễ hội');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu điều chỉnh' }).click());
    expect(await text(page)).toContain('Ngày không hợp lệ');
    await page.locator('#f-date').fill('26/09/2025');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu điều chỉnh' }).click());
    expect(await text(page)).toContain('Đã lưu điều chỉnh ngày 26/09/2025');
    expect(await text(page)).toMatch(/26\/09\/2025\s+Nghỉ\s+Nghỉ bù lễ hội\s+Đơn vị điều chỉnh/);
    await capture(page, '29-calendar');
    await navigate(page, () => page.getByRole('button', { name: 'Bỏ điều chỉnh ngày 26/09/2025' }).click());
    expect(await text(page)).not.toContain('Nghỉ bù lễ hội');

    // Escalation recipients.
    await page.goto(`${server.baseUrl}/admin/policy`);
    await page.getByLabel('Chủ tịch UBND').fill('chutich@anbinh');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu chính sách' }).click());
    expect(await text(page)).toContain('Địa chỉ e-mail không hợp lệ');
    await page.getByLabel('Chủ tịch UBND').fill('chutich@anbinh.gov.vn');
    await page.getByLabel('Văn phòng').fill('vanphong@anbinh.gov.vn');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu chính sách' }).click());
    expect(await text(page)).toContain('Đã lưu chính sách nhắc hạn');
    await capture(page, '30-policy');

    // Report recipients: one bounces (SES), the admin checks it and sends again.
    await page.goto(`${server.baseUrl}/admin/recipients`);
    for (const [kind, email] of [
      ['Báo cáo giám sát (thứ hai hằng tuần)', 'mttq@anbinh.gov.vn'],
      ['Tổng hợp quý (đầu mỗi quý)', 'bantv@anbinh.gov.vn'],
    ] as const) {
      await page.getByLabel('Báo cáo', { exact: true }).selectOption({ label: kind });
      await page.getByLabel('E-mail').fill(email);
      await navigate(page, () => page.getByRole('button', { name: 'Thêm người nhận' }).click());
    }
    await new ReportStore(server.deps.table).markRecipient(
      'xa-an-binh',
      'supervision',
      'mttq@anbinh.gov.vn',
      'bounced',
      'Hộp thư không tồn tại',
      '2025-09-15T01:00:00Z',
    );
    await page.reload();
    expect(await text(page)).toContain('Thư bị trả lại');
    await capture(page, '31-recipients');
    await navigate(page, () =>
      page.getByRole('button', { name: 'Đã kiểm tra, gửi lại cho mttq@anbinh.gov.vn' }).click(),
    );
    expect(await text(page)).toContain('mttq@anbinh.gov.vn sẽ nhận báo cáo trở lại');

    // Fields and the unit's settings.
    await page.goto(`${server.baseUrl}/admin/fields`);
    await page.getByLabel('Danh mục lĩnh vực').fill('Đất đai\nGiao thông\nNông nghiệp');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu danh mục' }).click());
    expect(await text(page)).toContain('Đã lưu 3 lĩnh vực');
    await capture(page, '32-fields');
    await page.goto(`${server.baseUrl}/admin/settings`);
    await page.getByLabel('Số ngày làm việc để trả lời').fill('200');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu', exact: true }).click());
    expect(await text(page)).toContain('Nhiều nhất 90 ngày làm việc');
    await page.getByLabel('Số ngày làm việc để trả lời').fill('10');
    await navigate(page, () => page.getByRole('button', { name: 'Lưu', exact: true }).click());
    expect(await text(page)).toContain('Đã lưu thông tin đơn vị');
    expect(await text(page)).toMatch(/Số ngày làm việc để trả lời: \(trống\) → 10/);
    await capture(page, '33-settings');
    await signOut(page);
    await context.close();
  });

  it('the office signs in as an invited person; a locked person is not offered; other roles get no admin page', async () => {
    const { context, page } = await newPage();
    await page.goto(`${server.baseUrl}/signin?unit=xa-an-binh`);
    const choices = await text(page);
    expect(choices).toContain('Lê Thị Hoa');
    expect(choices).toContain('Tài khoản đã khóa (không đăng nhập được): Phạm Văn Minh');
    await capture(page, '34-sign-in-directory');
    await pick(page, 'Lê Thị Hoa', 'xa-an-binh');
    expect(new URL(page.url()).pathname).toBe('/office');
    const admin = await page.goto(`${server.baseUrl}/admin`);
    expect(admin?.status()).toBe(403);
    expect(admin?.headers()['content-type']).toMatch(/^text\/html/);
    expect(await text(page)).toContain('Không có quyền truy cập');
    await context.close();
    expect(consoleErrors).toEqual([]);
  });
});
