/**
 * Concurrent writers on one item: optimistic concurrency lets exactly one win, the others get 409, and
 * the history and the quarter aggregate record the change once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sumCounters } from '../../shared/domain/reports/aggregate-counters.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { expectProblem } from './support.js';

const PARALLEL = 20;
let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
});

async function createAssigned(content: string) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: { content, source: 'at_dialogue', disposition: 'assigned', departmentId: 'dc' },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; dueDate: string };
}

const historyOf = async (id: string) =>
  (await t.call('GET', `/api/recommendations/${id}/history`, { as: 'office' })).body.items as {
    action: string;
  }[];

/** The stored aggregate equals the sum of every item's contribution (nothing counted twice). */
async function expectAggregateConsistent() {
  const items = await t.deps.recommendations.all('u1');
  const stored = await t.deps.recommendations.aggregate('u1', '2023-Q4');
  const { dialogues: _dialogues, ...counters } = stored;
  const expected = sumCounters(items.filter((r) => r.quarter === '2023-Q4'));
  expect(Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== 0))).toEqual(expected);
}

describe(`${PARALLEL} concurrent conflicting writes`, () => {
  it('PATCH with the same version: exactly one 200, the rest 409, one history entry', async () => {
    const item = await createAssigned('Đề nghị sửa đường hẻm 27');
    const before = await historyOf(item.id);
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.call('PATCH', `/api/recommendations/${item.id}`, {
          as: 'office',
          body: {
            version: item.version,
            dueDate: `2023-12-${String(i + 1).padStart(2, '0')}`,
            reason: `Gia hạn theo đề nghị số ${i + 1}`,
          },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1);
    for (const r of results.filter((x) => x.status === 409)) {
      expectProblem(r, 'conflicting PATCH');
      expect(r.body.errors[0].field).toBe('body.version');
    }
    const winner = results.find((r) => r.status === 200)?.body;
    const after = await historyOf(item.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)?.action).toBe('due_date_changed');
    const stored = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'office' });
    expect(stored.body).toMatchObject({
      version: item.version + 1,
      dueDate: winner.dueDate,
      reason: winner.reason,
    });
    await expectAggregateConsistent();
  });

  it('resolve: exactly one 200, the rest 409, one "resolved" in history, the winner\'s answer kept', async () => {
    const item = await createAssigned('Đề nghị lắp đèn chiếu sáng hẻm 12');
    const before = await historyOf(item.id);
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.call('POST', `/api/recommendations/${item.id}/resolve`, {
          as: 'department:dc',
          body: { answer: `Đã lắp đèn (trả lời ${i + 1})` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(PARALLEL - 1);
    for (const r of results.filter((x) => x.status === 409)) expectProblem(r, 'conflicting resolve');
    const winner = results.find((r) => r.status === 200)?.body;
    const after = await historyOf(item.id);
    expect(after).toHaveLength(before.length + 1);
    expect(after.filter((h) => h.action === 'resolved')).toHaveLength(1);
    const stored = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'office' });
    expect(stored.body).toMatchObject({
      status: 'resolved',
      version: item.version + 1,
      answer: { text: winner.answer.text },
    });
    await expectAggregateConsistent();
  });

  it('create with one Idempotency-Key: every caller gets the same item, one is created', async () => {
    const key = 'concurrent-create-0001';
    const body = { content: 'Đề nghị nạo vét cống thoát nước', source: 'pre_collected' };
    const countBefore = (await t.deps.recommendations.all('u1')).length;
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, () =>
        t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
          as: 'office',
          body,
          headers: { 'idempotency-key': key },
        }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
    expect(results.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await t.deps.recommendations.all('u1')).length).toBe(countBefore + 1);
  });

  it('creates without a key: every one gets its own consecutive reference number', async () => {
    const before = await t.deps.recommendations.all('u1');
    const results = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
          as: 'office',
          body: { content: `Kiến nghị song song ${i + 1}`, source: 'at_dialogue' },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(PARALLEL).fill(201));
    const refs = results.map((r) => r.body.ref as string).sort();
    const first = before.length + 1;
    expect(refs).toEqual(
      Array.from({ length: PARALLEL }, (_, i) => `U1-2023-${String(first + i).padStart(4, '0')}`),
    );
    await expectAggregateConsistent();
  });
});
