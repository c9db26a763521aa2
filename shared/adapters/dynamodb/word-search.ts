/**
 * A text search read from the word postings (word-index.ts), in reference order: the postings of the
 * probed words are read side by side from the cursor and intersected as sorted lists — a word far ahead
 * makes the others seek to it (a key condition `sk >= …`), not read what lies between — and only the
 * items holding every probed word are fetched by key. Each fetched item is verified (every word of the
 * search is one of its words, its postings' key is its own) and the other filters and the caller's scope
 * are checked on it; the unit's pending markers add their items, read by key. While more items wait in
 * markers than that is worth (an import's, until the worker writes their postings), the search reads the
 * unit's compact rows instead (searchByRows). docs/DATA-MODEL.md, "Text search", gives the costs and the
 * worst case.
 */
import { type ListFilters, matchesFilters } from '../../domain/list-filters.js';
import type { Recommendation } from '../../domain/model.js';
import { keys, PREFIX } from './keys.js';
import { itemWords } from './list-index.js';
import { keyCondition, planIndexList, type SearchPlan } from './list-plan.js';
import type { Item, Table } from './table.js';
import { idOfPostingKey, postingSortKey, queuedItemIds } from './word-index.js';

/** Largest read of postings at once. */
const MAX_POSTINGS_READ = 1000;

/**
 * Items of the unit's markers a search reads by key at most: three BatchGetItem calls (≈ 150 read units),
 * about what a page of a common word reads anyway. A marker lives milliseconds after its transaction and
 * holds at most one request's items, so only a bulk write waiting for its worker job — an import of more
 * than 300 rows — passes this; its unit's searches then read the compact rows (searchByRows) until the
 * job is done: an import of 10,000 rows would otherwise cost each search page 100 BatchGetItem calls.
 */
export const MAX_QUEUED_BY_KEY = 300;

/** The postings of one word, read page by page from a lower bound, as a sorted stream of sort keys. */
class PostingReader {
  private buffer: string[] = [];
  private next = 0;
  /** Nothing more after the buffer. */
  private done = false;
  private lastRead: string | undefined;
  /** Reads on from the last one since the intersection last found a result: each reads twice as many. */
  private streak = 0;

  constructor(
    private readonly table: Table,
    private readonly pk: string,
    private readonly firstRead: number,
  ) {}

  /** The end of the word's postings has been read: what is left of them is in the buffer. */
  get exhausted(): boolean {
    return this.done;
  }

  /** Keys left after the bound once the end has been read (at most that many results remain). */
  get remaining(): number | undefined {
    return this.done ? this.buffer.length - this.next : undefined;
  }

  /** The intersection found a result: reading on is again for about what the caller still wants. */
  progress(): void {
    this.streak = 0;
  }

  /**
   * The first sort key at or after `bound` (after it if not `inclusive`), null when there is none;
   * `wanted`: about how many more keys the caller wants, the size of a read on from the last one.
   */
  async seek(bound: string, inclusive: boolean, wanted: number): Promise<string | null> {
    const before = (k: string) => (inclusive ? k < bound : k <= bound);
    for (;;) {
      while (this.next < this.buffer.length && before(this.buffer[this.next] as string)) this.next++;
      if (this.next < this.buffer.length) return this.buffer[this.next] as string;
      if (this.done) return null;
      // A jump past the last read (another word is further on) starts from the bound itself with a small
      // read, skipping the rows in between; reading on where the last read ended takes about what the
      // caller wants, twice as many each time nothing matched meanwhile.
      const jump = this.lastRead !== undefined && bound > this.lastRead;
      const from = jump || this.lastRead === undefined ? bound : this.lastRead;
      const strict = from === this.lastRead || !inclusive;
      let limit = jump ? Math.min(this.firstRead, wanted + 1) : this.firstRead;
      if (this.lastRead !== undefined && !jump) {
        limit = Math.min(MAX_POSTINGS_READ, Math.max(this.firstRead, wanted + 1) * 2 ** this.streak);
        this.streak++;
      }
      const page = await this.table.queryPage({
        KeyConditionExpression: from ? `pk = :pk AND sk ${strict ? '>' : '>='} :from` : 'pk = :pk',
        values: { ':pk': this.pk, ...(from ? { ':from': from } : {}) },
        Limit: limit,
      });
      this.buffer = page.items.map((item) => String(item.sk));
      this.next = 0;
      this.lastRead = this.buffer.at(-1) ?? this.lastRead;
      this.done = page.lastKey === undefined;
    }
  }
}

/** The sort keys holding every probed word, from a lower bound on, in order. */
class Intersection {
  private bound: string;
  private inclusive: boolean;
  readonly readers: PostingReader[];

  constructor(table: Table, unitId: string, plan: SearchPlan, firstRead: number, after?: string) {
    this.readers = plan.probe.map(
      (word) => new PostingReader(table, keys.wordPosting(unitId, word, '').pk, firstRead),
    );
    this.bound = after ?? '';
    this.inclusive = after === undefined;
  }

  /** The first read of every word at once (a search that may stop there). */
  async probe(): Promise<void> {
    await Promise.all(this.readers.map((r) => r.seek(this.bound, this.inclusive, 0)));
  }

  /** The next key holding every word; `wanted`: about how many more the caller wants. */
  async next(wanted: number): Promise<string | null> {
    for (;;) {
      // A word whose postings are all read bounds what the others need to read.
      const left = Math.min(wanted, ...this.readers.map((r) => r.remaining ?? wanted));
      const heads = await Promise.all(this.readers.map((r) => r.seek(this.bound, this.inclusive, left)));
      if (heads.some((h) => h === null)) return null;
      const highest = (heads as string[]).reduce((a, b) => (b > a ? b : a));
      this.bound = highest;
      if (heads.every((h) => h === highest)) {
        this.inclusive = false;
        for (const r of this.readers) r.progress();
        return highest;
      }
      this.inclusive = true;
    }
  }
}

type ToRec = (item: Item) => Recommendation;

/** Whether a fetched item is a result: every word of the search, the filters; `key`: its postings' key. */
function isResult(rec: Recommendation, plan: SearchPlan, filters: ListFilters, key?: string): boolean {
  if (key !== undefined && postingSortKey(rec) !== key) return false;
  const words = new Set(itemWords(rec));
  return plan.words.every((w) => words.has(w)) && matchesFilters(filters, rec);
}

/** The items `ids` (of the unit's markers) that are results, after `after`, by key. */
async function queuedResults(
  table: Table,
  unitId: string,
  ids: readonly string[],
  plan: SearchPlan,
  filters: ListFilters,
  toRec: ToRec,
  after?: string,
): Promise<{ key: string; rec: Recommendation }[]> {
  if (ids.length === 0) return [];
  const items = await table.batchGet(ids.map((id) => keys.recommendation(unitId, id)));
  return items
    .map(toRec)
    .filter((rec) => isResult(rec, plan, filters) && (after === undefined || postingSortKey(rec) > after))
    .map((rec) => ({ key: postingSortKey(rec), rec }));
}

/** Whether a compact row's words (`searchText`) hold every word of the search, whole. */
export const rowHasWords = (searchText: unknown, words: readonly string[]): boolean => {
  const held = new Set(String(searchText ?? '').split(' '));
  return words.every((w) => held.has(w));
};

/**
 * A page of a search from the unit's compact rows (unitList; a status narrows the key range), the other
 * filters and the words (`contains`) as a filter expression, each row checked for whole words: correct
 * whatever postings are missing, in proportion to the unit (as the counts of a common word). The rows
 * carry the item's reference (the end of `lsk`) and id: the page's items are fetched by key in reference
 * order and verified, as the postings' candidates are.
 */
async function searchByRows(
  table: Table,
  unitId: string,
  plan: SearchPlan,
  filters: ListFilters,
  limit: number,
  after: string | undefined,
  toRec: ToRec,
): Promise<{ items: Recommendation[]; last: string | undefined; more: boolean }> {
  const index = planIndexList(unitId, filters, { compact: true });
  const key = keyCondition(index);
  const rows = await table.queryAll({
    IndexName: index.indexName,
    KeyConditionExpression: key.expression,
    ...(index.filter ? { FilterExpression: index.filter.expression } : {}),
    ProjectionExpression: 'sk, lsk, searchText',
    ...(index.filter && Object.keys(index.filter.names).length
      ? { ExpressionAttributeNames: index.filter.names }
      : {}),
    values: { ...key.values, ...index.filter?.values },
  });
  const candidates = rows
    .filter((row) => rowHasWords(row.searchText, plan.words))
    .map((row) => {
      const lsk = String(row.lsk);
      const id = String(row.sk).slice(PREFIX.recommendation.length);
      // lsk: `<status rank>#<due date>#<ref>`.
      return { id, key: `${lsk.slice(lsk.indexOf('#', lsk.indexOf('#') + 1) + 1)}#${id}` };
    })
    .filter((c) => after === undefined || c.key > after)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page: { key: string; rec: Recommendation }[] = [];
  let next = 0;
  while (page.length < limit && next < candidates.length) {
    const batch = candidates.slice(next, next + Math.min(100, limit - page.length));
    next += batch.length;
    const items = new Map(
      (await table.batchGet(batch.map((c) => keys.recommendation(unitId, c.id)))).map(
        (item) => [String(item.id), toRec(item)] as const,
      ),
    );
    for (const c of batch) {
      const rec = items.get(c.id);
      if (rec && isResult(rec, plan, filters, c.key)) page.push({ key: c.key, rec });
    }
  }
  return { items: page.map((p) => p.rec), last: page.at(-1)?.key, more: next < candidates.length };
}

/**
 * One page of a search: up to `limit` results after the sort key `after`, the key of the last, and
 * whether more may follow.
 */
export async function searchPage(
  table: Table,
  unitId: string,
  plan: SearchPlan,
  filters: ListFilters,
  limit: number,
  after: string | undefined,
  toRec: ToRec,
): Promise<{ items: Recommendation[]; last: string | undefined; more: boolean }> {
  const intersection = new Intersection(table, unitId, plan, limit + 1, after);
  const [ids] = await Promise.all([queuedItemIds(table, unitId, MAX_QUEUED_BY_KEY), intersection.probe()]);
  if (ids === null) return searchByRows(table, unitId, plan, filters, limit, after, toRec);
  const queuedPromise = queuedResults(table, unitId, ids, plan, filters, toRec, after);
  // Awaited below; a failure meanwhile must not count as unhandled.
  queuedPromise.catch(() => {});
  const found: { key: string; rec: Recommendation }[] = [];
  let boundary = '';
  let ended = false;
  let batch = limit;
  let fetched = 0;
  let accepted = 0;
  while (found.length < limit && !ended) {
    const keysRead: string[] = [];
    while (keysRead.length < batch && !ended) {
      const key = await intersection.next(batch - keysRead.length);
      if (key === null) ended = true;
      else keysRead.push(key);
    }
    if (keysRead.length === 0) break;
    boundary = keysRead.at(-1) as string;
    const items = new Map(
      (await table.batchGet(keysRead.map((k) => keys.recommendation(unitId, idOfPostingKey(k))))).map(
        (item) => [String(item.id), toRec(item)] as const,
      ),
    );
    let passed = 0;
    for (const key of keysRead) {
      const rec = items.get(idOfPostingKey(key));
      if (rec && isResult(rec, plan, filters, key)) {
        found.push({ key, rec });
        passed++;
      }
    }
    fetched += keysRead.length;
    accepted += passed;
    // Other filters or a department's scope leave some out: fetch what the share passed so far promises.
    const share = Math.max(accepted / fetched, 1 / 20);
    batch = Math.min(100, Math.ceil((limit - found.length) / share));
  }
  const more = found.length > limit || (!ended && (await intersection.next(1)) !== null);
  const queued = await queuedPromise;
  const seen = new Set(found.map((f) => f.rec.id));
  // Beyond the last posting read, a queued item's place is not settled yet: it comes on a later page.
  const within = queued.filter((q) => !seen.has(q.rec.id) && (ended || q.key <= boundary));
  const all = [...found, ...within].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const page = all.slice(0, limit);
  const later = queued.some((q) => !seen.has(q.rec.id) && !within.includes(q));
  return {
    items: page.map((p) => p.rec),
    last: page.at(-1)?.key,
    more: all.length > limit || more || later,
  };
}

/**
 * Every item matching a search and the filters, if the postings of one probed word hold at most `cap`
 * items (then at most `cap` items are read by key) and at most MAX_QUEUED_BY_KEY items wait in markers;
 * null otherwise (the caller reads the compact rows).
 */
export async function searchAll(
  table: Table,
  unitId: string,
  plan: SearchPlan,
  filters: ListFilters,
  cap: number,
  toRec: ToRec,
): Promise<Recommendation[] | null> {
  const intersection = new Intersection(table, unitId, plan, cap + 1);
  const [ids] = await Promise.all([queuedItemIds(table, unitId, MAX_QUEUED_BY_KEY), intersection.probe()]);
  if (ids === null || !intersection.readers.some((r) => r.exhausted)) return null;
  const candidates: string[] = [];
  for (let key = await intersection.next(cap); key !== null; key = await intersection.next(cap))
    candidates.push(key);
  const [items, queued] = await Promise.all([
    table.batchGet(candidates.map((k) => keys.recommendation(unitId, idOfPostingKey(k)))),
    queuedResults(table, unitId, ids, plan, filters, toRec),
  ]);
  const byId = new Map(items.map((item) => [String(item.id), toRec(item)] as const));
  const results = candidates.flatMap((key) => {
    const rec = byId.get(idOfPostingKey(key));
    return rec && isResult(rec, plan, filters, key) ? [rec] : [];
  });
  const seen = new Set(results.map((r) => r.id));
  return [...results, ...queued.filter((q) => !seen.has(q.rec.id)).map((q) => q.rec)];
}
