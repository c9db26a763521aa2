/**
 * The administration pages through the web door: every page answers its role and refuses the others
 * with an HTML page; a form and the matching API call refuse the same input with the same field error;
 * what the admin changes (a deactivated department) is what the other pages offer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_SECTIONS } from '../../shared/web/pages/admin/common.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t, 'u1'));
});

async function as(spec: string) {
  const agent = new WebAgent(t.app);
  await agent.signInAs(spec, 'u1');
  return agent;
}

describe('admin pages', () => {
  it('every section answers the unit’s administrator, in Vietnamese, and no other role', async () => {
    const admin = await as('admin');
    for (const section of [...ADMIN_SECTIONS.map((s) => s.href), '/admin/departments/dc']) {
      const page = await admin.get(section);
      expect(page.status, section).toBe(200);
      expect(page.text).toContain('<html lang="vi">');
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
    for (const spec of ['office', 'front', 'standing', 'department:dc']) {
      const page = await (await as(spec)).get('/admin/people');
      expect(page.status, spec).toBe(403);
      expect(page.headers.get('content-type'), spec).toMatch(/^text\/html/);
      expect(textOf(page.text)).toContain('Không có quyền truy cập');
    }
    expect((await admin.get('/units')).status).toBe(403);
    expect((await new WebAgent(t.app).get('/admin')).location).toMatch(/^\/signin\?next=%2Fadmin/);
  });

  it('a form and the API refuse the same input with the same message for the same field', async () => {
    const admin = await as('admin');
    const csrf = csrfOf((await admin.get('/admin/people')).text);
    const input = { email: 'x@u1.example', name: 'Người thử', role: 'department' };
    const page = await admin.post('/admin/people', { _csrf: csrf, ...input, departmentId: '' });
    const api = await t.call('POST', '/api/users', { as: 'admin', body: input });
    expect(page.status).toBe(400);
    expect(api.status).toBe(400);
    const message = api.body.errors.find((e: { field: string }) => e.field === 'body.departmentId')?.message;
    expect(message).toBe('Tài khoản của phòng ban cần chọn phòng ban');
    expect(textOf(page.text)).toContain(message);
    expect(page.text).toContain('id="f-departmentId-error"');
  });

  it('a department deactivated on its page is no longer offered for new assignments', async () => {
    const admin = await as('admin');
    const csrf = csrfOf((await admin.get('/admin/departments/ca')).text);
    const off = await admin.post('/admin/departments/ca', { _csrf: csrf, version: '1', active: 'false' });
    expect(off.location).toBe('/admin/departments/ca');
    expect(textOf((await admin.get('/admin/departments/ca')).text)).toContain('Ngừng hoạt động');
    const office = await as('office');
    const entry = await office.get(`/office/dialogues/${dialogueId}/add`);
    expect(entry.status).toBe(200);
    expect(entry.text).toContain('value="dc"');
    expect(entry.text).not.toContain('value="ca"');
  });
});
