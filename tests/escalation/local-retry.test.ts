/** The local scheduler retries a delivery whose handler fails, as Lambda does for Scheduler's invocations. */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  LOCAL_MAX_ATTEMPTS,
  LocalEscalationScheduler,
} from '../../shared/adapters/scheduler/local-scheduler.js';
import { scheduleName } from '../../shared/domain/escalation-policy.js';
import type { EscalationEvent } from '../../shared/domain/ports.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let local: LocalEscalationScheduler;
let dialogueId: string;

beforeEach(async () => {
  // 09:00 on Friday 20/10/2023 in Vietnam.
  t = await createTestApp({
    now: '2023-10-20T02:00:00Z',
    escalation: true,
    scheduler: ({ table, clock }) => (local = new LocalEscalationScheduler(table, clock)),
  });
  ({ dialogueId } = await seedUnit(t));
});

async function createOverdue() {
  // Due Wednesday 18/10: level 1 (Thursday 19/10 08:00) is due at once.
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: 'Đề nghị sửa cống',
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '2023-10-18',
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; ref: string };
}

describe('local scheduler retries', () => {
  it('delivers again at the next tick after a failed delivery', async () => {
    // Prepare: the first delivery fails (e.g. DynamoDB Local busy).
    const deliveries: EscalationEvent[] = [];
    local.onFire(async (event) => {
      deliveries.push(event);
      if (deliveries.length === 1) throw new Error('tạm thời không kết nối được');
      return handleEscalationEvent(t.deps, event);
    });
    const rec = await createOverdue();
    // Act
    expect(await local.tick()).toBe(1);
    // Assess: still pending after the failure, done at the next tick, once.
    expect((await local.pending()).map((s) => s.name)).toEqual([scheduleName('u1', rec.id, '2023-10-18', 1)]);
    expect(await local.tick()).toBe(1);
    expect(deliveries).toHaveLength(2);
    expect(
      (await t.call('GET', `/api/recommendations/${rec.id}`, { as: 'office' })).body.escalationLevel,
    ).toBe(1);
    expect((await t.outbox.list()).filter((m) => m.subject.includes(rec.ref))).toHaveLength(1);
    expect((await local.pending()).map((s) => s.name)).toEqual([scheduleName('u1', rec.id, '2023-10-18', 2)]);
  });

  it(`gives up after ${LOCAL_MAX_ATTEMPTS} failed deliveries (the daily sweep repairs it)`, async () => {
    let deliveries = 0;
    local.onFire(async () => {
      deliveries++;
      throw new Error('lỗi');
    });
    await createOverdue();
    for (let i = 0; i < LOCAL_MAX_ATTEMPTS; i++) expect(await local.tick()).toBe(1);
    expect(await local.pending()).toEqual([]);
    expect(await local.tick()).toBe(0);
    expect(deliveries).toBe(LOCAL_MAX_ATTEMPTS);
  });
});
