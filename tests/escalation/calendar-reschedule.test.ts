/**
 * What a calendar change recomputes: the pending escalation of each open item (its schedule and the
 * `nextEscalationAt` shown on it) — at once for a unit override, by the daily catch-up for a national one —
 * and, read at request time, the due-soon list and the working days overdue or left.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalEscalationScheduler } from '../../shared/adapters/scheduler/local-scheduler.js';
import { catchUpUnit, rescheduleOpenItems } from '../../shared/services/calendar-reschedule.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { ESCALATION_ACTOR } from '../../shared/services/escalation/unit-context.js';
import { createTestApp, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

let t: TestApp;
let local: LocalEscalationScheduler;
/** The held dialogue of each seeded unit. */
const dialogues = new Map<string, string>();
const seed = async (unit: string) => dialogues.set(unit, (await seedUnit(t, unit)).dialogueId);

/** The daily catch-up as the sweep's jobs run it: each unit on its own (one job per unit), summed up. */
async function catchUpAllUnits() {
  const total = { units: 0, caughtUp: 0, examined: 0, moved: 0, fired: 0, failed: 0 };
  for (const unit of await t.deps.units.listUnits()) {
    total.units++;
    const r = await catchUpUnit(t.deps, unit.id);
    if (!r) continue;
    total.caughtUp++;
    total.examined += r.examined;
    total.moved += r.moved;
    total.fired += r.fired;
    total.failed += r.failed;
  }
  return total;
}

beforeEach(async () => {
  t = await createTestApp({
    // 09:00 on Friday 20/10/2023 in Vietnam.
    now: '2023-10-20T02:00:00Z',
    escalation: true,
    scheduler: ({ table, clock }) => (local = new LocalEscalationScheduler(table, clock)),
  });
  local.onFire((event) => handleEscalationEvent(t.deps, event));
  await seed('u1');
});

async function createAssigned(dueDate: string, unit = 'u1') {
  const res = await t.call('POST', `/api/dialogues/${dialogues.get(unit)}/recommendations`, {
    as: 'office',
    unit,
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
}

const stored = async (id: string) =>
  (await t.call('GET', `/api/recommendations/${id}`, { as: 'office' })).body;
const pendingAt = async () => (await local.pending()).map((s) => s.at).sort();
const setUnitDay = (date: string, kind: 'day_off' | 'working_day') =>
  t.call('PUT', `/api/calendar/overrides/${date}`, {
    as: 'admin',
    body: { kind, name: 'Điều chỉnh của đơn vị' },
  });
const setNationalDay = (date: string, kind: 'day_off' | 'working_day') =>
  t.call('PUT', `/api/calendar/national/${date}`, {
    as: 'system',
    body: { kind, name: 'Lịch nghỉ toàn quốc' },
  });

describe('a unit override re-plans that unit’s open items at once', () => {
  it('a new day off moves the reminder earlier; removing it moves it back', async () => {
    // Due Friday 10/11/2023; the reminder, 2 working days before, is Wednesday 08/11 08:00.
    const rec = await createAssigned('2023-11-10');
    expect(rec.nextEscalationAt).toBe('2023-11-08T08:00:00');
    const far = await createAssigned('2023-12-15'); // not affected by a change in November

    // Act: Thursday 09/11 becomes a day off for the unit.
    expect((await setUnitDay('2023-11-09', 'day_off')).status).toBe(200);

    // Assess: Tuesday 07/11 now; the schedule, the item and its history say so; the other item is untouched.
    expect(await pendingAt()).toEqual(['2023-11-07T08:00:00', '2023-12-13T08:00:00']);
    const moved = await stored(rec.id);
    expect(moved).toMatchObject({ nextEscalationAt: '2023-11-07T08:00:00', version: rec.version + 1 });
    const history = (await t.call('GET', `/api/recommendations/${rec.id}/history`, { as: 'office' })).body
      .items;
    expect(history.at(-1)).toMatchObject({
      action: 'escalation_scheduled',
      actor: { sub: ESCALATION_ACTOR.sub },
      after: { nextEscalationAt: '2023-11-07T08:00:00' },
    });
    expect((await stored(far.id)).version).toBe(far.version);

    // Act: the override is removed.
    expect((await t.call('DELETE', '/api/calendar/overrides/2023-11-09', { as: 'admin' })).status).toBe(204);
    expect(await pendingAt()).toEqual(['2023-11-08T08:00:00', '2023-12-13T08:00:00']);
    expect((await stored(rec.id)).nextEscalationAt).toBe('2023-11-08T08:00:00');
  });

  it('a step the change makes due is taken at once (reminder sent), only once', async () => {
    // 09:00 on Wednesday 08/11; due Tuesday 14/11, reminder Friday 10/11.
    t.clock.set(new Date('2023-11-08T02:00:00Z'));
    const rec = await createAssigned('2023-11-14');
    expect(rec.nextEscalationAt).toBe('2023-11-10T08:00:00');
    // Friday 10/11 and Monday 13/11 become days off: the reminder falls on Wednesday 08/11 08:00, passed.
    await setUnitDay('2023-11-10', 'day_off');
    expect((await t.outbox.list()).length).toBe(0); // one change alone: reminder on Thursday 09/11
    expect((await stored(rec.id)).nextEscalationAt).toBe('2023-11-09T08:00:00');
    await setUnitDay('2023-11-13', 'day_off');
    expect(await t.outbox.list()).toHaveLength(1);
    expect((await stored(rec.id)).remindedFor).toMatch(/^2023-11-14/);
    // Doing it again sends nothing more.
    expect(await rescheduleOpenItems(t.deps, 'u1')).toMatchObject({
      examined: 1,
      moved: 0,
      fired: 0,
      failed: 0,
    });
    expect(await t.outbox.list()).toHaveLength(1);
  });

  it('another unit’s items are not touched', async () => {
    await seed('u2');
    const other = await createAssigned('2023-11-10', 'u2');
    await setUnitDay('2023-11-09', 'day_off');
    const item = (await t.call('GET', `/api/recommendations/${other.id}`, { as: 'office', unit: 'u2' })).body;
    expect(item).toMatchObject({ version: other.version, nextEscalationAt: '2023-11-08T08:00:00' });
  });
});

describe('a national override reaches every unit through the daily catch-up', () => {
  it('is not re-planned in the request; the catch-up moves each unit once; a unit override still wins', async () => {
    await seed('u2');
    const a = await createAssigned('2023-11-10', 'u1');
    const b = await createAssigned('2023-11-10', 'u2');
    // u1 keeps Thursday 09/11 as a working day.
    await setUnitDay('2023-11-09', 'working_day');

    expect((await setNationalDay('2023-11-09', 'day_off')).status).toBe(200);
    // Read at request time, the calendar already has it (this process); the stored plans are unchanged.
    const days = await t.call('GET', '/api/calendar/working-days/add?from=2023-11-08&days=1', {
      as: 'office',
      unit: 'u2',
    });
    expect(days.body.date).toBe('2023-11-10');
    expect(await pendingAt()).toEqual(['2023-11-08T08:00:00', '2023-11-08T08:00:00']);

    // Act: the daily job.
    expect(await catchUpAllUnits()).toMatchObject({ units: 2, caughtUp: 2, moved: 1, failed: 0 });

    // Assess: u2 moved to Tuesday 07/11; u1 (its own working day wins) did not.
    const itemOf = async (id: string, unit: string) =>
      (await t.call('GET', `/api/recommendations/${id}`, { as: 'office', unit })).body;
    expect((await itemOf(b.id, 'u2')).nextEscalationAt).toBe('2023-11-07T08:00:00');
    expect((await itemOf(a.id, 'u1')).nextEscalationAt).toBe('2023-11-08T08:00:00');
    expect(await pendingAt()).toEqual(['2023-11-07T08:00:00', '2023-11-08T08:00:00']);

    // The next day: nothing to do until the next national change.
    expect(await catchUpAllUnits()).toMatchObject({ units: 2, caughtUp: 0 });
    await t.call('DELETE', '/api/calendar/national/2023-11-09', { as: 'system' });
    expect(await catchUpAllUnits()).toMatchObject({ units: 2, caughtUp: 2, moved: 1 });
    expect((await itemOf(b.id, 'u2')).nextEscalationAt).toBe('2023-11-08T08:00:00');
  });

  it('does nothing when no national change was ever made', async () => {
    await createAssigned('2023-11-10');
    expect(await catchUpUnit(t.deps, 'u1')).toBeNull();
    expect(await catchUpAllUnits()).toMatchObject({ caughtUp: 0, examined: 0 });
  });
});

describe('lists and figures read at request time follow the calendar', () => {
  it('the supervision report’s due-soon list and working days overdue and left', async () => {
    const overdue = await createAssigned('2023-10-17'); // Tuesday: 18, 19, 20/10 → 3 working days late
    const soon = await createAssigned('2023-10-25'); // Wednesday: 23, 24, 25/10 → 3 left
    const edge = await createAssigned('2023-10-30'); // Monday: past the 5 working days (until 27/10)
    const report = async () =>
      (await t.call('GET', '/api/reports/supervision?format=json', { as: 'office' })).body;
    const before = await report();
    expect(before.overdue[0].items).toMatchObject([{ id: overdue.id, workingDaysOverdue: 3 }]);
    expect(before.dueSoon.map((i: { id: string }) => i.id)).toEqual([soon.id]);
    expect(before.dueSoon[0].workingDaysLeft).toBe(3);

    // Thursday 19/10 and Monday 23/10 become national days off.
    await setNationalDay('2023-10-19', 'day_off');
    await setNationalDay('2023-10-23', 'day_off');

    const after = await report();
    expect(after.overdue[0].items).toMatchObject([{ id: overdue.id, workingDaysOverdue: 2 }]);
    expect(after.dueSoon.map((i: { id: string }) => i.id)).toEqual([soon.id, edge.id]);
    expect(after.dueSoon[0].workingDaysLeft).toBe(2);
    expect(after.dueSoonUntil).toBe('2023-10-30');
  });
});
