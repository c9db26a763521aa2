/**
 * Ý kiến phối hợp: a cooperating department's contribution note, seen by the lead department on the
 * item and recorded in its history with the same version; only a cooperating department of the item may
 * add one, while the item awaits the lead department's answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_COOPERATION_NOTES } from '../../shared/domain/lifecycle.js';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
});

async function newItem() {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: 'Tình trạng lấn chiếm vỉa hè chợ Phường IV',
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: 'dc',
      cooperatingDepartmentIds: ['ca', 'vhxh'],
      dueDate: '2023-11-15',
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

const addNote = (id: string, as: `department:${string}` | 'office' | 'front' | 'admin', body: unknown) =>
  t.call('POST', `/api/recommendations/${id}/cooperation-notes`, { as, body });

describe('contribution notes', () => {
  it('a cooperating department adds one; the lead sees it on the item and in the history', async () => {
    const item = await newItem();
    const res = await addNote(item.id, 'department:ca', {
      text: '  Công an phường đã lập biên bản 3 hộ   lấn chiếm  ',
      version: item.version,
    });
    expect(res.status).toBe(201);
    expect(res.body.version).toBe(item.version + 1);
    expect(res.body.cooperationNotes).toEqual([
      {
        id: expect.any(String),
        departmentId: 'ca',
        text: 'Công an phường đã lập biên bản 3 hộ lấn chiếm',
        author: 'Người dùng department:ca',
        at: '2023-10-20T02:00:00.000Z',
      },
    ]);
    const seen = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'department:dc' });
    expect(seen.body.cooperationNotes).toHaveLength(1);
    const history = await t.call('GET', `/api/recommendations/${item.id}/history`, { as: 'department:dc' });
    const last = history.body.items.at(-1);
    expect(last).toMatchObject({
      action: 'cooperation_note_added',
      actor: { departmentId: 'ca' },
      before: null,
      after: { cooperationNote: res.body.cooperationNotes[0] },
    });
    const second = await addNote(item.id, 'department:vhxh', { text: 'Phòng sẽ tuyên truyền tại chợ' });
    expect(second.status).toBe(201);
    expect(second.body.cooperationNotes.map((n: { departmentId: string }) => n.departmentId)).toEqual([
      'ca',
      'vhxh',
    ]);
  });

  it('only a cooperating department of the item: not the lead, not another department, not the office', async () => {
    const item = await newItem();
    const body = { text: 'Ý kiến' };
    expect((await addNote(item.id, 'department:dc', body)).status).toBe(403);
    expect((await addNote(item.id, 'office', body)).status).toBe(403);
    expect((await addNote(item.id, 'front', body)).status).toBe(403);
    expect((await addNote(item.id, 'admin', body)).status).toBe(403);
    // A department not involved does not see the item at all.
    const t2 = await t.call('POST', '/api/departments', {
      as: 'admin',
      body: { id: 'yte', name: 'Trạm Y tế' },
    });
    expect(t2.status).toBe(201);
    expect((await addNote(item.id, 'department:yte', body)).status).toBe(404);
    const unchanged = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'office' });
    expect(unchanged.body).toMatchObject({ version: item.version, cooperationNotes: [] });
  });

  it('refuses empty or long text, a stale version, an item no longer awaiting its answer', async () => {
    const item = await newItem();
    const empty = await addNote(item.id, 'department:ca', { text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].field).toBe('body.text');
    expect((await addNote(item.id, 'department:ca', { text: 'x'.repeat(2001) })).status).toBe(400);
    expect((await addNote(item.id, 'department:ca', { text: 'Ý kiến', version: 99 })).status).toBe(409);
    const resolved = await t.call('POST', `/api/recommendations/${item.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã xử lý' },
    });
    expect(resolved.status).toBe(200);
    const late = await addNote(item.id, 'department:ca', { text: 'Ý kiến muộn' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('đang chờ đơn vị chủ trì trả lời');
  });

  it(`keeps at most ${MAX_COOPERATION_NOTES} notes`, async () => {
    const item = await newItem();
    for (let i = 0; i < MAX_COOPERATION_NOTES; i++)
      expect((await addNote(item.id, 'department:vhxh', { text: `Ý kiến ${i + 1}` })).status).toBe(201);
    const over = await addNote(item.id, 'department:vhxh', { text: 'Một ý kiến nữa' });
    expect(over.status).toBe(409);
  });
});
