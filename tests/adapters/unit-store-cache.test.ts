/**
 * The per-process cache of a unit's calendar overrides and settings (UnitStore): a hit within the TTL, a
 * miss after it, immediate invalidation by a write through the same store, and what another process (a
 * second store on the same table, like another warm Lambda) sees meanwhile.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Table } from '../../shared/adapters/dynamodb/table.js';
import { TtlCache } from '../../shared/adapters/dynamodb/ttl-cache.js';
import { UnitStore } from '../../shared/adapters/dynamodb/unit-store.js';
import { buildTrackerDeps, UNIT_CACHE_SECONDS, unitCacheTtlMs } from '../../shared/deps.js';
import type { Actor } from '../../shared/domain/model.js';
import { createTestTable } from '../support/table.js';

const ADMIN: Actor = { sub: 'admin', name: 'Quản trị', roles: ['admin'], departmentId: null };
const NOW = new Date('2023-10-20T02:00:00Z');
const TTL = 60_000;

let tableInfo: Awaited<ReturnType<typeof createTestTable>>;
/** The injected time of the stores under test, in ms. */
let time = 0;
let table: Table;
let store: UnitStore;
/** Another process on the same table, with its own cache. */
let other: UnitStore;
let unit = 0;
let unitId: string;

beforeAll(async () => {
  tableInfo = await createTestTable();
});

beforeEach(() => {
  time = 1_000_000;
  table = new Table(tableInfo.client, tableInfo.tableName);
  store = new UnitStore(table, { ttlMs: TTL, now: () => time });
  other = new UnitStore(new Table(tableInfo.client, tableInfo.tableName), { ttlMs: TTL, now: () => time });
  unitId = `cache-${++unit}`;
});

/** DynamoDB calls made by `store` during `act`. */
async function calls<T>(act: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const before = table.meter.calls;
  const value = await act();
  return { value, calls: table.meter.calls - before };
}

const tet = { date: '2024-02-09', kind: 'day_off' as const, name: 'Nghỉ bù Tết' };
const worked = { date: '2024-02-17', kind: 'working_day' as const, name: 'Làm bù' };

describe('calendar overrides', () => {
  it('are read once within the TTL, and again after it', async () => {
    await other.saveCalendarOverride(unitId, tet.date, tet, null, ADMIN, NOW);
    expect(await calls(() => store.calendarOverrides(unitId))).toEqual({ value: [tet], calls: 1 });
    time += TTL - 1;
    expect(await calls(() => store.calendarOverrides(unitId))).toEqual({ value: [tet], calls: 0 });
    time += 1;
    expect(await calls(() => store.calendarOverrides(unitId))).toEqual({ value: [tet], calls: 1 });
  });

  it("show this process's own write at once", async () => {
    expect(await store.calendarOverrides(unitId)).toEqual([]);
    await store.saveCalendarOverride(unitId, tet.date, tet, null, ADMIN, NOW);
    expect(await calls(() => store.calendarOverrides(unitId))).toEqual({ value: [tet], calls: 1 });
    await store.saveCalendarOverride(unitId, tet.date, null, tet, ADMIN, NOW);
    expect(await store.calendarOverrides(unitId)).toEqual([]);
  });

  it("show another process's write once the TTL has passed (the documented trade-off)", async () => {
    expect(await store.calendarOverrides(unitId)).toEqual([]);
    await other.saveCalendarOverride(unitId, worked.date, worked, null, ADMIN, NOW);
    expect(await store.calendarOverrides(unitId)).toEqual([]);
    // The uncached read (admin screens, read-before-write) sees it at once.
    expect(await store.listCalendarOverrides(unitId)).toEqual([worked]);
    time += TTL;
    expect(await store.calendarOverrides(unitId)).toEqual([worked]);
  });

  it('are frozen, so that a caller cannot change what other requests get', async () => {
    await store.saveCalendarOverride(unitId, tet.date, tet, null, ADMIN, NOW);
    const cached = await store.calendarOverrides(unitId);
    expect(Object.isFrozen(cached)).toBe(true);
    expect(Object.isFrozen(cached[0])).toBe(true);
    expect(() => (cached as unknown as object[]).push({ name: 'x' })).toThrow(TypeError);
  });

  it('are loaded once for concurrent readers, and every time with the cache off', async () => {
    const loaded = await calls(() => Promise.all([1, 2, 3].map(() => store.calendarOverrides(unitId))));
    expect(loaded.calls).toBe(1);
    const off = new UnitStore(table, { ttlMs: 0, now: () => time });
    expect((await calls(() => off.calendarOverrides(unitId))).calls).toBe(1);
    expect((await calls(() => off.calendarOverrides(unitId))).calls).toBe(1);
  });
});

describe('settings', () => {
  const policy = { reminderWorkingDaysBefore: 3 };

  it('are read once within the TTL, invalidated by a write here, and seen from elsewhere after the TTL', async () => {
    expect(await calls(() => store.cachedSetting(unitId, 'escalation-policy'))).toEqual({
      value: undefined,
      calls: 1,
    });
    expect((await calls(() => store.cachedSetting(unitId, 'escalation-policy'))).calls).toBe(0);
    // Written here: seen at once.
    await store.putSetting(unitId, 'escalation-policy', policy, ADMIN, NOW, null);
    expect(await calls(() => store.cachedSetting(unitId, 'escalation-policy'))).toEqual({
      value: policy,
      calls: 1,
    });
    // Written by another process: seen after the TTL.
    await other.putSetting(unitId, 'escalation-policy', { reminderWorkingDaysBefore: 5 }, ADMIN, NOW, policy);
    expect(await store.cachedSetting(unitId, 'escalation-policy')).toEqual(policy);
    expect(await store.getSetting(unitId, 'escalation-policy')).toEqual({ reminderWorkingDaysBefore: 5 });
    time += TTL;
    expect(await store.cachedSetting(unitId, 'escalation-policy')).toEqual({ reminderWorkingDaysBefore: 5 });
  });

  it('are cached per setting name', async () => {
    await store.cachedSetting(unitId, 'escalation-policy');
    await store.putSetting(unitId, 'fields', ['Giao thông'], ADMIN, NOW, null);
    // A write to another setting leaves this one cached.
    expect((await calls(() => store.cachedSetting(unitId, 'escalation-policy'))).calls).toBe(0);
    expect(await store.cachedSetting(unitId, 'fields')).toEqual(['Giao thông']);
  });
});

describe('TtlCache', () => {
  it('forgets a failed load at once', async () => {
    const cache = new TtlCache<number>(TTL, { now: () => time });
    await expect(cache.get('k', () => Promise.reject(new Error('throttled')))).rejects.toThrow('throttled');
    expect(await cache.get('k', async () => 7)).toBe(7);
    expect(await cache.get('k', async () => 8)).toBe(7);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const cache = new TtlCache<string>(TTL, { now: () => time, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => k);
    expect(await cache.get('a', async () => 'reloaded')).toBe('reloaded');
    expect(await cache.get('c', async () => 'reloaded')).toBe('c');
  });
});

describe('calendarFor (buildTrackerDeps)', () => {
  it('reuses one calendar while the overrides are cached; fresh reads the table', async () => {
    const deps = buildTrackerDeps({
      ...tableInfo,
      clock: { now: () => NOW },
      unitCache: { ttlMs: TTL, now: () => time },
    });
    const first = await deps.calendarFor(unitId);
    expect(await deps.calendarFor(unitId)).toBe(first);
    expect(first.isWorkingDay('2024-02-17')).toBe(false); // a Saturday
    await other.saveCalendarOverride(unitId, worked.date, worked, null, ADMIN, NOW);
    expect((await deps.calendarFor(unitId)).isWorkingDay('2024-02-17')).toBe(false);
    expect((await deps.calendarFor(unitId, { fresh: true })).isWorkingDay('2024-02-17')).toBe(true);
    await deps.units.saveCalendarOverride(unitId, tet.date, tet, null, ADMIN, NOW);
    const after = await deps.calendarFor(unitId);
    expect(after).not.toBe(first);
    expect(after.isWorkingDay('2024-02-17')).toBe(true);
    expect(after.isWorkingDay('2024-02-09')).toBe(false);
  });

  it(`takes its TTL from ${UNIT_CACHE_SECONDS} (60 s by default, 0 turns it off)`, () => {
    expect(unitCacheTtlMs({})).toBe(60_000);
    expect(unitCacheTtlMs({ [UNIT_CACHE_SECONDS]: '0' })).toBe(0);
    expect(unitCacheTtlMs({ [UNIT_CACHE_SECONDS]: '15' })).toBe(15_000);
    expect(() => unitCacheTtlMs({ [UNIT_CACHE_SECONDS]: 'abc' })).toThrow(UNIT_CACHE_SECONDS);
    expect(() => unitCacheTtlMs({ [UNIT_CACHE_SECONDS]: '-1' })).toThrow(UNIT_CACHE_SECONDS);
  });
});

describe('the national calendar (NationalCalendarStore) in calendarFor', () => {
  const SYSTEM: Actor = { sub: 'sys', name: 'Quản trị hệ thống', roles: ['system'], departmentId: null };
  const day = { date: '2033-03-01', kind: 'day_off' as const, name: 'Nghỉ toàn quốc' };
  const process = () =>
    buildTrackerDeps({ ...tableInfo, clock: { now: () => NOW }, unitCache: { ttlMs: TTL, now: () => time } });

  it('reaches another process within the TTL, the writing process at once; no read while cached', async () => {
    const reader = process();
    const writer = process();
    const first = await reader.calendarFor(unitId);
    expect(first.isWorkingDay(day.date)).toBe(true);
    const before = reader.table.meter.calls;
    expect(await reader.calendarFor(unitId)).toBe(first);
    expect(reader.table.meter.calls - before).toBe(0);

    await writer.calendarFor(unitId); // the writer had it cached too
    await writer.national.save(day.date, day, null, SYSTEM, NOW);
    expect((await writer.calendarFor(unitId)).isWorkingDay(day.date)).toBe(false);

    time += TTL - 1;
    expect((await reader.calendarFor(unitId)).isWorkingDay(day.date)).toBe(true);
    expect((await reader.calendarFor(unitId, { fresh: true })).isWorkingDay(day.date)).toBe(false);
    time += 1;
    const after = await reader.calendarFor(unitId);
    expect(after).not.toBe(first);
    expect(after.isWorkingDay(day.date)).toBe(false);
    expect(after.specialDay(day.date)).toMatchObject({ origin: 'national' });

    await writer.national.save(day.date, null, (await writer.national.get(day.date)) ?? null, SYSTEM, NOW);
    expect((await writer.calendarFor(unitId)).isWorkingDay(day.date)).toBe(true);
  });

  it('is frozen when cached, so a request cannot change what others read', async () => {
    const deps = process();
    const list = await deps.national.overrides();
    expect(Object.isFrozen(list)).toBe(true);
  });
});
