/**
 * Measures what escalation costs: DynamoDB calls (and capacity units, as DynamoDB Local reports them) and
 * EventBridge Scheduler API calls (at the SDK boundary, against a mock that remembers which schedules
 * exist) per assignment, per resolution, per escalation and per sweep of K overdue items.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleName } from '../../shared/domain/escalation-policy.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';
import { sweepUnit } from '../../shared/services/escalation/sweep.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { mockedAwsScheduler } from '../support/recording-scheduler.js';

const mock = mockClient(SchedulerClient);
const existing = new Set<string>();
const notFound = () =>
  new ResourceNotFoundException({
    message: 'Schedule not found',
    Message: 'Schedule not found',
    $metadata: {},
  });
mock
  .on(CreateScheduleCommand)
  .callsFake((input: CreateScheduleCommandInput) => {
    if (existing.has(input.Name ?? ''))
      throw new ConflictException({ message: 'exists', Message: 'exists', $metadata: {} });
    existing.add(input.Name ?? '');
    return { ScheduleArn: `arn:${input.Name}` };
  })
  .on(UpdateScheduleCommand)
  .callsFake((input: { Name?: string }) => {
    if (!existing.has(input.Name ?? '')) throw notFound();
    return { ScheduleArn: `arn:${input.Name}` };
  })
  .on(DeleteScheduleCommand)
  .callsFake((input: { Name?: string }) => {
    if (!existing.delete(input.Name ?? '')) throw notFound();
    return {};
  });

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
const report: Record<string, Partial<Cost>> = {};
/** Items written by transactions (each TransactWriteItems entry costs 2 WCU per KB). */
let itemsWritten = 0;

function schedulerCalls() {
  return {
    create: mock.commandCalls(CreateScheduleCommand).length,
    update: mock.commandCalls(UpdateScheduleCommand).length,
    delete: mock.commandCalls(DeleteScheduleCommand).length,
  };
}

/** Runs `act` and records the DynamoDB and Scheduler calls it made. */
interface Cost {
  dynamoCalls: number;
  itemsWritten: number;
  capacityUnits: number;
  schedulerCreate: number;
  schedulerUpdate: number;
  schedulerDelete: number;
  schedulerCalls: number;
}

async function measure<T>(label: string, act: () => Promise<T>): Promise<{ result: T; cost: Cost }> {
  const meter = t.deps.table.meter;
  meter.reset();
  itemsWritten = 0;
  mock.resetHistory();
  const result = await act();
  const s = schedulerCalls();
  const cost: Cost = {
    dynamoCalls: meter.calls,
    itemsWritten,
    /** ReadCapacityUnits + CapacityUnits reported by DynamoDB Local (transactions report only a total). */
    capacityUnits: meter.read + meter.write,
    schedulerCreate: s.create,
    schedulerUpdate: s.update,
    schedulerDelete: s.delete,
    schedulerCalls: s.create + s.update + s.delete,
  };
  report[label] = cost;
  return { result, cost };
}

async function create(body: object | object[]) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, { as: 'office', body });
  expect(res.status).toBe(201);
  return res.body;
}
const item = (dueDate: string | null, i = 0) => ({
  content: `Kiến nghị số ${i}: sửa đèn chiếu sáng ngõ ${i}`,
  source: 'pre_collected',
  ...(dueDate ? { disposition: 'assigned', departmentId: 'dc', dueDate } : {}),
});

beforeAll(async () => {
  // 09:00 on Friday 20/10/2023 in Vietnam.
  const clock = { now: () => t.clock.now() };
  t = await createTestApp({
    now: '2023-10-20T02:00:00Z',
    scheduler: () => mockedAwsScheduler(clock),
  });
  ({ dialogueId } = await seedUnit(t));
  const table = t.deps.table;
  const transact = table.transact.bind(table);
  table.transact = async (entries) => {
    itemsWritten += entries.length;
    return transact(entries);
  };
  await t.call('PUT', '/api/escalation-policy', {
    as: 'admin',
    body: { recipients: { office: ['vp@u1.example'], chair: ['ct@u1.example'] } },
  });
});

afterAll(() => {
  console.log(
    `Escalation costs (DynamoDB Local capacity units; Scheduler API calls):\n${JSON.stringify(report, null, 1)}`,
  );
});

describe('cost of escalation', () => {
  it('per assignment: the planner adds 1 DynamoDB read (policy) with a cold unit cache, none when warm, and 1 Scheduler call', async () => {
    const [a, b, c] = [await create(item(null, 1)), await create(item(null, 2)), await create(item(null, 3))];
    const assign = (rec: { id: string; version: number }) =>
      t.call('PATCH', `/api/recommendations/${rec.id}`, {
        as: 'office',
        body: { version: rec.version, disposition: 'assigned', departmentId: 'dc', dueDate: '2023-11-10' },
      });
    // Cold: as in a fresh process (UnitStore keeps the unit's overrides and policy for 60 s,
    // NationalCalendarStore the national overrides).
    const cold = () => {
      t.deps.units.clearCache();
      t.deps.national.clearCache();
    };
    cold();
    const without = await measure('assignment (PATCH) without escalation, cold unit cache', () => assign(a));
    // consistent get of the item + calendar overrides (the unit's, the national) + the unit (its default
    // working days to answer, cached with the overrides) + departments + the unit's notice settings and
    // name (the department's assignment notice, queued in the same transaction) + the transaction.
    // Without the notice: 6.
    expect(without.cost.dynamoCalls).toBe(8);
    attachEscalation(t.deps);
    cold();
    const withIt = await measure('assignment (PATCH) with escalation, cold unit cache', () => assign(b));
    expect(withIt.result.body.nextEscalationAt).toBe('2023-11-08T08:00:00');
    report['assignment: escalation share (cold)'] = {
      dynamoCalls: withIt.cost.dynamoCalls - without.cost.dynamoCalls,
      schedulerCalls: withIt.cost.schedulerCalls,
    };
    // The planner reads the policy; the calendar is the one the change already loaded (cached), and
    // nextEscalationAt is saved in the assignment's own transaction: no second write.
    expect(withIt.cost.dynamoCalls - without.cost.dynamoCalls).toBe(1);
    expect(withIt.cost).toMatchObject({ schedulerCreate: 1, schedulerCalls: 1 });
    // Warm (the same process within the TTL): no read of the calendar or the policy at all.
    const warm = await measure('assignment (PATCH) with escalation, warm unit cache', () => assign(c));
    expect(warm.result.body.nextEscalationAt).toBe('2023-11-08T08:00:00');
    // get + departments + the unit's name (the notice; its settings are cached) + the transaction.
    expect(warm.cost.dynamoCalls).toBe(4);
    expect(warm.cost).toMatchObject({ schedulerCreate: 1, schedulerCalls: 1 });

    const resolved = await measure('resolution (POST resolve) with escalation, warm unit cache', () =>
      t.call('POST', `/api/recommendations/${b.id}/resolve`, {
        as: 'department:dc',
        body: { answer: 'Đã thay bóng đèn' },
      }),
    );
    expect(resolved.result.status).toBe(200);
    // DynamoDB: the consistent get of the item and the transaction (the calendar is cached).
    expect(resolved.cost.dynamoCalls).toBe(2);
    // Deletes the reminder and levels 1–3 by name, concurrently (only the reminder exists; the others are
    // "not found"): which of them exist cannot be told from the item with certainty (back-dated steps
    // scheduled at once, policy or calendar changes, sweep repairs), and none may be left to fire.
    expect(resolved.cost).toMatchObject({ schedulerDelete: 4, schedulerCreate: 0 });
    expect(existing.has(scheduleName('u1', b.id, '2023-11-10', 0))).toBe(false);
  });

  it('per escalation: one delivery (cold and warm unit cache), and a duplicate delivery', async () => {
    const deliver = async (i: number) => {
      const rec = (await create(item('2023-10-18', i))) as { id: string };
      const name = scheduleName('u1', rec.id, '2023-10-18', 1);
      expect(existing.has(name)).toBe(true);
      existing.delete(name); // ActionAfterCompletion: DELETE once Scheduler has invoked the target.
      return { unitId: 'u1', recommendationId: rec.id, level: 1, dueDate: '2023-10-18' };
    };
    const event = await deliver(4);
    t.deps.units.clearCache();
    t.deps.national.clearCache();
    const first = await measure('escalation (one delivery), cold unit cache', () =>
      handleEscalationEvent(t.deps, event),
    );
    expect(first.result.outcome).toBe('escalated');
    // get item + policy + calendar (the unit's and the national overrides) + unit + department (the e-mail
    // is rendered before the save) + the versioned save, which also stores the e-mail (the outbox: one
    // more item in the transaction) + the DeleteItem of that e-mail once sent. Before the outbox: 6 calls,
    // 2 items written; before national overrides: 7.
    expect(first.cost).toMatchObject({ dynamoCalls: 8, itemsWritten: 3 });
    expect(first.cost).toMatchObject({ schedulerCreate: 1, schedulerCalls: 1 });
    const duplicate = await measure('escalation (duplicate delivery, no-op)', () =>
      handleEscalationEvent(t.deps, event),
    );
    expect(duplicate.result.outcome).toBe('noop');
    // The item (the policy and calendar are cached) + the claim of the step's e-mail, refused as it was
    // sent and deleted (a repeated delivery sends what a failed one left pending). Before the outbox: 1.
    expect(duplicate.cost).toMatchObject({ dynamoCalls: 2, itemsWritten: 0, schedulerCalls: 0 });
    const other = await deliver(5);
    const warm = await measure('escalation (one delivery), warm unit cache', () =>
      handleEscalationEvent(t.deps, other),
    );
    expect(warm.result.outcome).toBe('escalated');
    // get item + unit + department + versioned save (with the e-mail) + DeleteItem of the sent e-mail.
    // Before the outbox: 4 calls, 2 items written.
    expect(warm.cost).toMatchObject({ dynamoCalls: 5, itemsWritten: 3 });
    expect(warm.cost).toMatchObject({ schedulerCreate: 1, schedulerCalls: 1 });
  });

  it('per sweep: proportional to the overdue items, whatever the number of other open items', async () => {
    // 80 open items not yet in their reminder window: never read by the sweep.
    for (let i = 0; i < 2; i++)
      await create(Array.from({ length: 40 }, (_, j) => item('2023-12-29', 100 + i * 40 + j)));
    const sweeps: Record<number, Cost> = {};
    for (const k of [10, 30]) {
      const unitId = `k${k}`;
      await t.deps.units.putUnit({ id: unitId, code: unitId.toUpperCase(), name: `Xã ${unitId}` });
      await t.call('POST', '/api/departments', {
        as: 'admin',
        unit: unitId,
        body: { id: 'dc', name: 'Địa chính', emails: ['dc@x.example'] },
      });
      const dialogue = await t.call('POST', '/api/dialogues', {
        as: 'office',
        unit: unitId,
        body: { title: 'Đối thoại', heldOn: '2023-10-10', location: 'UBND' },
      });
      await t.call('POST', `/api/dialogues/${dialogue.body.id}/recommendations`, {
        as: 'office',
        unit: unitId,
        body: Array.from({ length: k }, (_, i) => item('2023-10-18', i)),
      });
      // First sweep: every one of the K items has its level 1 due (their schedules are due "now"), fired directly.
      const firing = await measure(`sweep of K=${k} overdue items, all due (fired directly)`, () =>
        sweepUnit(t.deps, unitId),
      );
      expect(firing.result).toMatchObject({ examined: k, fired: k, failed: 0, mailsSent: 0, mailsFailed: 0 });
      // policy + calendar (the unit's and the national overrides) + the unit's pending e-mails (one query)
      // + index page, unit + department once, then per item: consistent get + versioned save (item,
      // history, e-mail) + DeleteItem of the sent e-mail. Before the outbox: 5 + 2K calls, 2K items written.
      expect(firing.cost).toMatchObject({ dynamoCalls: 7 + 3 * k, itemsWritten: 3 * k, schedulerCreate: k });
      // Second sweep: nothing due; each item's level-2 schedule is upserted again (exists: Create → Conflict → Update).
      const repair = await measure(`sweep of K=${k} overdue items, nothing due (re-upsert)`, () =>
        sweepUnit(t.deps, unitId),
      );
      expect(repair.result).toEqual({
        examined: k,
        fired: 0,
        rescheduled: k,
        failed: 0,
        mailsSent: 0,
        mailsFailed: 0,
      });
      expect(repair.cost).toMatchObject({ schedulerCreate: k, schedulerUpdate: k });
      sweeps[k] = repair.cost;
    }
    // policy + calendar (unit and national overrides) + the query of pending e-mails (none) + one page of
    // the openByDueDate index: independent of K at this size. Before the outbox: 3; before national
    // overrides: 4.
    expect(sweeps[10]?.dynamoCalls).toBe(5);
    expect(sweeps[30]?.dynamoCalls).toBe(5);
  });
});
