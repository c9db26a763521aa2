/**
 * 1. Latency: p50/p99 of the API (in-process `app.request` and over HTTP) against the raw DynamoDB call
 * the operation needs, each measured sequentially over N requests after a warm-up.
 */
import {
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { historyItem } from '../../shared/adapters/dynamodb/history-store.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { recommendationToItem } from '../../shared/adapters/dynamodb/recommendation-store.js';
import { Table, toAttributes } from '../../shared/adapters/dynamodb/table.js';
import { INDEXES } from '../../shared/adapters/dynamodb/table-definition.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { historyEntry } from '../../shared/domain/history.js';
import { resolveRecommendation } from '../../shared/domain/lifecycle.js';
import type { Recommendation } from '../../shared/domain/model.js';
import { counterDelta } from '../../shared/domain/reports/aggregate-counters.js';
import { httpCall, serveApp } from '../lib/http.js';
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
import { type LatencyStats, latencyStats, timeInterleaved } from '../lib/stats.js';

export interface LatencyRow {
  operation: string;
  baseline: string;
  inProcess: LatencyStats;
  http: LatencyStats;
  raw: LatencyStats;
  /**
   * A bare Hono app called in-process the same way: one route that makes the same DynamoDB calls with
   * inputs built beforehand (no auth, validation, domain or marshalling). The least any Hono app can add.
   */
  bare?: LatencyStats;
  /** Resolve only: the raw GetItem and then the raw transaction, timed as one (no app at all). */
  rawSequence?: LatencyStats;
  /** Target on the p50 ratio (HTTP / raw). */
  target: number;
}

const UNIT = 'lat';

export async function latencySection(
  env: BenchEnv,
  n: number,
  log: (s: string) => void,
): Promise<LatencyRow[]> {
  const warmup = Math.min(50, Math.ceil(n / 10));
  const dialogue = await seedUnit(env, UNIT);
  // Items: a pool to GET, a department inbox, and one assigned item per resolve (API in-process, HTTP, raw).
  const images: Recommendation[] = [];
  let seq = 0;
  const make = (status: 'assigned', departmentId: string, dueDate: string) =>
    recommendationImage({ unitCode: 'LAT', n: ++seq, dialogue, status, departmentId, dueDate });
  const getPool = Array.from({ length: 500 }, (_, i) =>
    make('assigned', 'dc', `2023-11-${String((i % 28) + 1).padStart(2, '0')}`),
  );
  const inbox = Array.from({ length: 300 }, (_, i) =>
    make('assigned', 'vhxh', `2023-11-${String((i % 28) + 1).padStart(2, '0')}`),
  );
  const perMode = n + warmup;
  const resolveApi = Array.from({ length: 2 * perMode }, () => make('assigned', 'ca', '2023-12-15'));
  const resolveRaw = Array.from({ length: perMode }, () => make('assigned', 'ca', '2023-12-15'));
  const resolveBare = Array.from({ length: perMode }, () => make('assigned', 'ca', '2023-12-15'));
  const resolveSequence = Array.from({ length: perMode }, () => make('assigned', 'ca', '2023-12-15'));
  images.push(...getPool, ...inbox, ...resolveApi, ...resolveRaw, ...resolveBare, ...resolveSequence);
  log(`  loading ${images.length} items…`);
  await batchWrite(
    env.client,
    env.tableName,
    [...loadImages(UNIT, images, { dialogues: { '2023-Q4': 1 } }), refCounterItem(UNIT, '2023', seq)],
    8,
  );

  const served = await serveApp(env.app.fetch);
  const headersFor = async (spec: string, json = false) => ({
    authorization: `Bearer ${await env.token(spec, UNIT)}`,
    ...(json ? { 'content-type': 'application/json' } : {}),
  });
  const inProcess = async (path: string, init: RequestInit, expected = 200) => {
    const res = await env.app.request(path, init);
    const text = await res.text();
    if (res.status !== expected)
      throw new Error(`${init.method ?? 'GET'} ${path} → ${res.status} ${text.slice(0, 300)}`);
  };
  const rows: LatencyRow[] = [];
  const getItem = (id: string) =>
    new GetItemCommand({
      TableName: env.tableName,
      Key: toAttributes({ ...keys.recommendation(UNIT, id) }),
      ReturnConsumedCapacity: 'TOTAL',
    });
  // The floor series' app: the same `app.request` door, the same DynamoDB calls, nothing of the product.
  const bare = new Hono();
  const bareInputs: TransactWriteItemsCommandInput[] = [];
  bare.get('/bare/:id', async (c) => {
    const out = await env.raw.send(getItem(c.req.param('id')));
    if (!out.Item) return c.json({ detail: 'not found' }, 404);
    return c.json({ id: c.req.param('id'), version: out.Item.version?.N });
  });
  bare.post('/bare/:i/resolve', async (c) => {
    const i = Number(c.req.param('i'));
    const input = (await c.req.json()) as { answer?: string };
    const before = await env.raw.send(getItem(resolveBare[i]?.id as string));
    if (!before.Item || !input.answer) return c.json({ detail: 'not found' }, 404);
    await env.raw.send(new TransactWriteItemsCommand(bareInputs[i] as TransactWriteItemsCommandInput));
    return c.json({ id: resolveBare[i]?.id, status: 'resolved', answer: input.answer });
  });
  const bareCall = async (path: string, init: RequestInit) => {
    const res = await bare.request(path, init);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`bare ${path} → ${res.status} ${text}`);
  };

  // --- GET one recommendation vs GetItem
  {
    const h = await headersFor('office');
    const path = (i: number) => `/api/recommendations/${getPool[i % getPool.length]?.id}`;
    log('  GET /api/recommendations/{id}…');
    const [a, b, c, d] = (await timeInterleaved(
      n,
      [
        (i) => inProcess(path(i), { headers: h }),
        async (i) => void (await httpCall(`${served.url}${path(i)}`, { headers: h })),
        async (i) => {
          const rec = getPool[i % getPool.length] as Recommendation;
          const out = await env.raw.send(getItem(rec.id));
          if (!out.Item) throw new Error('raw GetItem found nothing');
        },
        (i) => bareCall(`/bare/${getPool[i % getPool.length]?.id}`, { headers: h }),
      ],
      warmup,
    )) as [number[], number[], number[], number[]];
    rows.push({
      operation: 'GET one recommendation',
      baseline: 'GetItem',
      inProcess: latencyStats(a),
      http: latencyStats(b),
      raw: latencyStats(c),
      bare: latencyStats(d),
      target: 1.3,
    });
  }

  // --- department inbox page vs Query on byDepartment
  {
    const h = await headersFor('department:vhxh');
    const path = '/api/recommendations?departmentId=vhxh&status=assigned&limit=50';
    log('  GET /api/recommendations?departmentId=…&status=assigned&limit=50…');
    const [a, b, c] = (await timeInterleaved(
      n,
      [
        () => inProcess(path, { headers: h }),
        async () => void (await httpCall(`${served.url}${path}`, { headers: h })),
        async () => {
          const out = await env.raw.send(
            new QueryCommand({
              TableName: env.tableName,
              IndexName: INDEXES.byDepartment.indexName,
              KeyConditionExpression: 'gsi2pk = :pk',
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: toAttributes({
                ':pk': keys.departmentIndex(UNIT, 'vhxh'),
                ':status': 'assigned',
              }),
              Limit: 51,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          if ((out.Items?.length ?? 0) < 50) throw new Error('raw Query: short page');
        },
      ],
      warmup,
    )) as [number[], number[], number[]];
    rows.push({
      operation: 'Department inbox page (50)',
      baseline: 'Query byDepartment, Limit 51',
      inProcess: latencyStats(a),
      http: latencyStats(b),
      raw: latencyStats(c),
      target: 1.5,
    });
  }

  // --- resolve vs the TransactWriteItems it needs: the item, its history entry, the Front's digest mark
  // (review-digest.ts: every answer leaves one, in its own transaction) and the aggregate — 4 entries.
  {
    const h = await headersFor('department:ca', true);
    const body = JSON.stringify({ answer: 'Đã khắc phục, đề nghị Mặt trận kiểm tra' });
    let next = 0;
    const take = () => resolveApi[next++] as Recommendation;
    log('  POST /api/recommendations/{id}/resolve…');
    const table = new Table(env.raw, env.tableName);
    const calendar = new WorkingCalendar([]);
    const now = new Date(`${TODAY}T02:00:00Z`);
    const transaction = (before: Recommendation): TransactWriteItemsCommandInput => {
      const { next: after } = resolveRecommendation(
        before,
        { answer: 'Đã khắc phục' },
        {
          actor: { ...ACTOR, roles: ['department'], departmentId: 'ca' },
          now,
          today: TODAY,
          calendar,
          defaultAnswerWorkingDays: 15,
        },
      );
      const counters = counterDelta(before, after);
      const aggregate = table.addCounters(keys.aggregate(UNIT, after.quarter), counters, {
        type: 'AGGREGATE',
        quarter: after.quarter,
      });
      return {
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
          table.put({
            ...keys.reviewDigestMark(UNIT, after.id),
            type: 'REVIEW_DIGEST_MARK',
            recommendationId: after.id,
            at: now.toISOString(),
          }),
          ...(aggregate ? [aggregate] : []),
        ],
        ReturnConsumedCapacity: 'TOTAL',
      };
    };
    const inputs = resolveRaw.map(transaction);
    bareInputs.push(...resolveBare.map(transaction));
    const sequenceInputs = resolveSequence.map(transaction);
    let r = 0;
    const [a, b, c, d, e] = (await timeInterleaved(
      n,
      [
        () => inProcess(`/api/recommendations/${take().id}/resolve`, { method: 'POST', headers: h, body }),
        async () =>
          void (await httpCall(`${served.url}/api/recommendations/${take().id}/resolve`, {
            method: 'POST',
            headers: h,
            body,
          })),
        async () =>
          void (await env.raw.send(
            new TransactWriteItemsCommand(inputs[r++] as TransactWriteItemsCommandInput),
          )),
        (i) => bareCall(`/bare/${i}/resolve`, { method: 'POST', headers: h, body }),
        async (i) => {
          const before = await env.raw.send(getItem(resolveSequence[i]?.id as string));
          if (!before.Item) throw new Error('raw GetItem found nothing');
          await env.raw.send(
            new TransactWriteItemsCommand(sequenceInputs[i] as TransactWriteItemsCommandInput),
          );
        },
      ],
      warmup,
    )) as [number[], number[], number[], number[], number[]];
    rows.push({
      operation: 'Resolve',
      baseline: `TransactWriteItems (${inputs[0]?.TransactItems?.length} items)`,
      inProcess: latencyStats(a),
      http: latencyStats(b),
      raw: latencyStats(c),
      bare: latencyStats(d),
      rawSequence: latencyStats(e),
      target: 1.3,
    });
  }
  await served.close();
  return rows;
}
