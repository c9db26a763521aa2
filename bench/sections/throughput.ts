/**
 * 2. Throughput under load: autocannon (own process) with 50 connections for 20 s, a mix of single-item
 * reads, department inbox pages and resolves over many items, against the API over HTTP and against a
 * bare node:http server doing the same DynamoDB calls (no framework, no token, no validation).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  GetItemCommand,
  QueryCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { historyItem } from '../../shared/adapters/dynamodb/history-store.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import {
  itemToRecommendation,
  recommendationToItem,
} from '../../shared/adapters/dynamodb/recommendation-store.js';
import { fromAttributes, Table, toAttributes } from '../../shared/adapters/dynamodb/table.js';
import { INDEXES } from '../../shared/adapters/dynamodb/table-definition.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { historyEntry } from '../../shared/domain/history.js';
import { resolveRecommendation } from '../../shared/domain/lifecycle.js';
import type { Recommendation } from '../../shared/domain/model.js';
import { counterDelta } from '../../shared/domain/reports/aggregate-counters.js';
import { serveApp } from '../lib/http.js';
import {
  ACTOR,
  type BenchEnv,
  batchWrite,
  loadImages,
  recommendationImage,
  refCounterItem,
  seedUnit,
  TODAY,
} from '../lib/setup.js';
import type { LoadResult, LoadSettings } from '../load-client.js';

export interface ThroughputResult {
  api: LoadResult;
  raw: LoadResult;
  connections: number;
  seconds: number;
  mix: LoadSettings['mix'];
  /** Responses other than 2xx and the deliberate 409s. */
  unexpected: { api: number; raw: number };
}

const UNIT = 'load';
const MIX = { resolve: 0.15, inbox: 0.1, deliberateConflict: 0.01 };

function runLoad(settings: LoadSettings): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const file = join(dir, 'settings.json');
  writeFileSync(file, JSON.stringify(settings));
  const script = fileURLToPath(new URL('../load-client.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, file],
      { maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_NO_WARNINGS: '1' } },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`load client failed: ${error.message}\n${stderr}`));
        const line = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(line) as LoadResult);
        } catch {
          reject(new Error(`load client printed no result: ${stdout}\n${stderr}`));
        }
      },
    );
  });
}

/** The same DynamoDB calls as the API makes for each request, behind a bare node:http server. */
function rawServer(env: BenchEnv): Promise<{ url: string; close(): Promise<void> }> {
  const table = new Table(env.raw, env.tableName);
  const calendar = new WorkingCalendar([]);
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const [, , kind, arg] = (req.url ?? '').split('/');
    if (kind === 'rec') {
      const out = await env.raw.send(
        new GetItemCommand({
          TableName: env.tableName,
          Key: toAttributes({ ...keys.recommendation(UNIT, arg as string) }),
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return out.Item ? send(res, 200, itemToRecommendation(fromAttributes(out.Item))) : send(res, 404, {});
    }
    if (kind === 'inbox') {
      const out = await env.raw.send(
        new QueryCommand({
          TableName: env.tableName,
          IndexName: INDEXES.byDepartment.indexName,
          KeyConditionExpression: 'gsi2pk = :pk',
          FilterExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: toAttributes({
            ':pk': keys.departmentIndex(UNIT, arg as string),
            ':status': 'assigned',
          }),
          Limit: 51,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      return send(res, 200, {
        items: (out.Items ?? []).slice(0, 50).map((i) => itemToRecommendation(fromAttributes(i))),
      });
    }
    if (kind === 'resolve') {
      for await (const _chunk of req) {
        // drain the body
      }
      const got = await env.raw.send(
        new GetItemCommand({
          TableName: env.tableName,
          Key: toAttributes({ ...keys.recommendation(UNIT, arg as string) }),
          ConsistentRead: true,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      if (!got.Item) return send(res, 404, {});
      const before = itemToRecommendation(fromAttributes(got.Item));
      if (before.status !== 'assigned') return send(res, 409, {});
      const now = new Date(`${TODAY}T02:00:00Z`);
      const { next: after } = resolveRecommendation(
        before,
        { answer: 'Đã khắc phục' },
        { actor: ACTOR, now, today: TODAY, calendar, defaultAnswerWorkingDays: 15 },
      );
      const aggregate = table.addCounters(keys.aggregate(UNIT, after.quarter), counterDelta(before, after), {
        type: 'AGGREGATE',
        quarter: after.quarter,
      });
      try {
        await env.raw.send(
          new TransactWriteItemsCommand({
            TransactItems: [
              table.put(recommendationToItem(UNIT, after), {
                expression: 'version = :v',
                values: { ':v': before.version },
              }),
              table.put(
                historyItem(
                  UNIT,
                  'REC',
                  after.id,
                  after.version,
                  historyEntry(ACTOR, now, 'resolved', before, after),
                ),
              ),
              ...(aggregate ? [aggregate] : []),
            ],
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
      } catch (error) {
        if (error instanceof TransactionCanceledException) return send(res, 409, {});
        throw error;
      }
      return send(res, 200, after);
    }
    send(res, 404, {});
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, { error: String(error) }));
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

export async function throughputSection(
  env: BenchEnv,
  connections: number,
  seconds: number,
  log: (s: string) => void,
): Promise<ThroughputResult> {
  const dialogue = await seedUnit(env, UNIT);
  let seq = 0;
  const make = (departmentId: string, dueDate: string): Recommendation =>
    recommendationImage({ unitCode: 'LOAD', n: ++seq, dialogue, status: 'assigned', departmentId, dueDate });
  const reads = Array.from({ length: 2000 }, (_, i) =>
    make('dc', `2023-11-${String((i % 28) + 1).padStart(2, '0')}`),
  );
  const inbox = Array.from({ length: 300 }, (_, i) =>
    make('vhxh', `2023-11-${String((i % 28) + 1).padStart(2, '0')}`),
  );
  // Enough items for every resolve at a generous rate (1,500 req/s), one pool per server: a pool that ran
  // out would turn resolves into conflicts that were not meant.
  const poolSize = Math.max(1000, Math.ceil(seconds * 1500 * MIX.resolve));
  const apiPool = Array.from({ length: poolSize }, () => make('ca', '2023-12-15'));
  const rawPool = Array.from({ length: poolSize }, () => make('ca', '2023-12-15'));
  log(`  loading ${seq} items…`);
  await batchWrite(
    env.client,
    env.tableName,
    [
      ...loadImages(UNIT, [...reads, ...inbox, ...apiPool, ...rawPool], { dialogues: { '2023-Q4': 1 } }),
      refCounterItem(UNIT, '2023', seq),
    ],
    8,
  );

  const base = { connections, seconds, getIds: reads.map((r) => r.id), mix: MIX };
  const auth = async (spec: string, json = false) => ({
    authorization: `Bearer ${await env.token(spec, UNIT)}`,
    ...(json ? { 'content-type': 'application/json' } : {}),
  });
  const apiSettings = async (url: string, resolveIds: string[], secs: number): Promise<LoadSettings> => ({
    ...base,
    seconds: secs,
    url,
    headers: {
      get: await auth('office'),
      inbox: await auth('department:vhxh'),
      resolve: await auth('department:ca', true),
    },
    paths: {
      get: '/api/recommendations/{id}',
      inbox: '/api/recommendations?departmentId=vhxh&status=assigned&limit=50',
      resolve: '/api/recommendations/{id}/resolve',
    },
    resolveIds,
  });
  const rawSettings = (url: string, resolveIds: string[], secs: number): LoadSettings => ({
    ...base,
    seconds: secs,
    url,
    headers: { get: {}, inbox: {}, resolve: { 'content-type': 'application/json' } },
    paths: { get: '/raw/rec/{id}', inbox: '/raw/inbox/vhxh', resolve: '/raw/resolve/{id}' },
    resolveIds,
  });
  // No separate warm-up: the latency section before this one has warmed DynamoDB Local and the app.
  const api = await serveApp(env.app.fetch);
  const raw = await rawServer(env);
  log(`  API: ${connections} connections, ${seconds} s…`);
  const apiResult = await runLoad(
    await apiSettings(
      api.url,
      apiPool.map((r) => r.id),
      seconds,
    ),
  );
  await api.close();
  log(`  raw DynamoDB server: ${connections} connections, ${seconds} s…`);
  const rawResult = await runLoad(
    rawSettings(
      raw.url,
      rawPool.map((r) => r.id),
      seconds,
    ),
  );
  await raw.close();
  const unexpected = (r: LoadResult) =>
    Object.entries(r.statusCodes)
      .filter(([code]) => !code.startsWith('2') && code !== '409')
      .reduce((s, [, n]) => s + n, 0) +
    r.errors +
    r.timeouts;
  return {
    api: apiResult,
    raw: rawResult,
    connections,
    seconds,
    mix: MIX,
    unexpected: { api: unexpected(apiResult), raw: unexpected(rawResult) },
  };
}
