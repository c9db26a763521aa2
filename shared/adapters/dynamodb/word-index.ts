/**
 * The text search's index (docs/DATA-MODEL.md, "Text search"): one posting per word of an item,
 * `U#<unit>#W#<word>` / `<ref>#<id>`, keys only. An item has tens of words, so its postings cannot join its
 * own transaction (100 writes, 30 items per import chunk). Instead that transaction puts one small marker,
 * `WORDQ#<uuid>`, naming the items whose words change and the postings each one drops; right after the
 * commit the store writes the postings (BatchWriteItem) and then deletes the marker. An import leaves its
 * markers to the unit-work queue's `words` job instead (its ~30 postings an item would cost the request
 * 15 times its own writes); a process that dies in between leaves them too: the search reads the unit's
 * markers and checks their items directly (word-search.ts), and the job, the daily sweep or the backfill
 * finishes them (`repairWordQueue`). Only changes of the words (a create, an edit of the content,
 * reference or khu phố) write a marker — not a change of status.
 *
 * Postings are written from the item as it is, never trusted: the search verifies each candidate on the
 * item it fetches, so a stale posting (a word since removed, by a race of two edits) costs a read, never
 * a wrong hit. What must not happen is a missing posting; the one way to lose one — an older change's
 * delete landing after a newer change re-added the word — is checked after the deletes (see applyQueued).
 */
import { randomUUID } from 'node:crypto';
import type { Recommendation } from '../../domain/model.js';
import { type Key, keys, PREFIX } from './keys.js';
import { itemWords, type Worded } from './list-index.js';
import { type Item, type Table, type TxEntry, toAttributes } from './table.js';

export type Indexed = Worded & Pick<Recommendation, 'id'>;

/** The list-attribute version (`lv`, list-index.ts) from which an item's postings are written. */
export const POSTINGS_SINCE_LIST_VERSION = 2;

/** Longest word indexed (a key holds at most 2,048 bytes); a longer one is indexed by its beginning. */
export const MAX_INDEXED_WORD = 100;

export const postingWord = (word: string): string => [...word].slice(0, MAX_INDEXED_WORD).join('');

/** The sort key of an item's postings: a search lists its results in reference order. */
export const postingSortKey = (rec: Pick<Recommendation, 'ref' | 'id'>): string => `${rec.ref}#${rec.id}`;

/** The item id of a posting's sort key (ids have no `#`). */
export const idOfPostingKey = (sk: string): string => sk.slice(sk.lastIndexOf('#') + 1);

const wordsOf = (rec: Worded): string[] => [...new Set(itemWords(rec).map(postingWord))];

/** The postings of an item as it is (also what the benchmark loads beside its item images). */
export function postingKeys(unitId: string, rec: Indexed): Key[] {
  const sk = postingSortKey(rec);
  return wordsOf(rec).map((word) => keys.wordPosting(unitId, word, sk));
}

/** The postings an item drops: `words` under its former reference `ref`. */
interface Drop {
  ref: string;
  words: string[];
}

interface Queued {
  id: string;
  drop?: Drop;
}

/** A change of an item, with whether it was stored with its postings already (`indexed`). */
export interface WordChange {
  before: Indexed | null;
  after: Indexed;
  indexed: boolean;
}

/** An item of a marker: its postings to put (`only` those words, or all), those it drops. */
interface Apply {
  id: string;
  rec: Indexed | undefined;
  only?: string[];
  drop?: Drop;
}

/** What the after-commit step of a marker entry writes, kept with the entry until its transaction commits. */
const pending = new WeakMap<TxEntry, { unitId: string; key: Key; items: Apply[] }>();

function dropOf(before: Indexed | null, after: Indexed): Drop | undefined {
  if (!before) return undefined;
  const kept = before.ref === after.ref ? new Set(wordsOf(after)) : new Set<string>();
  const words = wordsOf(before).filter((w) => !kept.has(w));
  return words.length ? { ref: before.ref, words } : undefined;
}

const sameWords = (a: Indexed, b: Indexed) => {
  if (a.ref !== b.ref) return false;
  if (a.content === b.content && a.residentialGroup === b.residentialGroup) return true;
  const wa = wordsOf(a);
  const wb = new Set(wordsOf(b));
  return wa.length === wb.size && wa.every((w) => wb.has(w));
};

/**
 * The marker of a transaction (one, whatever the number of items), or undefined when no item's words
 * change and every item has its postings already.
 */
export function wordQueueEntry(
  table: Table,
  unitId: string,
  changes: readonly WordChange[],
  at: string,
): TxEntry | undefined {
  const items = changes
    .filter((c) => !c.indexed || !c.before || !sameWords(c.before, c.after))
    .map(({ before, after, indexed }): Apply => {
      const drop = dropOf(before, after);
      // An item with its postings, under the same reference: only the words it gains.
      const had = indexed && before && before.ref === after.ref ? new Set(wordsOf(before)) : undefined;
      return {
        id: after.id,
        rec: after,
        ...(had ? { only: wordsOf(after).filter((w) => !had.has(w)) } : {}),
        ...(drop ? { drop } : {}),
      };
    });
  if (items.length === 0) return undefined;
  const key = keys.wordQueue(unitId, randomUUID());
  const queued: Queued[] = items.map(({ id, drop }) => ({ id, ...(drop ? { drop } : {}) }));
  const entry: TxEntry = {
    write: table.put({ ...key, type: 'WORDQ', at, items: queued }),
  };
  pending.set(entry, { unitId, key, items });
  return entry;
}

/**
 * Writes the postings of every marker among `entries`, once their transaction has committed. Never fails
 * the change that committed: a failure leaves the marker, which the search reads and the repair finishes.
 */
export async function flushWordQueue(table: Table, entries: readonly TxEntry[]): Promise<void> {
  await Promise.all(
    entries.flatMap((entry) => {
      const queued = pending.get(entry);
      if (!queued) return [];
      pending.delete(entry);
      return [
        applyQueued(table, queued.unitId, queued.key, queued.items).catch((error: unknown) =>
          console.warn(
            JSON.stringify({
              level: 'WARN',
              message: 'word postings left to the repair',
              unitId: queued.unitId,
              marker: queued.key.sk,
              error: error instanceof Error ? error.message : String(error),
            }),
          ),
        ),
      ];
    }),
  );
}

const keyId = (k: Key) => `${k.pk}\u0000${k.sk}`;

/**
 * Puts the postings of each item as `rec` has it, deletes those it dropped, then the marker. A delete can
 * only be wrong if a newer change put the same word back before it landed: the items that dropped words
 * are read again (consistent) and any dropped posting their current words have is put back.
 */
async function applyQueued(
  table: Table,
  unitId: string,
  marker: Key,
  items: readonly Apply[],
): Promise<void> {
  const puts = items.flatMap(({ rec, only }) => {
    if (!rec) return [];
    if (!only) return postingKeys(unitId, rec);
    const sk = postingSortKey(rec);
    return only.map((word) => keys.wordPosting(unitId, word, sk));
  });
  const put = new Set(puts.map(keyId));
  const dropping = items.flatMap(({ id, drop }) => (drop ? [{ id, drop }] : []));
  const deletes = dropping
    .flatMap(({ id, drop }) =>
      drop.words.map((word) => keys.wordPosting(unitId, word, postingSortKey({ ref: drop.ref, id }))),
    )
    .filter((k) => !put.has(keyId(k)));
  await table.batchWrite(
    puts.map((k) => ({ ...k })),
    deletes,
  );
  if (deletes.length > 0) {
    const deleted = new Set(deletes.map(keyId));
    const current = await table.batchGet(
      dropping.map(({ id }) => keys.recommendation(unitId, id)),
      true,
    );
    const back = current.flatMap((item) =>
      postingKeys(unitId, indexedOf(item)).filter((k) => deleted.has(keyId(k))),
    );
    if (back.length > 0) await table.batchWrite(back.map((k) => ({ ...k })));
  }
  await table.batchWrite([], [marker]);
}

const indexedOf = (item: Item): Indexed => ({
  id: String(item.id),
  ref: String(item.ref),
  content: String(item.content ?? ''),
  residentialGroup: (item.residentialGroup as string | null | undefined) ?? null,
});

/** Markers a repair reads at once, and finishes at once (each: its items by key, then its postings). */
const MARKERS_PER_READ = 20;
const MARKERS_AT_ONCE = 4;

/** What a repair did; `left`: markers remain because its time ran out (the next repair goes on). */
export interface WordRepair {
  markers: number;
  items: number;
  left: boolean;
}

/**
 * Finishes the unit's markers — those a process left (it died between a commit and its postings) and
 * those an import left to the worker — each item's postings from the item as it is now. Safe while the
 * unit is in use and beside an after-commit step at work, and to repeat: a finished marker is deleted, so
 * a repair cut short (`budgetMs`, checked between groups of markers, after the first) keeps its progress.
 */
export async function repairWordQueue(
  table: Table,
  unitId: string,
  options: { budgetMs?: number } = {},
): Promise<WordRepair> {
  const until = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.budgetMs;
  let markers = 0;
  let items = 0;
  let start: Item | undefined;
  do {
    const page = await table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.wordQueue },
      ConsistentRead: true,
      Limit: MARKERS_PER_READ,
      ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
    });
    for (let i = 0; i < page.items.length; i += MARKERS_AT_ONCE) {
      if (markers > 0 && Date.now() >= until) return { markers, items, left: true };
      const group = page.items.slice(i, i + MARKERS_AT_ONCE);
      const done = await Promise.allSettled(group.map((marker) => finishMarker(table, unitId, marker)));
      const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
      if (failed) throw failed.reason;
      markers += group.length;
      items += done.reduce((n, d) => n + (d.status === 'fulfilled' ? d.value : 0), 0);
    }
    start = page.lastKey;
  } while (start);
  return { markers, items, left: false };
}

/** One marker's postings from its items as they are now, then the marker deleted; its number of items. */
async function finishMarker(table: Table, unitId: string, marker: Item): Promise<number> {
  const queued = (marker.items as Queued[] | undefined) ?? [];
  const found = new Map(
    (
      await table.batchGet(
        queued.map((q) => keys.recommendation(unitId, q.id)),
        true,
      )
    ).map((item) => [String(item.id), indexedOf(item)] as const),
  );
  await applyQueued(
    table,
    unitId,
    { pk: String(marker.pk), sk: String(marker.sk) },
    queued.map((q) => ({ id: q.id, rec: found.get(q.id), ...(q.drop ? { drop: q.drop } : {}) })),
  );
  return queued.length;
}

/** Markers a search reads at once while it counts their items. */
const MARKERS_PER_COUNT = 50;

/**
 * The items of the unit's markers — their postings may not be written yet, the search reads them by key —
 * or null as soon as they are more than `limit` (reading on would cost more than the search can use).
 */
export async function queuedItemIds(table: Table, unitId: string, limit: number): Promise<string[] | null> {
  const ids = new Set<string>();
  let start: Item | undefined;
  do {
    const page = await table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ProjectionExpression: '#items',
      ExpressionAttributeNames: { '#items': 'items' },
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.wordQueue },
      Limit: MARKERS_PER_COUNT,
      ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
    });
    for (const marker of page.items)
      for (const q of (marker.items as Queued[] | undefined) ?? []) ids.add(q.id);
    if (ids.size > limit) return null;
    start = page.lastKey;
  } while (start);
  return [...ids];
}
