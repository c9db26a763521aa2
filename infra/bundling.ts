/**
 * How every Lambda is built: the one set of esbuild options shared by the stack (AppFunction), the
 * benchmark (bench/sections/bundles.ts) and the start-up guard (tests/infra/startup-imports.test.ts), so
 * what is measured and guarded is what is deployed.
 *
 * - ESM with code splitting: `index.mjs` holds what a cold start loads; every `import()` of the app (page
 *   rendering, report rendering, spreadsheet reading and writing, MIME building, the SES and Scheduler
 *   clients where a request may not need them) becomes a chunk under `chunks/`, read on first use.
 * - The AWS SDK is bundled, tree-shaken and minified with the app (the versions pinned in package.json):
 *   on this machine a cold start loading it from the bundle is several times faster than loading the
 *   same clients from node_modules, as the nodejs22.x runtime provides them (docs/BENCHMARKS.md, §5).
 */
import type { BuildOptions, Metafile } from 'esbuild';

/**
 * ESM bundles of the AWS SDK (and a few other CommonJS dependencies) call `require` for Node
 * built-ins; an ES module has no `require`, so each output file creates one first.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Bundle the AWS SDK into each function (true) or leave `@aws-sdk/*` to the runtime's copy (false). */
export const BUNDLE_AWS_SDK = true;

export interface LambdaBuildInput {
  /** Absolute path of the handler module (exports `handler`). */
  entry: string;
  /** Directory receiving `index.mjs`, `chunks/*.mjs` and their source maps. */
  outdir: string;
  /** Override of BUNDLE_AWS_SDK (the benchmark builds both ways). */
  bundleAwsSdk?: boolean;
}

export function lambdaBuildOptions(input: LambdaBuildInput): BuildOptions & { metafile: true } {
  const bundleSdk = input.bundleAwsSdk ?? BUNDLE_AWS_SDK;
  return {
    entryPoints: { index: input.entry },
    outdir: input.outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    banner: { js: ESM_REQUIRE_BANNER },
    external: bundleSdk ? [] : ['@aws-sdk/*'],
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'error',
  };
}

/** Output files (relative to the metafile's working directory) a cold start loads: the entry and its static imports. */
export function startupOutputs(metafile: Metafile, entryOutput: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  return [...seen];
}

/** The handler's output in a metafile: `…/index.mjs` (each `import()` target is an entry point too). */
export function entryOutputOf(metafile: Metafile): string {
  const entry = Object.keys(metafile.outputs).find((path) => /(^|\/)index\.mjs$/.test(path));
  if (!entry) throw new Error('esbuild metafile has no index.mjs');
  return entry;
}

/** Source modules (metafile inputs) a cold start evaluates. */
export function startupInputs(metafile: Metafile): string[] {
  const outputs = startupOutputs(metafile, entryOutputOf(metafile));
  return [...new Set(outputs.flatMap((o) => Object.keys(metafile.outputs[o]?.inputs ?? {})))].sort();
}
