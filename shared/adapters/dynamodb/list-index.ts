/**
 * What an item carries for lists (docs/DATA-MODEL.md, "Lists and search"):
 *
 * - byDepartment: the item itself under its lead department (`gsi2pk`), and one cooperation entry
 *   (`COOP#<id>#<departmentId>`, a few hundred bytes) under each cooperating department, so that a
 *   department's partition holds every item it is involved in. Both sort by `<status rank>#<due date>#<ref>`:
 *   a status, and for items awaiting an answer a due-date range (overdue, due within N working days), is a
 *   key condition, never a filter.
 * - byDepartmentRole: the same rows again, the item under `…#L` (its lead) and each cooperation entry
 *   under `…#C`, same sort key: the items a department leads, or those it cooperates on, without the other.
 * - unitList: every item under its unit, same sort key, with only the attributes that list filters read
 *   and the item's words (`include` of the index): unit-wide lists and counts read these compact rows.
 *
 * Entries are written in the item's own transaction, beside its history entry. The text search has an
 * index of its own (word-index.ts), written right after that transaction.
 */
import type { Recommendation, Status } from '../../domain/model.js';
import { foldDiacritics, indexWords } from '../../domain/text.js';
import { keys } from './keys.js';
import type { Item, Table, TxEntry } from './table.js';

/** Open work first: items awaiting an answer, then awaiting review, then the rest. */
export const STATUS_RANK: Record<Status, string> = {
  assigned: '1',
  resolved: '2',
  received: '3',
  forwarded: '4',
  confirmed: '5',
  answered_at_dialogue: '6',
  declined: '7',
};

/** Sorts after every real date. */
export const NO_DUE_DATE = '9999-12-31';

/**
 * Version of the list attributes an item carries (`lv`). Items stored before it lack them: the backfill
 * (shared/services/list-backfill.ts) rewrites every item whose `lv` is lower. 1: list attributes and
 * cooperation entries; 2: the byDepartmentRole keys and the word postings (word-index.ts).
 */
export const LIST_INDEX_VERSION = 2;

type Listed = Pick<
  Recommendation,
  | 'id'
  | 'ref'
  | 'status'
  | 'dueDate'
  | 'dialogueId'
  | 'departmentId'
  | 'cooperatingDepartmentIds'
  | 'field'
  | 'residentialGroup'
  | 'content'
>;

export const listSortKey = (rec: Pick<Recommendation, 'status' | 'dueDate' | 'ref'>): string =>
  `${STATUS_RANK[rec.status]}#${rec.dueDate ?? NO_DUE_DATE}#${rec.ref}`;

/** The compared form of a field or residential group (filters ignore case and diacritics). */
export const filterKey = (value: string | null | undefined): string | undefined =>
  value ? foldDiacritics(value) : undefined;

export type Worded = Pick<Recommendation, 'ref' | 'content' | 'residentialGroup'>;

/** Texts whose words were found last: a change reads an item's words several times (before, after, rows). */
const recentWords = new Map<string, readonly string[]>();
const RECENT_WORDS = 64;

/** The words an item is found by: those of its reference, content and residential group (indexWords). */
export function itemWords(rec: Worded): readonly string[] {
  const text = `${rec.ref} ${rec.content} ${rec.residentialGroup ?? ''}`;
  let words = recentWords.get(text);
  if (!words) {
    words = indexWords(text);
    if (recentWords.size >= RECENT_WORDS) recentWords.delete(recentWords.keys().next().value as string);
    recentWords.set(text, words);
  }
  return words;
}

/** The item's words, space separated (on the compact rows). */
export function searchText(rec: Worded): string {
  return itemWords(rec).join(' ');
}

/** Attributes filters read, on the item and on its cooperation entries alike. */
function filterAttributes(rec: Listed): Item {
  return {
    status: rec.status,
    dueDate: rec.dueDate,
    dialogueId: rec.dialogueId,
    departmentId: rec.departmentId,
    fieldKey: filterKey(rec.field),
    groupKey: filterKey(rec.residentialGroup),
  };
}

/** The list attributes of the item itself. */
export function listAttributes(unitId: string, rec: Listed): Item {
  const sortKey = listSortKey(rec);
  const attributes: Item = {
    lpk: keys.unitListIndex(unitId),
    lsk: sortKey,
    fieldKey: filterKey(rec.field),
    groupKey: filterKey(rec.residentialGroup),
    searchText: searchText(rec),
    lv: LIST_INDEX_VERSION,
  };
  if (rec.departmentId) {
    attributes.gsi2pk = keys.departmentIndex(unitId, rec.departmentId);
    attributes.gsi2sk = sortKey;
    attributes.gsi3pk = keys.departmentRoleIndex(unitId, rec.departmentId, 'lead');
    attributes.gsi3sk = sortKey;
  }
  return attributes;
}

/** One entry per cooperating department (never the lead: the lifecycle keeps them apart). */
export function cooperationEntries(unitId: string, rec: Listed): Item[] {
  return [...new Set(rec.cooperatingDepartmentIds)]
    .filter((id) => id !== rec.departmentId)
    .map((departmentId) => ({
      ...keys.cooperation(unitId, rec.id, departmentId),
      type: 'COOP',
      recommendationId: rec.id,
      cooperatingDepartmentId: departmentId,
      gsi2pk: keys.departmentIndex(unitId, departmentId),
      gsi2sk: listSortKey(rec),
      gsi3pk: keys.departmentRoleIndex(unitId, departmentId, 'cooperating'),
      gsi3sk: listSortKey(rec),
      ...filterAttributes(rec),
    }));
}

/**
 * The writes that bring an item's cooperation entries from `before` to `after`: a put of each entry of
 * `after` (rewritten every time, so an item stored before the entries existed gets them with its first
 * change), a delete for each department no longer cooperating.
 */
export function cooperationWrites(
  table: Table,
  unitId: string,
  before: Listed | null,
  after: Listed,
): TxEntry[] {
  const entries = cooperationEntries(unitId, after);
  const kept = new Set(entries.map((e) => String(e.sk)));
  return [
    ...entries.map((entry) => ({ write: table.put(entry) })),
    ...(before ? cooperationEntries(unitId, before) : [])
      .filter((gone) => !kept.has(String(gone.sk)))
      .map((gone) => ({ write: table.delete({ pk: String(gone.pk), sk: String(gone.sk) }) })),
  ];
}
