import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cachingVerifier } from './adapters/auth/token-cache.js';
import { DialogueStore } from './adapters/dynamodb/dialogue-store.js';
import { NationalCalendarStore } from './adapters/dynamodb/national-calendar-store.js';
import { RecommendationStore } from './adapters/dynamodb/recommendation-store.js';
import { CapacityMeter, Table } from './adapters/dynamodb/table.js';
import { DEFAULT_UNIT_CACHE_TTL_MS, UnitStore } from './adapters/dynamodb/unit-store.js';
import { UserStore } from './adapters/dynamodb/user-store.js';
import { LocalIdentityProvider } from './adapters/identity/local-identity-provider.js';
import { type CalendarOverride, WorkingCalendar } from './domain/calendar/index.js';
import type { Clock, EscalationScheduler, FileStore, IdentityProvider, Mailer } from './domain/ports.js';
import type { TokenVerifier } from './http/auth.js';
import type { AppDeps, DevTools } from './http/env.js';
import type { RecommendationListener, TrackerDeps, TrackerSettings } from './services/context.js';
import type { WebConfig } from './web/config.js';

export const DEFAULT_SETTINGS: TrackerSettings = {
  defaultAnswerWorkingDays: 15,
  publicBaseUrl: 'http://localhost:3000',
  publicPageCacheSeconds: 0,
};

export interface TrackerInput {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  settings?: Partial<TrackerSettings>;
  listeners?: RecommendationListener[];
  meter?: CapacityMeter;
  /**
   * How long each process keeps a unit's calendar overrides and escalation policy (UnitStore) and the
   * national calendar overrides (NationalCalendarStore): by default UNIT_CACHE_SECONDS from the
   * environment, else 60 s; 0 turns the caches off.
   */
  unitCache?: { ttlMs: number; now?: () => number };
}

/** Environment variable: seconds a process keeps a unit's calendar overrides and settings (0: off). */
export const UNIT_CACHE_SECONDS = 'UNIT_CACHE_SECONDS';

export function unitCacheTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[UNIT_CACHE_SECONDS];
  if (raw === undefined || raw === '') return DEFAULT_UNIT_CACHE_TTL_MS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
    throw new Error(`${UNIT_CACHE_SECONDS} must be a number of seconds from 0 to 3600, got ${raw}`);
  return seconds * 1000;
}

/** The stores and settings around one table: what every service needs, without the outside ports. */
export function buildTrackerDeps(input: TrackerInput): TrackerDeps {
  const table = new Table(input.client, input.tableName, input.meter ?? new CapacityMeter());
  const cache = input.unitCache ?? { ttlMs: unitCacheTtlMs() };
  const units = new UnitStore(table, cache);
  const national = new NationalCalendarStore(table, cache);
  // One calendar per pair of cached override lists (national, unit): its per-year tables are built once,
  // not per request.
  const calendars = new WeakMap<
    readonly CalendarOverride[],
    WeakMap<readonly CalendarOverride[], WorkingCalendar>
  >();
  return {
    table,
    units,
    users: new UserStore(table),
    national,
    dialogues: new DialogueStore(table),
    recommendations: new RecommendationStore(table),
    clock: input.clock,
    settings: { ...DEFAULT_SETTINGS, ...input.settings },
    calendarFor: async (unitId, options) => {
      if (options?.fresh) {
        const [own, all] = await Promise.all([
          units.listCalendarOverrides(unitId, true),
          national.list(true),
        ]);
        return new WorkingCalendar(own, all);
      }
      const [own, all] = await Promise.all([units.calendarOverrides(unitId), national.overrides()]);
      let byUnit = calendars.get(all);
      if (!byUnit) {
        byUnit = new WeakMap();
        calendars.set(all, byUnit);
      }
      let calendar = byUnit.get(own);
      if (!calendar) {
        calendar = new WorkingCalendar(own, all);
        byUnit.set(own, calendar);
      }
      return calendar;
    },
    listeners: input.listeners ?? [],
    preparers: [],
    calendarListeners: [],
  };
}

/** Wires stores and services around one table; adapters that differ per environment are passed in. */
export function buildDeps(
  input: TrackerInput & {
    verifier: TokenVerifier;
    mailer: Mailer;
    scheduler: EscalationScheduler;
    files: FileStore;
    /** Default: the local directory, whose invitations go to `mailer`. */
    identities?: IdentityProvider;
    /** Local mode only. */
    dev?: DevTools | null;
    web?: WebConfig;
  },
): AppDeps {
  const tracker = buildTrackerDeps(input);
  return {
    ...tracker,
    // Each token's signature is checked once per process, not on every request (until its exp).
    verifier: cachingVerifier(input.verifier),
    mailer: input.mailer,
    scheduler: input.scheduler,
    files: input.files,
    identities:
      input.identities ?? new LocalIdentityProvider(input.mailer, () => tracker.settings.publicBaseUrl),
    dev: input.dev ?? null,
    ...(input.web ? { web: input.web } : {}),
  };
}
