import type { CalendarOverride } from '../../domain/calendar/index.js';
import { ValidationError } from '../../domain/errors.js';
import { historyEntry } from '../../domain/history.js';
import type { Actor, Department, Unit } from '../../domain/model.js';
import { historyItem } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import type { Table } from './table.js';

/** Units (tenants), their departments, calendar overrides and settings. */
export class UnitStore {
  constructor(private readonly table: Table) {}

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

  async listCalendarOverrides(unitId: string): Promise<CalendarOverride[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.calendarOverride },
    });
    return items.map((i) => ({
      date: String(i.date),
      kind: i.kind as CalendarOverride['kind'],
      name: String(i.name),
    }));
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
    await this.table.transact([
      {
        write: override
          ? this.table.put({ ...key, type: 'CALENDAR_OVERRIDE', ...override })
          : { Delete: { TableName: this.table.name, Key: { pk: { S: key.pk }, sk: { S: key.sk } } } },
      },
      { write: this.table.put(historyItem(unitId, 'CAL', date, now.getTime(), entry)) },
    ]);
  }

  async getSetting<T>(unitId: string, name: string): Promise<T | undefined> {
    const item = await this.table.get(keys.setting(unitId, name));
    return item ? (item.value as T) : undefined;
  }

  async putSetting(
    unitId: string,
    name: string,
    value: unknown,
    actor: Actor,
    now: Date,
    before: unknown,
  ): Promise<void> {
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
  }
}
