import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LocalEscalationScheduler,
  schedulerTickMs,
} from '../../shared/adapters/scheduler/local-scheduler.js';
import { scheduleName } from '../../shared/domain/escalation-policy.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { sweepUnit } from '../../shared/services/escalation/sweep.js';
import { createTestApp, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

const RECIPIENTS = {
  office: ['vanphong@u1.example'],
  front: ['mttq@u1.example'],
  chair: ['chutich@u1.example'],
  partySecretary: ['bithu@u1.example'],
  standing: ['btv@u1.example'],
};

let t: TestApp;
let local: LocalEscalationScheduler;
let dialogueId: string;

/** 09:00 on Friday 20/10/2023 in Vietnam. */
const NOW = '2023-10-20T02:00:00Z';

beforeEach(async () => {
  t = await createTestApp({
    now: NOW,
    escalation: true,
    scheduler: ({ table, clock }) => (local = new LocalEscalationScheduler(table, clock)),
  });
  local.onFire((event) => handleEscalationEvent(t.deps, event));
  ({ dialogueId } = await seedUnit(t));
  const policy = await t.call('PUT', '/api/escalation-policy', {
    as: 'admin',
    body: { recipients: RECIPIENTS },
  });
  expect(policy.status).toBe(200);
});

async function createAssigned(dueDate: string, departmentId = 'dc') {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: `Đề nghị nạo vét cống thoát nước, hạn ${dueDate}`,
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId,
      dueDate,
    },
  });
  expect(res.status).toBe(201);
  return res.body as {
    id: string;
    ref: string;
    version: number;
    nextEscalationAt: string | null;
    escalationLevel: number;
  };
}

const actions = async (id: string) =>
  (await t.call('GET', `/api/recommendations/${id}/history`, { as: 'office' })).body.items as {
    action: string;
    after: Record<string, unknown> | null;
    reason: string | null;
  }[];
const item = async (id: string) => (await t.call('GET', `/api/recommendations/${id}`, { as: 'office' })).body;
const mailFor = async (ref: string) => (await t.outbox.list()).filter((m) => m.subject.includes(ref));

describe('local scheduler, end to end on DynamoDB Local', () => {
  it('escalates an item due in the past within two ticks: history, next step and an .eml in the outbox', async () => {
    // Prepare: due Wednesday 18/10; level 1 on Thursday 19/10 08:00 has passed, level 2 is 26/10.
    const rec = await createAssigned('2023-10-18');
    expect(rec.nextEscalationAt).toBe('2023-10-20T09:00:00');
    expect((await local.pending()).map((s) => s.name)).toEqual([scheduleName('u1', rec.id, '2023-10-18', 1)]);
    // Act
    const fired = (await local.tick()) + (await local.tick());
    // Assess
    expect(fired).toBe(1);
    const after = await item(rec.id);
    expect(after).toMatchObject({
      escalationLevel: 1,
      nextEscalationAt: '2023-10-26T08:00:00',
      status: 'assigned',
    });
    const escalated = (await actions(rec.id)).filter((h) => h.action === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.after).toMatchObject({ escalationLevel: 1 });
    expect(escalated[0]?.reason).toContain('Quá hạn 2 ngày làm việc');
    const mails = await mailFor(rec.ref);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: ['dc@demo.example'],
      cc: ['vanphong@u1.example', 'mttq@u1.example'],
    });
    expect(mails[0]?.subject).toBe(`[Quá hạn - cấp 1] Kiến nghị ${rec.ref} quá hạn 2 ngày làm việc`);
    const eml = await readFile(join(t.outbox.dir, mails[0]?.file ?? ''), 'utf8');
    expect(eml).toMatch(/^To: dc@demo\.example$/m);
    expect(eml).toContain(`/items/${rec.id}`);
    expect((await local.pending()).map((s) => [s.name, s.at])).toEqual([
      [scheduleName('u1', rec.id, '2023-10-18', 2), '2023-10-26T08:00:00'],
    ]);

    // Act: the clock reaches 08:00 on 26/10 (local dev clock, as POST /api/dev/clock does).
    t.clock.set(new Date('2023-10-26T00:59:00Z'));
    expect(await local.tick()).toBe(0);
    const moved = await t.call('POST', '/api/dev/clock', {
      as: 'admin',
      body: { now: '2023-10-26T08:00:00+07:00' },
    });
    expect(moved.body.now).toBe('2023-10-26T01:00:00.000Z');
    expect(await local.tick()).toBe(1);
    // Assess: level 2 went to the chair and the Party secretary; nothing more is pending (level 3 is off).
    expect(await item(rec.id)).toMatchObject({ escalationLevel: 2, nextEscalationAt: null });
    const level2 = (await mailFor(rec.ref)).find((m) => m.subject.includes('cấp 2'));
    expect(level2).toMatchObject({
      to: ['chutich@u1.example', 'bithu@u1.example'],
      cc: ['dc@demo.example', 'vanphong@u1.example'],
    });
    expect(await local.pending()).toEqual([]);
  });

  it('reminds once before the due date without raising the level', async () => {
    // Due Tuesday 24/10: reminder 2 working days before = Friday 20/10 08:00, already past at 09:00.
    const rec = await createAssigned('2023-10-24');
    expect(await local.tick()).toBe(1);
    expect(await local.tick()).toBe(0);
    const after = await item(rec.id);
    expect(after).toMatchObject({
      escalationLevel: 0,
      remindedFor: '2023-10-24#0',
      nextEscalationAt: '2023-10-25T08:00:00',
    });
    expect((await actions(rec.id)).filter((h) => h.action === 'reminded')).toHaveLength(1);
    const mails = await mailFor(rec.ref);
    expect(mails.map((m) => [m.subject, m.to])).toEqual([
      [`[Nhắc hạn] Kiến nghị ${rec.ref} đến hạn xử lý ngày 24/10/2023`, ['dc@demo.example']],
    ]);
  });

  it('cancels what is pending when the item is resolved', async () => {
    // Prepare: due Friday 10/11; the reminder is scheduled for Wednesday 8/11 at 08:00.
    const rec = await createAssigned('2023-11-10');
    expect(rec.nextEscalationAt).toBe('2023-11-08T08:00:00');
    // Stored with the item in its creating transaction: no second version.
    expect(rec.version).toBe(1);
    expect(await local.pending()).toHaveLength(1);
    // Act
    const resolved = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã nạo vét xong', version: rec.version },
    });
    // Assess
    expect(resolved.status).toBe(200);
    expect(resolved.body.nextEscalationAt).toBeNull();
    expect(await local.pending()).toEqual([]);
    t.clock.set(new Date('2023-12-01T02:00:00Z'));
    expect(await local.tick()).toBe(0);
    expect(await mailFor(rec.ref)).toEqual([]);
    expect((await item(rec.id)).escalationLevel).toBe(0);
  });

  it('does nothing when a schedule left over for a resolved item is delivered', async () => {
    // A delivery still in Scheduler's retries, or a step fired early by the sweep, may outlive the
    // resolution: the handler reads the item again and finds it no longer awaiting an answer.
    const rec = await createAssigned('2023-10-18');
    const resolved = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã nạo vét xong' },
    });
    expect(resolved.status).toBe(200);
    expect(await local.pending()).toEqual([]);
    const historyBefore = await actions(rec.id);
    for (const level of [0, 1, 2, 3]) {
      expect(
        await handleEscalationEvent(t.deps, {
          unitId: 'u1',
          recommendationId: rec.id,
          level,
          dueDate: '2023-10-18',
        }),
      ).toEqual({ outcome: 'stale' });
    }
    expect(await local.pending()).toEqual([]);
    expect(await mailFor(rec.ref)).toEqual([]);
    expect(await actions(rec.id)).toEqual(historyBefore);
    expect(await item(rec.id)).toMatchObject({
      status: 'resolved',
      escalationLevel: 0,
      version: resolved.body.version,
    });
  });

  it('starts a new cycle on a new due date and on reopening', async () => {
    const rec = await createAssigned('2023-11-10');
    const changed = await t.call('PATCH', `/api/recommendations/${rec.id}`, {
      as: 'office',
      body: { version: rec.version, dueDate: '2023-11-24', reason: 'Chờ kinh phí' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.nextEscalationAt).toBe('2023-11-22T08:00:00');
    expect((await local.pending()).map((s) => s.name)).toEqual([scheduleName('u1', rec.id, '2023-11-24', 0)]);
    const resolved = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã xử lý' },
    });
    expect(await local.pending()).toEqual([]);
    const reopened = await t.call('POST', `/api/recommendations/${rec.id}/review`, {
      as: 'front',
      body: {
        decision: 'reopen',
        reason: 'Người dân phản ánh vẫn ngập',
        dueDate: '2023-12-08',
        version: resolved.body.version,
      },
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      status: 'assigned',
      escalationLevel: 0,
      nextEscalationAt: '2023-12-06T08:00:00',
    });
    expect((await local.pending()).map((s) => s.name)).toEqual([scheduleName('u1', rec.id, '2023-12-08', 0)]);
  });

  it('makes one escalation and one e-mail out of five concurrent deliveries of the same event', async () => {
    const rec = await createAssigned('2023-10-18');
    const event = { unitId: 'u1', recommendationId: rec.id, level: 1, dueDate: '2023-10-18' };
    // Act
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => handleEscalationEvent(t.deps, event)));
    // Assess
    expect(outcomes.filter((o) => o.outcome === 'escalated')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'noop')).toHaveLength(4);
    expect((await actions(rec.id)).filter((h) => h.action === 'escalated')).toHaveLength(1);
    expect(await mailFor(rec.ref)).toHaveLength(1);
    // The schedule's own delivery comes after: nothing more happens.
    expect(await local.tick()).toBe(1);
    expect(await mailFor(rec.ref)).toHaveLength(1);
    expect((await item(rec.id)).escalationLevel).toBe(1);
  });

  it('sends a back-dated item straight to the level its lateness warrants, with one notification', async () => {
    // Due Wednesday 11/10: level 1 on 12/10, level 2 on 19/10; today is 20/10.
    const rec = await createAssigned('2023-10-11');
    await local.tick();
    await local.tick();
    const history = await actions(rec.id);
    expect(history.filter((h) => h.action === 'escalated').map((h) => h.after?.escalationLevel)).toEqual([2]);
    expect(history.filter((h) => h.action === 'reminded')).toEqual([]);
    const mails = await mailFor(rec.ref);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain('[Quá hạn - cấp 2]');
    expect(mails[0]?.subject).toContain('quá hạn 7 ngày làm việc');
    expect(mails[0]?.to).toEqual(['chutich@u1.example', 'bithu@u1.example']);
  });

  it('ignores events of an old cycle and reschedules an event delivered early', async () => {
    const rec = await createAssigned('2023-11-10');
    expect(
      await handleEscalationEvent(t.deps, {
        unitId: 'u1',
        recommendationId: rec.id,
        level: 1,
        dueDate: '2023-11-03',
      }),
    ).toEqual({ outcome: 'stale' });
    await local.remove((await local.pending()).map((s) => s.name));
    expect(
      await handleEscalationEvent(t.deps, {
        unitId: 'u1',
        recommendationId: rec.id,
        level: 0,
        dueDate: '2023-11-10',
      }),
    ).toEqual({ outcome: 'rescheduled' });
    expect((await local.pending()).map((s) => s.at)).toEqual(['2023-11-08T08:00:00']);
    expect(await mailFor(rec.ref)).toEqual([]);
  });

  it('sweep: repairs a deleted schedule, and fires one whose time has passed', async () => {
    // Prepare: an item at level 1 (level 2 due 26/10 08:00), one reminded (level 1 due 25/10 08:00), and one
    // due far ahead; the schedules of all three are lost.
    const rec = await createAssigned('2023-10-18');
    const soon = await createAssigned('2023-10-24');
    const later = await createAssigned('2023-11-30');
    expect(await local.tick()).toBe(2);
    expect((await item(soon.id)).remindedFor).toBe('2023-10-24#0');
    await local.remove((await local.pending()).map((s) => s.name));
    expect(await local.pending()).toEqual([]);
    // Act
    const repaired = await sweepUnit(t.deps, 'u1');
    // Assess: only the two items in the overdue/reminder window were read; their next steps are back.
    // Every e-mail went out when its step fired: nothing pending to send.
    expect(repaired).toEqual({
      examined: 2,
      fired: 0,
      rescheduled: 2,
      failed: 0,
      mailsSent: 0,
      mailsFailed: 0,
    });
    expect((await local.pending()).map((s) => [s.name, s.at])).toEqual([
      [scheduleName('u1', soon.id, '2023-10-24', 1), '2023-10-25T08:00:00'],
      [scheduleName('u1', rec.id, '2023-10-18', 2), '2023-10-26T08:00:00'],
    ]);
    expect(later.nextEscalationAt).toBe('2023-11-28T08:00:00');

    // Act: schedules lost again, and the sweep runs after their time.
    await local.remove((await local.pending()).map((s) => s.name));
    t.clock.set(new Date('2023-10-27T00:00:00Z'));
    const fired = await sweepUnit(t.deps, 'u1');
    // Assess: both fire directly, each once.
    expect(fired).toMatchObject({ examined: 2, fired: 2, failed: 0 });
    expect((await item(rec.id)).escalationLevel).toBe(2);
    expect((await item(soon.id)).escalationLevel).toBe(1);
    expect(await sweepUnit(t.deps, 'u1')).toMatchObject({ fired: 0 });
  });

  it('ticks by itself from start() (the npm start process) and runs the daily sweep once', async () => {
    expect(schedulerTickMs({})).toBe(5000);
    expect(schedulerTickMs({ SCHEDULER_TICK_MS: '250' })).toBe(250);
    expect(() => schedulerTickMs({ SCHEDULER_TICK_MS: 'nhanh' })).toThrow('SCHEDULER_TICK_MS');
    let sweeps = 0;
    const stop = local.start({
      intervalMs: 40,
      dailySweep: async () => {
        sweeps++;
      },
    });
    try {
      const rec = await createAssigned('2023-10-18');
      // The e-mail goes out after the commit: wait for it, not for the level (seen a moment earlier).
      await expect.poll(async () => (await mailFor(rec.ref)).length, { timeout: 5000, interval: 50 }).toBe(1);
      expect((await item(rec.id)).escalationLevel).toBe(1);
      expect(sweeps).toBe(1);
    } finally {
      stop();
    }
  });
});
