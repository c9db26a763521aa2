import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
  UpdateScheduleCommand,
  ValidationException,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { AwsEscalationScheduler } from '../../shared/adapters/scheduler/aws-scheduler.js';
import { scheduledStep } from '../../shared/domain/escalation-policy.js';

const mock = mockClient(SchedulerClient);
const config = {
  groupName: 'dialogue-followup-prod',
  roleArn: 'arn:aws:iam::123456789012:role/scheduler-invoke-escalation',
  targetArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:escalation',
  deadLetterArn: 'arn:aws:sqs:ap-southeast-1:123456789012:escalation-dlq',
};
// 09:00 on 20/10/2023 in Vietnam.
const clock = new FixedClock(new Date('2023-10-20T02:00:00Z'));
const scheduler = () =>
  new AwsEscalationScheduler(new SchedulerClient({ region: 'ap-southeast-1' }), { ...config, clock });
const step = scheduledStep('u1', { id: 'rec-1', dueDate: '2023-10-24' }, 1, '2023-10-25T08:00:00');

const expectedInput = (at: string, s = step) => ({
  Name: s.name,
  GroupName: config.groupName,
  ScheduleExpression: `at(${at})`,
  ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
  FlexibleTimeWindow: { Mode: 'OFF' },
  ActionAfterCompletion: 'DELETE',
  State: 'ENABLED',
  Description: expect.any(String),
  Target: {
    Arn: config.targetArn,
    RoleArn: config.roleArn,
    Input: JSON.stringify({
      unitId: 'u1',
      recommendationId: 'rec-1',
      level: s.event.level,
      dueDate: '2023-10-24',
    }),
    RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 10 },
    DeadLetterConfig: { Arn: config.deadLetterArn },
  },
});

beforeEach(() => {
  mock.reset();
});

describe('AwsEscalationScheduler', () => {
  it('creates a one-time schedule at 08:00 Vietnam time that deletes itself, with retries and a dead-letter queue', async () => {
    // Prepare
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
    // Act
    await scheduler().upsert([step]);
    // Assess
    const calls = mock.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual(expectedInput('2023-10-25T08:00:00'));
    expect(JSON.parse(calls[0]?.args[0].input.Target?.Input ?? '')).toEqual(step.event);
    expect(step.name.length).toBeLessThanOrEqual(64);
    expect(mock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('replaces a schedule that already exists (ConflictException → UpdateSchedule with the same definition)', async () => {
    mock.on(CreateScheduleCommand).rejects(
      new ConflictException({
        message: 'Schedule already exists',
        Message: 'Schedule already exists',
        $metadata: {},
      }),
    );
    mock.on(UpdateScheduleCommand).resolves({ ScheduleArn: 'arn:aws:scheduler:::schedule/x' });
    await scheduler().upsert([step]);
    expect(mock.commandCalls(CreateScheduleCommand)).toHaveLength(1);
    const updates = mock.commandCalls(UpdateScheduleCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args[0].input).toEqual(expectedInput('2023-10-25T08:00:00'));
  });

  it('moves a time already past to one minute from now (Scheduler does not run one-time schedules in the past)', async () => {
    mock.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const past = scheduledStep('u1', { id: 'rec-1', dueDate: '2023-10-24' }, 2, '2023-10-20T08:00:00');
    await scheduler().upsert([past]);
    expect(mock.commandCalls(CreateScheduleCommand)[0]?.args[0].input.ScheduleExpression).toBe(
      'at(2023-10-20T09:01:00)',
    );
  });

  it('fails on other errors', async () => {
    mock
      .on(CreateScheduleCommand)
      .rejects(new ValidationException({ message: 'bad', Message: 'bad', $metadata: {} }));
    await expect(scheduler().upsert([step])).rejects.toThrow('bad');
    expect(mock.commandCalls(UpdateScheduleCommand)).toHaveLength(0);
  });

  it('deletes schedules by name in the group, ignoring those that do not exist', async () => {
    const names = ['esc-a-20231024-L0', 'esc-a-20231024-L1'];
    mock
      .on(DeleteScheduleCommand, { Name: names[0] })
      .rejects(
        new ResourceNotFoundException({
          message: 'Schedule not found',
          Message: 'Schedule not found',
          $metadata: {},
        }),
      )
      .on(DeleteScheduleCommand, { Name: names[1] })
      .resolves({});
    await scheduler().remove(names);
    const deletes = mock.commandCalls(DeleteScheduleCommand).map((c) => c.args[0].input);
    expect(deletes).toEqual(
      expect.arrayContaining(names.map((Name) => ({ Name, GroupName: config.groupName }))),
    );
    expect(deletes).toHaveLength(2);
  });

  it('deletes the names of one call concurrently, not one after another', async () => {
    let inFlight = 0;
    let most = 0;
    mock.on(DeleteScheduleCommand).callsFake(async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight--;
      throw new ResourceNotFoundException({ message: 'not found', Message: 'not found', $metadata: {} });
    });
    // What resolving an item with no step done removes: the reminder and levels 1–3.
    await scheduler().remove([
      'esc-a-20231024-L0',
      'esc-a-20231024-L1',
      'esc-a-20231024-L2',
      'esc-a-20231024-L3',
    ]);
    expect(mock.commandCalls(DeleteScheduleCommand)).toHaveLength(4);
    expect(most).toBe(4);
  });

  it('does not swallow other delete errors', async () => {
    mock
      .on(DeleteScheduleCommand)
      .rejects(new ValidationException({ message: 'denied', Message: 'denied', $metadata: {} }));
    await expect(scheduler().remove(['esc-x'])).rejects.toThrow('denied');
  });
});
