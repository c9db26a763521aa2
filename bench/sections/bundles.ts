/**
 * 5. Lambda bundles: each functions/*.ts built with esbuild as the CDK stack builds it (bundle, minify,
 * platform node, ESM, target node22, mainFields module/main, the createRequire banner, AWS SDK
 * bundled or left to the runtime as the stack says), its size, and its cold init: a fresh `node` importing the bundle (which builds the app at
 * module scope) minus a bare `node -e 0`, median of N.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ENV } from '../../shared/config.js';
import { median } from '../lib/stats.js';

export interface BundleRow {
  name: string;
  bytes: number;
  gzipBytes: number;
  limitKb: number;
  /** Median cold init minus a bare node start, ms. */
  initMs: number;
  /** The part of it spent loading the external AWS SDK clients the bundle imports (same method), ms. */
  sdkInitMs: number;
  /** The external packages the bundle imports (loaded from node_modules, as the runtime provides them). */
  sdkImports: string[];
  samples: number[];
  /** Modules left out of the bundle (the AWS SDK, when the runtime provides it). */
  external: string[];
  /** Largest contributors to the minified output: package (or source folder) and bytes. */
  top: { name: string; bytes: number }[];
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The settings of the stack's bundling that vary (infra/constructs/app-function.ts), read from there so
 * the two cannot drift: the createRequire banner, and whether the AWS SDK is bundled or left to the
 * runtime (bundleAwsSDK: false → `@aws-sdk/*` external, as NodejsFunction does).
 */
function stackBundling(): { banner: string; external: string[] } {
  const source = readFileSync(join(ROOT, 'infra/constructs/app-function.ts'), 'utf8');
  const banner = /ESM_REQUIRE_BANNER\s*=\s*\n?\s*"([^"]+)"/.exec(source)?.[1];
  if (!banner) throw new Error('ESM_REQUIRE_BANNER not found in infra/constructs/app-function.ts');
  const bundleSdk = /bundleAwsSDK:\s*(true|false)/.exec(source)?.[1];
  if (!bundleSdk) throw new Error('bundleAwsSDK not found in infra/constructs/app-function.ts');
  return { banner, external: bundleSdk === 'true' ? [] : ['@aws-sdk/*'] };
}

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
};

/**
 * Size limits: the API serves every page and route; the unit worker does a unit's sweep (zod, the
 * scheduler) and its reports (XLSX, MIME) in one function, and its cold start is paid once per instance
 * over many queued jobs; the others do one thing each.
 */
const LIMIT_KB: Record<string, number> = { api: 500, 'unit-worker': 500 };

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const out = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - start;
  if (out.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${out.stderr.slice(0, 1000)}`);
  return ms;
}

export async function bundlesSection(runs: number, log: (s: string) => void): Promise<BundleRow[]> {
  // Inside the project, so that modules left external (the AWS SDK the Lambda runtime provides) resolve
  // from node_modules as they resolve from the runtime's.
  mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'node_modules/.cache/bench-bundles-'));
  const { banner, external } = stackBundling();
  const entries = readdirSync(join(ROOT, 'functions'))
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const env = { PATH: process.env.PATH ?? '', ...DUMMY_ENV, NODE_NO_WARNINGS: '1' };
  const rows: BundleRow[] = [];
  log(`  bare node start (${runs}×)…`);
  const bareMs = median(Array.from({ length: runs }, () => wallMs(['-e', '0'], env)));
  for (const entry of entries) {
    const name = basename(entry, '.ts');
    const outfile = join(dir, name, 'index.mjs');
    log(`  esbuild functions/${entry}…`);
    const result = await build({
      metafile: true,
      entryPoints: [join(ROOT, 'functions', entry)],
      outfile,
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      banner: { js: banner },
      external,
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'error',
    });
    const bytes = statSync(outfile).size;
    const byPackage = new Map<string, number>();
    for (const output of Object.values(result.metafile?.outputs ?? {})) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
        const key = m?.[1] ?? input.split('/').slice(0, 2).join('/');
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
      }
    }
    const top = [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([n, b]) => ({ name: n, bytes: b }));
    const gzipBytes = gzipSync(readFileSync(outfile)).length;
    // Importing the bundle runs its module scope: dependencies from the environment, the app built.
    const runner = join(dir, name, 'cold.mjs');
    writeFileSync(
      runner,
      `const m = await import('./index.mjs');\nif (typeof m.handler !== 'function') throw new Error('no handler');\n`,
    );
    log(`  cold init of ${name} (${runs}×)…`);
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(wallMs([runner], env));
    const initMs = median(samples) - bareMs;
    // The floor no bundle trimming can lower: a process that only loads the SDK clients the bundle imports.
    const sdkImports = [
      ...new Set(
        Object.values(result.metafile?.outputs ?? {}).flatMap((o) =>
          o.imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/')).map((i) => i.path),
        ),
      ),
    ].sort();
    const sdkRunner = join(dir, name, 'sdk.mjs');
    writeFileSync(sdkRunner, sdkImports.map((p) => `await import(${JSON.stringify(p)});`).join('\n'));
    log(`  SDK-only init of ${name}: ${sdkImports.join(', ') || 'none'} (${runs}×)…`);
    const sdkInitMs = median(Array.from({ length: runs }, () => wallMs([sdkRunner], env))) - bareMs;
    rows.push({
      name,
      bytes,
      gzipBytes,
      limitKb: LIMIT_KB[name] ?? 350,
      initMs,
      sdkInitMs,
      sdkImports,
      samples: samples.map((s) => s - bareMs),
      external,
      top,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}
