/**
 * The API wires escalation in with attachEscalationLazily (its code loaded by the first write): the same
 * schedules, stored times, removals and calendar re-planning as attachEscalation, on the same requests.
 */
import { describe, expect, it } from 'vitest';
import { LocalEscalationScheduler } from '../../shared/adapters/scheduler/local-scheduler.js';
import { createTestApp, seedUnit } from '../support/app.js';

async function scenario(escalation: true | 'lazy') {
  let local: LocalEscalationScheduler | undefined;
  const t = await createTestApp({
    now: '2023-10-20T02:00:00Z',
    escalation,
    scheduler: ({ table, clock }) => (local = new LocalEscalationScheduler(table, clock)),
  });
  const { dialogueId } = await seedUnit(t);
  const create = async (dueDate: string) => {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: {
        content: `Đề nghị sửa đường hẻm, hạn ${dueDate}`,
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number; nextEscalationAt: string | null };
  };
  const pending = async () => ((await local?.pending()) ?? []).map((s) => s.at).sort();
  const stored = async (id: string) =>
    (await t.call('GET', `/api/recommendations/${id}`, { as: 'office' })).body;

  const near = await create('2023-11-10');
  const far = await create('2023-12-15');
  const created = { near: near.nextEscalationAt, far: far.nextEscalationAt, pending: await pending() };

  const override = await t.call('PUT', '/api/calendar/overrides/2023-11-09', {
    as: 'admin',
    body: { kind: 'day_off', name: 'Điều chỉnh của đơn vị' },
  });
  expect(override.status).toBe(200);
  const replanned = { near: (await stored(near.id)).nextEscalationAt, pending: await pending() };

  const current = await stored(far.id);
  const resolved = await t.call('POST', `/api/recommendations/${far.id}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Đã sửa xong đường hẻm', version: current.version },
  });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  return { created, replanned, afterResolve: await pending() };
}

describe('escalation wired lazily, as in the API', () => {
  it('plans, re-plans and removes exactly as when wired at start-up', async () => {
    const lazy = await scenario('lazy');
    // Due Friday 10/11/2023: the reminder two working days before, Wednesday 08/11 08:00.
    expect(lazy.created).toEqual({
      near: '2023-11-08T08:00:00',
      far: '2023-12-13T08:00:00',
      pending: ['2023-11-08T08:00:00', '2023-12-13T08:00:00'],
    });
    // Thursday 09/11 off: the reminder moves to Tuesday 07/11.
    expect(lazy.replanned).toEqual({
      near: '2023-11-07T08:00:00',
      pending: ['2023-11-07T08:00:00', '2023-12-13T08:00:00'],
    });
    // The resolved item's schedule is gone.
    expect(lazy.afterResolve).toEqual(['2023-11-07T08:00:00']);
    expect(lazy).toEqual(await scenario(true));
  });
});
