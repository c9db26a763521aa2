import type { CalendarOverride } from '../../domain/calendar/index.js';
import { ValidationError } from '../../domain/errors.js';
import { historyEntry } from '../../domain/history.js';
import type { Actor, Department, Unit } from '../../domain/model.js';
import { historyItem } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import type { Table } from './table.js';
import { TtlCache } from './ttl-cache.js';

/** How long a process keeps a unit's calendar overrides and settings (UNIT_CACHE_SECONDS overrides it). */
export const DEFAULT_UNIT_CACHE_TTL_MS = 60_000;

export interface UnitCacheOptions {
  /** 0 turns the cache off. */
  ttlMs: number;
  /** Milliseconds of a monotonic-enough time source (Date.now by default; tests inject their own). */
  now?: () => number;
}

/** Freezes a value read from the table, so that a cached value shared by requests cannot be changed. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Units (tenants), their departments, calendar overrides and settings.
 *
 * The calendar overrides and settings are read by nearly every write (due dates, escalation plans) and
 * written a few times a year, so `calendarOverrides` and `cachedSetting` keep them per process for
 * `ttlMs` (60 s by default). A write through this store forgets the unit's entry as soon as it commits,
 * so this process sees its own changes at once; another process (another warm Lambda instance) may use
 * the former value until its entry expires. Cached values are loaded with consistent reads, so a value
 * read just after a write is never the one before it. `listCalendarOverrides` and `getSetting` always
 * read the table (admin screens, read-before-write).
 */
export class UnitStore {
  private readonly cache: TtlCache<unknown>;

  constructor(
    private readonly table: Table,
    cache: UnitCacheOptions = { ttlMs: DEFAULT_UNIT_CACHE_TTL_MS },
  ) {
    this.cache = new TtlCache(cache.ttlMs, cache.now ? { now: cache.now } : {});
  }

  /** Forgets every cached override and setting (tests; a process that changed the table by other means). */
  clearCache(): void {
    this.cache.clear();
  }

  async getUnit(unitId: string): Promise<Unit | undefined> {
    const item = await this.table.get(keys.unit(unitId));
    return item ? { id: String(item.id), code: String(item.code), name: String(item.name) } : undefined;
  }

  async putUnit(unit: Unit): Promise<void> {
    await this.table.transact([{ write: this.table.put({ ...keys.unit(unit.id), type: 'UNIT', ...unit }) }]);
  }

  async listUnits(): Promise<Unit[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      values: { ':pk': 'UNITS' },
    });
    return items.map((i) => ({ id: String(i.id), code: String(i.code), name: String(i.name) }));
  }

  async listDepartments(unitId: string): Promise<Department[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.department },
    });
    return items
      .map((i) => ({ id: String(i.id), name: String(i.name), emails: (i.emails as string[]) ?? [] }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async getDepartment(unitId: string, id: string): Promise<Department | undefined> {
    const i = await this.table.get(keys.department(unitId, id));
    return i ? { id: String(i.id), name: String(i.name), emails: (i.emails as string[]) ?? [] } : undefined;
  }

  async createDepartment(unitId: string, department: Department, actor: Actor, now: Date): Promise<void> {
    await this.table.transact([
      {
        write: this.table.put(
          { ...keys.department(unitId, department.id), type: 'DEPARTMENT', ...department },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () =>
          new ValidationError([{ field: 'body.id', message: `Mã đơn vị "${department.id}" đã tồn tại` }]),
      },
      {
        write: this.table.put(
          historyItem(unitId, 'DEP', department.id, 1, historyEntry(actor, now, 'created', null, department)),
        ),
      },
    ]);
  }

  /** The unit's overrides as the table has them now. */
  async listCalendarOverrides(unitId: string, consistent = false): Promise<CalendarOverride[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.calendarOverride },
      ...(consistent ? { ConsistentRead: true } : {}),
    });
    return items.map((i) => ({
      date: String(i.date),
      kind: i.kind as CalendarOverride['kind'],
      name: String(i.name),
      ...(i.source ? { source: String(i.source) } : {}),
    }));
  }

  /** The unit's overrides, from this process's cache when loaded less than `ttlMs` ago (frozen). */
  calendarOverrides(unitId: string): Promise<readonly CalendarOverride[]> {
    return this.cache.get(calendarKey(unitId), async () =>
      deepFreeze(await this.listCalendarOverrides(unitId, true)),
    ) as Promise<readonly CalendarOverride[]>;
  }

  /** Sets (override != null) or removes an override, with its audit record, atomically. */
  async saveCalendarOverride(
    unitId: string,
    date: string,
    override: CalendarOverride | null,
    before: CalendarOverride | null,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    const key = keys.calendarOverride(unitId, date);
    const entry = historyEntry(
      actor,
      now,
      override ? 'calendar_override_set' : 'calendar_override_removed',
      before,
      override,
    );
    try {
      await this.table.transact([
        {
          write: override
            ? this.table.put({ ...key, type: 'CALENDAR_OVERRIDE', ...override })
            : { Delete: { TableName: this.table.name, Key: { pk: { S: key.pk }, sk: { S: key.sk } } } },
        },
        { write: this.table.put(historyItem(unitId, 'CAL', date, now.getTime(), entry)) },
      ]);
    } finally {
      // After the commit (or a failure that may have committed): a load started before it is dropped too.
      this.cache.delete(calendarKey(unitId));
    }
  }

  /** The setting as the table has it now. */
  async getSetting<T>(unitId: string, name: string, consistent = false): Promise<T | undefined> {
    const item = await this.table.get(keys.setting(unitId, name), consistent);
    return item ? (item.value as T) : undefined;
  }

  /** The setting, from this process's cache when loaded less than `ttlMs` ago (frozen). */
  cachedSetting<T>(unitId: string, name: string): Promise<T | undefined> {
    return this.cache.get(settingKey(unitId, name), async () =>
      deepFreeze(await this.getSetting(unitId, name, true)),
    ) as Promise<T | undefined>;
  }

  async putSetting(
    unitId: string,
    name: string,
    value: unknown,
    actor: Actor,
    now: Date,
    before: unknown,
  ): Promise<void> {
    try {
      await this.table.transact([
        { write: this.table.put({ ...keys.setting(unitId, name), type: 'SETTING', value }) },
        {
          write: this.table.put(
            historyItem(
              unitId,
              'SET',
              name,
              now.getTime(),
              historyEntry(actor, now, 'setting_changed', { value: before }, { value }),
            ),
          ),
        },
      ]);
    } finally {
      this.cache.delete(settingKey(unitId, name));
    }
  }
}

const calendarKey = (unitId: string) => `CAL\n${unitId}`;
const settingKey = (unitId: string, name: string) => `SET\n${unitId}\n${name}`;
