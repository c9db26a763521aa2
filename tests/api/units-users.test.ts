/**
 * Units (system administrator) and people (a unit's administrator) through the API: creation with
 * defaults that work at once, validation naming the field, stale writes, history, and the isolation of
 * a new unit from another.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../shared/adapters/auth/local-keys.js';
import { readHistory } from '../../shared/adapters/dynamodb/history-store.js';
import { expectProblem } from '../reliability/support.js';
import { createTestApp, seedUnit, testKeys } from '../support/app.js';

type T = Awaited<ReturnType<typeof createTestApp>>;
let t: T;

beforeAll(async () => {
  t = await createTestApp({ now: '2025-09-15T02:00:00Z' });
  await seedUnit(t, 'u1');
});

const newUnit = (id: string, name = `Xã ${id}`) => ({ id, code: id.toUpperCase().slice(0, 12), name });

describe('units (system administrator)', () => {
  it('creates a unit that starts with the departments of Decree 150/2025, records it in the history, and lists it', async () => {
    const created = await t.call('POST', '/api/units', {
      as: 'system',
      body: newUnit('xa-an-binh', 'Xã An Bình'),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'xa-an-binh',
      code: 'XA-AN-BINH',
      name: 'Xã An Bình',
      version: 1,
    });
    const admin = { as: 'admin' as const, unit: 'xa-an-binh' };
    const departments = (await t.call('GET', '/api/departments', admin)).body.items.map(
      (d: { name: string }) => d.name,
    );
    expect(departments).toEqual(
      expect.arrayContaining([
        'Văn phòng HĐND và UBND',
        'Phòng Kinh tế',
        'Phòng Văn hóa - Xã hội',
        'Trung tâm Phục vụ hành chính công',
        'Công an xã',
      ]),
    );
    const ward = await t.call('POST', '/api/units', {
      as: 'system',
      body: newUnit('phuong-hoa-binh', 'Phường Hòa Bình'),
    });
    expect(ward.status).toBe(201);
    const wardDepartments = await t.call('GET', '/api/departments', { as: 'admin', unit: 'phuong-hoa-binh' });
    expect(wardDepartments.body.items.map((d: { name: string }) => d.name)).toContain(
      'Phòng Kinh tế, Hạ tầng và Đô thị',
    );

    const list = await t.call('GET', '/api/units', { as: 'system' });
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(['xa-an-binh', 'u1']),
    );
    const history = await readHistory(t.deps.table, 'xa-an-binh', 'UNIT', 'xa-an-binh');
    expect(history).toMatchObject([
      { action: 'created', actor: { roles: ['system'] }, after: { code: 'XA-AN-BINH' } },
    ]);
  });

  it('refuses an id in use (409), and a bad id, code or name naming each field (400), writing nothing', async () => {
    const again = await t.call('POST', '/api/units', { as: 'system', body: newUnit('xa-an-binh') });
    expect(again.status).toBe(409);
    expect(again.body.errors).toEqual([expect.objectContaining({ field: 'body.id' })]);
    const bad = await t.call('POST', '/api/units', {
      as: 'system',
      body: { id: 'Xã Bad', code: 'a b', name: '', defaultAnswerWorkingDays: 0 },
    });
    expect(bad.status).toBe(400);
    expectProblem(bad, 'bad unit');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.code',
      'body.defaultAnswerWorkingDays',
      'body.id',
      'body.name',
    ]);
    expect((await t.call('GET', '/api/units/xa-bad', { as: 'system' })).status).toBe(404);
  });

  it('changes a unit with its version (stale: 409), recorded in the history', async () => {
    const before = (await t.call('GET', '/api/units/xa-an-binh', { as: 'system' })).body;
    const patched = await t.call('PATCH', '/api/units/xa-an-binh', {
      as: 'system',
      body: { version: before.version, code: 'AB', defaultAnswerWorkingDays: 10 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      code: 'AB',
      defaultAnswerWorkingDays: 10,
      version: before.version + 1,
    });
    const stale = await t.call('PATCH', '/api/units/xa-an-binh', {
      as: 'system',
      body: { version: before.version, name: 'Xã khác' },
    });
    expect(stale.status).toBe(409);
    expect((await t.call('GET', '/api/units/xa-an-binh', { as: 'system' })).body.name).toBe('Xã An Bình');
    const history = await readHistory(t.deps.table, 'xa-an-binh', 'UNIT', 'xa-an-binh');
    expect(history.at(-1)).toMatchObject({
      action: 'updated',
      before: { code: 'XA-AN-BINH', defaultAnswerWorkingDays: null },
      after: { code: 'AB', defaultAnswerWorkingDays: 10 },
    });
  });

  it('gives a unit its first administrator, invited by e-mail, who then manages the unit', async () => {
    const res = await t.call('POST', '/api/units/xa-an-binh/admins', {
      as: 'system',
      body: { email: ' Chu.Tich@AnBinh.example ', name: 'Nguyễn Thị Lan' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'chu.tich@anbinh.example', role: 'admin', departmentId: null });
    const people = await t.call('GET', '/api/users', { as: 'admin', unit: 'xa-an-binh' });
    expect(people.body.items).toEqual([expect.objectContaining({ id: res.body.id, name: 'Nguyễn Thị Lan' })]);
    const mail = (await t.outbox.list()).find((m) => m.to.includes('chu.tich@anbinh.example'));
    expect(mail?.subject).toBe('Tài khoản Theo dõi kiến nghị của bạn');
    expect(
      (
        await t.call('POST', '/api/units/xa-khong-co/admins', {
          as: 'system',
          body: { email: 'a@b.example', name: 'A' },
        })
      ).status,
    ).toBe(404);
  });

  it('a system administrator token carries no unit and opens no unit’s records; a unit token without a unit is refused', async () => {
    for (const path of ['/api/recommendations', '/api/departments', '/api/users', '/api/unit']) {
      const res = await t.call('GET', path, { as: 'system' });
      expect(res.status, path).toBe(403);
    }
    const keys = await testKeys();
    const noUnit = await signLocalToken(keys, { sub: 'x', role: 'admin', unitId: null });
    const res = await t.app.request('/api/departments', { headers: { authorization: `Bearer ${noUnit}` } });
    expect(res.status).toBe(401);
    const star = await signLocalToken(keys, { sub: 'x', role: 'system', unitId: '*' });
    expect((await t.app.request('/api/units', { headers: { authorization: `Bearer ${star}` } })).status).toBe(
      401,
    );
  });
});

describe('a new unit works at once', () => {
  it('has the default fields, policy and national calendar; the office records and assigns with the unit’s own default working days', async () => {
    const unit = { as: 'office' as const, unit: 'xa-an-binh' };
    expect((await t.call('GET', '/api/fields', unit)).body.items).toContain('Đất đai');
    expect((await t.call('GET', '/api/escalation-policy', unit)).body.reminderWorkingDaysBefore).toBe(2);
    const year = await t.call('GET', '/api/calendar/holidays?year=2025', unit);
    expect(year.body.items.map((d: { date: string }) => d.date)).toContain('2025-09-02');
    const dialogue = await t.call('POST', '/api/dialogues', {
      ...unit,
      body: { title: 'Hội nghị đầu tiên', heldOn: '2025-09-12', location: 'Hội trường xã' },
    });
    expect(dialogue.status).toBe(201);
    const item = await t.call('POST', `/api/dialogues/${dialogue.body.id}/recommendations`, {
      ...unit,
      body: {
        content: 'Sửa đường liên thôn',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'phong-kinh-te',
      },
    });
    expect(item.status).toBe(201);
    // The code set by the system administrator; 10 working days (the unit's setting, not the
    // deployment's 15) after the dialogue of Friday 12/09/2025.
    expect(item.body.ref).toBe('AB-2025-0001');
    expect(item.body.dueDate).toBe('2025-09-26');
  });

  it('sees nothing of another unit, and another unit sees nothing of it', async () => {
    const mine = { as: 'admin' as const, unit: 'xa-an-binh' };
    expect(
      (await t.call('GET', '/api/dialogues', mine)).body.items.map((d: { title: string }) => d.title),
    ).toEqual(['Hội nghị đầu tiên']);
    const u1People = await t.call('POST', '/api/users', {
      as: 'admin',
      unit: 'u1',
      body: { email: 'vanphong@u1.example', name: 'Văn phòng u1', role: 'office' },
    });
    expect(u1People.status).toBe(201);
    expect(
      (await t.call('GET', '/api/users', mine)).body.items.map((p: { email: string }) => p.email),
    ).toEqual(['chu.tich@anbinh.example']);
    const foreign = await t.call('PATCH', `/api/users/${u1People.body.id}`, {
      ...mine,
      body: { version: 1, disabled: true },
    });
    expect(foreign.status).toBe(404);
    expect((await t.call('GET', '/api/recommendations', { as: 'office', unit: 'u1' })).body.items).toEqual(
      [],
    );
    const theirs = await t.call('GET', '/api/departments', { as: 'office', unit: 'u1' });
    expect(theirs.body.items.map((d: { id: string }) => d.id).sort()).toEqual(['ca', 'dc', 'vhxh']);
  });
});

describe('people (a unit’s administrator)', () => {
  const admin = { as: 'admin' as const, unit: 'u1' };

  it('invites people with a role, and a department for a department account', async () => {
    const office = await t.call('POST', '/api/users', {
      ...admin,
      body: { email: 'canbo@u1.example', name: ' Trần  Văn Bình ', role: 'office' },
    });
    expect(office.status).toBe(201);
    expect(office.body).toMatchObject({
      name: 'Trần Văn Bình',
      role: 'office',
      departmentId: null,
      disabled: false,
      version: 1,
    });
    const dept = await t.call('POST', '/api/users', {
      ...admin,
      body: { email: 'dc@u1.example', name: 'Cán bộ địa chính', role: 'department', departmentId: 'dc' },
    });
    expect(dept.status).toBe(201);
    expect(dept.body.departmentId).toBe('dc');
    const history = await readHistory(t.deps.table, 'u1', 'USER', dept.body.id);
    expect(history).toMatchObject([
      { action: 'created', after: { email: 'dc@u1.example', role: 'department' } },
    ]);
  });

  it('refuses what cannot be, naming the field, writing nothing', async () => {
    const cases: [unknown, string, number][] = [
      [{ email: 'x1@u1.example', name: 'A', role: 'department' }, 'body.departmentId', 400],
      [
        { email: 'x2@u1.example', name: 'A', role: 'department', departmentId: 'nope' },
        'body.departmentId',
        400,
      ],
      [{ email: 'x3@u1.example', name: 'A', role: 'office', departmentId: 'dc' }, 'body.departmentId', 400],
      [{ email: 'x4@u1.example', name: 'A', role: 'system' }, 'body.role', 400],
      [{ email: 'not-an-email', name: 'A', role: 'office' }, 'body.email', 400],
      [{ email: 'canbo@u1.example', name: 'A', role: 'office' }, 'body.email', 409],
      [{ email: 'chu.tich@anbinh.example', name: 'A', role: 'office' }, 'body.email', 409],
    ];
    const before = (await t.call('GET', '/api/users', admin)).body.items.length;
    for (const [body, field, status] of cases) {
      const res = await t.call('POST', '/api/users', { ...admin, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(
        res.body.errors.map((e: { field: string }) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect((await t.call('GET', '/api/users', admin)).body.items.length).toBe(before);
  });

  it('changes role and department, disables and enables, with versions and history', async () => {
    const person = (await t.call('GET', '/api/users', admin)).body.items.find(
      (p: { email: string }) => p.email === 'canbo@u1.example',
    );
    const moved = await t.call('PATCH', `/api/users/${person.id}`, {
      ...admin,
      body: { version: person.version, role: 'department', departmentId: 'vhxh' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      role: 'department',
      departmentId: 'vhxh',
      version: person.version + 1,
    });
    const disabled = await t.call('PATCH', `/api/users/${person.id}`, {
      ...admin,
      body: { version: moved.body.version, disabled: true },
    });
    expect(disabled.body).toMatchObject({ disabled: true, departmentId: 'vhxh' });
    const stale = await t.call('PATCH', `/api/users/${person.id}`, {
      ...admin,
      body: { version: moved.body.version, disabled: false },
    });
    expect(stale.status).toBe(409);
    const back = await t.call('PATCH', `/api/users/${person.id}`, {
      ...admin,
      body: { version: disabled.body.version, role: 'front' },
    });
    expect(back.body).toMatchObject({ role: 'front', departmentId: null, disabled: true });
    const history = await readHistory(t.deps.table, 'u1', 'USER', person.id);
    expect(history.map((h) => h.action)).toEqual(['created', 'updated', 'updated', 'updated']);
    expect(history[2]).toMatchObject({ before: { disabled: false }, after: { disabled: true } });
  });

  it('an administrator cannot disable themselves or drop their own admin role', async () => {
    const me = await t.call('POST', '/api/users', {
      ...admin,
      body: { email: 'quantri@u1.example', name: 'Quản trị u1', role: 'admin' },
    });
    const token = await signLocalToken(await testKeys(), { sub: me.body.id, role: 'admin', unitId: 'u1' });
    for (const body of [{ disabled: true }, { role: 'office' }]) {
      const res = await t.app.request(`/api/users/${me.body.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version: 1, ...body }),
      });
      expect(res.status).toBe(400);
    }
  });
});

describe('unit settings (a unit’s administrator)', () => {
  it('every role reads its unit; the admin changes name, code and default working days (history)', async () => {
    for (const as of ['office', 'front', 'standing', 'department:dc'] as const) {
      expect((await t.call('GET', '/api/unit', { as, unit: 'u1' })).body.id).toBe('u1');
    }
    const unit = (await t.call('GET', '/api/unit', { as: 'admin', unit: 'u1' })).body;
    const res = await t.call('PATCH', '/api/unit', {
      as: 'admin',
      unit: 'u1',
      body: { version: unit.version, name: 'Phường Một', defaultAnswerWorkingDays: 20 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Phường Một', defaultAnswerWorkingDays: 20, code: unit.code });
    expect(
      (await t.call('PATCH', '/api/unit', { as: 'office', unit: 'u1', body: { version: res.body.version } }))
        .status,
    ).toBe(403);
    const history = await readHistory(t.deps.table, 'u1', 'UNIT', 'u1');
    expect(history.at(-1)).toMatchObject({ action: 'updated', after: { name: 'Phường Một' } });
  });
});

describe('departments (a unit’s administrator)', () => {
  const admin = { as: 'admin' as const, unit: 'u1' };

  it('renames, sets e-mails, deactivates (no new assignment) and reactivates, with history', async () => {
    const created = await t.call('POST', '/api/departments', {
      ...admin,
      body: { name: 'Tổ dân phố 3', emails: [] },
    });
    const id = created.body.id;
    const renamed = await t.call('PATCH', `/api/departments/${id}`, {
      ...admin,
      body: { version: 1, name: 'Ban điều hành tổ dân phố 3', emails: ['TDP3@u1.example'] },
    });
    expect(renamed.body).toMatchObject({
      name: 'Ban điều hành tổ dân phố 3',
      emails: ['tdp3@u1.example'],
      active: true,
      version: 2,
    });
    const off = await t.call('PATCH', `/api/departments/${id}`, {
      ...admin,
      body: { version: 2, active: false },
    });
    expect(off.body.active).toBe(false);
    const { dialogueId } = { dialogueId: (await t.call('GET', '/api/dialogues', admin)).body.items[0].id };
    const refused = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      unit: 'u1',
      body: { content: 'Kiến nghị', source: 'at_dialogue', disposition: 'assigned', departmentId: id },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].message).toContain('đã ngừng hoạt động');
    const on = await t.call('PATCH', `/api/departments/${id}`, {
      ...admin,
      body: { version: 3, active: true },
    });
    expect(on.body.active).toBe(true);
    const history = await readHistory(t.deps.table, 'u1', 'DEP', id);
    expect(history.map((h) => h.action)).toEqual(['created', 'updated', 'deactivated', 'reactivated']);
  });

  it('deletes only a department no item and no person names', async () => {
    const unused = (await t.call('POST', '/api/departments', { ...admin, body: { name: 'Phòng tạm' } })).body;
    expect((await t.call('DELETE', `/api/departments/${unused.id}`, admin)).status).toBe(204);
    expect(
      (await t.call('GET', '/api/departments', admin)).body.items.map((d: { id: string }) => d.id),
    ).not.toContain(unused.id);
    const { dialogueId } = { dialogueId: (await t.call('GET', '/api/dialogues', admin)).body.items[0].id };
    await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      unit: 'u1',
      body: {
        content: 'Kiến nghị phối hợp',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        cooperatingDepartmentIds: ['ca'],
      },
    });
    const used = await t.call('DELETE', '/api/departments/ca', admin);
    expect(used.status).toBe(409);
    expect(used.body.errors[0].message).toContain('ngừng hoạt động');
    const staffed = (await t.call('POST', '/api/departments', { ...admin, body: { name: 'Tổ công tác' } }))
      .body;
    await t.call('POST', '/api/users', {
      ...admin,
      body: { email: 'totc@u1.example', name: 'Tổ trưởng', role: 'department', departmentId: staffed.id },
    });
    const withPerson = await t.call('DELETE', `/api/departments/${staffed.id}`, admin);
    expect(withPerson.status).toBe(409);
    expect(withPerson.body.errors[0].message).toContain('người dùng');
  });
});
