import { ValidationError, VersionConflictError } from '../../domain/errors.js';
import type { HistoryEntry, Recommendation, Status } from '../../domain/model.js';
import { type Counters, counterDelta } from '../../domain/reports/aggregate-counters.js';
import { foldDiacritics } from '../../domain/text.js';
import { historyItem, readHistory } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import { type Item, RetryTransactionError, type Table, type TxEntry, toAttributes } from './table.js';
import { INDEXES } from './table-definition.js';

const INTERNAL = new Set([
  'pk',
  'sk',
  'type',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'opk',
  'osk',
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
    return { opk: keys.forwardedWithoutAnswer(unitId), osk: `${rec.updatedAt.slice(0, 10)}#${rec.id}` };
  }
  return undefined;
}

export function recommendationToItem(unitId: string, rec: Recommendation): Item {
  return {
    ...keys.recommendation(unitId, rec.id),
    type: 'REC',
    ...rec,
    contentFolded: foldDiacritics(`${rec.ref} ${rec.content} ${rec.residentialGroup ?? ''}`),
    gsi1pk: keys.dialogueIndex(unitId, rec.dialogueId),
    gsi1sk: rec.ref,
    ...(rec.departmentId
      ? {
          gsi2pk: keys.departmentIndex(unitId, rec.departmentId),
          gsi2sk: `${rec.dueDate ?? '9999-12-31'}#${rec.ref}`,
        }
      : {}),
    ...followUpIndexKeys(unitId, rec),
  };
}

export function itemToRecommendation(item: Item): Recommendation {
  const rec: Item = {};
  for (const [k, v] of Object.entries(item)) if (!INTERNAL.has(k)) rec[k] = v;
  return rec as unknown as Recommendation;
}

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

export interface ListFilters {
  dialogueId?: string;
  departmentId?: string;
  status?: Status;
  field?: string;
  overdueOn?: string;
  dueBefore?: string;
  q?: string;
  /** A department user's view: only items it leads or cooperates on. */
  visibleToDepartment?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** DynamoDB's limit on a sort key (a partition key may be 2,048 bytes; no cursor needs that much). */
const MAX_KEY_BYTES = 1024;

const badCursor = () =>
  new ValidationError([
    { field: 'query.cursor', message: 'Con trỏ trang không hợp lệ hoặc thuộc truy vấn khác' },
  ]);

/**
 * A cursor is the last key of the previous page: it must be exactly the keys of this query (the table's
 * and the index's, no other), each a string of a key's size, in this unit's partition, on an item, and in
 * the partition the query reads. Anything else is a 400 naming query.cursor, never a key DynamoDB refuses.
 */
function decodeCursor(
  cursor: string,
  expected: { unitPk: string; pkName: string; pkValue: string; keyNames: readonly string[] },
): Item {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw badCursor();
  const entries = Object.entries(key as Record<string, unknown>);
  const valid =
    entries.length === expected.keyNames.length &&
    entries.every(
      ([name, value]) =>
        expected.keyNames.includes(name) &&
        typeof value === 'string' &&
        value.length > 0 &&
        Buffer.byteLength(value) <= MAX_KEY_BYTES,
    );
  const item = key as Item;
  if (
    !valid ||
    item.pk !== expected.unitPk ||
    !String(item.sk).startsWith(PREFIX.recommendation) ||
    item[expected.pkName] !== expected.pkValue
  ) {
    throw badCursor();
  }
  return item;
}

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
    /** Kept until `expiresAt` (epoch seconds, TTL): a retry of the same request within that time replays. */
    idempotency?: { key: string; record: IdempotencyRecord; expiresAt: number };
  }): Promise<void> {
    const { unitId, year, counterFrom, recs } = input;
    const t = this.table;
    const entries = this.creationEntries(unitId, year, counterFrom, recs);
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
    await t.transact(entries);
  }

  /**
   * The writes that create items with their history and aggregates and move the year's reference
   * counter from `counterFrom` (a counter moved meanwhile fails with RetryTransactionError).
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
      mergeInto(aggregates, rec.quarter, counterDelta(null, rec));
    }
    for (const [quarter, counters] of aggregates) {
      const update = t.addCounters(keys.aggregate(unitId, quarter), counters, { type: 'AGGREGATE', quarter });
      if (update) entries.push({ write: update });
    }
    return entries;
  }

  /**
   * The writes of one change of an item still at `before.version` (else VersionConflictError): the item,
   * its history entry and the aggregate delta.
   */
  changeEntries(
    unitId: string,
    before: Recommendation,
    after: Recommendation,
    history: HistoryEntry,
  ): TxEntry[] {
    const t = this.table;
    const entries: TxEntry[] = [
      {
        write: t.put(recommendationToItem(unitId, after), {
          expression: 'version = :v',
          values: { ':v': before.version },
        }),
        onConditionFailed: () => new VersionConflictError(),
      },
      { write: t.put(historyItem(unitId, 'REC', after.id, after.version, history)) },
    ];
    const aggregates = new Map<string, Counters>();
    mergeInto(aggregates, before.quarter, counterDelta(before, null));
    mergeInto(aggregates, after.quarter, counterDelta(null, after));
    for (const [quarter, counters] of aggregates) {
      const update = t.addCounters(keys.aggregate(unitId, quarter), counters, { type: 'AGGREGATE', quarter });
      if (update) entries.push({ write: update });
    }
    return entries;
  }

  /**
   * Saves one change of an item if it still has `before.version`: the item, its history entry and the
   * aggregate delta in one transaction. `extra` entries (e.g. a linked item) join the same transaction.
   */
  async saveChange(
    unitId: string,
    before: Recommendation,
    after: Recommendation,
    history: HistoryEntry,
    extra: TxEntry[] = [],
  ): Promise<void> {
    await this.table.transact([...this.changeEntries(unitId, before, after, history), ...extra]);
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

  async list(
    unitId: string,
    filters: ListFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<Recommendation>> {
    const values: Item = { ':pk': '' };
    const names: Record<string, string> = {};
    const conditions: string[] = [];
    let index: string | undefined;
    let keyCondition: string;
    let pkName: string;
    let keyNames: string[];

    if (filters.overdueOn) {
      index = INDEXES.openByDueDate.indexName;
      keyCondition = 'opk = :pk AND osk < :today';
      values[':pk'] = keys.unitPk(unitId);
      values[':today'] = filters.overdueOn;
      pkName = 'opk';
      keyNames = ['pk', 'sk', 'opk', 'osk'];
    } else if (filters.dialogueId) {
      index = INDEXES.byDialogue.indexName;
      keyCondition = 'gsi1pk = :pk';
      values[':pk'] = keys.dialogueIndex(unitId, filters.dialogueId);
      pkName = 'gsi1pk';
      keyNames = ['pk', 'sk', 'gsi1pk', 'gsi1sk'];
    } else if (filters.departmentId) {
      index = INDEXES.byDepartment.indexName;
      keyCondition = 'gsi2pk = :pk';
      values[':pk'] = keys.departmentIndex(unitId, filters.departmentId);
      pkName = 'gsi2pk';
      keyNames = ['pk', 'sk', 'gsi2pk', 'gsi2sk'];
    } else {
      keyCondition = 'pk = :pk AND begins_with(sk, :rec)';
      values[':pk'] = keys.unitPk(unitId);
      values[':rec'] = PREFIX.recommendation;
      pkName = 'pk';
      keyNames = ['pk', 'sk'];
    }
    if (filters.dialogueId && index !== INDEXES.byDialogue.indexName) {
      conditions.push('dialogueId = :dialogueId');
      values[':dialogueId'] = filters.dialogueId;
    }
    if (filters.departmentId && index !== INDEXES.byDepartment.indexName) {
      conditions.push('departmentId = :departmentId');
      values[':departmentId'] = filters.departmentId;
    }
    if (filters.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filters.status;
    }
    if (filters.field) {
      conditions.push('#field = :field');
      names['#field'] = 'field';
      values[':field'] = filters.field;
    }
    if (filters.dueBefore) {
      conditions.push('dueDate < :dueBefore');
      values[':dueBefore'] = filters.dueBefore;
    }
    if (filters.q) {
      for (const [i, word] of foldDiacritics(filters.q).split(' ').filter(Boolean).entries()) {
        conditions.push(`contains(contentFolded, :q${i})`);
        values[`:q${i}`] = word;
      }
    }
    if (filters.visibleToDepartment) {
      conditions.push('(departmentId = :me OR contains(cooperatingDepartmentIds, :me))');
      values[':me'] = filters.visibleToDepartment;
    }

    let start = cursor
      ? decodeCursor(cursor, {
          unitPk: keys.unitPk(unitId),
          pkName,
          pkValue: String(values[':pk']),
          keyNames,
        })
      : undefined;
    const found: Item[] = [];
    let more = true;
    let firstPage = true;
    while (found.length <= limit && more) {
      const fromCursor = firstPage && cursor !== undefined;
      firstPage = false;
      const page = await this.table
        .queryPage({
          ...(index ? { IndexName: index } : {}),
          KeyConditionExpression: keyCondition,
          ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
          ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
          values,
          Limit: Math.max(limit + 1, 25),
          ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
        })
        .catch((error: unknown) => {
          // A start key DynamoDB still refuses came from the caller's cursor: the caller's error.
          if (fromCursor && (error as Error).name === 'ValidationException') throw badCursor();
          throw error;
        });
      found.push(...page.items);
      start = page.lastKey;
      more = page.lastKey !== undefined;
    }
    const items = found.slice(0, limit);
    const last = items[items.length - 1];
    const hasMore = found.length > limit || more;
    const nextCursor =
      hasMore && last ? encodeCursor(Object.fromEntries(keyNames.map((k) => [k, last[k]]))) : null;
    return { items: items.map(itemToRecommendation), nextCursor };
  }
}

function mergeInto(target: Map<string, Counters>, quarter: string, delta: Counters): void {
  const counters = target.get(quarter) ?? {};
  for (const [k, v] of Object.entries(delta)) counters[k] = (counters[k] ?? 0) + v;
  for (const [k, v] of Object.entries(counters)) if (v === 0) delete counters[k];
  target.set(quarter, counters);
}
