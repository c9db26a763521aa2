/**
 * The next scheduled escalation shown on an item (`nextEscalationAt`) is the time of the schedule that
 * actually exists, also when a concurrent change wins the race with the listener, and when a policy change
 * moves a pending step (the sweep or an early delivery schedules it again at its new time).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalEscalationScheduler } from '../../shared/adapters/scheduler/local-scheduler.js';
import { historyEntry } from '../../shared/domain/history.js';
import type { RecommendationListener } from '../../shared/services/context.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { sweepUnit } from '../../shared/services/escalation/sweep.js';
import { ESCALATION_ACTOR } from '../../shared/services/escalation/unit-context.js';
import { createTestApp, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let t: TestApp;
let local: LocalEscalationScheduler;
let dialogueId: string;
/** Set by a test: a change another writer commits right after the item's own change, before escalation. */
let concurrentEdit: RecommendationListener | undefined;

beforeEach(async () => {
  concurrentEdit = undefined;
  t = await createTestApp({
    // 09:00 on Friday 20/10/2023 in Vietnam.
    now: '2023-10-20T02:00:00Z',
    // Runs before the escalation listener (createTestApp appends that one).
    listeners: [
      (unitId, before, after) => concurrentEdit?.(unitId, before, after) ?? Promise.resolve(undefined),
    ],
    escalation: true,
    scheduler: ({ table, clock }) => (local = new LocalEscalationScheduler(table, clock)),
  });
  local.onFire((event) => handleEscalationEvent(t.deps, event));
  ({ dialogueId } = await seedUnit(t));
});

async function createAssigned(dueDate: string) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: 'Đề nghị lắp đèn đường hẻm 12',
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate,
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number; nextEscalationAt: string | null };
}

const stored = async (id: string) =>
  (await t.call('GET', `/api/recommendations/${id}`, { as: 'office' })).body;
const pendingAt = async () => (await local.pending()).map((s) => s.at);

describe('nextEscalationAt follows the schedule that exists', () => {
  it('is stored even when another change commits between the item change and the listener', async () => {
    // Prepare: someone corrects the text right after the item is created (version 1 → 2).
    concurrentEdit = async (unitId, before, after) => {
      if (before !== null) return undefined;
      const edited = { ...after, content: `${after.content} (đã sửa)`, version: after.version + 1 };
      const actor = { sub: 'other', name: 'Văn phòng', roles: ['office' as const], departmentId: null };
      await t.deps.recommendations.saveChange(
        unitId,
        after,
        edited,
        historyEntry(actor, t.clock.now(), 'updated', after, edited),
      );
      return undefined;
    };
    // Act: the escalation listener still holds version 1.
    const rec = await createAssigned('2023-11-10');
    // Assess: the reminder is scheduled for 08/11 08:00, and the item says so.
    expect(await pendingAt()).toEqual(['2023-11-08T08:00:00']);
    const item = await stored(rec.id);
    expect(item).toMatchObject({
      content: 'Đề nghị lắp đèn đường hẻm 12 (đã sửa)',
      nextEscalationAt: '2023-11-08T08:00:00',
    });
  });

  it('moves with the sweep when a policy change brings a step forward', async () => {
    const rec = await createAssigned('2023-11-10');
    expect(rec.nextEscalationAt).toBe('2023-11-08T08:00:00');
    // The admin asks for reminders 5 working days ahead: Friday 03/11.
    expect(
      (await t.call('PUT', '/api/escalation-policy', { as: 'admin', body: { reminderWorkingDaysBefore: 5 } }))
        .status,
    ).toBe(200);
    // Act: the daily sweep at 07:00 on 03/11.
    t.clock.set(new Date('2023-11-03T00:00:00Z'));
    expect(await sweepUnit(t.deps, 'u1')).toMatchObject({ examined: 1, fired: 0, rescheduled: 1 });
    // Assess
    expect(await pendingAt()).toEqual(['2023-11-03T08:00:00']);
    expect((await stored(rec.id)).nextEscalationAt).toBe('2023-11-03T08:00:00');
    const history = (await t.call('GET', `/api/recommendations/${rec.id}/history`, { as: 'office' })).body
      .items;
    expect(history.at(-1)).toMatchObject({
      action: 'escalation_scheduled',
      actor: { sub: ESCALATION_ACTOR.sub },
    });
    // A second sweep finds nothing to change: no new version.
    const version = (await stored(rec.id)).version;
    await sweepUnit(t.deps, 'u1');
    expect((await stored(rec.id)).version).toBe(version);
  });

  it('moves with an early delivery when a policy change puts a step later', async () => {
    const rec = await createAssigned('2023-11-10');
    // The admin asks for reminders 1 working day ahead: Thursday 09/11.
    await t.call('PUT', '/api/escalation-policy', { as: 'admin', body: { reminderWorkingDaysBefore: 1 } });
    // Act: the old schedule fires at 08:00 on 08/11.
    t.clock.set(new Date('2023-11-08T01:00:00Z'));
    expect(await local.tick()).toBe(1);
    // Assess: nothing was sent; the reminder waits for 09/11, and the item shows that.
    expect(await t.outbox.list()).toEqual([]);
    expect(await pendingAt()).toEqual(['2023-11-09T08:00:00']);
    expect((await stored(rec.id)).nextEscalationAt).toBe('2023-11-09T08:00:00');
  });
});
