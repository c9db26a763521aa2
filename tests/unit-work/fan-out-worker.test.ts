/**
 * Scheduled runs fanned out per unit: one job per unit on the queue (here the local stand-in for SQS),
 * handled by the per-unit worker. A failing unit is retried and stops no other, a slow unit delays no
 * other, a duplicate job sends nothing twice, a run resumes where queueing stopped.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RunStore } from '../../shared/adapters/dynamodb/run-store.js';
import { LocalUnitQueue } from '../../shared/adapters/queue/local-unit-queue.js';
import type { Mailer, MailMessage, UnitJob, UnitWorkQueue } from '../../shared/domain/ports.js';
import { enqueueMail } from '../../shared/services/mail-outbox/enqueue.js';
import { seedDemoRecipients } from '../../shared/services/recipient-service.js';
import {
  dispatchMailJobs,
  type FanOutDeps,
  RunRequestSchema,
  startRun,
} from '../../shared/services/unit-work/fan-out.js';
import type { UnitWorkDeps } from '../../shared/services/unit-work/jobs.js';
import { handleUnitJob } from '../../shared/services/unit-work/worker.js';
import { createTestApp } from '../support/app.js';

const UNITS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];

/** Records every message and the unit it is for (the unit's name is in each report's subject). */
class RecordingMailer implements Mailer {
  readonly sent: { unit: string; subject: string; to: string[] }[] = [];
  async send(message: MailMessage) {
    const unit = /\[Phường (u\d+)\]/.exec(message.subject)?.[1] ?? '?';
    this.sent.push({ unit, subject: message.subject, to: message.to });
    return { messageId: `m-${this.sent.length}` };
  }
  count(unit: string, kind: RegExp) {
    return this.sent.filter((s) => s.unit === unit && kind.test(s.subject)).length;
  }
}

const SUPERVISION = /Báo cáo giám sát/;
let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  // Monday 30/10/2023, 07:30 in Vietnam.
  t = await createTestApp({ now: '2023-10-30T00:30:00Z', escalation: true });
  for (const id of UNITS) {
    await t.deps.units.putUnit({ id, code: id.toUpperCase(), name: `Phường ${id}` });
    await seedDemoRecipients(t.deps, id);
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

function worker(
  mailer: Mailer,
  wrap: (job: UnitJob, run: () => Promise<unknown>) => Promise<unknown> = (_, r) => r(),
) {
  const deps: UnitWorkDeps = { ...t.deps, mailer, reportSend: { attempts: 1, sleep: async () => {} } };
  return (job: UnitJob) => wrap(job, () => handleUnitJob(deps, job));
}
const fanOut = (queue: UnitWorkQueue): FanOutDeps => ({ ...t.deps, queue });
const quiet = () => vi.spyOn(console, 'error').mockImplementation(() => {});

describe('a run over every unit', () => {
  it('queues one job per unit; a failing unit is retried and a slow one delays no other', async () => {
    quiet();
    const mailer = new RecordingMailer();
    const finished: string[] = [];
    let u3Deliveries = 0;
    // u2 is slow: it holds its slot until every other unit is done (or 20 s, which a queue that let it
    // hold the others back would take).
    let othersDone: () => void = () => {};
    const others = new Promise<void>((resolve) => {
      othersDone = resolve;
    });
    let heldBack = false;
    const queue = new LocalUnitQueue(
      worker(mailer, async (job, run) => {
        if (job.unitId === 'u3' && ++u3Deliveries === 1) throw new Error('DynamoDB timeout (injected)');
        if (job.unitId === 'u2') {
          await Promise.race([
            others,
            new Promise((r) => setTimeout(r, 20_000)).then(() => (heldBack = true)),
          ]);
        }
        const out = await run();
        finished.push(job.unitId);
        if (finished.length === UNITS.length - 1 && !finished.includes('u2')) othersDone();
        return out;
      }),
      { concurrency: 2, maxReceives: 3 },
    );
    const start = await startRun(fanOut(queue), 'supervision', { date: '2023-10-30' });
    expect(start).toEqual({ runId: 'supervision#2023-10-30', queued: 6, units: 6, alreadyQueued: false });
    await queue.drain();

    expect(queue.deadLetters).toEqual([]);
    expect(u3Deliveries).toBe(2);
    for (const u of UNITS) expect(mailer.count(u, SUPERVISION), u).toBe(1);
    // While u2 was slow, the other slot went on with the rest: u2 finished last, released by them.
    expect(heldBack).toBe(false);
    expect(finished.at(-1)).toBe('u2');
    expect(finished).toHaveLength(6);
    expect([...(await new RunStore(t.deps.table).doneUnits('supervision#2023-10-30'))].sort()).toEqual(UNITS);

    // The schedule delivered again (Scheduler's retry): the run is already queued, nothing is sent.
    expect(await startRun(fanOut(queue), 'supervision', { date: '2023-10-30' })).toMatchObject({
      queued: 0,
      alreadyQueued: true,
    });
    await queue.drain();
    expect(mailer.sent.filter((s) => SUPERVISION.test(s.subject))).toHaveLength(6);
  });

  it('a duplicate job sends nothing twice, also when delivered concurrently, and after midnight', async () => {
    const mailer = new RecordingMailer();
    const handle = worker(mailer);
    const job: UnitJob = {
      job: 'supervision',
      unitId: 'u1',
      runId: 'supervision#2023-11-06',
      date: '2023-11-06',
    };
    t.clock.set(new Date('2023-11-06T00:30:00Z'));
    await Promise.all([handle(job), handle(job), handle(job)]);
    await handle(job);
    // Delivered again after midnight (a retry late in the night): still that Monday's report, not a new one.
    t.clock.set(new Date('2023-11-06T17:30:00Z')); // 00:30 on Tuesday in Vietnam
    await handle(job);
    expect(mailer.sent, JSON.stringify(mailer.sent)).toHaveLength(1);
  });

  it('resumes where queueing stopped, and a finished run can re-queue only the units not handled', async () => {
    quiet();
    t.clock.set(new Date('2023-11-13T00:30:00Z'));
    const mailer = new RecordingMailer();
    const queued: string[] = [];
    let sends = 0;
    const broken: UnitWorkQueue = {
      async send(jobs) {
        if (++sends === 2) throw new Error('SQS unavailable (injected)');
        queued.push(...jobs.map((j) => j.unitId));
      },
    };
    await expect(startRun(fanOut(broken), 'supervision', { step: 2 })).rejects.toThrow('SQS unavailable');
    expect(queued).toEqual(['u1', 'u2']);
    expect(await new RunStore(t.deps.table).get('supervision#2023-11-13')).toMatchObject({
      cursor: 'u2',
      queued: 2,
      complete: false,
    });
    // Started again (Scheduler retries the failed invocation): the rest, once.
    expect(await startRun(fanOut(broken), 'supervision', { step: 2 })).toMatchObject({ queued: 4 });
    expect(queued).toEqual(UNITS);
    expect(await startRun(fanOut(broken), 'supervision', { step: 2 })).toMatchObject({
      queued: 0,
      alreadyQueued: true,
    });

    // The worker handles them; u5 keeps failing and ends in the dead letters.
    const queue = new LocalUnitQueue(
      worker(mailer, async (job, run) => {
        if (job.unitId === 'u5') throw new Error('bad data (injected)');
        return run();
      }),
      { concurrency: 3, maxReceives: 2 },
    );
    await queue.send(
      queued.map((unitId) => ({
        job: 'supervision',
        unitId,
        runId: 'supervision#2023-11-13',
        date: '2023-11-13',
      })),
    );
    await queue.drain();
    expect(queue.deadLetters.map((d) => d.job.unitId)).toEqual(['u5']);

    // After the fix, the run is completed for the units not handled: only u5 is queued.
    const again: string[] = [];
    const repaired = await startRun(
      fanOut({ send: async (jobs) => void again.push(...jobs.map((j) => j.unitId)) }),
      'supervision',
      { onlyPending: true },
    );
    expect(repaired).toMatchObject({ queued: 1, alreadyQueued: true });
    expect(again).toEqual(['u5']);
  });
});

describe('the mail dispatcher', () => {
  it('queues one mail job per unit with mail due; the worker sends it', async () => {
    const mailer = new RecordingMailer();
    const jobs: UnitJob[] = [];
    const now = t.clock.now();
    await t.deps.table.transact([
      enqueueMail(
        t.deps.table,
        {
          unitId: 'u4',
          id: 'notice#1',
          kind: 'notification',
          to: ['dc@demo.example'],
          subject: '[Phường u4] Thông báo',
          html: '<p>x</p>',
          text: 'x',
        },
        now,
      ),
    ]);
    expect(await dispatchMailJobs(fanOut({ send: async (j) => void jobs.push(...j) }))).toEqual({ units: 1 });
    expect(jobs).toEqual([
      { job: 'mail', unitId: 'u4', runId: expect.stringMatching(/^mail#/), date: expect.any(String) },
    ]);
    await worker(mailer)(jobs[0] as UnitJob);
    expect(mailer.sent.map((s) => s.subject)).toEqual(['[Phường u4] Thông báo']);
    expect(await dispatchMailJobs(fanOut({ send: async () => {} }))).toEqual({ units: 0 });
  });
});

describe('what starts a run (the fan-out function’s event)', () => {
  it('takes the schedules’ inputs and an operator’s date and onlyPending; refuses anything else', () => {
    expect(RunRequestSchema.parse({ kind: 'sweep' })).toEqual({ kind: 'sweep' });
    expect(RunRequestSchema.parse({ kind: 'mail' })).toEqual({ kind: 'mail' });
    expect(RunRequestSchema.parse({ kind: 'supervision', date: '2023-10-30', onlyPending: true })).toEqual({
      kind: 'supervision',
      date: '2023-10-30',
      onlyPending: true,
    });
    for (const bad of [
      {},
      { kind: 'reports' },
      { kind: 'mail', date: '2023-10-30' },
      { kind: 'sweep', date: '30/10/2023' },
    ])
      expect(RunRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });
});
