/**
 * The local scheduler for `npm start`: schedules live in the app's DynamoDB Local table and a ticker
 * (every SCHEDULER_TICK_MS, default 5000 ms) fires those that are due by the adjustable clock through the
 * same escalation handler as the Lambda; the daily sweep runs once a day from 07:00 local time.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Table } from '../shared/adapters/dynamodb/table.js';
import { LocalEscalationScheduler, schedulerTickMs } from '../shared/adapters/scheduler/local-scheduler.js';
import type { Clock } from '../shared/domain/ports.js';
import type { AppDeps } from '../shared/http/env.js';
import {
  escalationListener,
  handleEscalationEvent,
  sweepAll,
} from '../shared/services/escalation-service.js';

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
      deps.listeners.push(escalationListener(deps));
      stopTicker = scheduler.start({
        handler: (event) => handleEscalationEvent(deps, event),
        intervalMs: input.intervalMs ?? schedulerTickMs(),
        dailySweep: () => sweepAll(deps),
      });
    },
    stop(): void {
      stopTicker?.();
    },
  };
}
