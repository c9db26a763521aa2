/**
 * `npm run bench -- national`: the national simulation. 3,300 communes of small, realistic data on
 * DynamoDB Local; the daily sweep and the weekly supervision reports run as in AWS — a run queues one job
 * per unit, the per-unit worker handles them with a concurrency cap, each worker instance paces its mail
 * to its share of the SES rate — with injected failures: one unit whose job throws on its first two
 * deliveries, and SES throttling (a simulated SES at 14 messages/s, squeezed to 3/s for the first 30 s of
 * the report run). Measures time and calls per unit, retries, units skipped, reports sent (each exactly
 * once, also when jobs are delivered twice), and projects Lambda time and cost at national scale.
 * Writes docs/SCALE.md (a quick run, BENCH_QUICK=1: 200 units, to a temporary file unless BENCH_OUT).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLocalKeys, localVerifier } from '../shared/adapters/auth/local-keys.js';
import { FixedClock } from '../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.js';
import { startDynamoDbLocal } from '../shared/adapters/dynamodb/dynamodb-local.js';
import { RunStore } from '../shared/adapters/dynamodb/run-store.js';
import { CapacityMeter } from '../shared/adapters/dynamodb/table.js';
import { LocalFileStore } from '../shared/adapters/files/local-file-store.js';
import { PacedMailer } from '../shared/adapters/mail/paced-mailer.js';
import { LocalUnitQueue } from '../shared/adapters/queue/local-unit-queue.js';
import { buildDeps } from '../shared/deps.js';
import type { Mailer, UnitJob } from '../shared/domain/ports.js';
import { dispatchMailJobs, type FanOutDeps, startRun } from '../shared/services/unit-work/fan-out.js';
import type { UnitWorkDeps } from '../shared/services/unit-work/jobs.js';
import { handleUnitJob, retryDelaySeconds } from '../shared/services/unit-work/worker.js';
import { CapacityModel } from './lib/capacity-model.js';
import {
  hasMissedStep,
  hasPendingMail,
  ITEMS_PER_UNIT,
  nationalUnitItems,
  unitIdOf,
} from './lib/national-data.js';
import { type NationalResults, nationalMarkdown, type RunFigures } from './lib/national-report.js';
import { batchWrite, CountingScheduler } from './lib/setup.js';
import { SimulatedSes } from './lib/simulated-ses.js';
import { percentile } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const UNITS = Number(process.env.BENCH_NATIONAL_UNITS ?? (QUICK ? 200 : 3300));
/** Jobs in flight at once (the event source's maximum concurrency in AWS). */
const CONCURRENCY = Number(process.env.BENCH_NATIONAL_CONCURRENCY ?? 8);
/** Worker instances, each with its own paced mailer (its share of the SES rate). */
const INSTANCES = 5;
const SES_RATE = 14;
const WORKER_SHARE = 0.7;
/** The injected failing unit (its first two deliveries throw). */
const FAILING_UNIT = unitIdOf(Math.min(1233, UNITS - 1));
/** Backoff between deliveries of a failed job, scaled down from the worker's (30 s, 60 s…) to keep the run short. */
const RETRY_SCALE = 0.1;
const DUPLICATES = Math.min(100, UNITS);
const log = (s: string) => console.log(s);
/** The machine's 1-minute load average, sampled during the runs (other work on the machine slows them). */
const loads: number[] = [];

interface Delivery {
  unitId: string;
  ms: number;
  ok: boolean;
}

export async function runNational(): Promise<void> {
  const started = performance.now();
  log(`National simulation: ${UNITS} units, ${CONCURRENCY} jobs at once. Starting DynamoDB Local in memory…`);
  const dynamo = await startDynamoDbLocal();
  try {
    const client = createDynamoClient({ endpoint: dynamo.endpoint });
    const raw = createDynamoClient({ endpoint: dynamo.endpoint });
    const tableName = 'national';
    await ensureTable(client, tableName);
    // Monday 30/10/2023, 07:00 in Vietnam: the daily sweep; 07:30 the weekly supervision reports.
    const clock = new FixedClock(new Date('2023-10-30T00:00:00Z'));

    log(`  seeding ${UNITS} units (${ITEMS_PER_UNIT} items each, with history, departments, recipients)…`);
    const seedStart = performance.now();
    let written = 0;
    for (let i = 0; i < UNITS; i += 100) {
      const items = Array.from({ length: Math.min(100, UNITS - i) }, (_, k) =>
        nationalUnitItems(i + k, clock.now()),
      ).flat();
      await batchWrite(raw, tableName, items, 8);
      written += items.length;
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`  ${written} items in ${seedSeconds.toFixed(0)} s`);

    const meter = new CapacityMeter();
    const scheduler = new CountingScheduler();
    const ses = new SimulatedSes(
      SES_RATE,
      { squeezedRate: 3 },
      (m) => /@(xa-\d+)\./.exec(m.to[0] ?? '')?.[1] ?? '?',
    );
    const deps = buildDeps({
      client,
      tableName,
      clock,
      verifier: localVerifier(await generateLocalKeys()),
      mailer: ses,
      scheduler,
      files: new LocalFileStore(mkdtempSync(join(tmpdir(), 'bench-files-'))),
      dev: null,
      meter,
    });
    const model = new CapacityModel(client, raw);
    // Each worker instance (a warm Lambda) has its own mailer paced to its share of the SES rate.
    // Time spent in send() (the pacing wait, throttling backoff and the SES call), summed over all jobs.
    let mailMs = 0;
    const timed = (mailer: Mailer): Mailer => ({
      send: async (message) => {
        const t0 = performance.now();
        try {
          return await mailer.send(message);
        } finally {
          mailMs += performance.now() - t0;
        }
      },
    });
    const instances: UnitWorkDeps[] = Array.from({ length: INSTANCES }, () => ({
      ...deps,
      mailer: timed(new PacedMailer(ses, { ratePerSecond: (SES_RATE * WORKER_SHARE) / INSTANCES })),
      reportSend: { attempts: 2, baseDelayMs: 1000 },
    }));

    const run = async (kind: 'sweep' | 'supervision', at: string, squeezeMs = 0): Promise<RunFigures> => {
      clock.set(new Date(at));
      meter.reset();
      model.reset();
      mailMs = 0;
      scheduler.reset();
      ses.reset();
      const deliveries: Delivery[] = [];
      let next = 0;
      let injected = 0;
      const queue = new LocalUnitQueue(
        async (job: UnitJob) => {
          const t0 = performance.now();
          try {
            if (job.unitId === FAILING_UNIT && deliveries.filter((d) => d.unitId === job.unitId).length < 2) {
              injected++;
              throw new Error('DynamoDB request timed out (injected)');
            }
            await handleUnitJob(instances[next++ % INSTANCES] as UnitWorkDeps, job);
            deliveries.push({ unitId: job.unitId, ms: performance.now() - t0, ok: true });
          } catch (error) {
            deliveries.push({ unitId: job.unitId, ms: performance.now() - t0, ok: false });
            throw error;
          }
        },
        {
          concurrency: CONCURRENCY,
          maxReceives: 8,
          retryDelayMs: (receives) => retryDelaySeconds(receives) * 1000 * RETRY_SCALE,
        },
      );
      const fanOut: FanOutDeps = { ...deps, queue };
      const quiet = console.error;
      console.error = () => {};
      try {
        if (squeezeMs) ses.squeeze(squeezeMs);
        log(`\n== ${kind}: ${UNITS} jobs…`);
        const t0 = performance.now();
        const fanOutStart = performance.now();
        const start = await startRun(fanOut, kind);
        const fanOutMs = performance.now() - fanOutStart;
        const progress = setInterval(() => {
          loads.push(loadavg()[0] ?? 0);
          log(`   ${deliveries.filter((d) => d.ok).length} units done, ${ses.accepted} mails`);
        }, 15_000);
        await queue.drain();
        clearInterval(progress);
        const wallSeconds = (performance.now() - t0) / 1000;
        const firstPass = [...deliveries];
        const mailSeconds = mailMs / 1000;
        const figures = {
          calls: meter.calls,
          read: model.read,
          write: model.write,
          scheduler: scheduler.calls,
          sesAccepted: ses.accepted,
          sesThrottled: ses.throttled,
        };
        const done = await new RunStore(deps.table).doneUnits(start.runId);
        const perUnitMails = [...ses.byUnit.values()];
        const reportsOnce = kind === 'supervision' ? countOnce(ses.byUnit, UNITS) : null;
        // Duplicates: the schedule delivered again and some jobs delivered twice send nothing more.
        const before = ses.accepted;
        const again = await startRun(fanOut, kind);
        const sample = Array.from({ length: DUPLICATES }, (_, k) =>
          unitIdOf(Math.floor((k * UNITS) / DUPLICATES)),
        );
        await queue.send(
          sample.map((unitId) => ({
            job: kind,
            unitId,
            runId: start.runId,
            date: start.runId.split('#')[1] ?? '',
          })),
        );
        await queue.drain();
        const ms = firstPass
          .filter((d) => d.ok)
          .map((d) => d.ms)
          .sort((a, b) => a - b);
        return {
          kind,
          units: UNITS,
          wallSeconds,
          fanOutMs,
          queued: start.queued,
          deliveries: firstPass.length,
          injectedFailures: injected,
          retried: firstPass.filter((d) => !d.ok).length,
          deadLetters: queue.deadLetters.length,
          skipped: UNITS - done.size,
          p50: percentile(ms, 50),
          p95: percentile(ms, 95),
          p99: percentile(ms, 99),
          max: ms.at(-1) ?? 0,
          sumSeconds: firstPass.reduce((s, d) => s + d.ms, 0) / 1000,
          mailSeconds,
          ...figures,
          mailsPerUnitMax: Math.max(0, ...perUnitMails),
          reportsOnce,
          rerunQueued: again.queued,
          duplicateJobs: DUPLICATES,
          sentByDuplicates: ses.accepted - before,
        };
      } finally {
        console.error = quiet;
      }
    };

    const sweep = await run('sweep', '2023-10-30T00:00:00Z');
    logRun(sweep);
    const supervision = await run('supervision', '2023-10-30T00:30:00Z', 30_000);
    logRun(supervision);

    // The mail dispatcher (every minute in AWS) on the national table, nothing due: its cost floor.
    const dispatchMs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      await dispatchMailJobs({ ...deps, queue: { send: async () => {} } });
      dispatchMs.push(performance.now() - t0);
    }
    const results: NationalResults = {
      units: UNITS,
      itemsPerUnit: ITEMS_PER_UNIT,
      seeded: written,
      seedSeconds,
      concurrency: CONCURRENCY,
      instances: INSTANCES,
      sesRate: SES_RATE,
      workerShare: WORKER_SHARE,
      missedSteps: Array.from({ length: UNITS }, (_, i) => i).filter(hasMissedStep).length,
      pendingMails: Array.from({ length: UNITS }, (_, i) => i).filter(hasPendingMail).length,
      failingUnit: FAILING_UNIT,
      retryScale: RETRY_SCALE,
      runs: [sweep, supervision],
      dispatchMs: percentile(
        dispatchMs.sort((a, b) => a - b),
        50,
      ),
      totalMinutes: (performance.now() - started) / 60_000,
      loadAverage: loads.length ? loads.reduce((a, b) => a + b, 0) / loads.length : (loadavg()[0] ?? 0),
      cores: cpus().length,
      date: `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`,
    };
    const out =
      process.env.BENCH_OUT ?? (QUICK ? join(tmpdir(), 'SCALE.quick.md') : join(ROOT, 'docs/SCALE.md'));
    writeFileSync(out, nationalMarkdown(results));
    log(`\nWritten to ${out} (${results.totalMinutes.toFixed(1)} min)`);
    client.destroy();
    raw.destroy();
  } finally {
    await dynamo.stop();
  }
}

/** Units with exactly one report, and with more or none. */
function countOnce(byUnit: Map<string, number>, units: number): { once: number; more: number; none: number } {
  let once = 0;
  let more = 0;
  for (let i = 0; i < units; i++) {
    const n = byUnit.get(unitIdOf(i)) ?? 0;
    if (n === 1) once++;
    else if (n > 1) more++;
  }
  return { once, more, none: units - once - more };
}

function logRun(r: RunFigures): void {
  log(
    `   ${r.kind}: ${r.wallSeconds.toFixed(1)} s wall; per unit p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, max ${r.max.toFixed(0)} ms; ` +
      `${(r.calls / r.units).toFixed(1)} DynamoDB calls/unit; SES ${r.sesAccepted} sent, ${r.sesThrottled} throttled; ` +
      `retries ${r.retried}, dead letters ${r.deadLetters}, skipped ${r.skipped}; duplicates sent ${r.sentByDuplicates}`,
  );
}
