/** Instruments for the reliability suite: a log of every DynamoDB call, fault injection, table snapshots. */
import { type DynamoDBClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'vitest';

export const WRITE_COMMANDS: ReadonlySet<string> = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

export interface CommandRecord {
  command: string;
  ok: boolean;
  error?: string;
  /** Partition keys a write command puts, updates or deletes. */
  writes?: string[];
}

type Attr = Record<string, { S?: string } | undefined> | undefined;

/** The partition keys (`pk`) a write command touches, read from its input. */
export function writtenPartitions(command: string, input: Record<string, unknown>): string[] {
  const pkOf = (item: Attr) => item?.pk?.S ?? '?';
  const fromTx = (entries: unknown) =>
    ((entries ?? []) as Record<string, { Item?: Attr; Key?: Attr } | undefined>[]).flatMap((e) =>
      [e.Put && pkOf(e.Put.Item), e.Update && pkOf(e.Update.Key), e.Delete && pkOf(e.Delete.Key)].filter(
        (x): x is string => !!x,
      ),
    );
  switch (command) {
    case 'PutItemCommand':
      return [pkOf(input.Item as Attr)];
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return [pkOf(input.Key as Attr)];
    case 'TransactWriteItemsCommand':
      return fromTx(input.TransactItems);
    case 'BatchWriteItemCommand':
      return Object.values(
        (input.RequestItems ?? {}) as Record<
          string,
          { PutRequest?: { Item: Attr }; DeleteRequest?: { Key: Attr } }[]
        >,
      )
        .flat()
        .map((r) => pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
    default:
      return [];
  }
}

/** What a fault rule does to the n-th matching call (1-based): throw before sending, or after it succeeded. */
export interface FaultRule {
  command: string;
  /** Return an error to fail this call, or undefined to let it through. */
  fault(n: number): Error | undefined;
  /** 'before': the call never reaches DynamoDB; 'after': it commits, then the caller sees the error (a lost response). */
  when?: 'before' | 'after';
  seen?: number;
}

/**
 * Wraps the client's send path (inside the SDK's retry loop, so every attempt is seen separately):
 * records each attempt and applies fault rules. One per client.
 */
export class ClientProbe {
  readonly log: CommandRecord[] = [];
  private rules: FaultRule[] = [];

  constructor(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        const writes = WRITE_COMMANDS.has(command)
          ? writtenPartitions(command, args.input as Record<string, unknown>)
          : undefined;
        const rule = this.rules.find((r) => r.command === command);
        let error: Error | undefined;
        if (rule) {
          rule.seen = (rule.seen ?? 0) + 1;
          error = rule.fault(rule.seen);
        }
        if (error && (rule?.when ?? 'before') === 'before') {
          this.log.push({ command, ok: false, error: error.name });
          throw error;
        }
        try {
          const out = await next(args);
          if (error) {
            this.log.push({
              command,
              ok: true,
              error: `${error.name} (after commit)`,
              ...(writes ? { writes } : {}),
            });
            throw error;
          }
          this.log.push({ command, ok: true, ...(writes ? { writes } : {}) });
          return out;
        } catch (e) {
          if (e !== error) this.log.push({ command, ok: false, error: (e as Error).name });
          throw e;
        }
      },
      // Inside the retry middleware (finalizeRequest step): a thrown error is classified and retried by the SDK.
      {
        step: 'deserialize',
        priority: 'high',
        name: `reliabilityProbe${Math.random().toString(36).slice(2)}`,
      },
    );
  }

  addFault(rule: FaultRule): FaultRule {
    this.rules.push(rule);
    return rule;
  }

  clearFaults(): void {
    this.rules = [];
  }

  /** Calls recorded since `mark` (an index into the log). */
  since(mark: number): CommandRecord[] {
    return this.log.slice(mark);
  }

  /** Write calls that DynamoDB accepted since `mark`: each one may have changed the table. */
  committedWrites(mark: number): CommandRecord[] {
    return this.since(mark).filter((r) => WRITE_COMMANDS.has(r.command) && r.ok);
  }
}

/** Every item of the table, consistently read and sorted: compare two to prove nothing changed. */
export async function snapshot(
  client: DynamoDBClient,
  tableName: string,
  filter: (item: Record<string, unknown>) => boolean = () => true,
): Promise<string[]> {
  const items: string[] = [];
  let start: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const out: ScanCommandOutput = await client.send(
      new ScanCommand({
        TableName: tableName,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const raw of out.Items ?? []) {
      const item = unmarshall(raw);
      if (filter(item)) items.push(stableStringify(item));
    }
    start = out.LastEvaluatedKey;
  } while (start);
  return items.sort();
}

function stableStringify(value: unknown): string {
  if (value instanceof Set) return stableStringify([...value].sort());
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** An RFC 9457 problem whose `errors` name at least one field. */
export function expectProblem(
  res: { status: number; headers: Headers; body: unknown },
  context: string,
): void {
  const body = res.body as { status?: number; errors?: { field?: unknown; message?: unknown }[] } | null;
  const where = `${context} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 400)}`;
  expect(res.headers.get('content-type') ?? '', where).toMatch(/^application\/problem\+json/);
  expect(body?.status, where).toBe(res.status);
  expect(Array.isArray(body?.errors) && body.errors.length > 0, where).toBe(true);
  for (const e of body?.errors ?? []) {
    expect(typeof e.field === 'string' && e.field.length > 0, where).toBe(true);
    expect(typeof e.message === 'string' && e.message.length > 0, where).toBe(true);
  }
}

export async function readResponse(
  res: Response,
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body, text };
}
