/**
 * Request units as DynamoDB on-demand would bill them, computed from each request and response, because
 * DynamoDB Local's ConsumedCapacity is not reliable for transactions (a TransactWriteItems of 1 to 63
 * items of 0.5 KB each reports 2 units). Rules applied (DynamoDB developer guide, "read/write request units"):
 * - reads: 4 KB units of the items read, ×0.5 eventually consistent, ×1 strongly consistent (a Query
 *   counts the items it examined: the returned size scaled by ScannedCount/Count);
 * - writes: 1 KB units of the item written (an Update: the item after it), ×2 in a transaction;
 * - each global secondary index holding the written item (ALL projection): +1 KB units of it.
 * Deletions from an index (an item leaving the sparse openByDueDate index) are not counted: slightly low.
 */
import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { INDEX_LIST } from '../../shared/adapters/dynamodb/table-definition.js';

type Attributes = Record<string, AttributeValue>;

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return utf8(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|e.*$/gi, '').replace(/^0+/, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.L !== undefined) return 3 + v.L.reduce((s, x) => s + 1 + valueSize(x), 0);
  if (v.M !== undefined)
    return 3 + Object.entries(v.M).reduce((s, [k, x]) => s + 1 + utf8(k) + valueSize(x), 0);
  if (v.SS !== undefined) return v.SS.reduce((s, x) => s + utf8(x), 0);
  if (v.NS !== undefined) return v.NS.reduce((s, x) => s + Math.ceil(x.length / 2) + 1, 0);
  return 0;
}

export function itemSize(item: Attributes | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((s, [k, v]) => s + utf8(k) + valueSize(v), 0);
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number, consistent: boolean) =>
  Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

function indexWrites(item: Attributes | undefined): number {
  if (!item) return 0;
  const size = itemSize(item);
  return INDEX_LIST.filter((i) => item[i.partitionKey] && item[i.sortKey]).length * kb(size);
}

export class CapacityModel {
  read = 0;
  write = 0;

  /** `lookup` reads an item after an Update (its size is what a write is billed on). */
  constructor(
    private readonly client: DynamoDBClient,
    private readonly lookup: DynamoDBClient,
  ) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const out = await next(args);
        await this.account(
          context.commandName ?? '',
          args.input as Record<string, unknown>,
          out.output as unknown as Record<string, unknown>,
        );
        return out;
      },
      { step: 'initialize', name: 'benchCapacityModel' },
    );
  }

  reset(): void {
    this.read = 0;
    this.write = 0;
  }

  detach(): void {
    this.client.middlewareStack.remove('benchCapacityModel');
  }

  private async sizeAfterUpdate(table: string, key: Attributes): Promise<Attributes | undefined> {
    return (await this.lookup.send(new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true })))
      .Item;
  }

  private async account(
    command: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
  ): Promise<void> {
    switch (command) {
      case 'GetItemCommand':
        this.read += readUnits(itemSize(output.Item as Attributes), input.ConsistentRead === true);
        return;
      case 'QueryCommand':
      case 'ScanCommand': {
        const items = (output.Items ?? []) as Attributes[];
        const returned = items.reduce((s, i) => s + itemSize(i), 0);
        const count = Number(output.Count ?? items.length);
        const scanned = Number(output.ScannedCount ?? count);
        const examined = count > 0 ? (returned * scanned) / count : scanned * 1024;
        this.read += readUnits(examined, input.ConsistentRead === true);
        return;
      }
      case 'PutItemCommand':
        this.write += kb(itemSize(input.Item as Attributes)) + indexWrites(input.Item as Attributes);
        return;
      case 'BatchWriteItemCommand':
        for (const requests of Object.values(
          (input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Attributes } }[]>,
        )) {
          for (const r of requests)
            this.write += r.PutRequest ? kb(itemSize(r.PutRequest.Item)) + indexWrites(r.PutRequest.Item) : 1;
        }
        return;
      case 'TransactWriteItemsCommand': {
        type Entry = {
          Put?: { TableName: string; Item: Attributes };
          Update?: { TableName: string; Key: Attributes };
          Delete?: { Key: Attributes };
          ConditionCheck?: unknown;
        };
        for (const e of (input.TransactItems ?? []) as Entry[]) {
          if (e.Put) this.write += 2 * kb(itemSize(e.Put.Item)) + indexWrites(e.Put.Item);
          else if (e.Update) {
            const after = await this.sizeAfterUpdate(e.Update.TableName, e.Update.Key);
            this.write += 2 * kb(itemSize(after)) + indexWrites(after);
          } else if (e.Delete) this.write += 2;
          else if (e.ConditionCheck) this.read += 2;
        }
        return;
      }
      case 'UpdateItemCommand':
      case 'DeleteItemCommand':
        this.write += 1;
        return;
    }
  }
}
