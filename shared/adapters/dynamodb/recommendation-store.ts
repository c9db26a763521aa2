import { VersionConflictError } from '../../domain/errors.js';
import {
  type HistoryEntry,
  type IsoDate,
  type Recommendation,
  STATUSES,
  type Status,
} from '../../domain/model.js';
import { type Counters, counter, counterDelta } from '../../domain/reports/aggregate-counters.js';
import { historyItem, readHistory } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import {
  badCursor,
  decodeCursor,
  decodeSearchCursor,
  encodeCursor,
  encodeSearchCursor,
} from './list-cursor.js';
import { cooperationEntries, cooperationWrites, LIST_INDEX_VERSION, listAttributes } from './list-index.js';
import {
  keyCondition,
  type ListFilters,
  type ListPlan,
  planIndexList,
  planList,
  type SearchPlan,
} from './list-plan.js';
import { type Item, RetryTransactionError, type Table, type TxEntry, toAttributes } from './table.js';
import { INDEXES } from './table-definition.js';
import {
  flushWordQueue,
  POSTINGS_SINCE_LIST_VERSION,
  repairWordQueue,
  type WordChange,
  type WordRepair,
  wordQueueEntry,
} from './word-index.js';
import { rowHasWords, searchAll, searchPage } from './word-search.js';

export type { ListFilters };

const INTERNAL = new Set([
  'pk',
  'sk',
  'type',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'opk',
  'osk',
  'lpk',
  'lsk',
  'lv',
  'fieldKey',
  'groupKey',
  'searchText',
  // Written before the list attributes (searchText replaced it).
  'contentFolded',
]);

/**
 * The sparse openByDueDate index holds three disjoint groups, each under its own partition:
 * items awaiting a department's answer (by due date), resolved items awaiting the Front's review
 * (by resolution date) and forwarded items still without the higher level's answer.
 */
function followUpIndexKeys(unitId: string, rec: Recommendation): { opk: string; osk: string } | undefined {
  if (rec.status === 'assigned' && rec.dueDate)
    return { opk: keys.unitPk(unitId), osk: `${rec.dueDate}#${rec.id}` };
  if (rec.status === 'resolved')
    return { opk: keys.awaitingReview(unitId), osk: `${rec.resolvedOn ?? ''}#${rec.id}` };
  if (rec.status === 'forwarded' && !rec.answer) {
    const since = rec.forwardedOn ?? rec.updatedAt.slice(0, 10);
    return { opk: keys.forwardedWithoutAnswer(unitId), osk: `${since}#${rec.id}` };
  }
  return undefined;
}

export function recommendationToItem(unitId: string, rec: Recommendation): Item {
  const key = keys.recommendation(unitId, rec.id);
  // One Object.assign into an empty object: V8 keeps the result a fast object (a spread after other
  // properties, or properties added one by one to a copy, leaves a slow dictionary, ~3× the cost to build
  // and to marshal).
  return Object.assign(
    {},
    rec,
    {
      pk: key.pk,
      sk: key.sk,
      type: 'REC',
      gsi1pk: keys.dialogueIndex(unitId, rec.dialogueId),
      gsi1sk: rec.ref,
    },
    listAttributes(unitId, rec),
    followUpIndexKeys(unitId, rec),
  );
}

/** The item and its cooperation entries: everything a new item writes besides its history. */
export function recommendationItems(unitId: string, rec: Recommendation): Item[] {
  return [recommendationToItem(unitId, rec), ...cooperationEntries(unitId, rec)];
}

/**
 * The list-attribute version (`lv`) each item read was stored with, by the object handed out: a change of
 * an item stored before its word postings existed writes them (lazy repair), one of an item that has them
 * writes none unless its words change. An object not read here (a copy) counts as without postings: it
 * costs a rewrite of them, never a missing one.
 */
const storedListVersion = new WeakMap<Recommendation, number>();

export function itemToRecommendation(item: Item): Recommendation {
  // Written out field by field: an object built key by key in a loop turns into a slow dictionary past 12
  // properties, and every copy of the record (each transition, its history, its view) then pays for it.
  const i = item as Record<keyof Recommendation, never>;
  const rec: Recommendation = {
    id: i.id,
    ref: i.ref,
    dialogueId: i.dialogueId,
    content: i.content,
    raisedBy: i.raisedBy,
    residentialGroup: i.residentialGroup,
    field: i.field,
    source: i.source,
    disposition: i.disposition,
    status: i.status,
    departmentId: i.departmentId,
    cooperatingDepartmentIds: i.cooperatingDepartmentIds,
    dueDate: i.dueDate,
    // firstDueDate, forwardedOn and cooperationNotes came after the first items: an older item lacks them.
    firstDueDate: i.firstDueDate ?? null,
    answer: i.answer,
    cooperationNotes: i.cooperationNotes ?? [],
    reason: i.reason,
    reopenCount: i.reopenCount,
    escalationLevel: i.escalationLevel,
    nextEscalationAt: i.nextEscalationAt,
    quarter: i.quarter,
    assignedOn: i.assignedOn,
    forwardedOn: i.forwardedOn ?? null,
    resolvedOn: i.resolvedOn,
    workingDaysToResolve: i.workingDaysToResolve,
    repeatOf: i.repeatOf,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    version: i.version,
  };
  if ('forwardedTo' in item) rec.forwardedTo = i.forwardedTo;
  if ('forwardedFrom' in item) rec.forwardedFrom = i.forwardedFrom;
  if ('attachments' in item) rec.attachments = i.attachments;
  // Attributes this version does not know (stored by a newer one) are kept, so a write does not drop them.
  for (const k of Object.keys(item))
    if (!(k in rec) && !INTERNAL.has(k)) (rec as unknown as Item)[k] = item[k];
  storedListVersion.set(rec, Number(item.lv ?? 0));
  return rec;
}

const hasPostings = (rec: Recommendation) => (storedListVersion.get(rec) ?? 0) >= POSTINGS_SINCE_LIST_VERSION;

/** Raised inside a create when the Idempotency-Key was already used: the caller replays the result. */
export class IdempotencyKeyUsedError extends Error {
  constructor() {
    super('idempotency key already used');
    this.name = 'IdempotencyKeyUsedError';
  }
}

export interface IdempotencyRecord {
  requestHash: string;
  ids: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** How many of each status a filtered list holds, and how many are overdue. */
export interface StatusCounts {
  total: number;
  byStatus: Record<Status, number>;
  overdue: number;
}

export const noCounts = (): StatusCounts => ({
  total: 0,
  byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
  overdue: 0,
});

export class RecommendationStore {
  constructor(private readonly table: Table) {}

  async get(unitId: string, id: string, consistent = false): Promise<Recommendation | undefined> {
    const item = await this.table.get(keys.recommendation(unitId, id), consistent);
    return item ? itemToRecommendation(item) : undefined;
  }

  async getIdempotency(unitId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const item = await this.table.get(keys.idempotency(unitId, key), true);
    return item ? { requestHash: String(item.requestHash), ids: (item.ids as string[]) ?? [] } : undefined;
  }

  async currentRefNumber(unitId: string, year: string): Promise<number> {
    const item = await this.table.get(keys.refCounter(unitId, year), true);
    return item ? Number(item.n) : 0;
  }

  /**
   * Creates items in one transaction: the reference counter moves from `counterFrom` to
   * `counterFrom + recs.length` (fails with RetryTransactionError if someone moved it first), each item
   * with its history, the quarter aggregates, and the idempotency record if a key is given.
   */
  async createBatch(input: {
    unitId: string;
    year: string;
    counterFrom: number;
    recs: { rec: Recommendation; history: HistoryEntry }[];
    /** More writes of the same transaction (the departments' notices). */
    extra?: TxEntry[];
    /** Kept until `expiresAt` (epoch seconds, TTL): a retry of the same request within that time replays. */
    idempotency?: { key: string; record: IdempotencyRecord; expiresAt: number };
    /**
     * Leave the items' word postings to a later repairWordQueue (the marker stays): an import hands its
     * markers to the worker once all its chunks are in.
     */
    deferPostings?: boolean;
  }): Promise<void> {
    const { unitId, year, counterFrom, recs } = input;
    const t = this.table;
    const entries: TxEntry[] = [];
    // First: a key already used is the failure that counts (the caller replays), whatever else failed too.
    if (input.idempotency) {
      entries.push({
        write: t.put(
          {
            ...keys.idempotency(unitId, input.idempotency.key),
            type: 'IDEMPOTENCY',
            ...input.idempotency.record,
            expiresAt: input.idempotency.expiresAt,
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () => new IdempotencyKeyUsedError(),
      });
    }
    entries.push(...this.creationEntries(unitId, year, counterFrom, recs), ...(input.extra ?? []));
    await t.transact(entries);
    if (!input.deferPostings) await flushWordQueue(t, entries);
  }

  /**
   * The writes that create items (with their list attributes) with their history, cooperation entries and
   * aggregates and move the year's reference counter from `counterFrom` (a counter moved meanwhile fails
   * with RetryTransactionError), and the marker of their word postings: whoever transacts these entries
   * calls `flushWordQueue` with them once committed (createBatch and saveChanges do).
   */
  creationEntries(
    unitId: string,
    year: string,
    counterFrom: number,
    recs: { rec: Recommendation; history: HistoryEntry }[],
  ): TxEntry[] {
    const t = this.table;
    const counterKey = keys.refCounter(unitId, year);
    const entries: TxEntry[] = [
      {
        write: {
          Update: {
            TableName: t.name,
            Key: toAttributes({ ...counterKey }),
            UpdateExpression: 'SET n = :to',
            ConditionExpression: counterFrom === 0 ? 'attribute_not_exists(n)' : 'n = :from',
            ExpressionAttributeValues: toAttributes(
              counterFrom === 0
                ? { ':to': recs.length }
                : { ':to': counterFrom + recs.length, ':from': counterFrom },
            ),
          },
        },
        onConditionFailed: () => new RetryTransactionError(),
      },
    ];
    const aggregates = new Map<string, Counters>();
    for (const { rec, history } of recs) {
      entries.push({
        write: t.put(recommendationToItem(unitId, rec), { expression: 'attribute_not_exists(pk)' }),
        onConditionFailed: () => new RetryTransactionError(),
      });
      entries.push({ write: t.put(historyItem(unitId, 'REC', rec.id, rec.version, history)) });
      entries.push(...cooperationWrites(t, unitId, null, rec));
      mergeInto(aggregates, rec.quarter, counterDelta(null, rec));
    }
    for (const [quarter, counters] of aggregates) {
      const update = t.addCounters(keys.aggregate(unitId, quarter), counters, { type: 'AGGREGATE', quarter });
      if (update) entries.push({ write: update });
    }
    const words = wordQueueEntry(
      t,
      unitId,
      recs.map(({ rec }) => ({ before: null, after: rec, indexed: false })),
      recs[0]?.history.at ?? new Date().toISOString(),
    );
    if (words) entries.push(words);
    return entries;
  }

  /**
   * The writes of one change of an item still at `before.version` (else VersionConflictError): the item
   * (with its list attributes), its history entry, its cooperation entries and the aggregate delta.
   */
  changeEntries(
    unitId: string,
    before: Recommendation,
    after: Recommendation,
    history: HistoryEntry,
  ): TxEntry[] {
    return this.changesEntries(unitId, [{ before, after, history }]);
  }

  /**
   * The writes of changes of several items, each only at its `before.version`, then `extra`, and the
   * marker of their word postings if any item's words change (see creationEntries).
   */
  changesEntries(
    unitId: string,
    changes: readonly { before: Recommendation; after: Recommendation; history: HistoryEntry }[],
    extra: TxEntry[] = [],
  ): TxEntry[] {
    const t = this.table;
    const entries: TxEntry[] = [];
    const aggregates = new Map<string, Counters>();
    for (const { before, after, history } of changes) {
      entries.push(
        {
          write: t.put(recommendationToItem(unitId, after), {
            expression: 'version = :v',
            values: { ':v': before.version },
          }),
          onConditionFailed: () => new VersionConflictError(),
        },
        { write: t.put(historyItem(unitId, 'REC', after.id, after.version, history)) },
        ...cooperationWrites(t, unitId, before, after),
      );
      mergeInto(aggregates, before.quarter, counterDelta(before, null));
      mergeInto(aggregates, after.quarter, counterDelta(null, after));
    }
    entries.push(...extra);
    for (const [quarter, counters] of aggregates) {
      const update = t.addCounters(keys.aggregate(unitId, quarter), counters, { type: 'AGGREGATE', quarter });
      if (update) entries.push({ write: update });
    }
    const words = wordQueueEntry(
      t,
      unitId,
      changes.map(({ before, after }): WordChange => ({ before, after, indexed: hasPostings(before) })),
      changes[0]?.history.at ?? new Date().toISOString(),
    );
    if (words) entries.push(words);
    return entries;
  }

  /**
   * Saves one change of an item if it still has `before.version`: the item, its history entry and the
   * aggregate delta in one transaction. `extra` entries (e.g. a linked item) join the same transaction.
   */
  saveChange(
    unitId: string,
    before: Recommendation,
    after: Recommendation,
    history: HistoryEntry,
    extra: TxEntry[] = [],
  ): Promise<void> {
    return this.saveChanges(unitId, [{ before, after, history }], extra);
  }

  /**
   * Saves changes of several items at once, each only if it still has its `before.version` (any stale
   * one → VersionConflictError, nothing saved): items, history entries, cooperation entries and the
   * aggregate deltas in one transaction.
   */
  async saveChanges(
    unitId: string,
    changes: readonly { before: Recommendation; after: Recommendation; history: HistoryEntry }[],
    extra: TxEntry[] = [],
  ): Promise<void> {
    const entries = this.changesEntries(unitId, changes, extra);
    await this.table.transact(entries);
    await flushWordQueue(this.table, entries);
  }

  /**
   * Finishes the unit's word markers (word-index.ts): those an import left to the worker's `words` job,
   * and those a process left half written (the daily sweep's and the backfill's repair; nothing to do on
   * most days). With `budgetMs`, stops once that time has passed and says whether markers are `left`.
   */
  repairWordQueue(unitId: string, options: { budgetMs?: number } = {}): Promise<WordRepair> {
    return repairWordQueue(this.table, unitId, options);
  }

  history(unitId: string, id: string): Promise<HistoryEntry[]> {
    return readHistory(this.table, unitId, 'REC', id);
  }

  /** Open items due before `before` (exclusive) or in [from, to]: cost in proportion to what matches. */
  async openByDueDate(
    unitId: string,
    range: { before?: string; from?: string; to?: string },
  ): Promise<Recommendation[]> {
    const condition = range.before
      ? { expr: 'opk = :pk AND osk < :b', values: { ':b': range.before } }
      : {
          expr: 'opk = :pk AND osk BETWEEN :f AND :t',
          values: { ':f': range.from ?? '', ':t': `${range.to ?? '9999'}#\uffff` },
        };
    const items = await this.table.queryAll({
      IndexName: INDEXES.openByDueDate.indexName,
      KeyConditionExpression: condition.expr,
      values: { ':pk': keys.unitPk(unitId), ...condition.values },
    });
    return items.map(itemToRecommendation);
  }

  /** Resolved items awaiting the Front's review, oldest resolution first. */
  async awaitingReview(unitId: string): Promise<Recommendation[]> {
    return this.followUpGroup(keys.awaitingReview(unitId));
  }

  /** Items forwarded to the higher level still without its answer. */
  async forwardedWithoutAnswer(unitId: string): Promise<Recommendation[]> {
    return this.followUpGroup(keys.forwardedWithoutAnswer(unitId));
  }

  private async followUpGroup(opk: string): Promise<Recommendation[]> {
    const items = await this.table.queryAll({
      IndexName: INDEXES.openByDueDate.indexName,
      KeyConditionExpression: 'opk = :pk',
      values: { ':pk': opk },
    });
    return items.map(itemToRecommendation);
  }

  /** Every item of the unit (reports' full recount; tests). */
  async all(unitId: string): Promise<Recommendation[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.recommendation },
    });
    return items.map(itemToRecommendation);
  }

  /**
   * Whether any item of the unit names the department, as lead or cooperating (a department that has
   * items is deactivated, never deleted). Reads the unit's items until the first match.
   */
  async namesDepartment(unitId: string, departmentId: string): Promise<boolean> {
    let start: Item | undefined;
    do {
      const page = await this.table.queryPage({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        FilterExpression: 'departmentId = :d OR contains(cooperatingDepartmentIds, :d)',
        ProjectionExpression: 'pk, sk',
        values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.recommendation, ':d': departmentId },
        ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
      });
      if (page.items.length > 0) return true;
      start = page.lastKey;
    } while (start);
    return false;
  }

  async aggregate(unitId: string, quarter: string): Promise<Counters> {
    const item = await this.table.get(keys.aggregate(unitId, quarter), true);
    const counters: Counters = {};
    for (const [k, v] of Object.entries(item ?? {})) if (typeof v === 'number') counters[k] = v;
    return counters;
  }

  /**
   * One page of a filtered list, read as planList decides (list-plan.ts): the first page costs reads in
   * proportion to the page when the filters are key conditions; filters left to DynamoDB read on until a
   * page is full, more rows at a time. A text search reads its words' postings (word-search.ts).
   */
  async list(
    unitId: string,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<Recommendation>> {
    const plan = planList(unitId, filters);
    if (plan.path === 'search') return this.search(unitId, plan, filters, limit, cursor);
    let start = cursor ? decodeCursor(cursor, unitId, plan, filters) : undefined;
    if (plan.empty) return { items: [], nextCursor: null };
    const key = keyCondition(plan);
    const rows: Item[] = [];
    let more = true;
    let pageSize = limit + 1;
    let fromCursor = cursor !== undefined;
    while (rows.length <= limit && more) {
      const read = this.table.queryPage({
        IndexName: plan.indexName,
        KeyConditionExpression: key.expression,
        ...(plan.filter
          ? {
              FilterExpression: plan.filter.expression,
              ...(Object.keys(plan.filter.names).length
                ? { ExpressionAttributeNames: plan.filter.names }
                : {}),
            }
          : {}),
        values: { ...key.values, ...plan.filter?.values },
        // Unfiltered, the first read is the page; filtered, each read takes four times more rows.
        Limit: plan.filter ? pageSize : limit + 1 - rows.length,
        ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
      });
      // A start key DynamoDB still refuses came from the caller's cursor: the caller's error, not a 500.
      const page = await (fromCursor
        ? read.catch((error: unknown) => {
            throw (error as Error).name === 'ValidationException' ? badCursor() : error;
          })
        : read);
      fromCursor = false;
      rows.push(...page.items);
      start = page.lastKey;
      more = page.lastKey !== undefined;
      pageSize = Math.min(pageSize * 4, 1000);
    }
    const pageRows = rows.slice(0, limit);
    const last = pageRows[pageRows.length - 1];
    const hasMore = rows.length > limit || more;
    return {
      items: await this.itemsOf(unitId, plan, pageRows),
      nextCursor: hasMore && last ? encodeCursor(unitId, plan, filters, last) : null,
    };
  }

  private async search(
    unitId: string,
    plan: SearchPlan,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<Recommendation>> {
    const after = cursor ? decodeSearchCursor(cursor, unitId, filters) : undefined;
    if (plan.empty) return { items: [], nextCursor: null };
    const page = await searchPage(this.table, unitId, plan, filters, limit, after, itemToRecommendation);
    return {
      items: page.items,
      nextCursor: page.more && page.last ? encodeSearchCursor(unitId, filters, page.last) : null,
    };
  }

  /** The items behind a page of index rows, in the rows' order (compact rows fetched by key). */
  private async itemsOf(unitId: string, plan: ListPlan, rows: Item[]): Promise<Recommendation[]> {
    const idOf = (row: Item): string =>
      row.type === 'COOP' ? String(row.recommendationId) : String(row.sk).slice(PREFIX.recommendation.length);
    const fetch = rows.filter((row) => plan.fetch === 'all' || row.type === 'COOP');
    const fetched = new Map(
      (await this.table.batchGet(fetch.map((row) => keys.recommendation(unitId, idOf(row))))).map(
        (item) => [String(item.id), item] as const,
      ),
    );
    return rows.flatMap((row) => {
      const item = plan.fetch === 'all' || row.type === 'COOP' ? fetched.get(idOf(row)) : row;
      return item ? [itemToRecommendation(item)] : [];
    });
  }

  /**
   * Counts per status of every item matching `filters` (their status filter aside) and how many are
   * overdue on `today`: reads every matching row (compact rows where the plan has them), not the items.
   * A search reads its items by key when one of its words is rare enough for that to cost less than the
   * unit's compact rows; otherwise the compact rows that contain its words, each checked for whole words.
   */
  async countByStatus(unitId: string, filters: ListFilters, today: IsoDate): Promise<StatusCounts> {
    const { status: _status, ...rest } = filters;
    if (Object.keys(rest).length === 0) return this.countAll(unitId, today);
    const plan = planList(unitId, rest);
    if (plan.empty) return noCounts();
    if (plan.path === 'search') {
      const unitItems = (await this.countAll(unitId, today, false)).total;
      const cap = Math.max(MIN_SEARCH_FETCH, Math.ceil(unitItems / COMPACT_ROWS_PER_ITEM_READ));
      const found = await searchAll(this.table, unitId, plan, rest, cap, itemToRecommendation);
      if (found) return countRows(found, today);
    }
    const index = planIndexList(unitId, rest);
    const key = keyCondition(index);
    const rows = await this.table.queryAll({
      IndexName: index.indexName,
      KeyConditionExpression: key.expression,
      ...(index.filter ? { FilterExpression: index.filter.expression } : {}),
      ProjectionExpression: `#status, dueDate${plan.path === 'search' ? ', searchText' : ''}`,
      ExpressionAttributeNames: { ...index.filter?.names, '#status': 'status' },
      values: { ...key.values, ...index.filter?.values },
    });
    if (plan.path !== 'search') return countRows(rows, today);
    // `contains` also matches inside a word: keep the rows holding each word whole.
    return countRows(
      rows.filter((row) => rowHasWords(row.searchText, plan.words)),
      today,
    );
  }

  /**
   * Counts of the whole unit without reading its items: the status counters of every quarter's
   * aggregate (each item counts once, in its quarter), and the overdue items from openByDueDate.
   */
  private async countAll(unitId: string, today: IsoDate, withOverdue = true): Promise<StatusCounts> {
    const [aggregates, overdue] = await Promise.all([
      this.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        values: { ':pk': keys.unitPk(unitId), ':p': 'AGG#' },
      }),
      withOverdue
        ? this.table.queryAll({
            IndexName: INDEXES.openByDueDate.indexName,
            KeyConditionExpression: 'opk = :pk AND osk < :today',
            ProjectionExpression: 'pk',
            values: { ':pk': keys.unitPk(unitId), ':today': today },
          })
        : [],
    ]);
    const counts = noCounts();
    for (const aggregate of aggregates)
      for (const status of STATUSES) {
        const n = aggregate[counter.status(status)];
        if (typeof n === 'number') counts.byStatus[status] += n;
      }
    counts.total = Object.values(counts.byStatus).reduce((a, b) => a + b, 0);
    counts.overdue = overdue.length;
    return counts;
  }

  /**
   * Rewrites an item stored before the current list attributes (`lv` < LIST_INDEX_VERSION) with them and
   * puts its cooperation entries and its word postings, if it still has the version read (no new version:
   * nothing the users see changes). False when it changed meanwhile: that change wrote them already.
   */
  async reindex(unitId: string, rec: Recommendation, at = new Date().toISOString()): Promise<boolean> {
    const t = this.table;
    const words = wordQueueEntry(t, unitId, [{ before: null, after: rec, indexed: false }], at);
    const entries: TxEntry[] = [
      {
        write: t.put(recommendationToItem(unitId, rec), {
          expression: 'version = :v',
          values: { ':v': rec.version },
        }),
        onConditionFailed: () => new VersionConflictError(),
      },
      ...cooperationWrites(t, unitId, null, rec),
      ...(words ? [words] : []),
    ];
    try {
      await t.transact(entries);
      await flushWordQueue(t, entries);
      return true;
    } catch (error) {
      if (error instanceof VersionConflictError) return false;
      throw error;
    }
  }

  /**
   * One page of the unit's items the backfill has work on (consistent): stored before the current list
   * attributes, or lacking a field a later version derives (the first due date of a reopened item, the
   * date a forwarded item was forwarded). `indexed`: the item has the current list attributes.
   */
  async backfillPage(
    unitId: string,
    start?: Item,
  ): Promise<{ items: { rec: Recommendation; indexed: boolean }[]; lastKey: Item | undefined }> {
    const missing = (name: string) => `(attribute_not_exists(${name}) OR attribute_type(${name}, :null))`;
    const page = await this.table.queryPage({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      FilterExpression:
        `attribute_not_exists(lv) OR lv < :lv OR (reopenCount > :zero AND ${missing('firstDueDate')})` +
        ` OR (#status = :forwarded AND ${missing('forwardedOn')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      values: {
        ':pk': keys.unitPk(unitId),
        ':p': PREFIX.recommendation,
        ':lv': LIST_INDEX_VERSION,
        ':zero': 0,
        ':null': 'NULL',
        ':forwarded': 'forwarded',
      },
      Limit: 200,
      ConsistentRead: true,
      ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
    });
    return {
      items: page.items.map((item) => ({
        rec: itemToRecommendation(item),
        indexed: Number(item.lv ?? 0) >= LIST_INDEX_VERSION,
      })),
      lastKey: page.lastKey,
    };
  }
}

/** A search reads its items by key if it matches at most this many, whatever the unit's size. */
const MIN_SEARCH_FETCH = 50;
/** Compact rows read for the cost of one item read by key (a row: a few hundred bytes; an item: 4 KB). */
const COMPACT_ROWS_PER_ITEM_READ = 16;

function countRows(rows: readonly { status?: unknown; dueDate?: unknown }[], today: IsoDate): StatusCounts {
  const counts = noCounts();
  for (const row of rows) {
    const status = row.status as Status;
    if (!(status in counts.byStatus)) continue;
    counts.total++;
    counts.byStatus[status]++;
    if (status === 'assigned' && typeof row.dueDate === 'string' && row.dueDate < today) counts.overdue++;
  }
  return counts;
}

function mergeInto(target: Map<string, Counters>, quarter: string, delta: Counters): void {
  const counters = target.get(quarter) ?? {};
  for (const [k, v] of Object.entries(delta)) counters[k] = (counters[k] ?? 0) + v;
  for (const [k, v] of Object.entries(counters)) if (v === 0) delete counters[k];
  target.set(quarter, counters);
}
