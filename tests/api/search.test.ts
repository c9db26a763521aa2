/**
 * Text search through the API (`q`): whole words of the content, the reference and its number, khu phố,
 * ignoring case and diacritics; every other filter and a department's own scope with it; results in
 * reference order, paged with a checked cursor; counts; postings following edits; and nothing lost when
 * a process dies between an item's transaction and its postings.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { flushWordQueue } from '../../shared/adapters/dynamodb/word-index.js';
import { historyEntry } from '../../shared/domain/history.js';
import type { Recommendation } from '../../shared/domain/model.js';
import { handleUnitJob } from '../../shared/services/unit-work/worker.js';
import { createTestApp, type RoleSpec, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
interface Listed {
  id: string;
  ref: string;
  version: number;
}

let t: TestApp;
let dialogueId: string;
let otherDialogueId: string;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

// Monday 20/11/2023, 09:00 in Vietnam.
const NOW = '2023-11-20T02:00:00Z';

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  ({ dialogueId } = await seedUnit(t));
  const items = {
    A: {
      content: 'Tranh chấp đất đai ở khu phố 1',
      field: 'Đất đai',
      residentialGroup: 'Khu phố 1',
      disposition: 'assigned',
      departmentId: 'dc',
      cooperatingDepartmentIds: ['vhxh'],
      dueDate: '2023-11-10',
    },
    B: {
      content: 'Cấp giấy chứng nhận quyền sử dụng đất',
      field: 'Đất đai',
      residentialGroup: 'Khu phố 2',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '2023-11-22',
    },
    C: {
      content: 'Karaoke quá 22 giờ gây ồn',
      field: 'An ninh trật tự',
      residentialGroup: 'Khu phố 1',
      disposition: 'assigned',
      departmentId: 'ca',
      cooperatingDepartmentIds: ['vhxh', 'dc'],
      dueDate: '2023-11-27',
    },
    D: {
      content: 'Công khai danh sách hộ nghèo',
      disposition: 'answered_at_dialogue',
      answer: 'Đã niêm yết',
    },
    E: {
      content: 'Rác thải (đất, cát) tràn ra đường!',
      field: 'Môi trường',
      disposition: 'assigned',
      departmentId: 'vhxh',
      dueDate: '2023-12-15',
    },
    F: { content: 'Đất lấn chiếm lối đi chung hẻm 12/5', residentialGroup: 'Khu phố 3' },
  };
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: Object.values(items).map((i) => ({ source: 'pre_collected', ...i })),
  });
  expect(res.status).toBe(201);
  for (const [i, key] of Object.keys(items).entries()) {
    ids[key] = res.body.items[i].id;
    refs[key] = res.body.items[i].ref;
  }
  const other = await t.call('POST', '/api/dialogues', {
    as: 'office',
    body: { title: 'Hội nghị đối thoại quý III', heldOn: '2023-07-10', location: 'Hội trường UBND' },
  });
  otherDialogueId = other.body.id;
  const g = await t.call('POST', `/api/dialogues/${otherDialogueId}/recommendations`, {
    as: 'office',
    body: { content: 'Tranh chấp đất đai tại tổ 4', source: 'at_dialogue' },
  });
  expect(g.status).toBe(201);
  ids.G = g.body.id;
  refs.G = g.body.ref;
});

const keyOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

async function list(query: string, as: RoleSpec = 'office') {
  const res = await t.call('GET', `/api/recommendations?${query}`, { as });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { items: Listed[]; nextCursor: string | null };
}
const found = async (query: string, as: RoleSpec = 'office') =>
  (await list(query, as)).items.map((i) => keyOf(i.id));

/** Every result of a search, page after page. */
async function allPages(query: string, limit: number, as: RoleSpec = 'office') {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, as);
    seen.push(...page.items.map((i) => keyOf(i.id)));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return seen;
}

describe('text search', () => {
  it('finds whole words, ignoring case, diacritics and punctuation; every word must occur', async () => {
    // The quarter III dialogue's item has the later reference number (created last).
    expect(await found('q=dat')).toEqual(['A', 'B', 'E', 'F', 'G']);
    expect(await found('q=%C4%90%E1%BA%A4T%20%C4%90AI')).toEqual(['A', 'G']);
    expect(await found(`q=${encodeURIComponent('(Tranh chấp!)')}`)).toEqual(['A', 'G']);
    expect(await found('q=dat%20karaoke')).toEqual([]);
    // A piece of a word is not a word: "da" is in none of them.
    expect(await found('q=da')).toEqual([]);
    expect(await found('q=hem%2012/5')).toEqual(['F']);
    expect(await found('q=12')).toEqual(['F']);
  });

  it('finds a reference whole, in any case, and by its number', async () => {
    const c = refs.C as string;
    expect(c).toBe('U1-2023-0003');
    expect(await found(`q=${c}`)).toEqual(['C']);
    expect(await found(`q=${c.toLowerCase()}`)).toEqual(['C']);
    expect(await found('q=0003')).toEqual(['C']);
    // 3: item number 3, and the khu phố 3 of F.
    expect(await found('q=3')).toEqual(['C', 'F']);
  });

  it('finds the khu phố', async () => {
    expect(await found('q=khu%20ph%E1%BB%91%201')).toEqual(['A', 'C']);
    expect(await found('q=khu%20pho%202')).toEqual(['B']);
    // 3: the khu phố of F, and the number of C (in khu phố 1).
    expect(await found('q=khu%20pho%203')).toEqual(['C', 'F']);
  });

  it('with each other filter', async () => {
    expect(await found('q=dat&status=received')).toEqual(['F', 'G']);
    expect(await found('q=dat&overdue=true')).toEqual(['A']);
    // Monday 20/11: due within 5 working days → Monday 27/11.
    expect(await found('q=dat&dueWithin=5')).toEqual(['B']);
    expect(await found('q=dat&dueBefore=2023-11-23')).toEqual(['A', 'B']);
    expect(await found('q=dat&departmentId=dc')).toEqual(['A', 'B']);
    expect(await found('q=dat&departmentId=vhxh')).toEqual(['A', 'E']);
    expect(await found('q=dat&departmentId=vhxh&departmentRole=lead')).toEqual(['E']);
    expect(await found('q=dat&departmentId=vhxh&departmentRole=cooperating')).toEqual(['A']);
    expect(await found(`q=dat&dialogueId=${otherDialogueId}`)).toEqual(['G']);
    expect(await found(`q=dat&dialogueId=${dialogueId}&status=received`)).toEqual(['F']);
    expect(await found('q=dat&field=%C4%91%E1%BA%A5t%20%C4%91ai')).toEqual(['A', 'B']);
    expect(await found('q=dat&residentialGroup=KHU%20PHO%203')).toEqual(['F']);
    expect(await found('q=dat&overdue=true&status=confirmed')).toEqual([]);
  });

  it("a department's search holds only the items it leads or cooperates on", async () => {
    expect(await found('q=dat', 'department:vhxh')).toEqual(['A', 'E']);
    expect(await found('q=dat', 'department:ca')).toEqual([]);
    expect(await found('q=karaoke', 'department:dc')).toEqual(['C']);
    expect(await found('q=dat&departmentRole=lead', 'department:dc')).toEqual(['A', 'B']);
    expect(await found('q=dat&departmentId=vhxh', 'department:dc')).toEqual([]);
  });

  it('pages through every result once, in reference order', async () => {
    for (const limit of [1, 2, 3, 5])
      expect(await allPages('q=dat', limit), `limit ${limit}`).toEqual(['A', 'B', 'E', 'F', 'G']);
    expect(await allPages('q=dat', 1, 'department:vhxh')).toEqual(['A', 'E']);
    expect(await allPages('q=dat&status=received', 1)).toEqual(['F', 'G']);
    // The last page says there is no more.
    expect((await list('q=dat&limit=5')).nextCursor).toBeNull();
  });

  it('refuses a forged cursor, or one of another search, list or unit, with a 400 naming it', async () => {
    const { nextCursor } = await list('q=dat&limit=1');
    const cursor = nextCursor as string;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    expect(decoded).toMatchObject({ p: 'search', k: { key: `${refs.A}#${ids.A}` } });
    const forge = (change: (c: typeof decoded) => void) => {
      const copy = structuredClone(decoded);
      change(copy);
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    };
    const bad = [
      cursor.slice(0, -3),
      '%%%',
      forge((c) => {
        c.k.key = 'no-id-here';
      }),
      forge((c) => {
        c.k.key = `${refs.A}#bad id`;
      }),
      forge((c) => {
        c.k.key = `${'X'.repeat(300)}#${ids.A}`;
      }),
      forge((c) => {
        c.k.other = 'x';
      }),
      forge((c) => {
        c.p = 'unit';
      }),
      forge((c) => {
        c.k = { pk: 'U#u1', sk: `REC#${ids.A}`, lpk: 'U#u1#L', lsk: '1#x' };
      }),
    ];
    for (const value of bad) {
      const res = await t.call(
        'GET',
        `/api/recommendations?q=dat&limit=1&cursor=${encodeURIComponent(value)}`,
        {
          as: 'office',
        },
      );
      expect(res.status, value).toBe(400);
      expect(res.body.errors[0].field).toBe('query.cursor');
    }
    for (const [query, as, unit] of [
      ['q=dai', 'office', 'u1'],
      ['q=dat&status=received', 'office', 'u1'],
      ['', 'office', 'u1'],
      ['q=dat', 'department:vhxh', 'u1'],
      ['q=dat', 'office', 'u2'],
    ] as const) {
      const res = await t.call('GET', `/api/recommendations?${query}&limit=1&cursor=${cursor}`, { as, unit });
      expect(res.status, query).toBe(400);
    }
    // A well-formed key is only a place in the order: after the last reference, nothing.
    const end = forge((c) => {
      c.k.key = `ZZZ#${ids.A}`;
    });
    expect(await list(`q=dat&limit=1&cursor=${end}`)).toEqual({ items: [], nextCursor: null });
  });

  it('counts per status the items found', async () => {
    const counts = await t.call('GET', '/api/recommendations/counts?q=dat', { as: 'office' });
    expect(counts.body).toMatchObject({
      total: 5,
      overdue: 1,
      byStatus: { assigned: 3, received: 2, resolved: 0 },
    });
    const dept = await t.call('GET', '/api/recommendations/counts?q=dat&status=received', {
      as: 'department:vhxh',
    });
    expect(dept.body).toMatchObject({ total: 2, overdue: 1, byStatus: { assigned: 2, received: 0 } });
    const none = await t.call('GET', '/api/recommendations/counts?q=da', { as: 'office' });
    expect(none.body).toMatchObject({ total: 0 });
  });
});

describe('postings follow the item', () => {
  const posting = (word: string, key: string) => t.deps.table.get(keys.wordPosting('u1', word, key), true);

  it('an edit of the content moves the item from its old words to its new ones', async () => {
    const f = await t.deps.recommendations.get('u1', ids.F as string, true);
    const res = await t.call('PATCH', `/api/recommendations/${ids.F}`, {
      as: 'office',
      body: { version: f?.version, content: 'Đèn đường hỏng ở hẻm 12/5' },
    });
    expect(res.status).toBe(200);
    expect(await found('q=den%20duong')).toEqual(['F']);
    expect(await found('q=lan%20chiem')).toEqual([]);
    expect(await found('q=dat')).toEqual(['A', 'B', 'E', 'G']);
    const key = `${refs.F}#${ids.F}`;
    expect(await posting('lan', key)).toBeUndefined();
    expect(await posting('dat', key)).toBeUndefined();
    expect(await posting('den', key)).toMatchObject({ sk: key });
    // Kept words keep their postings; no marker is left.
    expect(await posting('hem', key)).toMatchObject({ sk: key });
    expect(await markers()).toEqual([]);
  });

  it('a change of status writes no postings', async () => {
    const b = await t.deps.recommendations.get('u1', ids.B as string, true);
    t.deps.table.meter.reset();
    const res = await t.call('POST', `/api/recommendations/${ids.B}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã cấp giấy' },
    });
    expect(res.status).toBe(200);
    expect(b?.status).toBe('assigned');
    expect(t.deps.table.meter.batchWrites).toBe(0);
    expect(await found('q=giay&status=resolved')).toEqual(['B']);
  });

  it("an older change's deletes landing after a newer change's postings lose none", async () => {
    const store = t.deps.recommendations;
    const actor = { sub: 'o', name: 'Văn phòng', roles: ['office' as const], departmentId: null };
    const change = (before: Recommendation, content: string) => {
      const after = { ...before, content, version: before.version + 1 };
      return { before, after, history: historyEntry(actor, t.clock.now(), 'updated', before, after) };
    };
    const d0 = (await store.get('u1', ids.D as string, true)) as Recommendation;
    // First: "hộ nghèo" → "hộ cận nghèo"... then back, the second flushed before the first.
    const first = change(d0, 'Công khai danh sách hộ cận nghèo');
    const firstEntries = store.changesEntries('u1', [first]);
    await t.deps.table.transact(firstEntries);
    const d1 = (await store.get('u1', ids.D as string, true)) as Recommendation;
    const second = change(d1, 'Công khai danh sách hộ nghèo');
    const secondEntries = store.changesEntries('u1', [second]);
    await t.deps.table.transact(secondEntries);
    await flushWordQueue(t.deps.table, secondEntries);
    // The first change added "can" and dropped nothing; had it dropped a word the second put back, the
    // check after its deletes would put it back. Here: "can" stays as a stale posting, never a hit.
    await flushWordQueue(t.deps.table, firstEntries);
    expect(await found('q=ngheo')).toEqual(['D']);
    expect(await found('q=can%20ngheo')).toEqual([]);

    // Now one that drops a word the next change puts back: "ngheo" out, then in again.
    const d2 = (await store.get('u1', ids.D as string, true)) as Recommendation;
    const third = change(d2, 'Công khai danh sách hộ khó khăn');
    const thirdEntries = store.changesEntries('u1', [third]);
    await t.deps.table.transact(thirdEntries);
    const d3 = (await store.get('u1', ids.D as string, true)) as Recommendation;
    const fourth = change(d3, 'Công khai danh sách hộ nghèo');
    const fourthEntries = store.changesEntries('u1', [fourth]);
    await t.deps.table.transact(fourthEntries);
    await flushWordQueue(t.deps.table, fourthEntries);
    await flushWordQueue(t.deps.table, thirdEntries);
    expect(await posting('ngheo', `${refs.D}#${ids.D}`)).toMatchObject({ sk: `${refs.D}#${ids.D}` });
    expect(await found('q=ngheo')).toEqual(['D']);
    expect(await found('q=kho%20khan')).toEqual([]);
    expect(await markers()).toEqual([]);
  });
});

const markers = async () =>
  t.deps.table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    values: { ':pk': 'U#u1', ':p': 'WORDQ#' },
    ConsistentRead: true,
  });

describe('a process that dies between the commit and the postings', () => {
  it('loses nothing: the search reads the marker, the daily sweep finishes it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const table = t.deps.table;
    const batchWrite = table.batchWrite.bind(table);
    table.batchWrite = async () => {
      throw new Error('process died');
    };
    let created: Listed | undefined;
    try {
      const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
        as: 'office',
        body: { content: 'Nạo vét kênh Vĩnh Lộc bị bồi lắng', source: 'at_dialogue' },
      });
      // The item committed: the request succeeds, its postings are left to the marker.
      expect(res.status).toBe(201);
      [created] = (await t.deps.recommendations.all('u1'))
        .filter((r) => r.content.startsWith('Nạo vét'))
        .map((r) => ({ id: r.id, ref: r.ref, version: r.version }));
      const a = (await t.deps.recommendations.get('u1', ids.A as string, true)) as Recommendation;
      const edit = await t.call('PATCH', `/api/recommendations/${ids.A}`, {
        as: 'office',
        body: { version: a.version, content: 'Tranh chấp ranh giới ở khu phố 1' },
      });
      expect(edit.status).toBe(200);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(JSON.parse(String(warn.mock.calls[0]?.[0]))).toMatchObject({
        level: 'WARN',
        message: 'word postings left to the repair',
        unitId: 'u1',
      });
    } finally {
      table.batchWrite = batchWrite;
      warn.mockRestore();
    }
    if (!created) throw new Error('not created');
    ids.H = created.id;
    expect(await markers()).toHaveLength(2);
    expect(await table.get(keys.wordPosting('u1', 'vinh', `${created.ref}#${created.id}`))).toBeUndefined();
    // Found from the markers, by key; the stale postings of A's former words find nothing.
    expect(await found('q=vinh%20loc')).toEqual(['H']);
    expect(await found('q=ranh%20gioi')).toEqual(['A']);
    expect(await found('q=dat%20dai')).toEqual(['G']);
    expect(await allPages('q=khu%20pho', 1)).toEqual(['A', 'B', 'C', 'F']);
    const counts = await t.call('GET', '/api/recommendations/counts?q=vinh', { as: 'office' });
    expect(counts.body).toMatchObject({ total: 1, byStatus: { received: 1 } });

    const result = await handleUnitJob(t.deps, {
      job: 'sweep',
      unitId: 'u1',
      runId: 'sweep#2023-11-20',
      date: '2023-11-20',
    });
    expect(result).toMatchObject({ words: { markers: 2, items: 2 } });
    expect(await markers()).toEqual([]);
    expect(await table.get(keys.wordPosting('u1', 'vinh', `${created.ref}#${created.id}`))).toMatchObject({
      sk: `${created.ref}#${created.id}`,
    });
    expect(await table.get(keys.wordPosting('u1', 'dat', `${refs.A}#${ids.A}`))).toBeUndefined();
    expect(await table.get(keys.wordPosting('u1', 'ranh', `${refs.A}#${ids.A}`))).toBeDefined();
    expect(await found('q=vinh%20loc')).toEqual(['H']);
    expect(await found('q=dat%20dai')).toEqual(['G']);
  });
});
