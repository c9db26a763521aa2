import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type ConsumedCapacity,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Key } from './keys.js';

export type Item = Record<string, unknown>;

/** Counts read and write capacity units, for benchmarks and cost estimates. */
export class CapacityMeter {
  read = 0;
  write = 0;
  calls = 0;
  /** Items read (examined by a Query before its filter, or fetched), for benchmarks. */
  items = 0;
  /** BatchWriteItem calls (derived entries written after a transaction), counted in `calls` too. */
  batchWrites = 0;
  /** DynamoDB (and DynamoDB Local) may report only `CapacityUnits`: the call's kind says which they are. */
  add(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined, kind: 'read' | 'write'): void {
    for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
      const units = c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0);
      if (kind === 'read') this.read += units;
      else this.write += units;
    }
  }
  reset(): void {
    this.read = 0;
    this.write = 0;
    this.calls = 0;
    this.items = 0;
    this.batchWrites = 0;
  }
}

/** One entry of a transaction, with what a failed condition on it means. */
export interface TxEntry {
  write: TransactWriteItem;
  onConditionFailed?: () => Error;
}

/** A failed condition that the caller resolves by reading again and rebuilding the transaction. */
export class RetryTransactionError extends Error {
  constructor() {
    super('transaction must be rebuilt');
    this.name = 'RetryTransactionError';
  }
}

export const toAttributes = (item: Item): Record<string, AttributeValue> =>
  marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true });

export const fromAttributes = (attributes: Record<string, AttributeValue>): Item => unmarshall(attributes);

/** Thin typed access to the single table; every call reports its capacity to the meter. */
export class Table {
  constructor(
    readonly client: DynamoDBClient,
    readonly name: string,
    readonly meter: CapacityMeter = new CapacityMeter(),
  ) {}

  async get(key: Key, consistent = false): Promise<Item | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.name,
        Key: toAttributes({ ...key }),
        ConsistentRead: consistent,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.calls++;
    this.meter.items += out.Item ? 1 : 0;
    this.meter.add(out.ConsumedCapacity, 'read');
    return out.Item ? fromAttributes(out.Item) : undefined;
  }

  /** One page of a query. */
  async queryPage(
    input: Omit<QueryCommandInput, 'TableName' | 'ExpressionAttributeValues'> & { values: Item },
  ): Promise<{ items: Item[]; lastKey: Item | undefined }> {
    const { values, ...rest } = input;
    const out = await this.client.send(
      new QueryCommand({
        ...rest,
        TableName: this.name,
        ExpressionAttributeValues: toAttributes(values),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    this.meter.calls++;
    this.meter.items += out.ScannedCount ?? out.Items?.length ?? 0;
    this.meter.add(out.ConsumedCapacity, 'read');
    return {
      items: (out.Items ?? []).map(fromAttributes),
      lastKey: out.LastEvaluatedKey ? fromAttributes(out.LastEvaluatedKey) : undefined,
    };
  }

  /**
   * Items by key (BatchGetItem, 100 keys per call, unprocessed keys retried), in the order of `keys`;
   * keys with no item are left out.
   */
  async batchGet(keyList: readonly Key[], consistent = false): Promise<Item[]> {
    const found = new Map<string, Item>();
    const id = (k: { pk?: unknown; sk?: unknown }) => `${String(k.pk)}\u0000${String(k.sk)}`;
    const unique = [...new Map(keyList.map((k) => [id(k), k] as const)).values()];
    for (let i = 0; i < unique.length; i += 100) {
      let pending: Record<string, AttributeValue>[] = unique
        .slice(i, i + 100)
        .map((k) => toAttributes({ pk: k.pk, sk: k.sk }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        if (attempt > 10) throw new Error('BatchGetItem: unprocessed keys remain');
        const out = await this.client.send(
          new BatchGetItemCommand({
            RequestItems: { [this.name]: { Keys: pending, ConsistentRead: consistent } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.meter.calls++;
        this.meter.add(out.ConsumedCapacity, 'read');
        const items = (out.Responses?.[this.name] ?? []).map(fromAttributes);
        this.meter.items += items.length;
        for (const item of items) found.set(id(item), item);
        pending = out.UnprocessedKeys?.[this.name]?.Keys ?? [];
      }
    }
    return keyList.flatMap((k) => {
      const item = found.get(id(k));
      return item ? [item] : [];
    });
  }

  /**
   * Puts and deletes, not atomically (BatchWriteItem: 25 per call, a few calls at once, unprocessed
   * requests retried): for entries derived from items already committed, which a retry writes again.
   */
  async batchWrite(puts: readonly Item[], deletes: readonly Key[] = [], concurrency = 4): Promise<void> {
    const requests: WriteRequest[] = [
      ...puts.map((item) => ({ PutRequest: { Item: toAttributes(item) } })),
      ...deletes.map((k) => ({ DeleteRequest: { Key: toAttributes({ pk: k.pk, sk: k.sk }) } })),
    ];
    const chunks: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += 25) chunks.push(requests.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      for (let chunk = chunks[next++]; chunk; chunk = chunks[next++]) {
        let pending = chunk;
        for (let attempt = 0; pending.length > 0; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
          if (attempt > 10) throw new Error('BatchWriteItem: unprocessed items remain');
          const out = await this.client.send(
            new BatchWriteItemCommand({
              RequestItems: { [this.name]: pending },
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          this.meter.calls++;
          this.meter.batchWrites++;
          this.meter.add(out.ConsumedCapacity, 'write');
          pending = out.UnprocessedItems?.[this.name] ?? [];
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  }

  /** Every item of a query, following pagination. */
  async queryAll(input: Parameters<Table['queryPage']>[0]): Promise<Item[]> {
    const all: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await this.queryPage({
        ...input,
        ...(start ? { ExclusiveStartKey: toAttributes(start) } : {}),
      });
      all.push(...page.items);
      start = page.lastKey;
    } while (start);
    return all;
  }

  /**
   * Writes all entries atomically. Conflicts with concurrent transactions are retried with jittered
   * backoff; a failed condition throws the entry's own error (or RetryTransactionError).
   */
  async transact(entries: TxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    if (entries.length > 100) throw new Error(`transaction of ${entries.length} items exceeds 100`);
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.client.send(
          new TransactWriteItemsCommand({
            TransactItems: entries.map((e) => e.write),
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        this.meter.calls++;
        this.meter.add(out.ConsumedCapacity, 'write');
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed');
        if (failed >= 0) throw entries[failed]?.onConditionFailed?.() ?? new RetryTransactionError();
        const conflict = reasons.some(
          (r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError',
        );
        if (!conflict || attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(1000, 20 * 2 ** attempt)));
      }
    }
  }

  put(
    item: Item,
    condition?: { expression: string; names?: Record<string, string>; values?: Item },
  ): TransactWriteItem {
    return {
      Put: {
        TableName: this.name,
        Item: toAttributes(item),
        ...(condition
          ? {
              ConditionExpression: condition.expression,
              ...(condition.names ? { ExpressionAttributeNames: condition.names } : {}),
              ...(condition.values ? { ExpressionAttributeValues: toAttributes(condition.values) } : {}),
            }
          : {}),
      },
    };
  }

  delete(key: Key): TransactWriteItem {
    return { Delete: { TableName: this.name, Key: toAttributes({ pk: key.pk, sk: key.sk }) } };
  }

  /** ADD each counter (negative to subtract) to one item. */
  addCounters(key: Key, counters: Record<string, number>, extra: Item = {}): TransactWriteItem | undefined {
    const entries = Object.entries(counters);
    if (entries.length === 0) return undefined;
    const names: Record<string, string> = {};
    const values: Item = {};
    const adds = entries.map(([name, value], i) => {
      names[`#c${i}`] = name;
      values[`:c${i}`] = value;
      return `#c${i} :c${i}`;
    });
    const sets = Object.entries(extra).map(([name, value], i) => {
      names[`#s${i}`] = name;
      values[`:s${i}`] = value;
      return `#s${i} = :s${i}`;
    });
    return {
      Update: {
        TableName: this.name,
        Key: toAttributes({ ...key }),
        UpdateExpression: `ADD ${adds.join(', ')}${sets.length ? ` SET ${sets.join(', ')}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: toAttributes(values),
      },
    };
  }
}
