import type { CalendarOverride } from '../../domain/calendar/index.js';
import { VersionConflictError } from '../../domain/errors.js';
import { historyEntry } from '../../domain/history.js';
import type { Actor, HistoryEntry } from '../../domain/model.js';
import { historyItemIn, readHistoryIn } from './history-store.js';
import { keys, NATIONAL_PK, PREFIX } from './keys.js';
import type { Item, Table } from './table.js';
import { TtlCache } from './ttl-cache.js';
import { DEFAULT_UNIT_CACHE_TTL_MS, type UnitCacheOptions } from './unit-store.js';

/** A national override as stored: the override and its version (moved by each change of the date). */
export type NationalOverride = CalendarOverride & { version: number };

function fromItem(i: Item): NationalOverride {
  return {
    date: String(i.date),
    kind: i.kind as CalendarOverride['kind'],
    name: String(i.name),
    ...(i.source ? { source: String(i.source) } : {}),
    version: Number(i.version ?? 1),
  };
}

/**
 * The national calendar: overrides a system administrator enters once for every unit (`NATIONAL`/`CAL#date`,
 * history under `NATIONAL#H#CAL#date`), and the counter every change moves (`NATIONAL`/`CALVER`), which the
 * daily per-unit catch-up compares with the unit's own mark (`U#unit`/`CALSYNC`).
 *
 * Read by every calendar, so `overrides()` keeps them per process for `ttlMs` (60 s by default, as a
 * unit's): a change made through this process is seen at once, one made elsewhere within the TTL.
 */
export class NationalCalendarStore {
  private readonly cache: TtlCache<readonly NationalOverride[]>;

  constructor(
    private readonly table: Table,
    cache: UnitCacheOptions = { ttlMs: DEFAULT_UNIT_CACHE_TTL_MS },
  ) {
    this.cache = new TtlCache(cache.ttlMs, cache.now ? { now: cache.now } : {});
  }

  clearCache(): void {
    this.cache.clear();
  }

  /** Every national override as the table has it now, by date. */
  async list(consistent = false): Promise<NationalOverride[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': NATIONAL_PK, ':p': PREFIX.calendarOverride },
      ...(consistent ? { ConsistentRead: true } : {}),
    });
    return items.map(fromItem);
  }

  /** The national overrides, from this process's cache when loaded less than `ttlMs` ago (frozen). */
  overrides(): Promise<readonly NationalOverride[]> {
    return this.cache.get(CACHE_KEY, async () => {
      const list = await this.list(true);
      for (const o of list) Object.freeze(o);
      return Object.freeze(list);
    });
  }

  async get(date: string): Promise<NationalOverride | undefined> {
    const item = await this.table.get(keys.nationalCalendar(date), true);
    return item ? fromItem(item) : undefined;
  }

  /**
   * Sets (override != null) or removes the override of `date`, with its audit record and the move of the
   * national version, atomically. `before` is the override read before (null: none); if the date changed
   * since, nothing is written and VersionConflictError (409) is thrown.
   */
  async save(
    date: string,
    override: CalendarOverride | null,
    before: NationalOverride | null,
    actor: Actor,
    now: Date,
  ): Promise<NationalOverride | null> {
    if (!override && !before) return null; // nothing to remove
    const key = keys.nationalCalendar(date);
    const version = (before?.version ?? 0) + 1;
    const { version: _, ...beforeFields } = before ?? { version: 0 };
    const entry = historyEntry(
      actor,
      now,
      override ? 'national_calendar_set' : 'national_calendar_removed',
      before ? beforeFields : null,
      override,
    );
    const unchanged = before
      ? { expression: 'version = :v', values: { ':v': before.version } }
      : { expression: 'attribute_not_exists(pk)' };
    const stored = override ? { ...override, version } : null;
    const conflict = () => new VersionConflictError(before?.version);
    try {
      await this.table.transact([
        {
          write: stored
            ? this.table.put({ ...key, type: 'NATIONAL_CALENDAR', ...stored }, unchanged)
            : {
                Delete: {
                  TableName: this.table.name,
                  Key: { pk: { S: key.pk }, sk: { S: key.sk } },
                  ConditionExpression: unchanged.expression,
                  ...(before ? { ExpressionAttributeValues: { ':v': { N: String(before.version) } } } : {}),
                },
              },
          onConditionFailed: conflict,
        },
        { write: this.table.put(historyItemIn(keys.nationalHistoryPk('CAL', date), version, entry)) },
        {
          write: this.table.addCounters(
            keys.nationalCalendarVersion,
            { version: 1 },
            {
              changedAt: now.toISOString(),
            },
          ) as NonNullable<ReturnType<Table['addCounters']>>,
        },
      ]);
    } finally {
      this.cache.delete(CACHE_KEY);
    }
    return stored;
  }

  /** The audit of one date, oldest first. */
  history(date: string): Promise<HistoryEntry[]> {
    return readHistoryIn(this.table, keys.nationalHistoryPk('CAL', date));
  }

  /** How many national changes have been made (0 if none). */
  async version(): Promise<number> {
    const item = await this.table.get(keys.nationalCalendarVersion, true);
    return Number(item?.version ?? 0);
  }

  /** The national version a unit's open items were last re-planned against (0 if never). */
  async unitSyncedVersion(unitId: string): Promise<number> {
    const item = await this.table.get(keys.calendarSync(unitId), true);
    return Number(item?.nationalVersion ?? 0);
  }

  /** Records that the unit's open items were re-planned against `version` (never moves the mark back). */
  async markUnitSynced(unitId: string, version: number, now: Date): Promise<void> {
    try {
      await this.table.transact([
        {
          write: this.table.put(
            {
              ...keys.calendarSync(unitId),
              type: 'CALENDAR_SYNC',
              nationalVersion: version,
              at: now.toISOString(),
            },
            {
              expression: 'attribute_not_exists(pk) OR nationalVersion < :v',
              values: { ':v': version },
            },
          ),
          onConditionFailed: () => new AlreadySynced(),
        },
      ]);
    } catch (error) {
      if (!(error instanceof AlreadySynced)) throw error;
    }
  }
}

class AlreadySynced extends Error {}

const CACHE_KEY = 'NATIONAL';
