import type { DialogueStore } from '../adapters/dynamodb/dialogue-store.js';
import type { NationalCalendarStore } from '../adapters/dynamodb/national-calendar-store.js';
import type { RecommendationStore } from '../adapters/dynamodb/recommendation-store.js';
import type { Table } from '../adapters/dynamodb/table.js';
import type { UnitStore } from '../adapters/dynamodb/unit-store.js';
import type { UserStore } from '../adapters/dynamodb/user-store.js';
import { type IsoDate, todayInVietnam, type WorkingCalendar } from '../domain/calendar/index.js';
import type { LifecycleContext } from '../domain/lifecycle.js';
import type { Actor, Recommendation } from '../domain/model.js';
import type { Clock } from '../domain/ports.js';

export interface TrackerSettings {
  /** Working days a department gets when no due date is given (configurable per deployment). */
  defaultAnswerWorkingDays: number;
  /** Base URL of the web app, for links in emails and reports. */
  publicBaseUrl: string;
  /**
   * Seconds each process answers a repeated public page from memory (shared/web/public-cache.ts): 60 in
   * AWS, 0 (off) locally and in tests, where a change must show at once.
   */
  publicPageCacheSeconds: number;
}

/**
 * Something that reacts after an item change is committed (escalation scheduling). It may save a
 * follow-up change of its own and return the item as now stored, so the caller answers with it.
 */
export type RecommendationListener = (
  unitId: string,
  before: Recommendation | null,
  after: Recommendation,
) => Promise<Recommendation | undefined>;

/**
 * Something that completes item changes before they are saved, in the same transaction (the
 * escalation planner stores the time of the first scheduled step, so no second write is needed).
 */
export type RecommendationPreparer = (
  unitId: string,
  changes: { before: Recommendation | null; after: Recommendation }[],
) => Promise<Recommendation[]>;

/** A committed change of a working calendar: one unit's override, or a national one (every unit). */
export type CalendarChange =
  | { scope: 'unit'; unitId: string; date: IsoDate }
  | { scope: 'national'; date: IsoDate };

/** Something that reacts after a calendar change is committed (re-planning escalations). */
export type CalendarListener = (change: CalendarChange) => Promise<void>;

export interface TrackerDeps {
  table: Table;
  units: UnitStore;
  /** The units' directories of people. */
  users: UserStore;
  /** The national calendar (system administrator's overrides for every unit). */
  national: NationalCalendarStore;
  dialogues: DialogueStore;
  recommendations: RecommendationStore;
  clock: Clock;
  settings: TrackerSettings;
  /**
   * The unit's working calendar: its overrides over the national ones. By default from the per-process
   * caches of both (a change made through another process shows within the caches' TTL, see UnitStore and
   * NationalCalendarStore); `fresh` reads the table.
   */
  calendarFor(unitId: string, options?: { fresh?: boolean }): Promise<WorkingCalendar>;
  listeners: RecommendationListener[];
  preparers: RecommendationPreparer[];
  /** Called after each committed calendar change (see shared/services/calendar-reschedule.ts). */
  calendarListeners: CalendarListener[];
}

export async function lifecycleContext(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
): Promise<LifecycleContext> {
  const now = deps.clock.now();
  const [calendar, defaultAnswerWorkingDays] = await Promise.all([
    deps.calendarFor(unitId),
    answerWorkingDays(deps, unitId),
  ]);
  return { actor, now, today: todayInVietnam(now), calendar, defaultAnswerWorkingDays };
}

/** Working days a department gets when no due date is set: the unit's own setting, else the deployment's. */
export async function answerWorkingDays(deps: Pick<TrackerDeps, 'units' | 'settings'>, unitId: string) {
  return (
    (await deps.units.cachedUnit(unitId))?.defaultAnswerWorkingDays ?? deps.settings.defaultAnswerWorkingDays
  );
}

/** Calls each listener in turn; returns the item as finally stored. */
export async function notifyListeners(
  deps: TrackerDeps,
  unitId: string,
  before: Recommendation | null,
  after: Recommendation,
): Promise<Recommendation> {
  let current = after;
  for (const listener of deps.listeners) {
    try {
      current = (await listener(unitId, before, current)) ?? current;
    } catch (error) {
      // The change is committed; a lost schedule is repaired by the daily sweep.
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'listener failed',
          unitId,
          id: after.id,
          error: String(error),
        }),
      );
    }
  }
  return current;
}

/** Items of one batch whose listeners run at the same time (each item's listeners still in turn). */
export const LISTENER_CONCURRENCY = 8;

/**
 * Calls the listeners for each change of a committed batch, up to `concurrency` items at a time (the
 * items are independent: each gets its own schedule); returns the items as finally stored, in order.
 */
export async function notifyListenersEach(
  deps: TrackerDeps,
  unitId: string,
  changes: { before: Recommendation | null; after: Recommendation }[],
  concurrency = LISTENER_CONCURRENCY,
): Promise<Recommendation[]> {
  if (deps.listeners.length === 0) return changes.map((c) => c.after);
  const stored: Recommendation[] = new Array(changes.length);
  let next = 0;
  const worker = async () => {
    while (next < changes.length) {
      const i = next++;
      const { before, after } = changes[i] as (typeof changes)[number];
      stored[i] = await notifyListeners(deps, unitId, before, after);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, changes.length)) }, worker));
  return stored;
}

/** Runs the preparers over a set of changes; returns the items to save. */
export async function prepareChanges(
  deps: TrackerDeps,
  unitId: string,
  changes: { before: Recommendation | null; after: Recommendation }[],
): Promise<Recommendation[]> {
  let afters = changes.map((c) => c.after);
  for (const prepare of deps.preparers) {
    afters = await prepare(
      unitId,
      changes.map((c, i) => ({ before: c.before, after: afters[i] ?? c.after })),
    );
  }
  return afters;
}
