/**
 * Units in a tree through the API: the parent's validation, who sees which unit (roles × own unit ×
 * child unit × sibling commune × other province), roll-ups equal to the sum of their units, and the
 * forwarding round trip with history on both sides and the answer flowing back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../reliability/support.js';
import { createTestApp, type RoleSpec } from '../support/app.js';

type T = Awaited<ReturnType<typeof createTestApp>>;
let t: T;

/** Province `tinh` (communes xa-a, xa-b) and province `tinh2` (commune xa-c). */
async function createUnit(id: string, parentId?: string) {
  const res = await t.call('POST', '/api/units', {
    as: 'system',
    body: { id, code: id.toUpperCase(), name: `Đơn vị ${id}`, ...(parentId ? { parentId } : {}) },
  });
  if (res.status !== 201) throw new Error(`unit ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function dialogueIn(unit: string) {
  const res = await t.call('POST', '/api/dialogues', {
    as: 'office',
    unit,
    body: { title: 'Hội nghị đối thoại', heldOn: '2025-07-10', location: 'Hội trường', chairs: ['Chủ tịch'] },
  });
  return res.body.id as string;
}

async function departmentOf(unit: string): Promise<string> {
  return (await t.call('GET', '/api/departments', { as: 'admin', unit })).body.items[0].id;
}

/** An item assigned to the unit's first department, due on `dueDate`. */
async function assignedItem(unit: string, dialogueId: string, dueDate: string, content = 'Sửa đường') {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    unit,
    body: {
      content,
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: await departmentOf(unit),
      dueDate,
    },
  });
  if (res.status !== 201) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const dialogues: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ now: '2025-09-15T02:00:00Z' });
  await createUnit('tinh');
  await createUnit('xa-a', 'tinh');
  await createUnit('xa-b', 'tinh');
  await createUnit('tinh2');
  await createUnit('xa-c', 'tinh2');
  for (const unit of ['xa-a', 'xa-b', 'xa-c']) dialogues[unit] = await dialogueIn(unit);
  // xa-a: one overdue, one resolved on time; xa-b: one resolved late, one open not yet due.
  await assignedItem('xa-a', dialogues['xa-a'] as string, '2025-08-01', 'Đèn đường hỏng');
  const onTime = await assignedItem('xa-a', dialogues['xa-a'] as string, '2025-10-01', 'Cống thoát nước');
  await t.call('POST', `/api/recommendations/${onTime.id}/resolve`, {
    as: 'admin',
    unit: 'xa-a',
    body: { answer: 'Đã nạo vét cống' },
  });
  const late = await assignedItem('xa-b', dialogues['xa-b'] as string, '2025-08-01', 'Rác thải');
  await t.call('POST', `/api/recommendations/${late.id}/resolve`, {
    as: 'admin',
    unit: 'xa-b',
    body: { answer: 'Đã thu gom' },
  });
  await assignedItem('xa-b', dialogues['xa-b'] as string, '2025-12-01', 'Trường học');
  await assignedItem('xa-c', dialogues['xa-c'] as string, '2025-08-01', 'Ở tỉnh khác');
});

describe('the tree of units', () => {
  it('records the parent, lists a province’s communes, and refuses a bad parent naming body.parentId', async () => {
    const unit = await t.call('GET', '/api/units/xa-a', { as: 'system' });
    expect(unit.body.parentId).toBe('tinh');
    expect((await t.call('GET', '/api/units/tinh', { as: 'system' })).body.parentId).toBeNull();
    expect((await t.deps.units.listChildren('tinh')).map((u) => u.id)).toEqual(['xa-a', 'xa-b']);

    const cases: [string, Record<string, unknown>][] = [
      ['missing parent', { id: 'xa-x', parentId: 'khong-co' }],
      ['a commune as parent (depth)', { id: 'xa-y', parentId: 'xa-a' }],
      ['itself', { id: 'xa-z', parentId: 'xa-z' }],
    ];
    for (const [label, body] of cases) {
      const res = await t.call('POST', '/api/units', {
        as: 'system',
        body: { code: 'X', name: 'Xã X', ...body },
      });
      expect(res.status, label).toBe(400);
      expectProblem(res, label);
      expect(res.body.errors, label).toEqual([expect.objectContaining({ field: 'body.parentId' })]);
      expect((await t.call('GET', `/api/units/${body.id}`, { as: 'system' })).status, label).toBe(404);
    }
  });

  it('refuses a cycle or a third level when moving a unit, and lets a commune move between provinces', async () => {
    const province = await t.call('GET', '/api/units/tinh', { as: 'system' });
    const underCommune = await t.call('PATCH', '/api/units/tinh', {
      as: 'system',
      body: { version: province.body.version, parentId: 'tinh2' },
    });
    expect(underCommune.status).toBe(400);
    expect(underCommune.body.errors[0].field).toBe('body.parentId');

    await createUnit('xa-moving', 'tinh');
    const moving = await t.call('GET', '/api/units/xa-moving', { as: 'system' });
    const moved = await t.call('PATCH', '/api/units/xa-moving', {
      as: 'system',
      body: { version: moving.body.version, parentId: 'tinh2' },
    });
    expect(moved.status).toBe(200);
    expect((await t.deps.units.listChildren('tinh')).map((u) => u.id)).toEqual(['xa-a', 'xa-b']);
    expect((await t.deps.units.listChildren('tinh2')).map((u) => u.id)).toEqual(['xa-c', 'xa-moving']);
    // A unit's own administrator cannot change its parent.
    const own = await t.call('PATCH', '/api/unit', {
      as: 'admin',
      unit: 'xa-moving',
      body: { version: moved.body.version, parentId: null },
    });
    expect(own.status).toBe(400);
    expect(own.body.errors[0].field).toBe('body.parentId');
    // Detach, so the roll-ups below see only xa-c under tinh2.
    await t.call('PATCH', '/api/units/xa-moving', {
      as: 'system',
      body: { version: moved.body.version, parentId: null },
    });
    expect((await t.deps.units.listChildren('tinh2')).map((u) => u.id)).toEqual(['xa-c']);
  });
});

describe('who sees which unit', () => {
  const childList = (as: RoleSpec, unit: string, child: string) =>
    t.call('GET', `/api/recommendations?unitId=${child}`, { as, unit });

  it('roles × own unit × child unit × sibling commune × other province', async () => {
    const expected: [RoleSpec, string, string, number][] = [
      // A province's Front, standing committee and admin read its communes' items…
      ['front', 'tinh', 'xa-a', 200],
      ['standing', 'tinh', 'xa-b', 200],
      ['admin', 'tinh', 'xa-a', 200],
      // …but not another province's commune, nor the other province itself.
      ['front', 'tinh', 'xa-c', 404],
      ['front', 'tinh', 'tinh2', 404],
      // Its office and departments work on its own items only.
      ['office', 'tinh', 'xa-a', 403],
      ['department:x', 'tinh', 'xa-a', 403],
      // A commune sees neither a sibling nor its province.
      ['front', 'xa-a', 'xa-b', 404],
      ['admin', 'xa-a', 'tinh', 404],
      ['front', 'xa-c', 'xa-a', 404],
    ];
    for (const [as, unit, child, status] of expected) {
      const res = await childList(as, unit, child);
      expect(res.status, `${as}@${unit} → ${child}`).toBe(status);
      if (status !== 200) expectProblem(res, `${as}@${unit} → ${child}`);
    }
    const ok = await childList('front', 'tinh', 'xa-a');
    expect(ok.body.items.map((i: { content: string }) => i.content).sort()).toEqual([
      'Cống thoát nước',
      'Đèn đường hỏng',
    ]);
    // The own unit, named or not, is the ordinary list.
    const own = await t.call('GET', '/api/recommendations?unitId=xa-a', { as: 'front', unit: 'xa-a' });
    expect(own.status).toBe(200);
    expect(own.body.items).toHaveLength(2);
    // One item of a child unit, and not of another.
    const id = ok.body.items[0].id;
    expect(
      (await t.call('GET', `/api/recommendations/${id}?unitId=xa-a`, { as: 'front', unit: 'tinh' })).status,
    ).toBe(200);
    expect(
      (await t.call('GET', `/api/recommendations/${id}?unitId=xa-b`, { as: 'front', unit: 'tinh' })).status,
    ).toBe(404);
    expect((await t.call('GET', `/api/recommendations/${id}`, { as: 'front', unit: 'tinh' })).status).toBe(
      404,
    );
  });

  it('the roll-ups: the province’s Front, standing committee and admin; never the office or a commune’s children', async () => {
    const quarterly = (as: RoleSpec, unit: string) =>
      t.call('GET', '/api/reports/quarterly?year=2025&quarter=3&scope=units', { as, unit });
    for (const as of ['front', 'standing', 'admin'] as const)
      expect((await quarterly(as, 'tinh')).status).toBe(200);
    expect((await quarterly('office', 'tinh')).status).toBe(403);
    expect((await quarterly('department:x', 'tinh')).status).toBe(403);
    // A commune has no children: an empty roll-up, never a sibling's figures.
    const commune = await quarterly('front', 'xa-a');
    expect(commune.status).toBe(200);
    expect(commune.body.units).toEqual([]);
    const supervision = (as: RoleSpec) =>
      t.call('GET', '/api/reports/supervision?scope=units', { as, unit: 'tinh' });
    expect((await supervision('front')).status).toBe(200);
    expect((await supervision('admin')).status).toBe(200);
    expect((await supervision('office')).status).toBe(403);
    const xlsx = await t.call('GET', '/api/reports/supervision?scope=units&format=xlsx', {
      as: 'front',
      unit: 'tinh',
    });
    expect(xlsx.status).toBe(400);
    expect(xlsx.body.errors[0].field).toBe('query.format');
  });
});

describe('roll-ups', () => {
  it('the quarterly roll-up is each commune’s own summary, and its totals their sum', async () => {
    const rollup = await t.call('GET', '/api/reports/quarterly?year=2025&quarter=3&scope=units', {
      as: 'standing',
      unit: 'tinh',
    });
    expect(rollup.status).toBe(200);
    expect(rollup.body.units.map((u: { unitId: string }) => u.unitId)).toEqual(['xa-a', 'xa-b']);
    for (const row of rollup.body.units) {
      const own = await t.call('GET', '/api/reports/quarterly?year=2025&quarter=3', {
        as: 'standing',
        unit: row.unitId,
      });
      expect(row.totals).toEqual(own.body.totals);
    }
    const keys = Object.keys(rollup.body.units[0].totals);
    expect(Object.keys(rollup.body.totals).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      const sum = rollup.body.units.reduce(
        (s: number, u: { totals: Record<string, number> }) => s + (u.totals[key] ?? 0),
        0,
      );
      expect(rollup.body.totals[key], key).toBe(sum);
    }
    expect(rollup.body.totals).toMatchObject({ received: 4, resolvedOnTime: 1, resolvedLate: 1, overdue: 1 });
    const [a, b] = rollup.body.units;
    expect(a).toMatchObject({ rank: 1, unitId: 'xa-a', onTimeRate: 1 });
    expect(b).toMatchObject({ rank: 2, unitId: 'xa-b', onTimeRate: 0 });
    expect(rollup.body.onTimeRate).toBe(0.5);
  });

  it('the supervision roll-up counts overdue items per commune and per department, and sums them', async () => {
    const res = await t.call('GET', '/api/reports/supervision?scope=units', { as: 'front', unit: 'tinh' });
    expect(res.status).toBe(200);
    const [first, second] = res.body.units;
    expect(first).toMatchObject({ rank: 1, unitId: 'xa-a', overdue: 1, awaitingReview: 1 });
    expect(first.departments).toEqual([expect.objectContaining({ overdue: 1 })]);
    expect(second).toMatchObject({ unitId: 'xa-b', overdue: 0, awaitingReview: 1 });
    for (const row of res.body.units) {
      const own = await t.call('GET', '/api/reports/supervision', { as: 'front', unit: row.unitId });
      const overdue = own.body.overdue.reduce((s: number, d: { items: unknown[] }) => s + d.items.length, 0);
      expect(row.overdue).toBe(overdue);
      expect(row.awaitingReview).toBe(own.body.awaitingReview.length + own.body.awaitingReviewOlder.length);
    }
    expect(res.body.totals).toEqual({ overdue: 1, awaitingReview: 2, forwardedWithoutAnswer: 0 });
  });
});

describe('forwarding to the parent unit', () => {
  it('creates the parent’s item in the same transaction; the answer flows back on resolution and again on confirmation', async () => {
    const item = await assignedItem(
      'xa-b',
      dialogues['xa-b'] as string,
      '2025-10-30',
      'Cầu dân sinh xuống cấp',
    );
    const wrong = await t.call('POST', `/api/recommendations/${item.id}/forward`, {
      as: 'office',
      unit: 'xa-b',
      body: { toUnitId: 'tinh2' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('body.toUnitId');
    const byFront = await t.call('POST', `/api/recommendations/${item.id}/forward`, {
      as: 'front',
      unit: 'xa-b',
      body: { toUnitId: 'tinh' },
    });
    expect(byFront.status).toBe(403);

    const forwarded = await t.call('POST', `/api/recommendations/${item.id}/forward`, {
      as: 'office',
      unit: 'xa-b',
      body: { toUnitId: 'tinh', note: 'Vượt thẩm quyền cấp xã', version: item.version },
    });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({
      status: 'forwarded',
      disposition: 'forwarded',
      dueDate: null,
      forwardedTo: { unitId: 'tinh', ref: 'TINH-2025-0001', status: 'received' },
    });
    // Lists count the waiting time from forwardedOn.
    expect(forwarded.body.forwardedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const upId = forwarded.body.forwardedTo.recommendationId;
    // Both items are in their unit's lists (list attributes written in the same transaction).
    const ids = async (path: string, unit: string, as: RoleSpec = 'office') =>
      ((await t.call('GET', path, { as, unit })).body.items as { id: string }[]).map((i) => i.id);
    expect(await ids('/api/recommendations?status=received', 'tinh')).toContain(upId);
    expect(await ids('/api/recommendations?q=cau%20dan%20sinh', 'tinh')).toContain(upId);
    expect(await ids('/api/recommendations?status=forwarded', 'xa-b')).toContain(item.id);
    expect(await ids('/api/recommendations?unitId=xa-b&status=forwarded', 'tinh', 'front')).toContain(
      item.id,
    );
    const childCounts = await t.call('GET', '/api/recommendations/counts?unitId=xa-b', {
      as: 'front',
      unit: 'tinh',
    });
    expect(childCounts.body.byStatus.forwarded).toBeGreaterThanOrEqual(1);
    expect(
      (await t.call('GET', '/api/recommendations/counts?unitId=xa-b', { as: 'front', unit: 'xa-a' })).status,
    ).toBe(404);
    const again = await t.call('POST', `/api/recommendations/${item.id}/forward`, {
      as: 'office',
      unit: 'xa-b',
      body: { toUnitId: 'tinh' },
    });
    expect(again.status).toBe(409);

    const up = await t.call('GET', `/api/recommendations/${upId}`, { as: 'office', unit: 'tinh' });
    expect(up.body).toMatchObject({
      status: 'received',
      content: 'Cầu dân sinh xuống cấp',
      forwardedFrom: {
        unitId: 'xa-b',
        recommendationId: item.id,
        ref: item.ref,
        note: 'Vượt thẩm quyền cấp xã',
      },
    });
    const commune = () => t.call('GET', `/api/recommendations/${item.id}`, { as: 'front', unit: 'xa-b' });
    const supervision = await t.call('GET', '/api/reports/supervision?scope=units', {
      as: 'front',
      unit: 'tinh',
    });
    expect(supervision.body.totals.forwardedWithoutAnswer).toBe(1);

    // The province assigns it as its own, then answers it.
    const department = await departmentOf('tinh');
    const assigned = await t.call('PATCH', `/api/recommendations/${upId}`, {
      as: 'office',
      unit: 'tinh',
      body: { version: up.body.version, departmentId: department, dueDate: '2025-10-15' },
    });
    expect(assigned.status).toBe(200);
    expect((await commune()).body.forwardedTo.status).toBe('assigned');
    const resolved = await t.call('POST', `/api/recommendations/${upId}/resolve`, {
      as: `department:${department}`,
      unit: 'tinh',
      body: { answer: 'Tỉnh đã bố trí vốn sửa cầu năm 2026', documentRef: '123/UBND' },
    });
    expect(resolved.status).toBe(200);
    const afterResolve = (await commune()).body;
    expect(afterResolve).toMatchObject({
      status: 'forwarded',
      answer: { text: 'Tỉnh đã bố trí vốn sửa cầu năm 2026', documentRef: '123/UBND' },
      forwardedTo: { status: 'resolved' },
    });
    const dialogue = await t.call('GET', `/api/dialogues/${dialogues['xa-b']}`, {
      as: 'office',
      unit: 'xa-b',
    });
    await t.call('PATCH', `/api/dialogues/${dialogues['xa-b']}`, {
      as: 'office',
      unit: 'xa-b',
      body: { version: dialogue.body.version, published: true },
    });
    // The dialogue's own public page (the unit's public index lists its dialogues).
    const publicPage = await (await t.app.request(`/public/xa-b/${dialogues['xa-b']}`)).text();
    expect(publicPage).toContain('Cấp trên đã trả lời');
    expect(publicPage).toContain('Tỉnh đã bố trí vốn sửa cầu năm 2026');

    const confirmed = await t.call('POST', `/api/recommendations/${upId}/review`, {
      as: 'front',
      unit: 'tinh',
      body: { decision: 'confirm' },
    });
    expect(confirmed.status).toBe(200);
    expect((await commune()).body.forwardedTo.status).toBe('confirmed');

    const communeHistory = await t.call('GET', `/api/recommendations/${item.id}/history`, {
      as: 'office',
      unit: 'xa-b',
    });
    expect(communeHistory.body.items.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'forwarded_up',
      'forward_progress',
      'forward_answer_recorded',
      'forward_answer_confirmed',
    ]);
    const provinceHistory = await t.call('GET', `/api/recommendations/${upId}/history`, {
      as: 'office',
      unit: 'tinh',
    });
    expect(provinceHistory.body.items.map((h: { action: string }) => h.action)).toEqual([
      'received_forwarded',
      'assigned',
      'resolved',
      'confirmed',
    ]);
    // The commune's forwarded item counts as answered in its quarter; the province counts its own item.
    const communeSummary = await t.call('GET', '/api/reports/quarterly?year=2025&quarter=3', {
      as: 'standing',
      unit: 'xa-b',
    });
    expect(communeSummary.body.forwardedUpward).toMatchObject({ total: 1, answered: 1, awaitingAnswer: 0 });
    const after = await t.call('GET', '/api/reports/supervision?scope=units', { as: 'front', unit: 'tinh' });
    expect(after.body.totals.forwardedWithoutAnswer).toBe(0);
  });

  it('refuses a commune without a parent, a closed item, and the answer typed by hand on a tracked forward', async () => {
    const lone = await createUnit('xa-le');
    const dialogue = await dialogueIn(lone.id);
    const item = await assignedItem(lone.id, dialogue, '2025-10-30');
    const res = await t.call('POST', `/api/recommendations/${item.id}/forward`, {
      as: 'office',
      unit: lone.id,
      body: { toUnitId: 'tinh' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.toUnitId');

    const closed = await assignedItem('xa-a', dialogues['xa-a'] as string, '2025-10-30', 'Đã xong');
    await t.call('POST', `/api/recommendations/${closed.id}/resolve`, {
      as: 'admin',
      unit: 'xa-a',
      body: { answer: 'Xong' },
    });
    const closedForward = await t.call('POST', `/api/recommendations/${closed.id}/forward`, {
      as: 'office',
      unit: 'xa-a',
      body: { toUnitId: 'tinh' },
    });
    expect(closedForward.status).toBe(409);

    const open = await assignedItem('xa-a', dialogues['xa-a'] as string, '2025-10-30', 'Chuyển lên');
    const fwd = await t.call('POST', `/api/recommendations/${open.id}/forward`, {
      as: 'admin',
      unit: 'xa-a',
      body: { toUnitId: 'tinh' },
    });
    expect(fwd.status).toBe(200);
    const typed = await t.call('PATCH', `/api/recommendations/${open.id}`, {
      as: 'office',
      unit: 'xa-a',
      body: { version: fwd.body.version, answer: 'Gõ tay' },
    });
    expect(typed.status).toBe(409);
  });
});
