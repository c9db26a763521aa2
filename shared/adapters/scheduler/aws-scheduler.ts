import {
  ConflictException,
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { ESCALATION_TIME_ZONE, localDateTime, spreadTime } from '../../domain/escalation-time.js';
import type { Clock, EscalationScheduler, ScheduledEscalation } from '../../domain/ports.js';

export interface AwsSchedulerConfig {
  /** The app's schedule group (the API may manage schedules only in it). */
  groupName: string;
  /** Execution role Scheduler assumes to invoke the target. */
  roleArn: string;
  /** The escalation Lambda. */
  targetArn: string;
  /** SQS queue for events Scheduler could not deliver after its retries. */
  deadLetterArn: string;
  maximumEventAgeInSeconds?: number;
  maximumRetryAttempts?: number;
  /** Time source for moving past times forward (system time in AWS). */
  clock?: Clock;
  /**
   * Minutes over which schedules of the same time are spread (a stable offset per schedule; see
   * spreadTime in escalation-policy.ts). 0 (the default here): each fires at its time exactly.
   */
  spreadMinutes?: number;
}

/** A one-time schedule is not created for a time already past: such steps run a minute from now. */
const MIN_LEAD_MS = 60_000;
/**
 * Scheduler calls of one batch in flight at once (a resolution's 4 deletes take one round trip; an
 * import's schedules 8 at a time), well under the default request-rate quotas (1,000 TPS or more).
 */
const CONCURRENCY = 8;

const isNamed = (error: unknown, name: string) =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;

/** EventBridge Scheduler adapter: one one-time schedule per reminder or escalation step. */
export class AwsEscalationScheduler implements EscalationScheduler {
  private readonly clock: Clock;

  constructor(
    private readonly client: SchedulerClient,
    private readonly config: AwsSchedulerConfig,
  ) {
    this.clock = config.clock ?? { now: () => new Date() };
  }

  /** The CreateSchedule/UpdateSchedule input of one step (exported for tests and the infra docs). */
  input(schedule: ScheduledEscalation): CreateScheduleCommandInput {
    const earliest = localDateTime(new Date(this.clock.now().getTime() + MIN_LEAD_MS));
    const at = spreadTime(schedule.name, schedule.at, earliest, this.config.spreadMinutes ?? 0);
    return {
      Name: schedule.name,
      GroupName: this.config.groupName,
      ScheduleExpression: `at(${at})`,
      ScheduleExpressionTimezone: ESCALATION_TIME_ZONE,
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Description: `Kiến nghị ${schedule.event.recommendationId}, bước ${schedule.event.level}, hạn ${schedule.event.dueDate}`,
      Target: {
        Arn: this.config.targetArn,
        RoleArn: this.config.roleArn,
        Input: JSON.stringify(schedule.event),
        RetryPolicy: {
          MaximumEventAgeInSeconds: this.config.maximumEventAgeInSeconds ?? 86_400,
          MaximumRetryAttempts: this.config.maximumRetryAttempts ?? 10,
        },
        DeadLetterConfig: { Arn: this.config.deadLetterArn },
      },
    };
  }

  async upsert(schedules: ScheduledEscalation[]): Promise<void> {
    await eachLimited(schedules, async (schedule) => {
      const input = this.input(schedule);
      try {
        await this.client.send(new CreateScheduleCommand(input));
      } catch (error) {
        if (!(error instanceof ConflictException || isNamed(error, 'ConflictException'))) throw error;
        // Same name exists: replace its definition (UpdateSchedule takes the whole schedule).
        await this.client.send(new UpdateScheduleCommand(input));
      }
    });
  }

  async remove(names: string[]): Promise<void> {
    await eachLimited(names, async (name) => {
      try {
        await this.client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.config.groupName }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException || isNamed(error, 'ResourceNotFoundException')))
          throw error;
      }
    });
  }
}

async function eachLimited<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  });
  await Promise.all(workers);
}
