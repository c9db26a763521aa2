/**
 * A province and its communes in a real browser: the commune's office forwards an item to the province;
 * the province's Front opens its communes ranked, a commune's own figures and items, and the forwarded
 * item at the province. Every page is checked for accessibility and saved at 360 and 1280 px.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/model.js';
import { createDialogue } from '../../shared/services/dialogue-service.js';
import { createRecommendations } from '../../shared/services/recommendation-service.js';
import { createUnit } from '../../shared/services/unit-service.js';
import { capture, launchChromium, navigate, signInAs, startServer } from './browser.js';

let server: Awaited<ReturnType<typeof startServer>>;
let browser: Browser;
let itemId: string;
const consoleErrors: string[] = [];
const system: Actor = {
  sub: 'e2e',
  name: 'Kiểm thử',
  roles: ['system', 'admin', 'office'],
  departmentId: null,
};

beforeAll(async () => {
  // Monday 15/09/2025, 09:00 in Vietnam.
  [server, browser] = await Promise.all([startServer('2025-09-15T02:00:00Z'), launchChromium()]);
  const deps = server.deps;
  await createUnit(deps, { id: 'tinh', code: 'TINH', name: 'Tỉnh Mẫu' }, system);
  await createUnit(deps, { id: 'xa-an', code: 'XA-AN', name: 'Xã An Hòa', parentId: 'tinh' }, system);
  await createUnit(deps, { id: 'xa-binh', code: 'XA-BINH', name: 'Xã Bình Minh', parentId: 'tinh' }, system);
  for (const unitId of ['xa-an', 'xa-binh']) {
    const dialogue = await createDialogue(
      deps,
      unitId,
      {
        title: 'Đối thoại quý III',
        kind: 'Hội nghị tiếp xúc, đối thoại',
        heldOn: '2025-07-10',
        location: 'Hội trường',
        chairs: ['Chủ tịch'],
        status: 'held',
      },
      system,
    );
    const lead = (await deps.units.listDepartments(unitId))[0]?.id ?? null;
    const { items } = await createRecommendations(
      deps,
      unitId,
      dialogue.id,
      [
        { content: 'Đề nghị sửa đường liên xã bị sạt lở', dueDate: '2025-08-01' },
        { content: 'Đề nghị xây cầu qua kênh Ba Xã', dueDate: '2025-10-30' },
      ].map((i) => ({
        ...i,
        source: 'at_dialogue' as const,
        disposition: 'assigned' as const,
        departmentId: lead,
      })),
      system,
    );
    if (unitId === 'xa-an') itemId = items[1]?.id ?? '';
  }
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

const text = (page: Page) => page.locator('main').innerText();

describe('a province and its communes, in the browser', () => {
  it('the commune’s office forwards an item to the province', async () => {
    const { context, page } = await newPage();
    await signInAs(page, server.baseUrl, 'xa-an', 'Cán bộ Văn phòng');
    await page.goto(`${server.baseUrl}/items/${itemId}`);
    await page.getByLabel('Ghi chú gửi cấp trên').fill('Công trình vượt khả năng ngân sách xã');
    await capture(page, '60-forward-form');
    await navigate(page, () => page.getByRole('button', { name: 'Chuyển lên Tỉnh Mẫu' }).click());
    const after = await text(page);
    expect(after).toContain('Tỉnh Mẫu, kiến nghị TINH-2025-0001');
    await capture(page, '61-forwarded');
    await context.close();
  });

  it('the province’s Front sees its communes ranked, a commune’s own figures, and the forwarded item', async () => {
    const { context, page } = await newPage();
    await signInAs(page, server.baseUrl, 'tinh', 'Cán bộ Ủy ban MTTQ');
    await navigate(page, () => page.getByRole('link', { name: 'Các xã, phường' }).click());
    await page.locator('#f-quarter').selectOption('3');
    await page.locator('#f-year').selectOption('2025');
    await navigate(page, () => page.getByRole('button', { name: 'Xem' }).click());
    const rollup = await text(page);
    expect(rollup).toContain('Xã An Hòa');
    expect(rollup).toContain('Xã Bình Minh');
    expect(rollup).toContain('Quá hạn hôm nay, theo đơn vị và phòng ban');
    await capture(page, '62-communes');

    await navigate(page, () => page.getByRole('link', { name: 'Xã An Hòa' }).first().click());
    expect(new URL(page.url()).pathname).toBe('/communes/xa-an');
    const commune = await text(page);
    expect(commune).toContain('Đề nghị sửa đường liên xã bị sạt lở');
    await capture(page, '63-commune');
    await navigate(page, () => page.getByRole('link', { name: 'XA-AN-2025-0001' }).click());
    expect(await text(page)).toContain('Đề nghị sửa đường liên xã bị sạt lở');
    await capture(page, '64-commune-item');

    const up = (await server.deps.recommendations.all('tinh'))[0];
    await page.goto(`${server.baseUrl}/items/${up?.id}`);
    expect(await text(page)).toContain('Xã An Hòa, kiến nghị XA-AN-2025-0002');
    await capture(page, '65-received-at-province');
    await context.close();
    expect(consoleErrors).toEqual([]);
  });
});
