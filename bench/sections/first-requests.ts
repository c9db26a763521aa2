/**
 * 5b. The first request after a cold start of each lazily loaded route: the api's app, bundled as the
 * function is (infra/bundling.ts, bench/first-request/app.ts), imported by a fresh `node` that then sends
 * one request in-process (`app.fetch`) and the same request again. The first pays for loading the chunks
 * the route needs (its route group — shared/http/api-groups.ts —, pages, report rendering, the XLSX
 * writer, the spreadsheet reader, the MIME builder);
 * the second is the warm figure. Against DynamoDB Local, so both include its round trips. Median of N
 * fresh processes per route.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { lambdaBuildOptions } from '../../infra/bundling.js';
import { BENCH_NOW, type BenchEnv, seedUnit } from '../lib/setup.js';
import { median } from '../lib/stats.js';
import { officeSpreadsheet } from './import.js';

export interface FirstRequestRow {
  route: string;
  loads: string;
  status: number;
  firstMs: number;
  secondMs: number;
  runs: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const UNIT = 'first';

interface Probe {
  route: string;
  loads: string;
  method: string;
  path: string;
  token: string | null;
  headers?: Record<string, string>;
  /** base64 */
  body?: string;
  expect: number;
}

const CHILD = `
const { app } = await import('./app/index.mjs');
const probe = JSON.parse(process.env.BENCH_PROBE);
const request = () => new Request('http://localhost' + probe.path, {
  method: probe.method,
  headers: { ...(probe.token ? { authorization: 'Bearer ' + probe.token } : {}), ...probe.headers },
  ...(probe.body ? { body: Buffer.from(probe.body, 'base64') } : {}),
});
const times = [];
const statuses = [];
for (let i = 0; i < 2; i++) {
  const req = request();
  const t0 = performance.now();
  const res = await app.fetch(req);
  await res.arrayBuffer();
  times.push(performance.now() - t0);
  statuses.push(res.status);
}
process.stdout.write(JSON.stringify({ status: statuses[0], times }));
`;

export async function firstRequestsSection(
  env: BenchEnv,
  runs: number,
  log: (s: string) => void,
): Promise<FirstRequestRow[]> {
  const dialogue = await seedUnit(env, UNIT);
  const office = await env.token('office', UNIT);
  const front = await env.token('front', UNIT);
  const post = async (path: string, token: string, body: unknown, method = 'POST') => {
    const res = await env.app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  const item = await post(`/api/dialogues/${dialogue.id}/recommendations`, office, {
    content: 'Đề nghị sửa chữa đường hẻm 27',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'dc',
    dueDate: '2023-11-15',
  });
  const admin = await env.token('admin', UNIT);
  await post('/api/recipients/supervision/mttq%40demo.example', admin, { name: 'Mặt trận' }, 'PUT');
  const sheet = Buffer.from(await officeSpreadsheet(20)).toString('base64');

  const probes: Probe[] = [
    {
      route: 'GET /api/recommendations/{id}',
      loads: 'the recommendations group (routes, schemas, services)',
      method: 'GET',
      path: `/api/recommendations/${item.id}`,
      token: office,
      expect: 200,
    },
    {
      route: 'GET /api/recommendations?status=assigned',
      loads: 'the lists group',
      method: 'GET',
      path: '/api/recommendations?status=assigned',
      token: office,
      expect: 200,
    },
    {
      route: 'GET /api/dialogues',
      loads: 'the dialogues group',
      method: 'GET',
      path: '/api/dialogues',
      token: office,
      expect: 200,
    },
    {
      route: 'GET /api/calendar/holidays?year=2023',
      loads: 'the calendar group',
      method: 'GET',
      path: '/api/calendar/holidays?year=2023',
      token: office,
      expect: 200,
    },
    {
      route: 'GET /api/departments',
      loads: 'the departments group',
      method: 'GET',
      path: '/api/departments',
      token: office,
      expect: 200,
    },
    {
      route: 'GET /signin (page)',
      loads: 'the pages',
      method: 'GET',
      path: '/signin',
      token: null,
      headers: { accept: 'text/html' },
      expect: 200,
    },
    {
      route: `GET /public/${UNIT} (page reading the table)`,
      loads: 'the pages',
      method: 'GET',
      path: `/public/${UNIT}`,
      token: null,
      headers: { accept: 'text/html' },
      expect: 200,
    },
    {
      route: 'GET /api/reports/supervision?format=html',
      loads: 'the reports group, report rendering',
      method: 'GET',
      path: '/api/reports/supervision?format=html',
      token: front,
      expect: 200,
    },
    {
      route: 'GET /api/reports/supervision?format=xlsx',
      loads: 'the reports group, report rendering, the XLSX writer',
      method: 'GET',
      path: '/api/reports/supervision?format=xlsx',
      token: front,
      expect: 200,
    },
    {
      route: 'POST /api/reports/supervision/send',
      loads: 'the reports group, report rendering, the XLSX writer, the MIME builder',
      method: 'POST',
      path: '/api/reports/supervision/send',
      token: office,
      expect: 202,
    },
    {
      route: 'POST /api/dialogues/{id}/recommendations/import (20 rows, XLSX)',
      loads: 'the recommendations group, the spreadsheet reader',
      method: 'POST',
      path: `/api/dialogues/${dialogue.id}/recommendations/import`,
      token: office,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      body: sheet,
      expect: 201,
    },
    {
      route: 'GET /openapi.json',
      loads: 'every route group and the JSON Schema generator (the document is built on first request)',
      method: 'GET',
      path: '/openapi.json',
      token: null,
      expect: 200,
    },
  ];

  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/bench-first-'));
  log('  esbuild bench/first-request/app.ts as the api function is built…');
  await build({
    ...lambdaBuildOptions({ entry: join(ROOT, 'bench/first-request/app.ts'), outdir: join(dir, 'app') }),
    absWorkingDir: ROOT,
  });
  const child = join(dir, 'child.mjs');
  writeFileSync(child, CHILD);
  const childEnv = {
    PATH: process.env.PATH ?? '',
    NODE_NO_WARNINGS: '1',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    BENCH_DYNAMODB_ENDPOINT: env.endpoint,
    BENCH_TABLE: env.tableName,
    BENCH_NOW,
    BENCH_PUBLIC_JWK: JSON.stringify(env.keys.publicJwk),
  };
  const rows: FirstRequestRow[] = [];
  for (const probe of probes) {
    log(`  ${probe.route}: ${runs} fresh processes…`);
    const first: number[] = [];
    const second: number[] = [];
    let status = 0;
    for (let i = 0; i < runs; i++) {
      const out = spawnSync(process.execPath, [child], {
        env: { ...childEnv, BENCH_PROBE: JSON.stringify(probe) },
        encoding: 'utf8',
      });
      if (out.status !== 0) throw new Error(`${probe.route}: ${out.stderr.slice(0, 1000)}`);
      // The result is the child's last line (the app may log before it).
      const last = out.stdout.trimEnd().split('\n').at(-1) ?? '';
      const result = JSON.parse(last) as { status: number; times: [number, number] };
      status = result.status;
      if (status !== probe.expect) throw new Error(`${probe.route}: ${status}, expected ${probe.expect}`);
      first.push(result.times[0]);
      second.push(result.times[1]);
    }
    rows.push({
      route: probe.route,
      loads: probe.loads,
      status,
      firstMs: median(first),
      secondMs: median(second),
      runs,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
