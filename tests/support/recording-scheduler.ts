import type { EscalationScheduler, ScheduledEscalation } from '../../shared/domain/ports.js';

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
