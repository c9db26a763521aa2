import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DialogueStore } from './adapters/dynamodb/dialogue-store.js';
import { RecommendationStore } from './adapters/dynamodb/recommendation-store.js';
import { CapacityMeter, Table } from './adapters/dynamodb/table.js';
import { UnitStore } from './adapters/dynamodb/unit-store.js';
import { WorkingCalendar } from './domain/calendar/index.js';
import type { Clock, EscalationScheduler, Mailer } from './domain/ports.js';
import type { TokenVerifier } from './http/auth.js';
import type { AppDeps, DevTools } from './http/env.js';
import type { RecommendationListener, TrackerSettings } from './services/context.js';
import type { WebConfig } from './web/config.js';

export const DEFAULT_SETTINGS: TrackerSettings = {
  defaultAnswerWorkingDays: 15,
  publicBaseUrl: 'http://localhost:3000',
};

/** Wires stores and services around one table; adapters that differ per environment are passed in. */
export function buildDeps(input: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  verifier: TokenVerifier;
  mailer: Mailer;
  scheduler: EscalationScheduler;
  /** Local mode only. */
  dev?: DevTools | null;
  settings?: Partial<TrackerSettings>;
  listeners?: RecommendationListener[];
  meter?: CapacityMeter;
  web?: WebConfig;
}): AppDeps {
  const table = new Table(input.client, input.tableName, input.meter ?? new CapacityMeter());
  const units = new UnitStore(table);
  return {
    table,
    units,
    dialogues: new DialogueStore(table),
    recommendations: new RecommendationStore(table),
    clock: input.clock,
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
    calendarFor: async (unitId) => new WorkingCalendar(await units.listCalendarOverrides(unitId)),
    listeners: input.listeners ?? [],
    preparers: [],
    verifier: input.verifier,
    mailer: input.mailer,
    scheduler: input.scheduler,
    dev: input.dev ?? null,
    ...(input.web ? { web: input.web } : {}),
  };
}
