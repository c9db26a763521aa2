/**
 * Units in a tree through the pages: the communes' area (roles × own unit × child unit × sibling commune
 * × other province), each commune linking to its own figures, and forwarding from the item page with
 * the answer shown on both sides.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let itemId: string;

async function as(spec: string, unit: string) {
  const agent = new WebAgent(t.app);
  await agent.signInAs(spec, unit);
  return agent;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2025-09-15T02:00:00Z' });
  for (const body of [
    { id: 'tinh', code: 'TINH', name: 'Tỉnh Mẫu' },
    { id: 'xa-a', code: 'XA-A', name: 'Xã An', parentId: 'tinh' },
    { id: 'xa-b', code: 'XA-B', name: 'Xã Bình', parentId: 'tinh' },
    { id: 'tinh2', code: 'TINH2', name: 'Tỉnh Khác' },
    { id: 'xa-c', code: 'XA-C', name: 'Xã Cư', parentId: 'tinh2' },
  ]) {
    expect((await t.call('POST', '/api/units', { as: 'system', body })).status).toBe(201);
  }
  const dialogue = await t.call('POST', '/api/dialogues', {
    as: 'office',
    unit: 'xa-a',
    body: { title: 'Đối thoại quý III', heldOn: '2025-07-10', location: 'Hội trường', chairs: ['Chủ tịch'] },
  });
  const department = (await t.call('GET', '/api/departments', { as: 'admin', unit: 'xa-a' })).body.items[0]
    .id;
  const item = await t.call('POST', `/api/dialogues/${dialogue.body.id}/recommendations`, {
    as: 'office',
    unit: 'xa-a',
    body: {
      content: 'Đề nghị xây cầu qua kênh Ba Xã',
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: department,
      dueDate: '2025-08-01',
    },
  });
  itemId = item.body.id;
});

describe('the communes’ pages', () => {
  it('the province’s Front, standing committee and admin see its communes ranked, each linking to its own page', async () => {
    for (const spec of ['front', 'standing', 'admin']) {
      const agent = await as(spec, 'tinh');
      const page = await agent.get('/communes?year=2025&quarter=3');
      expect(page.status, spec).toBe(200);
      const text = textOf(page.text);
      expect(text).toContain('Xã An');
      expect(text).toContain('Xã Bình');
      expect(text).not.toContain('Xã Cư');
      expect(page.text).toContain('href="/communes/xa-a?year=2025&amp;quarter=3"');
      expect(page.text).toContain('<a href="/communes"');
      const commune = await agent.get('/communes/xa-a?year=2025&quarter=3');
      expect(commune.status, spec).toBe(200);
      expect(textOf(commune.text)).toContain('Đề nghị xây cầu qua kênh Ba Xã');
      const item = await agent.get(`/communes/xa-a/items/${itemId}`);
      expect(item.status, spec).toBe(200);
      // Read-only: no form to act on another unit's item.
      expect(item.text).not.toContain('method="post" action="/items');
    }
  });

  it('refuses other roles (403) and any unit outside the province (404), and a commune has no such area', async () => {
    const department = (await t.call('GET', '/api/departments', { as: 'admin', unit: 'tinh' })).body.items[0]
      .id;
    for (const spec of ['office', `department:${department}`]) {
      expect((await (await as(spec, 'tinh')).get('/communes')).status, spec).toBe(403);
    }
    const front = await as('front', 'tinh');
    for (const path of [
      '/communes/xa-c',
      '/communes/tinh2',
      '/communes/tinh',
      `/communes/xa-b/items/${itemId}`,
    ]) {
      expect((await front.get(path)).status, path).toBe(404);
    }
    const communeFront = await as('front', 'xa-a');
    const home = await communeFront.get('/front');
    expect(home.text).not.toContain('<a href="/communes"');
    expect((await communeFront.get('/communes/xa-b')).status).toBe(404);
    const empty = await communeFront.get('/communes');
    expect(textOf(empty.text)).toContain('chưa có xã, phường trực thuộc');
  });

  it('the office forwards from the item page; the province’s answer shows on the commune’s item page', async () => {
    const office = await as('office', 'xa-a');
    const page = await office.get(`/items/${itemId}`);
    expect(textOf(page.text)).toContain('Chuyển lên Tỉnh Mẫu');
    const item = (await t.call('GET', `/api/recommendations/${itemId}`, { as: 'office', unit: 'xa-a' })).body;
    const posted = await office.post(`/items/${itemId}/forward`, {
      _csrf: csrfOf(page.text),
      version: String(item.version),
      toUnitId: 'tinh',
      note: 'Vượt thẩm quyền',
    });
    expect(posted.status).toBe(303);
    const after = await office.get(`/items/${itemId}`);
    expect(textOf(after.text)).toContain('TINH-2025-0001');
    expect(after.text).not.toContain(`action="/items/${itemId}/forward"`);

    const upId = (await t.call('GET', `/api/recommendations/${itemId}`, { as: 'office', unit: 'xa-a' })).body
      .forwardedTo.recommendationId;
    const provinceOffice = await as('office', 'tinh');
    const up = await provinceOffice.get(`/items/${upId}`);
    expect(up.status).toBe(200);
    expect(textOf(up.text)).toContain('Xã An, kiến nghị XA-A-2025-0001');
    expect(textOf(up.text)).toContain('Vượt thẩm quyền');

    const rec = (await t.call('GET', `/api/recommendations/${upId}`, { as: 'office', unit: 'tinh' })).body;
    const department = (await t.call('GET', '/api/departments', { as: 'admin', unit: 'tinh' })).body.items[0]
      .id;
    await t.call('PATCH', `/api/recommendations/${upId}`, {
      as: 'office',
      unit: 'tinh',
      body: { version: rec.version, departmentId: department, dueDate: '2025-10-01' },
    });
    await t.call('POST', `/api/recommendations/${upId}/resolve`, {
      as: 'admin',
      unit: 'tinh',
      body: { answer: 'Tỉnh đưa cầu vào kế hoạch đầu tư công 2026' },
    });
    const answered = textOf((await office.get(`/items/${itemId}`)).text);
    expect(answered).toContain('Trả lời của cấp trên');
    expect(answered).toContain('Tỉnh đưa cầu vào kế hoạch đầu tư công 2026');
  });
});
