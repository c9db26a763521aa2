/**
 * The text search's index (docs/DATA-MODEL.md, "Text search"): one posting per word of an item,
 * `U#<unit>#W#<word>` / `<ref>#<id>`, keys only. An item has tens of words, so its postings cannot join its
 * own transaction (100 writes, 30 items per import chunk). Instead that transaction puts one small marker,
 * `WORDQ#<uuid>`, naming the items whose words change and the postings each one drops; right after the
 * commit the store writes the postings (BatchWriteItem) and then deletes the marker. A process that dies
 * in between leaves the marker: the search reads the unit's markers and checks their items directly, and
 * the daily sweep (or the backfill) finishes it (`repairWordQueue`). Only changes of the words (a create,
 * an edit of the content, reference or khu phố) write a marker — not a change of status.
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
import type { Item, Table, TxEntry } from './table.js';

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

/**
 * Finishes the markers a process left (it died between a commit and its postings): each item's postings
 * from the item as it is now. Safe while the unit is in use and beside an after-commit step at work.
 */
export async function repairWordQueue(
  table: Table,
  unitId: string,
): Promise<{ markers: number; items: number }> {
  const markers = await table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.wordQueue },
    ConsistentRead: true,
  });
  let items = 0;
  for (const marker of markers) {
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
    items += queued.length;
  }
  return { markers: markers.length, items };
}

/** The items of the unit's markers: their postings may not be written yet, the search reads them by key. */
export async function queuedItemIds(table: Table, unitId: string): Promise<string[]> {
  const markers = await table.queryAll({
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ProjectionExpression: '#items',
    ExpressionAttributeNames: { '#items': 'items' },
    values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.wordQueue },
  });
  return [...new Set(markers.flatMap((m) => ((m.items as Queued[] | undefined) ?? []).map((q) => q.id)))];
}
