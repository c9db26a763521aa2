/**
 * Items stored by the version before the list attributes: the backfill makes them listable (cooperation
 * entries, compact rows, new sort keys) and derives the first due date of a reopened item and the date a
 * forwarded item was forwarded from the history — the aggregate moving with it, in one transaction.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { cooperationEntries } from '../../shared/adapters/dynamodb/list-index.js';
import { recommendationToItem } from '../../shared/adapters/dynamodb/recommendation-store.js';
import { toAttributes } from '../../shared/adapters/dynamodb/table.js';
import { postingKeys } from '../../shared/adapters/dynamodb/word-index.js';
import type { Recommendation } from '../../shared/domain/model.js';
import { counterDelta, sumCounters } from '../../shared/domain/reports/aggregate-counters.js';
import { backfillUnit } from '../../shared/services/list-backfill.js';
import { createTestApp, type RoleSpec, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let dialogueId: string;

/**
 * Rewrites a stored item as an earlier version stored it: no list attributes, no later fields, no
 * cooperation entries, no word postings.
 */
async function makeLegacy(id: string): Promise<Recommendation> {
  const rec = (await t.deps.recommendations.get('u1', id, true)) as Recommendation;
  const item = recommendationToItem('u1', rec);
  const legacy = { ...item, gsi2sk: `${rec.dueDate ?? '9999-12-31'}#${rec.ref}`, contentFolded: 'x' };
  for (const name of [
    'gsi3pk',
    'gsi3sk',
    'lpk',
    'lsk',
    'lv',
    'searchText',
    'fieldKey',
    'groupKey',
    'firstDueDate',
    'forwardedOn',
  ])
    delete (legacy as Record<string, unknown>)[name];
  if (!rec.departmentId) {
    delete (legacy as Record<string, unknown>).gsi2pk;
    delete (legacy as Record<string, unknown>).gsi2sk;
  }
  await t.deps.table.transact([
    { write: t.deps.table.put(legacy) },
    ...rec.cooperatingDepartmentIds.map((d) => ({
      write: t.deps.table.delete(keys.cooperation('u1', rec.id, d)),
    })),
  ]);
  await t.deps.table.batchWrite([], postingKeys('u1', rec));
  const stored = (await t.deps.recommendations.get('u1', id, true)) as Recommendation;
  // The earlier version's aggregate: the item's contribution without the first due date.
  const delta = counterDelta(rec, stored);
  const update = t.deps.table.addCounters(keys.aggregate('u1', rec.quarter), delta);
  if (update?.Update) await t.client.send(new UpdateItemCommand(update.Update as never));
  return stored;
}

const listed = async (query: string, as: RoleSpec = 'office') =>
  ((await t.call('GET', `/api/recommendations?${query}`, { as })).body.items as { id: string }[]).map(
    (i) => i.id,
  );

async function aggregateMatchesItems() {
  const items = await t.deps.recommendations.all('u1');
  const stored = await t.deps.recommendations.aggregate('u1', '2023-Q4');
  const { dialogues: _d, ...counters } = stored;
  const expected = sumCounters(items.filter((r) => r.quarter === '2023-Q4'));
  expect(Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== 0))).toEqual(expected);
}

let reopenedId: string;
let forwardedId: string;
let cooperatingId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
  const created = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: [
      {
        content: 'Nạo vét mương thoát nước khu phố 3',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-25',
      },
      { content: 'Cấp sổ đỏ cho các hộ tái định cư', source: 'at_dialogue', disposition: 'forwarded' },
      {
        content: 'Lắp camera an ninh ngã tư',
        source: 'pre_collected',
        disposition: 'assigned',
        departmentId: 'ca',
        cooperatingDepartmentIds: ['vhxh'],
        dueDate: '2023-11-30',
      },
    ],
  });
  expect(created.status).toBe(201);
  [reopenedId, forwardedId, cooperatingId] = created.body.items.map((i: { id: string }) => i.id);
  // Answered on time, reopened with a new due date, answered again by it — but after the first one.
  const first = await t.call('POST', `/api/recommendations/${reopenedId}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Đã nạo vét' },
  });
  expect(first.status).toBe(200);
  t.clock.set(new Date('2023-10-23T02:00:00Z'));
  const reopened = await t.call('POST', `/api/recommendations/${reopenedId}/review`, {
    as: 'front',
    body: { decision: 'reopen', reason: 'Còn ứ đọng', dueDate: '2023-11-10' },
  });
  expect(reopened.status).toBe(200);
  t.clock.set(new Date('2023-11-08T02:00:00Z'));
  const again = await t.call('POST', `/api/recommendations/${reopenedId}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Đã nạo vét lại' },
  });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ firstDueDate: '2023-10-25', dueDate: '2023-11-10' });
});

describe('backfill of items stored by the earlier version', () => {
  it('makes them listable, derives the first due date and the forwarding date, once', async () => {
    await aggregateMatchesItems();
    const before = await t.deps.recommendations.aggregate('u1', '2023-Q4');
    expect(before).toMatchObject({ resolvedLate: 1 });
    for (const id of [reopenedId, forwardedId, cooperatingId]) await makeLegacy(id);
    await aggregateMatchesItems();
    expect(await t.deps.recommendations.aggregate('u1', '2023-Q4')).toMatchObject({
      resolvedLate: 0,
      resolvedOnTime: 1,
    });
    // Not listable from the indexes the earlier version did not write.
    expect(await listed('', 'department:vhxh')).toEqual([]);
    expect(await listed('q=camera')).toEqual([]);

    const result = await backfillUnit(t.deps, 'u1');
    expect(result).toEqual({ examined: 3, reindexed: 1, repaired: 2, wordMarkers: 0 });

    expect(await listed('', 'department:vhxh')).toEqual([cooperatingId]);
    expect(await listed('q=camera')).toEqual([cooperatingId]);
    expect(await listed('status=resolved', 'department:dc')).toEqual([reopenedId]);
    const reopened = (await t.deps.recommendations.get('u1', reopenedId, true)) as Recommendation;
    expect(reopened).toMatchObject({ firstDueDate: '2023-10-25', dueDate: '2023-11-10' });
    const forwarded = (await t.deps.recommendations.get('u1', forwardedId, true)) as Recommendation;
    expect(forwarded.forwardedOn).toBe('2023-10-10');
    const history = await t.deps.recommendations.history('u1', reopenedId);
    expect(history.at(-1)).toMatchObject({
      action: 'migrated',
      after: { firstDueDate: '2023-10-25' },
      actor: { sub: 'system:backfill' },
    });
    // Answered on 08/11, after the first due date (25/10): late, as the aggregate now says.
    expect(await t.deps.recommendations.aggregate('u1', '2023-Q4')).toMatchObject({
      resolvedLate: 1,
      resolvedOnTime: 0,
    });
    await aggregateMatchesItems();

    expect(await backfillUnit(t.deps, 'u1')).toEqual({
      examined: 0,
      reindexed: 0,
      repaired: 0,
      wordMarkers: 0,
    });
  });

  it('a change made by this version indexes a stored item at once (lazy repair)', async () => {
    const legacy = await makeLegacy(cooperatingId);
    expect(await listed('', 'department:vhxh')).toEqual([]);
    const res = await t.call('PATCH', `/api/recommendations/${cooperatingId}`, {
      as: 'office',
      body: { version: legacy.version, field: 'An ninh trật tự' },
    });
    expect(res.status).toBe(200);
    expect(await listed('', 'department:vhxh')).toEqual([cooperatingId]);
    expect(await listed('field=an%20ninh%20trat%20tu')).toEqual([cooperatingId]);
    // A change of a field, not of the words: the item had no postings, it gets them with it.
    expect(await listed('q=camera')).toEqual([cooperatingId]);
    expect(await listed('departmentRole=cooperating', 'department:vhxh')).toEqual([cooperatingId]);
  });

  it('gives items stored with the first list attributes their role keys and word postings', async () => {
    // As version 1 stored it: list attributes, cooperation entries without the role keys, no postings.
    const rec = (await t.deps.recommendations.get('u1', cooperatingId, true)) as Recommendation;
    const strip = (item: Record<string, unknown>) => {
      const { gsi3pk: _p, gsi3sk: _s, ...rest } = item;
      return rest;
    };
    await t.deps.table.transact([
      { write: t.deps.table.put({ ...strip(recommendationToItem('u1', rec)), lv: 1 }) },
      ...cooperationEntries('u1', rec).map((entry) => ({ write: t.deps.table.put(strip(entry)) })),
    ]);
    await t.deps.table.batchWrite([], postingKeys('u1', rec));
    expect(await listed('departmentRole=cooperating', 'department:vhxh')).toEqual([]);
    expect(await listed('departmentId=ca&departmentRole=lead')).toEqual([]);
    expect(await listed('q=camera')).toEqual([]);
    expect(await listed('', 'department:vhxh')).toEqual([cooperatingId]);

    expect(await backfillUnit(t.deps, 'u1')).toEqual({
      examined: 1,
      reindexed: 1,
      repaired: 0,
      wordMarkers: 0,
    });
    expect(await listed('departmentRole=cooperating', 'department:vhxh')).toEqual([cooperatingId]);
    expect(await listed('departmentId=ca&departmentRole=lead')).toEqual([cooperatingId]);
    expect(await listed('q=camera')).toEqual([cooperatingId]);
    expect(await listed(`q=${rec.ref.slice(-4)}`)).toEqual([cooperatingId]);
  });

  it('never undoes a change made while it runs', async () => {
    const legacy = await makeLegacy(cooperatingId);
    const store = t.deps.recommendations;
    const reindex = store.reindex.bind(store);
    // A change lands between the backfill's read and its write.
    store.reindex = async (unitId, rec) => {
      const res = await t.call('PATCH', `/api/recommendations/${rec.id}`, {
        as: 'office',
        body: { version: legacy.version, content: 'Lắp camera an ninh ngã tư Lê Lợi' },
      });
      expect(res.status).toBe(200);
      return reindex(unitId, rec);
    };
    try {
      expect(await backfillUnit(t.deps, 'u1')).toEqual({
        examined: 1,
        reindexed: 0,
        repaired: 0,
        wordMarkers: 0,
      });
    } finally {
      store.reindex = reindex;
    }
    const current = (await store.get('u1', cooperatingId, true)) as Recommendation;
    expect(current.content).toBe('Lắp camera an ninh ngã tư Lê Lợi');
    expect(await listed('q=le%20loi', 'department:vhxh')).toEqual([cooperatingId]);
  });
});

it('items without the later fields read with their defaults', async () => {
  await t.client.send(
    new UpdateItemCommand({
      TableName: t.tableName,
      Key: toAttributes({ ...keys.recommendation('u1', forwardedId) }),
      UpdateExpression: 'REMOVE cooperationNotes',
    }),
  );
  const rec = (await t.deps.recommendations.get('u1', forwardedId, true)) as Recommendation;
  expect(rec.cooperationNotes).toEqual([]);
});
