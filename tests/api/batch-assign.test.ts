/** Assigning several items at once: all or nothing, one transaction, each item's history. */
import { beforeAll, describe, expect, it } from 'vitest';
import { sumCounters } from '../../shared/domain/reports/aggregate-counters.js';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
});

async function received(n: number) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: Array.from({ length: n }, (_, i) => ({
      content: `Kiến nghị phân loại sau ${i}`,
      source: 'pre_collected',
    })),
  });
  expect(res.status).toBe(201);
  return res.body.items as { id: string; version: number; ref: string }[];
}

const assign = (body: unknown, as: 'office' | 'department:dc' = 'office') =>
  t.call('POST', '/api/recommendations/assign', { as, body });

describe('batch assignment', () => {
  it('assigns every item in one change, with cooperating departments, each with its history', async () => {
    const items = await received(3);
    const res = await assign({
      items: items.map(({ id, version }) => ({ id, version })),
      departmentId: 'dc',
      cooperatingDepartmentIds: ['vhxh'],
      dueDate: '2023-11-15',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(
      res.body.items.map(
        (i: { status: string; departmentId: string; dueDate: string; firstDueDate: string }) => [
          i.status,
          i.departmentId,
          i.dueDate,
          i.firstDueDate,
        ],
      ),
    ).toEqual(Array(3).fill(['assigned', 'dc', '2023-11-15', '2023-11-15']));
    for (const item of items) {
      const history = await t.call('GET', `/api/recommendations/${item.id}/history`, { as: 'office' });
      expect(history.body.items.at(-1)).toMatchObject({ action: 'assigned' });
    }
    const cooperating = await t.call('GET', '/api/recommendations?departmentRole=cooperating', {
      as: 'department:vhxh',
    });
    expect(cooperating.body.items.map((i: { id: string }) => i.id).sort()).toEqual(
      items.map((i) => i.id).sort(),
    );
    const all = await t.deps.recommendations.all('u1');
    const { dialogues: _d, ...stored } = await t.deps.recommendations.aggregate('u1', '2023-Q4');
    expect(Object.fromEntries(Object.entries(stored).filter(([, v]) => v !== 0))).toEqual(sumCounters(all));
  });

  it('refuses the whole request when one item is stale, closed, repeated or unknown', async () => {
    const items = await received(2);
    const body = (over: Record<string, unknown> = {}) => ({
      items: items.map(({ id, version }) => ({ id, version })),
      departmentId: 'ca',
      ...over,
    });
    const stale = await assign(
      body({
        items: [
          { id: items[0]?.id, version: 1 },
          { id: items[1]?.id, version: 9 },
        ],
      }),
    );
    expect(stale.status).toBe(409);
    const repeated = await assign(
      body({
        items: [
          { id: items[0]?.id, version: 1 },
          { id: items[0]?.id, version: 1 },
        ],
      }),
    );
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors[0].field).toBe('body.items.1.id');
    const unknown = await assign(body({ items: [{ id: 'no-such-item', version: 1 }] }));
    expect(unknown.status).toBe(400);
    expect((await assign(body({ departmentId: 'nowhere' }))).body.errors[0].field).toBe('body.departmentId');
    // A declined item is closed: nothing is assigned, and the refusal names it.
    const declined = await t.call('PATCH', `/api/recommendations/${items[1]?.id}`, {
      as: 'office',
      body: { version: items[1]?.version, disposition: 'declined', reason: 'Không thuộc thẩm quyền' },
    });
    expect(declined.status).toBe(200);
    const closed = await assign(
      body({
        items: [
          { id: items[0]?.id, version: 1 },
          { id: items[1]?.id, version: declined.body.version },
        ],
      }),
    );
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toContain(items[1]?.ref);
    const first = await t.call('GET', `/api/recommendations/${items[0]?.id}`, { as: 'office' });
    expect(first.body).toMatchObject({ status: 'received', version: 1 });
    expect((await assign(body(), 'department:dc')).status).toBe(403);
  });
});
