import type { CalendarOverride } from '../../domain/calendar/index.js';
import { ConflictError, ValidationError, VersionConflictError } from '../../domain/errors.js';
import { historyEntry } from '../../domain/history.js';
import type { Actor, Department, DepartmentRecord, Unit, UnitRecord } from '../../domain/model.js';
import { historyItem } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import { type Item, type Table, type TxEntry, toAttributes } from './table.js';
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

  async getUnit(unitId: string, consistent = false): Promise<UnitRecord | undefined> {
    const item = await this.table.get(keys.unit(unitId), consistent);
    return item ? toUnit(item) : undefined;
  }

  /** The unit, from this process's cache when loaded less than `ttlMs` ago (frozen); forgotten on update. */
  cachedUnit(unitId: string): Promise<UnitRecord | undefined> {
    return this.cache.get(unitKey(unitId), async () =>
      deepFreeze(await this.getUnit(unitId, true)),
    ) as Promise<UnitRecord | undefined>;
  }

  /** Writes a unit's registry entry as given, without history (tests and benchmarks set units up with it). */
  async putUnit(unit: Unit): Promise<void> {
    try {
      await this.table.transact([
        { write: this.table.put({ ...keys.unit(unit.id), type: 'UNIT', ...unitRecord(unit) }) },
      ]);
    } finally {
      this.cache.delete(unitKey(unit.id));
    }
  }

  /**
   * Creates a unit with its first departments, each with its history entry, in one transaction; a unit
   * id already in use is a ConflictError (nothing written).
   */
  async createUnit(
    unit: UnitRecord,
    departments: DepartmentRecord[],
    actor: Actor,
    now: Date,
  ): Promise<void> {
    if (departments.length > 40) throw new Error('at most 40 departments with a new unit');
    await this.table.transact([
      {
        write: this.table.put(
          { ...keys.unit(unit.id), type: 'UNIT', ...unit },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () => new ConflictError(`Mã đơn vị "${unit.id}" đã được dùng`, 'body.id'),
      },
      {
        write: this.table.put(
          historyItem(unit.id, 'UNIT', unit.id, 1, historyEntry(actor, now, 'created', null, unit)),
        ),
      },
      ...departments.flatMap((department) => this.departmentCreation(unit.id, department, actor, now)),
      ...(unit.parentId ? this.parentLink(unit, unit.parentId, 'add') : []),
    ]);
    this.cache.delete(unitKey(unit.id));
  }

  /**
   * The writes that put a unit under a parent (or take it away): the parent must exist and be at the
   * top (no parent of its own), checked in the transaction; its child entry and child count move with it.
   */
  private parentLink(unit: UnitRecord, parentId: string, change: 'add' | 'remove' | 'rename'): TxEntry[] {
    const t = this.table;
    const link: TxEntry = {
      write:
        change === 'remove'
          ? { Delete: { TableName: t.name, Key: toAttributes({ ...keys.childUnit(parentId, unit.id) }) } }
          : t.put({
              ...keys.childUnit(parentId, unit.id),
              type: 'CHILD',
              id: unit.id,
              code: unit.code,
              name: unit.name,
            }),
    };
    if (change === 'rename') return [link];
    const count = t.addCounters(
      keys.childCount(parentId),
      { n: change === 'add' ? 1 : -1 },
      { type: 'CHILDREN' },
    );
    const entries: TxEntry[] = [link, ...(count ? [{ write: count }] : [])];
    if (change === 'add') {
      entries.push({
        write: {
          ConditionCheck: {
            TableName: t.name,
            Key: toAttributes({ ...keys.unit(parentId) }),
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(parentId) OR parentId = :none)',
            ExpressionAttributeValues: toAttributes({ ':none': null }),
          },
        },
        onConditionFailed: () =>
          new ValidationError([
            {
              field: 'body.parentId',
              message: 'Đơn vị cấp trên không còn tồn tại hoặc đã là đơn vị cấp dưới của đơn vị khác',
            },
          ]),
      });
    }
    return entries;
  }

  /** The child units of a unit (a province's communes): id, code and name, by name. */
  async listChildren(parentId: string): Promise<{ id: string; code: string; name: string }[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(parentId), ':p': PREFIX.childUnit },
    });
    return items
      .map((i) => ({ id: String(i.id), code: String(i.code), name: String(i.name) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id));
  }

  /** How many child units a unit has (consistent). */
  async childCount(parentId: string): Promise<number> {
    const item = await this.table.get(keys.childCount(parentId), true);
    return typeof item?.n === 'number' ? item.n : 0;
  }

  /** Saves a changed unit if it is still at `before.version` (else VersionConflictError), with its history. */
  async updateUnit(before: UnitRecord, after: UnitRecord, actor: Actor, now: Date): Promise<void> {
    const moved = before.parentId !== after.parentId;
    const renamed = before.name !== after.name || before.code !== after.code;
    const links: TxEntry[] = [
      ...(moved && before.parentId ? this.parentLink(after, before.parentId, 'remove') : []),
      ...(moved && after.parentId ? this.parentLink(after, after.parentId, 'add') : []),
      ...(!moved && renamed && after.parentId ? this.parentLink(after, after.parentId, 'rename') : []),
    ];
    if (moved && after.parentId) {
      // A unit with children stays at the top: the tree is two levels (province → commune).
      links.push({
        write: {
          ConditionCheck: {
            TableName: this.table.name,
            Key: toAttributes({ ...keys.childCount(after.id) }),
            ConditionExpression: 'attribute_not_exists(n) OR n = :zero',
            ExpressionAttributeValues: toAttributes({ ':zero': 0 }),
          },
        },
        onConditionFailed: () =>
          new ValidationError([
            {
              field: 'body.parentId',
              message: 'Đơn vị này có đơn vị cấp dưới nên không thể đặt dưới đơn vị khác',
            },
          ]),
      });
    }
    try {
      await this.table.transact([
        {
          write: this.table.put(
            { ...keys.unit(after.id), type: 'UNIT', ...after },
            { expression: 'version = :v', values: { ':v': before.version } },
          ),
          onConditionFailed: () => new VersionConflictError(),
        },
        {
          write: this.table.put(
            historyItem(
              after.id,
              'UNIT',
              after.id,
              after.version,
              historyEntry(actor, now, 'updated', before, after),
            ),
          ),
        },
        ...links,
      ]);
    } finally {
      this.cache.delete(unitKey(after.id));
    }
  }

  async listUnits(): Promise<UnitRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      values: { ':pk': 'UNITS' },
    });
    return items.map(toUnit);
  }

  async listDepartments(unitId: string): Promise<DepartmentRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.department },
    });
    return items.map(toDepartment).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  async getDepartment(unitId: string, id: string, consistent = false): Promise<DepartmentRecord | undefined> {
    const i = await this.table.get(keys.department(unitId, id), consistent);
    return i ? toDepartment(i) : undefined;
  }

  async createDepartment(unitId: string, department: Department, actor: Actor, now: Date): Promise<void> {
    await this.table.transact(this.departmentCreation(unitId, departmentRecord(department), actor, now));
  }

  private departmentCreation(
    unitId: string,
    department: DepartmentRecord,
    actor: Actor,
    now: Date,
  ): TxEntry[] {
    return [
      {
        write: this.table.put(
          { ...keys.department(unitId, department.id), type: 'DEPARTMENT', ...department },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () =>
          new ValidationError([{ field: 'body.id', message: `Mã phòng ban "${department.id}" đã tồn tại` }]),
      },
      {
        write: this.table.put(
          historyItem(unitId, 'DEP', department.id, 1, historyEntry(actor, now, 'created', null, department)),
        ),
      },
    ];
  }

  /** Saves a changed department if it is still at `before.version` (else VersionConflictError), with its history. */
  async updateDepartment(
    unitId: string,
    before: DepartmentRecord,
    after: DepartmentRecord,
    action: string,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    await this.table.transact([
      {
        write: this.table.put(
          { ...keys.department(unitId, after.id), type: 'DEPARTMENT', ...after },
          // Records from before versions were kept have none: they are at version 1.
          before.version === 1
            ? {
                expression: 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :v)',
                values: { ':v': 1 },
              }
            : { expression: 'version = :v', values: { ':v': before.version } },
        ),
        onConditionFailed: () => new VersionConflictError(before.version),
      },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'DEP',
            after.id,
            after.version,
            historyEntry(actor, now, action, before, after),
          ),
        ),
      },
    ]);
  }

  /** Deletes a department still at `before.version`, with a history entry. */
  async deleteDepartment(unitId: string, before: DepartmentRecord, actor: Actor, now: Date): Promise<void> {
    const key = keys.department(unitId, before.id);
    await this.table.transact([
      {
        write: {
          Delete: {
            TableName: this.table.name,
            Key: toAttributes({ ...key }),
            ConditionExpression: 'attribute_not_exists(version) OR version = :v',
            ExpressionAttributeValues: toAttributes({ ':v': before.version }),
          },
        },
        onConditionFailed: () => new VersionConflictError(before.version),
      },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'DEP',
            before.id,
            before.version + 1,
            historyEntry(actor, now, 'deleted', before, null),
          ),
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
const unitKey = (unitId: string) => `UNIT\n${unitId}`;

/** A unit as stored, with the fields older records lack. */
function unitRecord(unit: Unit): UnitRecord {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    defaultAnswerWorkingDays: unit.defaultAnswerWorkingDays ?? null,
    parentId: unit.parentId ?? null,
    createdAt: unit.createdAt ?? '',
    updatedAt: unit.updatedAt ?? unit.createdAt ?? '',
    version: unit.version ?? 1,
  };
}

function toUnit(item: Item): UnitRecord {
  return unitRecord({
    id: String(item.id),
    code: String(item.code),
    name: String(item.name),
    defaultAnswerWorkingDays:
      typeof item.defaultAnswerWorkingDays === 'number' ? item.defaultAnswerWorkingDays : null,
    parentId: typeof item.parentId === 'string' ? item.parentId : null,
    ...(typeof item.createdAt === 'string' ? { createdAt: item.createdAt } : {}),
    ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
    ...(typeof item.version === 'number' ? { version: item.version } : {}),
  });
}

export function departmentRecord(department: Department): DepartmentRecord {
  return {
    id: department.id,
    name: department.name,
    emails: department.emails,
    active: department.active ?? true,
    version: department.version ?? 1,
  };
}

function toDepartment(i: Item): DepartmentRecord {
  return departmentRecord({
    id: String(i.id),
    name: String(i.name),
    emails: (i.emails as string[]) ?? [],
    ...(typeof i.active === 'boolean' ? { active: i.active } : {}),
    ...(typeof i.version === 'number' ? { version: i.version } : {}),
  });
}
const settingKey = (unitId: string, name: string) => `SET\n${unitId}\n${name}`;
