/**
 * A forwarded item is escalated at the upper level like any of its items: once the province assigns it,
 * its reminders and escalations are the province's (schedule, history, e-mail to the province's
 * department); the commune's item, now `forwarded`, has no schedule left.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalEscalationScheduler } from '../../shared/adapters/scheduler/local-scheduler.js';
import { scheduleName } from '../../shared/domain/escalation-policy.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { createTestApp } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let local: LocalEscalationScheduler;

beforeEach(async () => {
  t = await createTestApp({
    now: '2023-10-20T02:00:00Z',
    escalation: true,
    scheduler: ({ table, clock }) => (local = new LocalEscalationScheduler(table, clock)),
  });
  local.onFire((event) => handleEscalationEvent(t.deps, event));
  for (const body of [
    { id: 'tinh', code: 'TINH', name: 'Tỉnh Mẫu' },
    { id: 'xa', code: 'XA', name: 'Xã Mẫu', parentId: 'tinh' },
  ]) {
    expect((await t.call('POST', '/api/units', { as: 'system', body })).status).toBe(201);
  }
});

async function firstDepartment(unit: string) {
  const department = (await t.call('GET', '/api/departments', { as: 'admin', unit })).body.items[0];
  const saved = await t.call('PATCH', `/api/departments/${department.id}`, {
    as: 'admin',
    unit,
    body: { version: department.version, emails: [`phong@${unit}.example`] },
  });
  expect(saved.status).toBe(200);
  return department.id as string;
}

describe('a forwarded item at the upper level', () => {
  it('is reminded and escalated by the province’s plan, never the commune’s', async () => {
    await t.call('PUT', '/api/escalation-policy', {
      as: 'admin',
      unit: 'tinh',
      body: { recipients: { office: ['vanphong@tinh.example'], chair: ['chutich@tinh.example'] } },
    });
    const communeDepartment = await firstDepartment('xa');
    const dialogue = await t.call('POST', '/api/dialogues', {
      as: 'office',
      unit: 'xa',
      body: {
        title: 'Đối thoại quý IV',
        heldOn: '2023-10-10',
        location: 'Hội trường xã',
        chairs: ['Chủ tịch'],
      },
    });
    const item = await t.call('POST', `/api/dialogues/${dialogue.body.id}/recommendations`, {
      as: 'office',
      unit: 'xa',
      body: {
        content: 'Đề nghị nâng cấp tỉnh lộ qua xã',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: communeDepartment,
        dueDate: '2023-10-25',
      },
    });
    expect(item.status).toBe(201);
    const communeSchedules = () =>
      local
        .pending()
        .then((all) =>
          all.filter((s) =>
            s.name.startsWith(scheduleName('xa', item.body.id, '2023-10-25', 0).slice(0, 36)),
          ),
        );
    expect(await communeSchedules()).not.toEqual([]);

    const forwarded = await t.call('POST', `/api/recommendations/${item.body.id}/forward`, {
      as: 'office',
      unit: 'xa',
      body: { toUnitId: 'tinh' },
    });
    expect(forwarded.status).toBe(200);
    // The commune's schedule is gone with its due date.
    expect(await communeSchedules()).toEqual([]);

    const upId = forwarded.body.forwardedTo.recommendationId as string;
    const provinceDepartment = await firstDepartment('tinh');
    const up = await t.call('GET', `/api/recommendations/${upId}`, { as: 'office', unit: 'tinh' });
    const assigned = await t.call('PATCH', `/api/recommendations/${upId}`, {
      as: 'office',
      unit: 'tinh',
      body: { version: up.body.version, departmentId: provinceDepartment, dueDate: '2023-10-23' },
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.nextEscalationAt).not.toBeNull();
    expect((await local.pending()).map((s) => s.name)).toContain(scheduleName('tinh', upId, '2023-10-23', 0));

    // Past the due date: the province's level 1 (Tuesday 24/10 08:00).
    t.clock.set(new Date('2023-10-24T02:00:00Z'));
    let fired = 0;
    for (let i = 0; i < 4; i++) fired += await local.tick();
    expect(fired).toBeGreaterThanOrEqual(1);
    const after = await t.call('GET', `/api/recommendations/${upId}`, { as: 'office', unit: 'tinh' });
    expect(after.body).toMatchObject({ status: 'assigned', escalationLevel: 1 });
    const history = await t.call('GET', `/api/recommendations/${upId}/history`, {
      as: 'office',
      unit: 'tinh',
    });
    expect(history.body.items.map((h: { action: string }) => h.action)).toContain('escalated');
    const mails = (await t.outbox.list()).filter((m) => m.subject.includes(after.body.ref));
    expect(mails.some((m) => m.subject.includes('cấp 1') && m.to.includes('phong@tinh.example'))).toBe(true);
    // The commune's item is not escalated: it waits for the province's answer.
    const commune = await t.call('GET', `/api/recommendations/${item.body.id}`, { as: 'office', unit: 'xa' });
    expect(commune.body).toMatchObject({ status: 'forwarded', escalationLevel: 0, nextEscalationAt: null });
    expect(commune.body.forwardedTo.status).toBe('assigned');
  });
});
