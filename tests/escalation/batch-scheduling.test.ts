/**
 * The first schedules of a batch of created items (a POST of several items, each chunk of an import) are
 * created a few at a time (LISTENER_CONCURRENCY), not one after another, and every item gets its own.
 */
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { scheduleName } from '../../shared/domain/escalation-policy.js';
import { LISTENER_CONCURRENCY } from '../../shared/services/context.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { mockedAwsScheduler } from '../support/recording-scheduler.js';

const mock = mockClient(SchedulerClient);
let inFlight = 0;
let most = 0;
const created: string[] = [];
mock.on(CreateScheduleCommand).callsFake(async (input: CreateScheduleCommandInput) => {
  inFlight++;
  most = Math.max(most, inFlight);
  await new Promise((r) => setTimeout(r, 15));
  inFlight--;
  created.push(input.Name ?? '');
  return { ScheduleArn: `arn:${input.Name}` };
});

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp({
    now: '2023-10-20T02:00:00Z',
    escalation: true,
    scheduler: ({ clock }) => mockedAwsScheduler(clock),
  });
  ({ dialogueId } = await seedUnit(t));
});

describe('first schedules of a batch', () => {
  it(`are created ${LISTENER_CONCURRENCY} at a time, one per item given to a department`, async () => {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: Array.from({ length: 20 }, (_, i) => ({
        content: `Kiến nghị số ${i}: sửa đèn chiếu sáng ngõ ${i}`,
        source: 'pre_collected',
        ...(i % 4 === 3 ? {} : { disposition: 'assigned', departmentId: 'dc', dueDate: '2023-11-10' }),
      })),
    });
    expect(res.status).toBe(201);
    const items = res.body.items as { id: string; status: string; nextEscalationAt: string | null }[];
    const assigned = items.filter((i) => i.status === 'assigned');
    expect(assigned).toHaveLength(15);
    expect(created.sort()).toEqual(assigned.map((i) => scheduleName('u1', i.id, '2023-11-10', 0)).sort());
    expect(most).toBe(LISTENER_CONCURRENCY);
    // The response keeps the order of the request, with each item's planned step.
    expect(items.map((i) => i.nextEscalationAt)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? null : '2023-11-08T08:00:00')),
    );
  });
});
