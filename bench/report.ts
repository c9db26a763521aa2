/** The benchmark's results as docs/BENCHMARKS.md and as a table on the console. */
import type { config as Config } from './config.js';
import { fmt, type LatencyStats } from './lib/stats.js';
import { hostileMarkdown, hostileTargets } from './report-hostile.js';
import { listsMarkdown, listsTargets } from './report-lists.js';
import type { BundleRow } from './sections/bundles.js';
import type { CostRow } from './sections/costs.js';
import type { FirstRequestRow } from './sections/first-requests.js';
import type { HostileResult } from './sections/hostile.js';
import type { ImportRow } from './sections/import.js';
import type { LatencyRow } from './sections/latency.js';
import type { ListsResult } from './sections/lists.js';
import type { SummaryResult } from './sections/summary.js';
import type { ThroughputResult } from './sections/throughput.js';

export interface Machine {
  date: string;
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  java: string;
  dynamoDbLocal: string;
}

export interface Results {
  latency?: LatencyRow[];
  throughput?: ThroughputResult;
  imports?: ImportRow[];
  hostile?: HostileResult;
  lists?: ListsResult;
  summary?: SummaryResult;
  bundles?: BundleRow[];
  firstRequests?: FirstRequestRow[];
  costs?: CostRow[];
  seconds: Record<string, number>;
  totalSeconds: number;
}

export interface TargetLine {
  item: string;
  target: string;
  measured: string;
  met: boolean;
}

const met = (ok: boolean) => (ok ? '**met**' : '**not met**');

/** The bare Hono app's ratio on the same baseline, where the row has one (section 1 says what it is). */
const bareNote = (row: LatencyRow) =>
  (row.rawSequence
    ? `; the raw calls timed as one: ${fmt.ratio(row.rawSequence.p50 / row.raw.p50)} (${fmt.ms(row.rawSequence.p50)} ms)`
    : '') +
  (row.bare
    ? `; a bare Hono route making the same calls: ${fmt.ratio(row.bare.p50 / row.raw.p50)} (${fmt.ms(row.bare.p50)} ms)`
    : '');

export function targets(r: Results): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const row of r.latency ?? []) {
    const ratio = row.http.p50 / row.raw.p50;
    lines.push({
      item: `1. ${row.operation}: p50 over HTTP / ${row.baseline}`,
      target: `≤ ${row.target}`,
      measured: `${fmt.ratio(ratio)} (${fmt.ms(row.http.p50)} / ${fmt.ms(row.raw.p50)} ms; in-process ${fmt.ratio(row.inProcess.p50 / row.raw.p50)})`,
      met: ratio <= row.target,
    });
  }
  const get = r.latency?.find((row) => row.operation === 'GET one recommendation');
  const resolve = r.latency?.find((row) => row.operation === 'Resolve');
  if (get) {
    const ratio = get.inProcess.p50 / get.raw.p50;
    lines.push({
      item: '1. GET one recommendation: p50 in-process / GetItem',
      target: '≤ 1.2',
      measured: `${fmt.ratio(ratio)} (${fmt.ms(get.inProcess.p50)} / ${fmt.ms(get.raw.p50)} ms)${bareNote(get)}`,
      met: ratio <= 1.2,
    });
  }
  if (get && resolve) {
    // Resolve reads the item (GetItem) before its transaction: with no overhead at all it takes both.
    const floor = (get.raw.p50 + resolve.raw.p50) / resolve.raw.p50;
    const ratio = resolve.inProcess.p50 / resolve.raw.p50;
    lines.push({
      item: `1. Resolve: p50 in-process / ${resolve.baseline}, against 1.05 × (GetItem + it) / it`,
      target: `≤ ${fmt.ratio(1.05 * floor)}`,
      measured: `${fmt.ratio(ratio)} (${fmt.ms(resolve.inProcess.p50)} / ${fmt.ms(resolve.raw.p50)} ms; GetItem ${fmt.ms(get.raw.p50)} ms: floor ${fmt.ratio(floor)})${bareNote(resolve)}`,
      met: ratio <= 1.05 * floor,
    });
  }
  if (r.throughput) {
    const t = r.throughput;
    const ratio = t.api.rps / t.raw.rps;
    lines.push({
      item: '2. Throughput: API req/s / raw DynamoDB server req/s',
      target: '≥ 0.6',
      measured: `${fmt.ratio(ratio)} (${fmt.num(t.api.rps)} / ${fmt.num(t.raw.rps)} req/s)`,
      met: ratio >= 0.6,
    });
    lines.push({
      item: '2. Errors and non-2xx other than the deliberate 409s (API)',
      target: '0',
      measured: String(t.unexpected.api),
      met: t.unexpected.api === 0,
    });
  }
  for (const row of r.imports ?? []) {
    const ratio = row.rawMs / row.importMs;
    lines.push({
      item: `3. Import of ${fmt.int(row.rows)} rows (XLSX): raw BatchWriteItem time / import time`,
      target: '≥ 0.5',
      measured:
        `${fmt.ratio(ratio)} (${fmt.num(row.importMs / 1000)} s vs ${fmt.num(row.rawMs / 1000)} s; ` +
        `then the worker's postings job ${fmt.num(row.jobMs / 1000)} s)`,
      met: ratio >= 0.5,
    });
  }
  if (r.hostile) lines.push(...hostileTargets(r.hostile));
  if (r.lists) lines.push(...listsTargets(r.lists));
  if (r.summary) {
    const s = r.summary;
    const share = s.summary.readUnits / s.recount.readUnits;
    lines.push({
      item: `4. Quarterly summary of a unit with ${fmt.int(s.items)} items: read units / full recount's`,
      target: '< 1%',
      measured: `${fmt.num(share * 100, 2)}% (${fmt.num(s.summary.readUnits)} vs ${fmt.int(s.recount.readUnits)} RCU)`,
      met: share < 0.01,
    });
  }
  for (const b of r.bundles ?? []) {
    const appBytes = b.startupBytes - b.startupSdkBytes;
    lines.push({
      item: `5. Start-up code: ${b.name} (app, without the bundled AWS SDK)`,
      target: `≤ ${b.limitKb} KB`,
      measured: `${fmt.kb(appBytes)} (+ SDK ${fmt.kb(b.startupSdkBytes)}; all files ${fmt.kb(b.totalBytes)})`,
      met: appBytes <= b.limitKb * 1024,
    });
  }
  for (const b of r.bundles ?? []) {
    const over = b.shipped.initMs - b.shipped.floorMs;
    lines.push({
      item: `5. Cold init: ${b.name} − its SDK floor (median − bare node)`,
      target: `≤ ${b.budgetMs} ms`,
      measured: `${fmt.num(over, 0)} ms (${fmt.num(b.shipped.initMs, 0)} − ${fmt.num(b.shipped.floorMs, 0)}; CPU ${fmt.num(b.shipped.initCpuMs - b.shipped.floorCpuMs, 0)})`,
      met: over <= b.budgetMs,
    });
  }
  return lines;
}

export function consoleTable(r: Results): string {
  const lines = targets(r);
  const w = Math.max(...lines.map((l) => l.item.length), 10);
  const m = Math.max(...lines.map((l) => l.measured.length), 10);
  return [
    `${'Item'.padEnd(w)}  ${'Target'.padEnd(8)}  ${'Measured'.padEnd(m)}  Met`,
    `${'-'.repeat(w)}  ${'-'.repeat(8)}  ${'-'.repeat(m)}  ---`,
    ...lines.map(
      (l) =>
        `${l.item.padEnd(w)}  ${l.target.padEnd(8)}  ${l.measured.padEnd(m)}  ${l.met ? 'met' : 'NOT MET'}`,
    ),
  ].join('\n');
}

function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

export function markdown(r: Results, machine: Machine, cfg: typeof Config): string {
  const out: string[] = [];
  out.push('# Benchmarks');
  out.push('');
  out.push(
    `Written by \`npm run bench\` (bench/run.ts) on ${machine.date}${cfg.quick ? ' — **quick mode (BENCH_QUICK=1): reduced sizes, not the reference figures**' : ''}. ` +
      `The whole run took ${fmt.num(r.totalSeconds / 60, 1)} minutes.`,
  );
  out.push('');
  out.push('**Machine**');
  out.push('');
  out.push(`- OS: ${machine.os}`);
  out.push(`- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${fmt.num(machine.memoryGb, 0)} GB`);
  out.push(`- Node.js ${machine.node}; ${machine.java}; DynamoDB Local ${machine.dynamoDbLocal} (in memory)`);
  out.push('');
  out.push(
    'Everything runs on this one machine: DynamoDB Local (Java), the app, the baselines and the load generator share its cores, ' +
      'so absolute times are far slower than Lambda and DynamoDB in AWS. Each figure stands beside a baseline measured in the same run, ' +
      'against the same DynamoDB Local, and the targets are about the ratio.',
  );
  out.push('');
  out.push('## Targets');
  out.push('');
  out.push(
    table(
      ['Item', 'Target', 'Measured', 'Result'],
      targets(r).map((l) => [l.item, l.target, l.measured, met(l.met)]),
    ),
  );
  out.push('');

  if (r.latency) {
    out.push('## 1. Latency');
    out.push('');
    out.push(
      `${fmt.int(r.latency[0]?.http.n ?? 0)} sequential requests per series after a warm-up; every series on distinct items where the ` +
        'operation changes them. "HTTP" is the app served by @hono/node-server and called with fetch (keep-alive) — the figure the targets use; ' +
        '"in-process" is `app.request` (no socket). The baseline is the raw SDK call the operation needs, with the same client settings.',
    );
    out.push('');
    const rows: (string | number)[][] = [];
    for (const l of r.latency) {
      const series: [string, LatencyStats | undefined][] = [
        ['API over HTTP', l.http],
        ['API in-process', l.inProcess],
        ['bare Hono app in-process, same calls', l.bare],
        ['raw GetItem, then the transaction, timed as one', l.rawSequence],
      ];
      for (const [name, stats] of series) {
        if (!stats) continue;
        rows.push([
          name === 'API over HTTP' ? l.operation : '',
          name,
          fmt.ms(stats.p50),
          fmt.ms(stats.p99),
          fmt.ratio(stats.p50 / l.raw.p50),
          fmt.ratio(stats.p99 / l.raw.p99),
        ]);
      }
      rows.push(['', `raw ${l.baseline}`, fmt.ms(l.raw.p50), fmt.ms(l.raw.p99), '1.00', '1.00']);
    }
    out.push(table(['Operation', 'Series', 'p50 ms', 'p99 ms', 'p50 ratio', 'p99 ratio'], rows));
    out.push('');
    out.push(
      'What the API does beyond the baseline: the JWT (ES256 signature checked once per token and process, then remembered until ' +
        'it expires, at most 5 minutes), routing and zod validation, and the HTTP hop to the app. Resolve also reads the item (strongly ' +
        'consistent: the version, the transition and the aggregate change need it) at the same time as the unit calendar (cached in the ' +
        "process for 60 s), then runs the transaction (the item, its history entry, the Front's digest mark and the aggregate: the " +
        "baseline writes the same 4) and the escalation listener (removing the item's pending schedules, 4 names at " +
        'once, with a stand-in Scheduler here). So even with no overhead at all, resolve / transaction is (GetItem + transaction) / ' +
        'transaction, about 1.5 on this machine. The inbox page adds the department visibility filter to the same Query.',
    );
    out.push('');
    out.push(
      'The "bare Hono app" series is the floor of the in-process figure: a Hono app with nothing of the product, called through ' +
        'the same `app.request`, whose one route reads the JSON body (for resolve), makes the same DynamoDB calls with inputs built ' +
        'before the timing (GetItem; for resolve GetItem then the same 4-entry TransactWriteItems) and answers a small JSON. It has no ' +
        'authentication, validation, domain rules, marshalling or audit: what any app built on Hono pays at the least in this harness. ' +
        'For resolve, "raw GetItem, then the transaction, timed as one" makes the two raw calls back to back with no app: the median ' +
        "of that sum is what the target's floor, (GetItem + transaction) / transaction, stands for; medians do not add, so it is measured.",
    );
    out.push('');
  }

  if (r.throughput) {
    const t = r.throughput;
    out.push('## 2. Throughput under load');
    out.push('');
    out.push(
      `autocannon in its own process, ${t.connections} connections for ${t.seconds} s (right after the latency section, which warmed DynamoDB Local and the app), mix: ` +
        `${Math.round((1 - t.mix.resolve - t.mix.inbox) * 100)}% single-item reads over 2,000 items, ${Math.round(t.mix.inbox * 100)}% department inbox pages, ` +
        `${Math.round(t.mix.resolve * 100)}% resolves of distinct items — of which ${Math.round(t.mix.deliberateConflict * 100)}% of all requests deliberately ` +
        'resolve an item resolved earlier in the run (409 expected). The raw server is a bare node:http server making the same DynamoDB calls ' +
        '(GetItem; the Query; GetItem + TransactWriteItems of 3 items) without framework, token or validation.',
    );
    out.push('');
    const codes = (x: typeof t.api) =>
      Object.entries(x.statusCodes)
        .map(([c, n]) => `${c}: ${fmt.int(n)}`)
        .join(', ');
    out.push(
      table(
        [
          'Server',
          'Requests',
          'Req/s',
          'Latency p50 ms',
          'p99 ms',
          'Status codes',
          'Errors / timeouts',
          'Ratio',
        ],
        [
          [
            'API (HTTP)',
            fmt.int(t.api.requests),
            fmt.num(t.api.rps),
            fmt.ms(t.api.p50),
            fmt.ms(t.api.p99),
            codes(t.api),
            `${t.api.errors} / ${t.api.timeouts}`,
            fmt.ratio(t.api.rps / t.raw.rps),
          ],
          [
            'raw DynamoDB server',
            fmt.int(t.raw.requests),
            fmt.num(t.raw.rps),
            fmt.ms(t.raw.p50),
            fmt.ms(t.raw.p99),
            codes(t.raw),
            `${t.raw.errors} / ${t.raw.timeouts}`,
            '1.00',
          ],
        ],
      ),
    );
    out.push('');
    out.push(
      `Deliberate conflicting resolves sent: API ${t.api.conflictsSent}, raw ${t.raw.conflictsSent} (resolves beyond the pool of fresh items: ` +
        `API ${t.api.poolExhausted}, raw ${t.raw.poolExhausted}); unexpected responses (not 2xx, not 409, errors, timeouts): API ${t.unexpected.api}, raw ${t.unexpected.raw}.`,
    );
    out.push('');
  }

  if (r.imports) {
    out.push('## 3. Import of an office spreadsheet');
    out.push('');
    out.push(
      'An XLSX like the sample of Phường IV (75% "Giao đơn vị" with a lead department and a due date, the rest answered at the dialogue, ' +
        'forwarded or declined), posted over HTTP to `/api/dialogues/{id}/recommendations/import` and timed until the 201. The baseline writes ' +
        'the same records — each item image and its history entry, built from the same parsed rows before the clock starts — with BatchWriteItem, ' +
        '25 per call, one call at a time. An untimed import of 300 rows (and its job) comes first: alone (`BENCH_SECTIONS=import`) the section ' +
        'would otherwise time the warm-up of DynamoDB Local and the app in its first size. The search postings of the imported items (about 30 per item) are not in the import time: the import ' +
        'queues one `words` job on the unit-work queue and the per-unit worker writes them afterwards (the search reads the items from their ' +
        'markers meanwhile). That job is run here right after the 201, on the same DynamoDB Local, and timed to its end (the "Postings job" columns).',
    );
    out.push('');
    out.push(
      table(
        [
          'Rows',
          'File',
          'Import s',
          'Rows/s',
          'Raw BatchWriteItem s',
          'Ratio (raw / import)',
          'Of the import: transactions s (calls)',
          'Scheduler calls',
          'Items written by the baseline',
          'Postings job s (deliveries)',
          'Postings job BatchWriteItem calls',
        ],
        r.imports.map((i) => [
          fmt.int(i.rows),
          fmt.kb(i.fileBytes),
          fmt.num(i.importMs / 1000),
          fmt.num(i.rows / (i.importMs / 1000)),
          fmt.num(i.rawMs / 1000),
          fmt.ratio(i.rawMs / i.importMs),
          `${fmt.num(i.transactMs / 1000)} (${fmt.int(i.transactions)})`,
          fmt.int(i.scheduleCalls),
          fmt.int(i.rawItems),
          `${fmt.num(i.jobMs / 1000)} (${fmt.int(i.jobDeliveries)})`,
          fmt.int(i.jobBatchWrites),
        ]),
      ),
    );
    out.push('');
    out.push(
      "The import writes its rows in transactions of 30 (each item with its history entry, the reference counter, aggregates, an idempotency record, each item's `nextEscalationAt`, planned from the unit's policy and calendar read once per file, and one word marker naming the chunk's items); after each transaction, the first schedules of the items given to a department are created, 8 at a time. The audit entry must be written in the same transaction as its item and the references stay gapless, so the chunks are written one after another; the transactions' own time (the column above) is the floor of the import on DynamoDB Local. Once the chunks are in, the import queues the `words` job and answers; the job writes each marker's postings (BatchWriteItem, 4 markers at once, 4 calls each) and deletes the marker, stopping after 3 minutes to be delivered again (a delivery count above 1 says it did).",
    );
    out.push('');
  }

  if (r.hostile) {
    out.push(hostileMarkdown(r.hostile, machine.date));
    out.push('');
  }

  if (r.summary) {
    const s = r.summary;
    out.push('## 4. Quarterly summary of a large unit');
    out.push('');
    out.push(
      `${fmt.int(s.items)} items over ${s.quarters} quarters (one dialogue each), mostly closed, ${fmt.int(s.overdue)} overdue. They were loaded as item images with ` +
        `BatchWriteItem (recommendationToItem; ${fmt.num(s.loadSeconds, 0)} s) with their per-quarter aggregate items computed by sumCounters, because creating ` +
        `${fmt.int(s.items)} items through the API would take hours on this machine. Summary of ${s.quarter}: \`quarterlySummary\` of the report service ` +
        "(the quarter's and the previous quarter's aggregate items, the overdue items from the openByDueDate index, departments, repeat links), " +
        'median of 5. Recount: `RecommendationStore.all` (every item of the unit) and `sumCounters` of the quarter. Read units from the CapacityMeter ' +
        '(DynamoDB Local returns ConsumedCapacity for reads).',
    );
    out.push('');
    out.push(
      table(
        ['', 'Time ms', 'Read units', 'DynamoDB calls'],
        [
          ['Quarterly summary', fmt.ms(s.summary.ms), fmt.num(s.summary.readUnits), fmt.int(s.summary.calls)],
          ['Full recount', fmt.ms(s.recount.ms), fmt.num(s.recount.readUnits), fmt.int(s.recount.calls)],
          [
            'Ratio',
            `${fmt.num((s.summary.ms / s.recount.ms) * 100, 2)}%`,
            `${fmt.num((s.summary.readUnits / s.recount.readUnits) * 100, 2)}%`,
            '',
          ],
        ],
      ),
    );
    out.push('');
    out.push(
      `The stored aggregate equals the recount of ${s.quarter}: ${s.consistent ? 'yes' : '**no**'}. The summary's reads grow with the overdue items, not with the unit's size.`,
    );
    out.push('');
  }

  if (r.bundles) {
    const b0 = r.bundles[0];
    const shippedWay = b0?.sdkBundled ? 'bundled' : 'left to the runtime';
    out.push('## 5. Lambda bundles');
    out.push('');
    out.push(
      'Each `functions/*.ts` built as the stack builds it (infra/bundling.ts: esbuild, ESM, minified, target node22, code splitting, ' +
        `the AWS SDK ${shippedWay}; source maps and license files not counted). "Start-up" is what a cold start reads: the handler's ` +
        'file and the chunks it imports statically; "all files" adds the chunks loaded on first use (pages, report rendering, ' +
        'spreadsheets, MIME, the SES and Scheduler clients). Cold init: wall time of a fresh `node` importing the handler — whose ' +
        'module scope reads the environment (dummy values) and builds the dependencies and the app — minus a bare node start. ' +
        "SDK floor: a fresh `node` loading only the AWS SDK parts the function's start-up code imports (the same named imports, " +
        'shipped the same way: bundled and minified, or from node_modules as the runtime provides them), minus a bare node start. ' +
        `Each of ${b0?.runs ?? 0} rounds runs bare node, floor and app of both ways once, interleaved; medians. CPU: the same medians of the ` +
        `process's own user + system time. Measured with Node.js ${machine.node} here; Lambda runs Node.js 22.`,
    );
    out.push('');
    out.push(
      table(
        [
          'Function',
          'Start-up: app',
          '+ AWS SDK',
          'gzip',
          'All files',
          'Limit (app)',
          `Cold init ms (SDK ${shippedWay})`,
          'SDK floor ms',
          'Over floor ms',
          'Budget',
          'CPU over floor ms',
          `Cold init / floor ms, SDK ${b0?.sdkBundled ? 'from node_modules' : 'bundled'}`,
        ],
        r.bundles.map((b) => {
          const over = b.shipped.initMs - b.shipped.floorMs;
          return [
            b.name,
            fmt.kb(b.startupBytes - b.startupSdkBytes),
            fmt.kb(b.startupSdkBytes),
            fmt.kb(b.startupGzipBytes),
            fmt.kb(b.totalBytes),
            `${b.limitKb} KB ${met(b.startupBytes - b.startupSdkBytes <= b.limitKb * 1024)}`,
            fmt.num(b.shipped.initMs, 0),
            fmt.num(b.shipped.floorMs, 0),
            fmt.num(over, 0),
            `${b.budgetMs} ms ${met(over <= b.budgetMs)}`,
            fmt.num(b.shipped.initCpuMs - b.shipped.floorCpuMs, 0),
            `${fmt.num(b.other.initMs, 0)} / ${fmt.num(b.other.floorMs, 0)}`,
          ];
        }),
      ),
    );
    out.push('');
    out.push(
      table(
        ['Function', 'AWS SDK imported at start-up', 'Largest parts of the start-up code'],
        r.bundles.map((b) => [
          b.name,
          b.sdkImports.join('; ') || 'none',
          b.top.map((t) => `${t.name} ${fmt.kb(t.bytes)}`).join(', '),
        ]),
      ),
    );
    out.push('');
  }

  if (r.firstRequests) {
    const f0 = r.firstRequests[0];
    out.push('### First request after a cold start');
    out.push('');
    out.push(
      "The api's app bundled as the function is (bench/first-request/app.ts, infra/bundling.ts), imported by a fresh `node`, which sends " +
        'one request in-process (`app.fetch`) and then the same request again: the first pays for loading the chunks the route needs, ' +
        `the second is warm. Against DynamoDB Local; median of ${f0?.runs ?? 0} fresh processes per route. The module scope is not in ` +
        'these figures (it is the cold init above).',
    );
    out.push('');
    out.push(
      table(
        ['Route', 'Loaded on first use', 'Status', 'First request ms', 'Second ms', 'First − second ms'],
        r.firstRequests.map((f) => [
          f.route,
          f.loads,
          String(f.status),
          fmt.num(f.firstMs, 1),
          fmt.num(f.secondMs, 1),
          fmt.num(f.firstMs - f.secondMs, 1),
        ]),
      ),
    );
    out.push('');
  }

  if (r.costs) {
    out.push('## 6. Cost per operation');
    out.push('');
    out.push(
      'Per operation, averaged over a few, through the app wired as in AWS (escalation listener on; Scheduler and SES counted at their ports: ' +
        'one CreateSchedule per schedule created, one DeleteSchedule per schedule removed, one SendEmail, or SendRawEmail with attachments, per message). "Meter" is the ' +
        "Table's CapacityMeter as DynamoDB Local reports it — which does not count every item of a TransactWriteItems (a transaction of 1 to 63 " +
        'items of 0.5 KB each reports 2 units; the 40-item create below, 6), so its write figures are wrong for transactions. "Modeled" applies DynamoDB on-demand rules to each request and response (bench/lib/capacity-model.ts: 4 KB read units, ' +
        '×0.5 eventually consistent; 1 KB write units ×2 in a transaction; +1 per KB for each index holding the item): use these for the cost estimate.',
    );
    out.push('');
    out.push(
      table(
        [
          'Operation',
          'DynamoDB calls',
          'Meter RCU',
          'Meter WCU',
          'Modeled RRU',
          'Modeled WRU',
          'Scheduler calls',
          'SES sends',
          'Note',
        ],
        r.costs.map((c) => [
          c.operation,
          fmt.num(c.calls),
          fmt.num(c.meterRead),
          fmt.num(c.meterWrite),
          fmt.num(c.modelRead),
          fmt.num(c.modelWrite),
          fmt.num(c.scheduler),
          fmt.num(c.ses),
          c.note,
        ]),
      ),
    );
    out.push('');
  }

  if (r.lists) {
    out.push(listsMarkdown(r.lists, machine.date));
    out.push('');
  }

  out.push('## Running it');
  out.push('');
  out.push(
    '`npm run bench` (about ' +
      `${Math.ceil(r.totalSeconds / 60)} minutes here) starts its own DynamoDB Local in memory and writes this file. \`BENCH_QUICK=1 npm run bench\` runs reduced sizes and writes to a temporary file instead ` +
      '(or to `BENCH_OUT`). Sizes: `BENCH_LATENCY_N`, `BENCH_LOAD_SECONDS`, `BENCH_CONNECTIONS`, `BENCH_IMPORT_ROWS` (comma list), `BENCH_SUMMARY_ITEMS`, ' +
      '`BENCH_SUMMARY_OVERDUE`, `BENCH_COLD_RUNS`, `BENCH_COST_REPEATS`, `BENCH_HOSTILE_RUNS`, `BENCH_FIRST_RUNS`; `BENCH_SECTIONS` (or arguments: `npm run bench -- hostile`) picks sections (latency, throughput, import, hostile, summary, bundles, first-requests, costs, lists); `BENCH_LIST_ITEMS` (comma list), `BENCH_LIST_RUNS`. ' +
      '`npm run bench -- hostile` or `npm run bench -- lists` (or both) rewrites only section 7 or 8 of this file.',
  );
  out.push('');
  out.push(
    'Section times (s): ' +
      Object.entries(r.seconds)
        .map(([k, v]) => `${k} ${fmt.num(v, 0)}`)
        .join(', ') +
      '.',
  );
  out.push('');
  return out.join('\n');
}
