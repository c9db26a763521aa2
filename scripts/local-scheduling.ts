/**
 * The local scheduler for `npm start`: schedules live in the app's DynamoDB Local table and a ticker
 * (every SCHEDULER_TICK_MS, default 5000 ms) fires those that are due by the adjustable clock through the
 * same escalation handler as the Lambda. The scheduled runs (the daily sweep from 07:00 local time, the
 * reports on their days) fan out one job per unit on the local unit-work queue, handled by the same
 * per-unit worker as in AWS; each tick also dispatches the mail that is due.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Table } from '../shared/adapters/dynamodb/table.js';
import { LocalUnitQueue } from '../shared/adapters/queue/local-unit-queue.js';
import { LocalEscalationScheduler, schedulerTickMs } from '../shared/adapters/scheduler/local-scheduler.js';
import { localDateTime } from '../shared/domain/escalation-policy.js';
import type { Clock } from '../shared/domain/ports.js';
import type { AppDeps } from '../shared/http/env.js';
import { attachCalendarRescheduling } from '../shared/services/calendar-reschedule.js';
import { handleEscalationEvent } from '../shared/services/escalation/event-handler.js';
import { attachEscalation } from '../shared/services/escalation/planner.js';
import { dispatchMailJobs, type FanOutDeps, startRun } from '../shared/services/unit-work/fan-out.js';
import { handleUnitJob, retryDelaySeconds } from '../shared/services/unit-work/worker.js';

/**
 * Once a day from 07:00 local time: the escalation sweep of every unit (with its national calendar
 * catch-up), then the reports whose recurring schedule fires that day in AWS (supervision on Mondays; the quarterly summary on days 1–10 of a quarter's
 * first month — it sends once, from the quarter's first working day).
 */
async function dailyJobs(deps: FanOutDeps, clock: Clock): Promise<void> {
  await startRun(deps, 'sweep');
  const today = localDateTime(clock.now()).slice(0, 10);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const [month, day] = [Number(today.slice(5, 7)), Number(today.slice(8, 10))];
  if (weekday === 1) await startRun(deps, 'supervision');
  if ([1, 4, 7, 10].includes(month) && day <= 10) await startRun(deps, 'quarterly');
}

let lastDigestDate = '';

/** From 16:30 local time, once a day: the Front's digest of each unit, sent on its working days (as in AWS). */
async function reviewDigestAt1630(deps: FanOutDeps, clock: Clock): Promise<void> {
  const now = localDateTime(clock.now());
  const today = now.slice(0, 10);
  if (now.slice(11) < '16:30:00' || lastDigestDate === today) return;
  lastDigestDate = today;
  await startRun(deps, 'review-digest');
}

export function startLocalScheduling(input: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  intervalMs?: number;
}) {
  const scheduler = new LocalEscalationScheduler(new Table(input.client, input.tableName), input.clock);
  let stopTicker: (() => void) | undefined;
  let queue: LocalUnitQueue | undefined;
  /** The local unit-work queue and its worker, made once and given to the app (`deps.queue`). */
  const unitQueue = (deps: AppDeps): LocalUnitQueue => {
    queue ??= new LocalUnitQueue((job) => handleUnitJob(deps, job), {
      concurrency: 4,
      maxReceives: 5,
      retryDelayMs: (receives) => retryDelaySeconds(receives) * 1000,
    });
    deps.queue = queue;
    return queue;
  };
  return {
    scheduler,
    /** The unit-work queue alone, for the app's own jobs (an import's word postings) before `attach`. */
    unitQueue,
    /** Schedules after item changes, the unit-work queue, and starts ticking with the app's dependencies. */
    attach(deps: AppDeps): LocalUnitQueue {
      attachEscalation(deps);
      attachCalendarRescheduling(deps);
      const queue = unitQueue(deps);
      const fanOut: FanOutDeps = { ...deps, queue };
      stopTicker = scheduler.start({
        handler: (event) => handleEscalationEvent(deps, event),
        intervalMs: input.intervalMs ?? schedulerTickMs(),
        dailySweep: () => dailyJobs(fanOut, input.clock),
        // Mail queued by any feature: sent within a tick of its commit; the Front's digest at 16:30.
        everyTick: async () => {
          await dispatchMailJobs(fanOut);
          await reviewDigestAt1630(fanOut, input.clock);
        },
      });
      return queue;
    },
    stop(): void {
      stopTicker?.();
    },
  };
}
