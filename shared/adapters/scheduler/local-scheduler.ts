import { localDateTime } from '../../domain/escalation-policy.js';
import type { Clock, EscalationEvent, EscalationScheduler, ScheduledEscalation } from '../../domain/ports.js';
import { type Table, type TxEntry, toAttributes } from '../dynamodb/table.js';

/** Partition of the local schedules in the app's table (local mode only). */
export const LOCAL_SCHEDULE_PK = 'LOCALSCHED';
export const DEFAULT_TICK_MS = 5000;
/** The daily sweep runs at this local time, like the recurring schedule in AWS. */
export const LOCAL_SWEEP_TIME = '07:00:00';
/** Deliveries of one schedule whose handler fails, like Lambda's asynchronous invocation (1 + 2 retries). */
export const LOCAL_MAX_ATTEMPTS = 3;

/** Tick interval from SCHEDULER_TICK_MS (default 5000 ms). */
export function schedulerTickMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SCHEDULER_TICK_MS;
  if (raw === undefined || raw === '') return DEFAULT_TICK_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 50)
    throw new Error(`SCHEDULER_TICK_MS must be an integer ≥ 50, got ${raw}`);
  return ms;
}

export type EscalationHandler = (event: EscalationEvent) => Promise<unknown>;

function scheduleItem(s: ScheduledEscalation, attempts: number) {
  return {
    pk: LOCAL_SCHEDULE_PK,
    sk: s.name,
    type: 'LOCAL_SCHEDULE',
    name: s.name,
    at: s.at,
    event: s.event,
    attempts,
  };
}

class ClaimLostError extends Error {
  constructor() {
    super('schedule already fired or replaced');
    this.name = 'ClaimLostError';
  }
}

/**
 * Local stand-in for EventBridge Scheduler: schedules are items of the app's table (pk LOCALSCHED, sk
 * name); a ticker fires those whose local time (Asia/Ho_Chi_Minh, by the injected clock) has come through
 * the same handler as the escalation Lambda, and deletes them (ActionAfterCompletion: DELETE).
 */
export class LocalEscalationScheduler implements EscalationScheduler {
  private handler: EscalationHandler | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private lastSweepDate: string | undefined;

  constructor(
    private readonly table: Table,
    private readonly clock: Clock,
  ) {}

  /** Sets what a fired schedule calls (the escalation handler). */
  onFire(handler: EscalationHandler): this {
    this.handler = handler;
    return this;
  }

  async upsert(schedules: ScheduledEscalation[]): Promise<void> {
    const byName = new Map(schedules.map((s) => [s.name, s]));
    const entries: TxEntry[] = [...byName.values()].map((s) => ({
      write: this.table.put(scheduleItem(s, 0)),
    }));
    for (let i = 0; i < entries.length; i += 100) await this.table.transact(entries.slice(i, i + 100));
  }

  async remove(names: string[]): Promise<void> {
    const entries: TxEntry[] = [...new Set(names)].map((name) => ({
      write: {
        Delete: { TableName: this.table.name, Key: toAttributes({ pk: LOCAL_SCHEDULE_PK, sk: name }) },
      },
    }));
    for (let i = 0; i < entries.length; i += 100) await this.table.transact(entries.slice(i, i + 100));
  }

  /** Every pending schedule, soonest first. */
  async pending(): Promise<ScheduledEscalation[]> {
    return (await this.stored()).map(({ name, at, event }) => ({ name, at, event }));
  }

  private async stored(): Promise<(ScheduledEscalation & { attempts: number })[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      values: { ':pk': LOCAL_SCHEDULE_PK },
      ConsistentRead: true,
    });
    return items
      .map((i) => ({
        name: String(i.name),
        at: String(i.at),
        event: i.event as EscalationEvent,
        attempts: Number(i.attempts ?? 0),
      }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.name.localeCompare(b.name));
  }

  /**
   * Fires every schedule due now; returns how many fired. Each is first claimed by a delete conditioned on
   * its time (a schedule replaced meanwhile, or fired by another ticker, is left alone), then handled.
   * A failing handler is logged and the schedule put back for the next tick, up to LOCAL_MAX_ATTEMPTS
   * deliveries (unless the handler scheduled the same name again); after that the daily sweep repairs it.
   */
  tick(): Promise<number> {
    this.running ??= this.fireDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async fireDue(): Promise<number> {
    const now = localDateTime(this.clock.now());
    const due = (await this.stored()).filter((s) => s.at <= now);
    let fired = 0;
    for (const schedule of due) {
      if (!(await this.claim(schedule))) continue;
      fired++;
      try {
        if (!this.handler) throw new Error('LocalEscalationScheduler: no handler (call onFire first)');
        await this.handler(schedule.event);
      } catch (error) {
        const attempts = schedule.attempts + 1;
        const retry = attempts < LOCAL_MAX_ATTEMPTS;
        console.error(
          JSON.stringify({
            level: 'ERROR',
            message: retry
              ? 'local schedule failed; retried at the next tick'
              : 'local schedule failed; dropped',
            name: schedule.name,
            attempts,
            error: String(error),
          }),
        );
        if (retry) await this.putBack(schedule, attempts);
      }
    }
    return fired;
  }

  /** Puts a failed schedule back, unless the handler already created one of the same name. */
  private async putBack(schedule: ScheduledEscalation, attempts: number): Promise<void> {
    try {
      await this.table.transact([
        {
          write: this.table.put(scheduleItem(schedule, attempts), { expression: 'attribute_not_exists(pk)' }),
          onConditionFailed: () => new ClaimLostError(),
        },
      ]);
    } catch (error) {
      if (!(error instanceof ClaimLostError)) throw error;
    }
  }

  private async claim(schedule: ScheduledEscalation): Promise<boolean> {
    try {
      await this.table.transact([
        {
          write: {
            Delete: {
              TableName: this.table.name,
              Key: toAttributes({ pk: LOCAL_SCHEDULE_PK, sk: schedule.name }),
              ConditionExpression: '#at = :at',
              ExpressionAttributeNames: { '#at': 'at' },
              ExpressionAttributeValues: toAttributes({ ':at': schedule.at }),
            },
          },
          onConditionFailed: () => new ClaimLostError(),
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof ClaimLostError) return false;
      throw error;
    }
  }

  /**
   * Ticks every `intervalMs` (SCHEDULER_TICK_MS, default 5000) from the local server. With `dailySweep`,
   * also runs it once a day from 07:00 local time, as the recurring schedule does in AWS; with `everyTick`,
   * runs it after each tick (the mail dispatcher, a minute's recurring schedule in AWS).
   */
  start(
    options: {
      handler?: EscalationHandler;
      intervalMs?: number;
      dailySweep?: () => Promise<unknown>;
      everyTick?: () => Promise<unknown>;
    } = {},
  ): () => void {
    if (options.handler) this.onFire(options.handler);
    this.stop();
    const intervalMs = options.intervalMs ?? schedulerTickMs();
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try {
        await this.tick();
        await options.everyTick?.();
        if (options.dailySweep) {
          const now = localDateTime(this.clock.now());
          const today = now.slice(0, 10);
          if (now.slice(11) >= LOCAL_SWEEP_TIME && this.lastSweepDate !== today) {
            this.lastSweepDate = today;
            await options.dailySweep();
          }
        }
      } catch (error) {
        console.error(
          JSON.stringify({ level: 'ERROR', message: 'local scheduler tick failed', error: String(error) }),
        );
      } finally {
        busy = false;
      }
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref?.();
    return () => this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
