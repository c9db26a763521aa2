import type { UnitJob, UnitWorkQueue } from '../../shared/domain/ports.js';

/**
 * A unit-work queue whose jobs wait until the test (or the benchmark) runs them: what a request queued
 * is seen before any worker took it, and `run` plays the worker, delivering a failing job again as SQS
 * would (up to `maxDeliveries`).
 */
export class HeldUnitQueue implements UnitWorkQueue {
  /** Every job sent, in order (run or not). */
  readonly sent: UnitJob[] = [];
  private waiting: UnitJob[] = [];

  constructor(private readonly handler: (job: UnitJob) => Promise<unknown>) {}

  async send(jobs: UnitJob[]): Promise<void> {
    this.sent.push(...jobs);
    this.waiting.push(...jobs);
  }

  /** Jobs not run yet. */
  get size(): number {
    return this.waiting.length;
  }

  /** Takes the waiting jobs out without running them (a test delivers them itself). */
  take(): UnitJob[] {
    return this.waiting.splice(0);
  }

  /** Runs the waiting jobs one by one; each job's deliveries and the last error of one that never passed. */
  async run(maxDeliveries = 8): Promise<{ job: UnitJob; deliveries: number; error?: unknown }[]> {
    const jobs = this.waiting.splice(0);
    const out: { job: UnitJob; deliveries: number; error?: unknown }[] = [];
    for (const job of jobs) {
      let error: unknown;
      let deliveries = 0;
      while (deliveries < maxDeliveries) {
        deliveries++;
        try {
          await this.handler(job);
          error = undefined;
          break;
        } catch (e) {
          error = e;
        }
      }
      out.push({ job, deliveries, ...(error === undefined ? {} : { error }) });
    }
    return out;
  }
}
