import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { AwsEscalationScheduler } from '../../shared/adapters/scheduler/aws-scheduler.js';
import type { Clock, EscalationScheduler, ScheduledEscalation } from '../../shared/domain/ports.js';

/** Test double of the scheduler port that only remembers what it was asked. */
export class RecordingScheduler implements EscalationScheduler {
  readonly schedules = new Map<string, ScheduledEscalation>();
  async upsert(schedules: ScheduledEscalation[]): Promise<void> {
    for (const s of schedules) this.schedules.set(s.name, s);
  }
  async remove(names: string[]): Promise<void> {
    for (const n of names) this.schedules.delete(n);
  }
}

/** The AWS adapter over an SDK client that aws-sdk-client-mock intercepts, with test names. */
export function mockedAwsScheduler(clock: Clock): AwsEscalationScheduler {
  return new AwsEscalationScheduler(new SchedulerClient({ region: 'ap-southeast-1' }), {
    groupName: 'g',
    roleArn: 'r',
    targetArn: 'f',
    deadLetterArn: 'q',
    clock,
  });
}
