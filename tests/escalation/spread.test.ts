/**
 * One-time escalation schedules are spread over a window: nationally every step falls due at 08:00, and
 * 3,300 units' reminders and escalations must not fire (and send) in the same second. Scheduler is mocked
 * at the SDK client boundary.
 */
import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { AwsEscalationScheduler } from '../../shared/adapters/scheduler/aws-scheduler.js';
import { spreadMinutes } from '../../shared/aws-deps-tracker.js';
import { ENV } from '../../shared/config.js';
import {
  AT_ONCE_SPREAD_MINUTES,
  DEFAULT_SPREAD_MINUTES,
  scheduledStep,
  spreadTime,
} from '../../shared/domain/escalation-policy.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { createTestApp, seedUnit } from '../support/app.js';

const mock = mockClient(SchedulerClient);
afterEach(() => mock.reset());

const config = { groupName: 'g', roleArn: 'r', targetArn: 'f', deadLetterArn: 'q' };
// 09:00 on 20/10/2023 in Vietnam.
const clock = new FixedClock(new Date('2023-10-20T02:00:00Z'));
const scheduler = (spread: number) =>
  new AwsEscalationScheduler(new SchedulerClient({ region: 'ap-southeast-1' }), {
    ...config,
    clock,
    spreadMinutes: spread,
  });
const timeOf = (input: CreateScheduleCommandInput) =>
  /^at\((.+)\)$/.exec(input.ScheduleExpression ?? '')?.[1] ?? '';
const seconds = (local: string) =>
  Number(local.slice(11, 13)) * 3600 + Number(local.slice(14, 16)) * 60 + Number(local.slice(17, 19));

describe('the spread of escalation times', () => {
  it('33,000 steps of 3,300 units due at 08:00 fire over 08:00–10:00, evenly, each at a stable time', () => {
    const steps = Array.from({ length: 3300 }, (_, u) =>
      Array.from({ length: 10 }, (_, i) =>
        scheduledStep(`unit-${u}`, { id: `rec-${i}`, dueDate: '2023-10-24' }, 1, '2023-10-25T08:00:00'),
      ),
    ).flat();
    const earliest = '2023-10-20T09:01:00';
    const times = steps.map((s) => spreadTime(s.name, s.at, earliest, DEFAULT_SPREAD_MINUTES));
    const offsets = times.map((t) => seconds(t) - 8 * 3600);
    expect(times.every((t) => t.startsWith('2023-10-25T0'))).toBe(true);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(DEFAULT_SPREAD_MINUTES * 60);
    // Per minute: 275 on average; no minute above 1.3× that. Per second: 4.6 on average; at most 20.
    const perMinute = new Map<number, number>();
    const perSecond = new Map<number, number>();
    for (const o of offsets) {
      perMinute.set(Math.floor(o / 60), (perMinute.get(Math.floor(o / 60)) ?? 0) + 1);
      perSecond.set(o, (perSecond.get(o) ?? 0) + 1);
    }
    expect(perMinute.size).toBe(120);
    expect(Math.max(...perMinute.values())).toBeLessThan(1.3 * (33_000 / 120));
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(20);
    // Stable: the same schedule gets the same time (a repeated upsert does not move it).
    expect(steps.slice(0, 50).map((s) => spreadTime(s.name, s.at, earliest, DEFAULT_SPREAD_MINUTES))).toEqual(
      times.slice(0, 50),
    );
    // Without the spread, all 33,000 would fire in one second.
    expect(new Set(steps.map((s) => spreadTime(s.name, s.at, earliest, 0))).size).toBe(1);
  });

  it('a step whose time has passed fires within minutes: a minute from now, spread over 10 minutes', () => {
    const s = scheduledStep('u1', { id: 'late', dueDate: '2023-10-02' }, 2, '2023-10-10T08:00:00');
    const at = spreadTime(s.name, s.at, '2023-10-20T09:01:00', DEFAULT_SPREAD_MINUTES);
    expect(at >= '2023-10-20T09:01:00').toBe(true);
    expect(seconds(at) - seconds('2023-10-20T09:01:00')).toBeLessThan(AT_ONCE_SPREAD_MINUTES * 60);
  });

  it('the schedule created in Scheduler carries the spread time (FlexibleTimeWindow stays OFF)', async () => {
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const step = scheduledStep('u1', { id: 'rec-1', dueDate: '2023-10-24' }, 1, '2023-10-25T08:00:00');
    await scheduler(120).upsert([step]);
    await scheduler(0).upsert([step]);
    const [spread, exact] = mock.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input);
    expect(timeOf(exact as CreateScheduleCommandInput)).toBe('2023-10-25T08:00:00');
    expect(timeOf(spread as CreateScheduleCommandInput)).toBe(
      spreadTime(step.name, step.at, '2023-10-20T09:01:00', 120),
    );
    expect(timeOf(spread as CreateScheduleCommandInput)).not.toBe('2023-10-25T08:00:00');
    expect(spread?.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
  });

  it('ESCALATION_SPREAD_MINUTES: 120 by default, 0 turns it off, nonsense refused', () => {
    expect(spreadMinutes({})).toBe(120);
    expect(spreadMinutes({ [ENV.escalationSpreadMinutes]: '0' })).toBe(0);
    expect(spreadMinutes({ [ENV.escalationSpreadMinutes]: '45' })).toBe(45);
    expect(() => spreadMinutes({ [ENV.escalationSpreadMinutes]: '300' })).toThrow(
      ENV.escalationSpreadMinutes,
    );
    expect(() => spreadMinutes({ [ENV.escalationSpreadMinutes]: 'x' })).toThrow();
  });

  it('delivered at its spread time, the step acts (it is due from 08:00)', async () => {
    const t = await createTestApp({ now: '2023-10-20T02:00:00Z', escalation: true });
    const { dialogueId } = await seedUnit(t);
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: {
        content: 'Sửa cống',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-24',
      },
    });
    const step = scheduledStep('u1', { id: res.body.id, dueDate: '2023-10-24' }, 1, '2023-10-25T08:00:00');
    const fires = spreadTime(step.name, step.at, '2023-10-20T09:01:00', DEFAULT_SPREAD_MINUTES);
    t.clock.set(new Date(`${fires}+07:00`));
    expect(await handleEscalationEvent(t.deps, step.event)).toMatchObject({ outcome: 'escalated', level: 1 });
  });
});
