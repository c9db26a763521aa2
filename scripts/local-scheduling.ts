/**
 * The local scheduler for `npm start`: schedules live in the app's DynamoDB Local table and a ticker
 * (every SCHEDULER_TICK_MS, default 5000 ms) fires those that are due by the adjustable clock through the
 * same escalation handler as the Lambda; the daily sweep and the recurring reports run once a day from
 * 07:00 local time.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Table } from '../shared/adapters/dynamodb/table.js';
import { LocalEscalationScheduler, schedulerTickMs } from '../shared/adapters/scheduler/local-scheduler.js';
import { localDateTime } from '../shared/domain/escalation-policy.js';
import type { Clock } from '../shared/domain/ports.js';
import type { AppDeps } from '../shared/http/env.js';
import { attachCalendarRescheduling, catchUpAllUnits } from '../shared/services/calendar-reschedule.js';
import { attachEscalation, handleEscalationEvent, sweepAll } from '../shared/services/escalation-service.js';
import { runScheduledReports } from '../shared/services/report-service.js';

/**
 * Once a day from 07:00 local time: the escalation sweep and the national calendar catch-up, then the reports whose recurring schedule
 * fires that day in AWS (supervision on Mondays; the quarterly summary on days 1–10 of a quarter's
 * first month — it sends once, from the quarter's first working day).
 */
async function dailyJobs(deps: AppDeps, clock: Clock): Promise<void> {
  await sweepAll(deps);
  await catchUpAllUnits(deps);
  const today = localDateTime(clock.now()).slice(0, 10);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const [month, day] = [Number(today.slice(5, 7)), Number(today.slice(8, 10))];
  if (weekday === 1) await runScheduledReports(deps, 'supervision');
  if ([1, 4, 7, 10].includes(month) && day <= 10) await runScheduledReports(deps, 'quarterly');
}

export function startLocalScheduling(input: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  intervalMs?: number;
}) {
  const scheduler = new LocalEscalationScheduler(new Table(input.client, input.tableName), input.clock);
  let stopTicker: (() => void) | undefined;
  return {
    scheduler,
    /** Schedules after item changes, and starts ticking with the app's dependencies. */
    attach(deps: AppDeps): void {
      attachEscalation(deps);
      attachCalendarRescheduling(deps);
      stopTicker = scheduler.start({
        handler: (event) => handleEscalationEvent(deps, event),
        intervalMs: input.intervalMs ?? schedulerTickMs(),
        dailySweep: () => dailyJobs(deps, input.clock),
      });
    },
    stop(): void {
      stopTicker?.();
    },
  };
}
