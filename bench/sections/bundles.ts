/**
 * 5. Lambda bundles: each functions/*.ts built as the stack builds it (infra/bundling.ts: esbuild, ESM,
 * minified, code splitting, the AWS SDK bundled), its start-up code (the handler's file and the chunks it
 * imports statically) and everything it may load later; and its cold init — a fresh `node` importing the
 * handler (which builds the app at module scope) minus a bare node start — beside its SDK floor: a fresh
 * `node` loading only the AWS SDK parts its start-up code imports, shipped the same way. Both ways of
 * shipping the SDK are measured: bundled (the stack's choice) and left to the runtime (`@aws-sdk/*`
 * external, loaded from node_modules as the nodejs22.x runtime loads its own copy). Every round runs each
 * process once, interleaved, so a busy machine weighs on all of them alike; medians are reported.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import {
  BUNDLE_AWS_SDK,
  entryOutputOf,
  lambdaBuildOptions,
  startupInputs,
  startupOutputs,
} from '../../infra/bundling.js';
import { ENV } from '../../shared/config.js';
import { median } from '../lib/stats.js';

export interface ColdInit {
  /** Median cold init minus a bare node start, ms (wall). */
  initMs: number;
  /** The SDK floor the same way, ms. */
  floorMs: number;
  /** Medians of the child's own CPU time (user + system) minus a bare node's, ms. */
  initCpuMs: number;
  floorCpuMs: number;
}

export interface BundleRow {
  name: string;
  /** Bytes a cold start reads: the handler's file and the chunks it imports statically. */
  startupBytes: number;
  /** Of which AWS SDK (and its @smithy, @aws dependencies). */
  startupSdkBytes: number;
  startupGzipBytes: number;
  /** Every .mjs file of the function (chunks loaded on first use included). */
  totalBytes: number;
  limitKb: number;
  /** Allowed cold init over the floor, ms. */
  budgetMs: number;
  /** As shipped (BUNDLE_AWS_SDK). */
  shipped: ColdInit;
  /** The other way of shipping the SDK, for the comparison. */
  other: ColdInit;
  sdkBundled: boolean;
  /** The SDK packages (and named imports) its start-up code imports. */
  sdkImports: string[];
  runs: number;
  /** Largest contributors to the start-up code. */
  top: { name: string; bytes: number }[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SDK_INPUT = /node_modules\/(@aws-sdk|@smithy|@aws)\//;

/** Dummy values for every variable a handler reads at cold start. */
const DUMMY_ENV: Record<string, string> = {
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  [ENV.tableName]: 'bench-table',
  [ENV.scheduleGroup]: 'bench-group',
  [ENV.schedulerRoleArn]: 'arn:aws:iam::123456789012:role/bench',
  [ENV.escalationFunctionArn]: 'arn:aws:lambda:ap-southeast-1:123456789012:function:bench',
  [ENV.schedulerDlqArn]: 'arn:aws:sqs:ap-southeast-1:123456789012:bench',
  [ENV.mailFrom]: 'no-reply@demo.example',
  [ENV.userPoolId]: 'ap-southeast-1_bench',
  [ENV.userPoolClientId]: 'bench-client',
  [ENV.cognitoDomain]: 'bench.auth.ap-southeast-1.amazoncognito.com',
  [ENV.publicBaseUrl]: 'https://bench.example',
  [ENV.unitWorkQueueUrl]: 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/bench-unit-work',
  [ENV.filesBucket]: 'bench-files',
};

/**
 * Size limits: the API serves every page and route; the unit worker does a unit's sweep (zod, the
 * scheduler) and its reports (XLSX, MIME) in one function, and its cold start is paid once per instance
 * over many queued jobs; the others do one thing each.
 */
const LIMIT_KB: Record<string, number> = { api: 500, 'unit-worker': 500 };

/** Cold init over the SDK floor: the API (every route and page) 40 ms, the others 20 ms. */
const BUDGET_MS: Record<string, number> = { api: 40 };

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** The child prints its CPU time once its module has loaded. */
const REPORT_CPU =
  'const u = process.cpuUsage(); process.stdout.write(JSON.stringify({ cpuMs: (u.user + u.system) / 1000 }));';

function run(script: string, env: NodeJS.ProcessEnv): Sample {
  const start = performance.now();
  const out = spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
  const wallMs = performance.now() - start;
  if (out.status !== 0) throw new Error(`node ${script} failed: ${out.stderr.slice(0, 1000)}`);
  return { wallMs, cpuMs: (JSON.parse(out.stdout) as { cpuMs: number }).cpuMs };
}

/** `import { A, B } from '@aws-sdk/x'` of the app's own start-up modules (type-only imports left out). */
function sdkNamedImports(metafile: Metafile): Map<string, Set<string>> {
  const byPackage = new Map<string, Set<string>>();
  for (const input of startupInputs(metafile)) {
    if (input.includes('node_modules/') || !/\.tsx?$/.test(input)) continue;
    const source = readFileSync(join(ROOT, input), 'utf8');
    for (const m of source.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'(@aws-sdk\/[^']+)'/g)) {
      if (m[1]) continue;
      const names = (m[2] ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n && !n.startsWith('type '))
        .map((n) => n.split(/\s+as\s+/)[0] as string);
      const set = byPackage.get(m[3] as string) ?? new Set<string>();
      for (const n of names) set.add(n);
      byPackage.set(m[3] as string, set);
    }
  }
  return byPackage;
}

/** A module that loads the SDK parts a function's start-up imports, and keeps them. */
function floorSource(imports: Map<string, Set<string>>, bundled: boolean): string {
  if (!bundled) return [...imports.keys()].map((p) => `await import(${JSON.stringify(p)});`).join('\n');
  let k = 0;
  const lines: string[] = [];
  const kept: string[] = [];
  for (const [pkg, names] of imports) {
    const parts = [...names].map((n) => `${n} as s${k++}`);
    lines.push(`import { ${parts.join(', ')} } from ${JSON.stringify(pkg)};`);
    kept.push(...parts.map((p) => p.split(' as ')[1] as string));
  }
  lines.push(`export const handler = () => [${kept.join(', ')}];`);
  return lines.join('\n');
}

async function buildVariant(entry: string, outdir: string, bundleAwsSdk: boolean): Promise<Metafile> {
  const result = await build({ ...lambdaBuildOptions({ entry, outdir, bundleAwsSdk }), absWorkingDir: ROOT });
  return result.metafile;
}

const outputPath = (file: string) => join(ROOT, file);

export async function bundlesSection(runs: number, log: (s: string) => void): Promise<BundleRow[]> {
  // Inside the project, so that modules left external resolve from node_modules as from the runtime's.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/bench-bundles-'));
  const entries = readdirSync(join(ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const env = { PATH: process.env.PATH ?? '', ...DUMMY_ENV, NODE_NO_WARNINGS: '1' };
  const bare = join(dir, 'bare.mjs');
  writeFileSync(bare, REPORT_CPU);
  const rows: BundleRow[] = [];
  for (const entry of entries) {
    const name = basename(entry, '.ts');
    log(`  esbuild functions/${entry} (SDK bundled and external) and its SDK floors…`);
    const scripts: Record<'bundled' | 'runtime', { app: string; floor: string }> = {
      bundled: { app: '', floor: '' },
      runtime: { app: '', floor: '' },
    };
    let shippedMeta: Metafile | undefined;
    let sdkImports: string[] = [];
    for (const variant of ['bundled', 'runtime'] as const) {
      const bundled = variant === 'bundled';
      const out = join(dir, name, variant);
      const meta = await buildVariant(join(ROOT, 'functions', entry), join(out, 'app'), bundled);
      if (bundled === BUNDLE_AWS_SDK) shippedMeta = meta;
      const imports = sdkNamedImports(meta);
      if (bundled)
        sdkImports = [...imports].map(
          ([p, n]) => `${p.replace('@aws-sdk/', '')} (${[...n].sort().join(', ')})`,
        );
      const floorDir = join(out, 'floor');
      mkdirSync(floorDir, { recursive: true });
      const floorEntry = join(floorDir, 'entry.mjs');
      writeFileSync(floorEntry, floorSource(imports, bundled));
      let floorModule = './entry.mjs';
      if (bundled) {
        await buildVariant(floorEntry, join(floorDir, 'out'), true);
        floorModule = './out/index.mjs';
      }
      for (const [kind, module, at] of [
        ['app', './app/index.mjs', out],
        ['floor', floorModule, floorDir],
      ] as const) {
        const script = join(at, `cold-${kind}.mjs`);
        writeFileSync(
          script,
          `${kind === 'app' ? `const m = await import('${module}');\nif (typeof m.handler !== 'function') throw new Error('no handler');` : `await import('${module}');`}\n${REPORT_CPU}\n`,
        );
        scripts[variant][kind] = script;
      }
    }
    const meta = shippedMeta as Metafile;
    const startup = startupOutputs(meta, entryOutputOf(meta));
    let startupBytes = 0;
    let startupSdkBytes = 0;
    const byPackage = new Map<string, number>();
    for (const file of startup) {
      const output = meta.outputs[file];
      startupBytes += output?.bytes ?? 0;
      for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
        if (SDK_INPUT.test(input)) startupSdkBytes += bytesInOutput;
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
        const key = m?.[1] ?? input.split('/').slice(0, 2).join('/');
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
      }
    }
    const totalBytes = Object.entries(meta.outputs)
      .filter(([file]) => file.endsWith('.mjs'))
      .reduce((sum, [, o]) => sum + o.bytes, 0);
    const startupGzipBytes = startup.reduce(
      (sum, file) => sum + gzipSync(readFileSync(outputPath(file))).length,
      0,
    );

    log(`  cold init of ${name}: ${runs} rounds of bare node, floor and app, SDK bundled and external…`);
    const samples: Record<string, Sample[]> = {
      bare: [],
      bundledApp: [],
      bundledFloor: [],
      runtimeApp: [],
      runtimeFloor: [],
    };
    for (let i = 0; i < runs; i++) {
      samples.bare?.push(run(bare, env));
      samples.bundledFloor?.push(run(scripts.bundled.floor, env));
      samples.bundledApp?.push(run(scripts.bundled.app, env));
      samples.runtimeFloor?.push(run(scripts.runtime.floor, env));
      samples.runtimeApp?.push(run(scripts.runtime.app, env));
    }
    const wall = (k: string) => median((samples[k] ?? []).map((s) => s.wallMs));
    const cpu = (k: string) => median((samples[k] ?? []).map((s) => s.cpuMs));
    const cold = (variant: 'bundled' | 'runtime'): ColdInit => ({
      initMs: wall(`${variant}App`) - wall('bare'),
      floorMs: wall(`${variant}Floor`) - wall('bare'),
      initCpuMs: cpu(`${variant}App`) - cpu('bare'),
      floorCpuMs: cpu(`${variant}Floor`) - cpu('bare'),
    });
    rows.push({
      name,
      startupBytes,
      startupSdkBytes,
      startupGzipBytes,
      totalBytes,
      limitKb: LIMIT_KB[name] ?? 350,
      budgetMs: BUDGET_MS[name] ?? 20,
      shipped: cold(BUNDLE_AWS_SDK ? 'bundled' : 'runtime'),
      other: cold(BUNDLE_AWS_SDK ? 'runtime' : 'bundled'),
      sdkBundled: BUNDLE_AWS_SDK,
      sdkImports,
      runs,
      top: [...byPackage.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([n, b]) => ({ name: n, bytes: b })),
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
