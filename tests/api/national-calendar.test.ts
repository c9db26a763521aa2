/**
 * National calendar overrides: entered once by a system administrator for every unit, audited in the same
 * transaction, below each unit's own overrides, above the announced schedules and the rules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { VersionConflictError } from '../../shared/domain/errors.js';
import { createTestApp, type RoleSpec } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});

const add = async (from: string, days: number, unit = 'u1') =>
  (await t.call('GET', `/api/calendar/working-days/add?from=${from}&days=${days}`, { as: 'office', unit }))
    .body.date;
const dayOf = async (date: string, unit = 'u1') =>
  (
    await t.call('GET', `/api/calendar/holidays?year=${date.slice(0, 4)}`, { as: 'department:dc', unit })
  ).body.items.find((d: { date: string }) => d.date === date);
const national = (
  method: 'PUT' | 'DELETE' | 'GET',
  date: string | null,
  body?: unknown,
  as: RoleSpec = 'system',
) =>
  t.call(method, `/api/calendar/national${date ? `/${date}` : ''}`, {
    as,
    ...(body !== undefined ? { body } : {}),
  });
const history = (date: string) =>
  t.deps.table.queryAll({
    KeyConditionExpression: 'pk = :pk',
    values: { ':pk': keys.nationalHistoryPk('CAL', date) },
  });

describe('national calendar overrides', () => {
  it('a day off entered once applies to every unit, with its source, and is audited', async () => {
    expect(await add('2026-11-23', 1, 'u1')).toBe('2026-11-24');
    const put = await national('PUT', '2026-11-24', {
      kind: 'day_off',
      name: 'Ngày Văn hóa Việt Nam',
      source: 'Luật sửa đổi Bộ luật Lao động (giả định cho kiểm thử)',
    });
    expect(put).toMatchObject({
      status: 200,
      body: { date: '2026-11-24', kind: 'day_off', name: 'Ngày Văn hóa Việt Nam', version: 1 },
    });
    for (const unit of ['u1', 'u2', 'a-unit-created-later']) {
      expect(await add('2026-11-23', 1, unit)).toBe('2026-11-25');
      expect(await dayOf('2026-11-24', unit)).toEqual({
        date: '2026-11-24',
        kind: 'day_off',
        name: 'Ngày Văn hóa Việt Nam',
        origin: 'national',
        source: 'Luật sửa đổi Bộ luật Lao động (giả định cho kiểm thử)',
      });
    }
    const audit = await history('2026-11-24');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'national_calendar_set',
      actor: { sub: 'user-system', roles: ['system'] },
      before: null,
      after: { kind: 'day_off', name: 'Ngày Văn hóa Việt Nam' },
    });
    expect((await national('GET', null)).body.items).toEqual([
      {
        date: '2026-11-24',
        kind: 'day_off',
        name: 'Ngày Văn hóa Việt Nam',
        source: 'Luật sửa đổi Bộ luật Lao động (giả định cho kiểm thử)',
        version: 1,
      },
    ]);
  });

  it('changing and removing it are audited with before and after, and move the national version', async () => {
    const version = await t.deps.national.version();
    const changed = await national('PUT', '2026-11-24', {
      kind: 'day_off',
      name: 'Ngày Văn hóa Việt Nam 24/11',
    });
    expect(changed.body.version).toBe(2);
    expect((await national('DELETE', '2026-11-24')).status).toBe(204);
    expect(await add('2026-11-23', 1, 'u2')).toBe('2026-11-24');
    const audit = await history('2026-11-24');
    expect(audit.map((h) => h.action)).toEqual([
      'national_calendar_set',
      'national_calendar_set',
      'national_calendar_removed',
    ]);
    expect(audit[2]).toMatchObject({ before: { name: 'Ngày Văn hóa Việt Nam 24/11' }, after: null });
    expect(await t.deps.national.version()).toBe(version + 2);
    // Removing what is not there changes nothing.
    expect((await national('DELETE', '2026-11-24')).status).toBe(204);
    expect(await history('2026-11-24')).toHaveLength(3);
    expect(await t.deps.national.version()).toBe(version + 2);
  });

  it('a unit override still takes precedence; national overrides take precedence over announced days and rules', async () => {
    // The announced worked Saturday 22/8/2026 becomes a day off everywhere, a rule-based 3/9/2027 a working day.
    await national('PUT', '2026-08-22', { kind: 'day_off', name: 'Không làm bù' });
    await national('PUT', '2027-09-03', { kind: 'working_day', name: 'Đi làm' });
    // u1 keeps working on 22/8.
    await t.call('PUT', '/api/calendar/overrides/2026-08-22', {
      as: 'admin',
      unit: 'u1',
      body: { kind: 'working_day', name: 'Đơn vị làm bù' },
    });
    expect(await add('2026-08-21', 1, 'u1')).toBe('2026-08-22');
    expect(await dayOf('2026-08-22', 'u1')).toMatchObject({ kind: 'working_day', origin: 'unit' });
    expect(await add('2026-08-21', 1, 'u2')).toBe('2026-08-24');
    expect(await dayOf('2026-08-22', 'u2')).toBeUndefined(); // a plain Saturday again, not listed
    expect(await add('2027-09-02', 1, 'u2')).toBe('2027-09-03');
    expect(await dayOf('2027-09-02', 'u2')).toMatchObject({ kind: 'day_off', origin: 'rule' });
    expect(await dayOf('2027-09-03', 'u2')).toBeUndefined(); // a plain Friday, worked
    await national('DELETE', '2026-08-22');
    await national('DELETE', '2027-09-03');
    expect(await add('2026-08-21', 1, 'u2')).toBe('2026-08-22');
  });

  it('only the system role may list, set or remove them', async () => {
    const body = { kind: 'day_off', name: 'x' };
    for (const as of ['admin', 'office', 'front', 'standing', 'department:dc'] as RoleSpec[]) {
      expect((await national('PUT', '2030-05-02', body, as)).status, as).toBe(403);
      expect((await national('DELETE', '2030-05-02', undefined, as)).status, as).toBe(403);
      expect((await national('GET', null, undefined, as)).status, as).toBe(403);
    }
    expect(await history('2030-05-02')).toEqual([]);
    // and the system role is not a unit administrator
    expect((await t.call('PUT', '/api/calendar/overrides/2030-05-02', { as: 'system', body })).status).toBe(
      403,
    );
  });

  it('names the bad field and writes nothing', async () => {
    const version = await t.deps.national.version();
    const cases: [string, unknown, string][] = [
      ['2026-02-30', { kind: 'day_off', name: 'x' }, 'path.date'],
      ['2101-01-03', { kind: 'day_off', name: 'x' }, 'path.date'],
      ['1989-12-29', { kind: 'day_off', name: 'x' }, 'path.date'],
      ['2030-05-02', { kind: 'holiday', name: 'x' }, 'body.kind'],
      ['2030-05-02', { kind: 'day_off', name: '  ' }, 'body.name'],
      ['2030-05-02', { kind: 'day_off', name: 'x', source: 'y'.repeat(301) }, 'body.source'],
    ];
    for (const [date, body, field] of cases) {
      const res = await national('PUT', date, body);
      expect(res.status, `${date} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const extra = await national('PUT', '2030-05-02', { kind: 'day_off', name: 'x', unitId: 'u1' });
    expect(extra.status).toBe(400);
    expect(await t.deps.national.version()).toBe(version);
    expect((await national('GET', null)).body.items).toEqual([]);
  });

  it('a write based on a state that changed meanwhile is refused (409) and writes nothing', async () => {
    const actor = { sub: 'sys', name: 'Quản trị hệ thống', roles: ['system' as const], departmentId: null };
    const first = { date: '2031-05-02', kind: 'day_off' as const, name: 'Nghỉ A' };
    await t.deps.national.save('2031-05-02', first, null, actor, t.clock.now());
    // A second writer still believes the date has no override.
    await expect(
      t.deps.national.save('2031-05-02', { ...first, name: 'Nghỉ B' }, null, actor, t.clock.now()),
    ).rejects.toBeInstanceOf(VersionConflictError);
    const current = await t.deps.national.get('2031-05-02');
    expect(current).toMatchObject({ name: 'Nghỉ A', version: 1 });
    await expect(
      t.deps.national.save('2031-05-02', null, { ...first, version: 7 }, actor, t.clock.now()),
    ).rejects.toBeInstanceOf(VersionConflictError);
    expect(await history('2031-05-02')).toHaveLength(1);
    await t.deps.national.save('2031-05-02', null, current ?? null, actor, t.clock.now());
    expect(await t.deps.national.get('2031-05-02')).toBeUndefined();
  });
});
