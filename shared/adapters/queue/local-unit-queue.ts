import type { UnitJob, UnitWorkQueue } from '../../domain/ports.js';

export type UnitJobHandler = (job: UnitJob) => Promise<unknown>;

export interface LocalUnitQueueOptions {
  /** Jobs handled at once (the worker's concurrency cap in AWS). */
  concurrency: number;
  /** Deliveries of a failing job before it goes to the dead letters (SQS maxReceiveCount). */
  maxReceives: number;
  /** Pause before delivering a failed job again, by the number of deliveries so far. */
  retryDelayMs?: (receives: number) => number;
}

interface Message {
  job: UnitJob;
  receives: number;
  visibleAt: number;
}

/**
 * Local stand-in for the SQS unit-work queue and its worker (`npm start`, tests, the national
 * simulation), in process: jobs are handled `concurrency` at a time; a failing job is delivered again
 * after its delay, up to `maxReceives`, then kept in `deadLetters` (logged). Not durable: a job queued
 * when the process stops is lost, and the next run (or the daily sweep) does its work.
 */
export class LocalUnitQueue implements UnitWorkQueue {
  readonly deadLetters: { job: UnitJob; error: string }[] = [];
  private readonly waiting: Message[] = [];
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void)[] = [];

  constructor(
    private readonly handler: UnitJobHandler,
    private readonly options: LocalUnitQueueOptions,
  ) {}

  async send(jobs: UnitJob[]): Promise<void> {
    for (const job of jobs) this.waiting.push({ job, receives: 0, visibleAt: 0 });
    this.pump();
  }

  /** Jobs waiting or in progress. */
  get size(): number {
    return this.waiting.length + this.active;
  }

  /** Resolves once every job queued so far is handled or dead-lettered. */
  drain(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    const now = Date.now();
    while (this.active < this.options.concurrency) {
      const i = this.waiting.findIndex((m) => m.visibleAt <= now);
      if (i < 0) break;
      const [message] = this.waiting.splice(i, 1) as [Message];
      this.active++;
      void this.deliver(message);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length && this.active < this.options.concurrency) {
      const soonest = Math.min(...this.waiting.map((m) => m.visibleAt));
      this.timer = setTimeout(() => this.pump(), Math.max(1, soonest - now));
    }
    if (this.size === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async deliver(message: Message): Promise<void> {
    message.receives++;
    try {
      await this.handler(message.job);
    } catch (error) {
      if (message.receives >= this.options.maxReceives) {
        this.deadLetters.push({ job: message.job, error: String(error) });
        console.error(
          JSON.stringify({
            level: 'ERROR',
            message: 'local unit job dead-lettered',
            ...message.job,
            error: String(error),
          }),
        );
      } else {
        const delay = this.options.retryDelayMs?.(message.receives) ?? 0;
        this.waiting.push({ ...message, visibleAt: Date.now() + delay });
      }
    } finally {
      this.active--;
      this.pump();
    }
  }
}
