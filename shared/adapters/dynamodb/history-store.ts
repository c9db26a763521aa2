import type { HistoryEntry } from '../../domain/model.js';
import { keys } from './keys.js';
import type { Item, Table } from './table.js';

/** The history item for one change; `seq` (the record's new version) keeps sort keys unique. */
export function historyItem(
  unitId: string,
  entity: string,
  id: string,
  seq: number | string,
  entry: HistoryEntry,
): Item {
  return historyItemIn(keys.historyPk(unitId, entity, id), seq, entry);
}

/** The history item for one change of the record whose history partition is `pk`. */
export function historyItemIn(pk: string, seq: number | string, entry: HistoryEntry): Item {
  return { pk, sk: `${entry.at}#${String(seq).padStart(6, '0')}`, type: 'HISTORY', ...entry };
}

export async function readHistory(
  table: Table,
  unitId: string,
  entity: string,
  id: string,
): Promise<HistoryEntry[]> {
  return readHistoryIn(table, keys.historyPk(unitId, entity, id));
}

/** The history entries of the record whose history partition is `pk`, oldest first. */
export async function readHistoryIn(table: Table, pk: string): Promise<HistoryEntry[]> {
  const items = await table.queryAll({
    KeyConditionExpression: 'pk = :pk',
    values: { ':pk': pk },
    ConsistentRead: true,
  });
  return items.map(({ at, actor, action, before, after, reason }) => ({
    at,
    actor,
    action,
    before: before ?? null,
    after: after ?? null,
    reason: reason ?? null,
  })) as HistoryEntry[];
}
