/**
 * An import's word postings, left to the worker: the import commits its items with their word markers
 * and queues one `words` job (not one per chunk); the search finds the items meanwhile — by key while
 * few wait, from the unit's compact rows past MAX_QUEUED_BY_KEY; the job writes the postings and deletes
 * the markers, within its time budget (redelivered for the rest); a queue that refuses the job, or none,
 * means the postings are written in the request. A single create keeps its postings inline.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { itemWords } from '../../shared/adapters/dynamodb/list-index.js';
import { queryWords } from '../../shared/adapters/dynamodb/list-plan.js';
import type { Table } from '../../shared/adapters/dynamodb/table.js';
import { postingKeys, postingSortKey } from '../../shared/adapters/dynamodb/word-index.js';
import { MAX_QUEUED_BY_KEY } from '../../shared/adapters/dynamodb/word-search.js';
import type { Recommendation } from '../../shared/domain/model.js';
import { UnitJobIncompleteError } from '../../shared/services/unit-work/jobs.js';
import { handleUnitJob } from '../../shared/services/unit-work/worker.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { numberedImportCsv } from '../support/import-csv.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterEach(() => {
  vi.restoreAllMocks();
});

async function unit(unitId: string) {
  const { dialogueId } = await seedUnit(t, unitId);
  return dialogueId;
}

const importCsv = (unitId: string, dialogueId: string, tag: string, rows: number) =>
  t.call('POST', `/api/dialogues/${dialogueId}/recommendations/import`, {
    as: 'office',
    unit: unitId,
    raw: numberedImportCsv(tag, rows),
    headers: { 'content-type': 'text/csv' },
  });

const markers = (unitId: string) =>
  t.deps.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    values: { ':pk': `U#${unitId}`, ':p': 'WORDQ#' },
    ConsistentRead: true,
  });

/** Whether every posting of the items is stored. */
async function postingsStored(unitId: string, recs: readonly Recommendation[]): Promise<boolean> {
  const wanted = recs.flatMap((r) => postingKeys(unitId, r));
  return (await t.deps.table.batchGet(wanted, true)).length === wanted.length;
}

/** The oracle: every item of the unit holding every word of `q`, in reference order. */
async function expected(unitId: string, q: string, keep: (r: Recommendation) => boolean = () => true) {
  const words = queryWords(q);
  return (await t.deps.recommendations.all(unitId))
    .filter((r) => keep(r) && words.every((w) => itemWords(r).includes(w)))
    .sort((a, b) => (postingSortKey(a) < postingSortKey(b) ? -1 : 1))
    .map((r) => r.id);
}

/** Every result of a search, page after page; `between` runs after the first page. */
async function search(unitId: string, query: string, limit: number, between?: () => Promise<unknown>) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const res = await t.call(
      'GET',
      `/api/recommendations?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { as: 'office', unit: unitId },
    );
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    ids.push(...res.body.items.map((i: { id: string }) => i.id));
    cursor = res.body.nextCursor;
    if (!cursor) break;
    if (pages === 0) await between?.();
  }
  return ids;
}

/** The indexes a block of code queries (to tell the compact rows from the postings). */
async function indexesRead<T>(table: Table, run: () => Promise<T>): Promise<{ value: T; indexes: string[] }> {
  const indexes: string[] = [];
  const queryPage = table.queryPage.bind(table);
  table.queryPage = async (input) => {
    indexes.push(input.IndexName ?? 'table');
    return queryPage(input);
  };
  try {
    return { value: await run(), indexes };
  } finally {
    table.queryPage = queryPage;
  }
}

describe('an import', () => {
  it('writes no postings in the request and queues one words job for the whole file', async () => {
    const dialogueId = await unit('one');
    const sent = t.queue.sent.length;
    const meter = t.deps.table.meter;
    meter.reset();
    const res = await importCsv('one', dialogueId, 'mot', 100);
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(100);
    expect(meter.batchWrites).toBe(0);
    // 4 chunks, one job, for the unit on today's date (Vietnam).
    expect(t.queue.sent.slice(sent)).toEqual([
      { job: 'words', unitId: 'one', runId: 'words#2023-10-20', date: '2023-10-20' },
    ]);
    expect(await markers('one')).toHaveLength(4);

    // Meanwhile the search reads the 100 queued items by key (under MAX_QUEUED_BY_KEY).
    const { value: found, indexes } = await indexesRead(t.deps.table, () => search('one', 'q=mot', 40));
    expect(found).toEqual(await expected('one', 'mot'));
    expect(found).toHaveLength(100);
    expect(indexes).not.toContain('unitList');

    const recs = await t.deps.recommendations.all('one');
    expect(await postingsStored('one', recs)).toBe(false);
    const runs = await t.queue.run();
    expect(runs).toEqual([expect.objectContaining({ deliveries: 1 })]);
    expect(runs[0]?.error).toBeUndefined();
    expect(await markers('one')).toEqual([]);
    expect(await postingsStored('one', recs)).toBe(true);
    expect(await search('one', 'q=mot', 40)).toEqual(found);
  });

  it('a second import of the same file (nothing new) queues no job', async () => {
    const dialogueId = await unit('twice');
    expect((await importCsv('twice', dialogueId, 'hai', 10)).body.imported).toBe(10);
    const sent = t.queue.sent.length;
    expect((await importCsv('twice', dialogueId, 'hai', 10)).body).toMatchObject({
      imported: 0,
      alreadyImported: 10,
    });
    expect(t.queue.sent.length).toBe(sent);
    await t.queue.run();
  });

  it('a chunk that fails after others committed: the job is queued for them all the same', async () => {
    const dialogueId = await unit('broken');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const table = t.deps.table;
    const transact = table.transact.bind(table);
    let calls = 0;
    table.transact = async (entries) => {
      if (entries.some((e) => JSON.stringify(e.write).includes('"S":"REC#')) && ++calls === 3)
        throw new Error('simulated crash of the function');
      return transact(entries);
    };
    const sent = t.queue.sent.length;
    try {
      expect((await importCsv('broken', dialogueId, 'ba', 100)).status).toBe(500);
    } finally {
      table.transact = transact;
    }
    expect(t.queue.sent.slice(sent)).toEqual([expect.objectContaining({ job: 'words', unitId: 'broken' })]);
    expect(await markers('broken')).toHaveLength(2);
    await t.queue.run();
    expect(await markers('broken')).toEqual([]);
    expect(await postingsStored('broken', await t.deps.recommendations.all('broken'))).toBe(true);
  });
});

describe(`a large import (more than ${MAX_QUEUED_BY_KEY} items waiting)`, () => {
  const ROWS = MAX_QUEUED_BY_KEY + 30;
  let dialogueId: string;
  let before: string;

  beforeAll(async () => {
    dialogueId = await unit('big');
    // Items with their postings already, mixed in by reference with the imported ones.
    const typed = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      unit: 'big',
      body: [
        { content: 'Kiến nghị lon gõ tay số 7, khu phố 2', source: 'at_dialogue' },
        { content: 'Đường lon ngập nước', source: 'pre_collected' },
      ],
    });
    expect(typed.status).toBe(201);
    before = typed.body.items[0].id;
    expect(await markers('big')).toEqual([]);
    const res = await importCsv('big', dialogueId, 'lon', ROWS);
    expect(res.status).toBe(201);
    expect(t.queue.size).toBe(1);
  }, 60_000);

  it('is found at once, from the compact rows, page after page, with the other filters', async () => {
    expect((await markers('big')).length).toBeGreaterThan(MAX_QUEUED_BY_KEY / 30);
    const { value: all, indexes } = await indexesRead(t.deps.table, () => search('big', 'q=lon', 100));
    expect(all).toHaveLength(ROWS + 2);
    expect(all).toEqual(await expected('big', 'lon'));
    expect(all).toContain(before);
    expect(indexes).toContain('unitList');
    // Two words, one of them a number (row 7, and the item whose reference number is 7).
    expect(await search('big', 'q=lon%207', 50)).toEqual(await expected('big', 'lon 7'));
    // A khu phố, a status and a department scope on top of the words.
    expect(await search('big', 'q=lon&residentialGroup=Khu%20ph%E1%BB%91%203', 25)).toEqual(
      await expected('big', 'lon', (r) => r.residentialGroup === 'Khu phố 3'),
    );
    expect(await search('big', 'q=lon&status=received', 10)).toEqual(
      await expected('big', 'lon', (r) => r.status === 'received'),
    );
    const dept = await t.call('GET', '/api/recommendations?q=lon&limit=200', {
      as: 'department:dc',
      unit: 'big',
    });
    expect(dept.body.items.map((i: { id: string }) => i.id)).toEqual(
      (await expected('big', 'lon', (r) => r.departmentId === 'dc')).slice(0, 200),
    );
    const counts = await t.call('GET', '/api/recommendations/counts?q=lon', { as: 'office', unit: 'big' });
    expect(counts.body).toMatchObject({ total: ROWS + 2, byStatus: { assigned: ROWS, received: 2 } });
  });

  it('a search paged across the job finds every item once; then the markers are gone and the postings stored', async () => {
    const recs = await t.deps.recommendations.all('big');
    expect(await postingsStored('big', recs)).toBe(false);
    // The first page from the compact rows, the rest from the postings: the same cursor.
    const all = await search('big', 'q=lon', 60, () => t.queue.run());
    expect(all).toEqual(await expected('big', 'lon'));
    expect(await markers('big')).toEqual([]);
    expect(await postingsStored('big', recs)).toBe(true);
    const { value: again, indexes } = await indexesRead(t.deps.table, () => search('big', 'q=lon', 100));
    expect(again).toEqual(all);
    expect(indexes).not.toContain('unitList');
  });
});

describe('the words job', () => {
  it('stops when its time is up, keeping what it finished; delivered again, it ends the rest', async () => {
    const dialogueId = await unit('slow');
    expect((await importCsv('slow', dialogueId, 'cham', 300)).status).toBe(201);
    const [job] = t.queue.take();
    if (!job) throw new Error('no job');
    const left = (await markers('slow')).length;
    expect(left).toBe(10);
    // No time at all: each delivery finishes one group of markers (4 at once), then stops.
    const deps = { ...t.deps, wordsBudgetMs: 0 };
    let deliveries = 0;
    for (;;) {
      deliveries++;
      try {
        expect(await handleUnitJob(deps, job)).toMatchObject({ left: false });
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(UnitJobIncompleteError);
        expect((await markers('slow')).length).toBe(left - 4 * deliveries);
      }
    }
    expect(deliveries).toBe(Math.ceil(left / 4));
    expect(await markers('slow')).toEqual([]);
    expect(await postingsStored('slow', await t.deps.recommendations.all('slow'))).toBe(true);
    // Idempotent: once more, nothing to do.
    expect(await handleUnitJob(deps, job)).toEqual({ markers: 0, items: 0, left: false });
  });
});

describe('without the queue', () => {
  it('a queue that refuses the job: the postings are written in the request, and it says so', async () => {
    const dialogueId = await unit('nosqs');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const queue = t.deps.queue;
    t.deps.queue = {
      send: async () => {
        throw new Error('SQS unavailable (injected)');
      },
    };
    try {
      const res = await importCsv('nosqs', dialogueId, 'bon', 40);
      expect(res.status).toBe(201);
      expect(res.body.imported).toBe(40);
    } finally {
      t.deps.queue = queue;
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toEqual({
      level: 'WARN',
      message: 'word postings job not queued: written in the request',
      unitId: 'nosqs',
      error: 'SQS unavailable (injected)',
    });
    expect(await markers('nosqs')).toEqual([]);
    expect(await postingsStored('nosqs', await t.deps.recommendations.all('nosqs'))).toBe(true);
  });

  it('no queue at all (a script): the same, logged as information', async () => {
    const dialogueId = await unit('noqueue');
    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    const queue = t.deps.queue;
    delete t.deps.queue;
    try {
      expect((await importCsv('noqueue', dialogueId, 'nam', 5)).status).toBe(201);
    } finally {
      t.deps.queue = queue;
    }
    const logged = info.mock.calls.flatMap((c) => {
      try {
        return [JSON.parse(String(c[0]))];
      } catch {
        return [];
      }
    });
    expect(logged).toContainEqual({
      level: 'INFO',
      message: 'no unit-work queue: word postings written in the request',
      unitId: 'noqueue',
    });
    expect(await markers('noqueue')).toEqual([]);
    expect(await postingsStored('noqueue', await t.deps.recommendations.all('noqueue'))).toBe(true);
  });
});

describe('a single create', () => {
  it('keeps its postings in the request: no job, no marker left', async () => {
    const dialogueId = await unit('single');
    const sent = t.queue.sent.length;
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      unit: 'single',
      body: { content: 'Lắp đèn chiếu sáng hẻm 5', source: 'at_dialogue' },
    });
    expect(res.status).toBe(201);
    expect(t.queue.sent.length).toBe(sent);
    expect(await markers('single')).toEqual([]);
    const rec = (await t.deps.recommendations.get('single', res.body.id)) as Recommendation;
    expect(await t.deps.table.get(keys.wordPosting('single', 'den', postingSortKey(rec)))).toBeDefined();
  });
});
