/**
 * How a filtered list is read: which index, which key condition (a status and, for items awaiting an
 * answer, a due-date range are key conditions wherever the index sorts by them), what is left to a
 * filter, and whether the rows are compact (the items are then fetched by key). Pure: no I/O.
 *
 * Order of choice, narrowest first: a text search reads the postings of its words (word-search.ts; every
 * other filter is checked on the items it fetches); a dialogue's items (byDialogue); a department's items
 * (byDepartment, or byDepartmentRole for only those it leads or only those it cooperates on); items
 * awaiting an answer (openByDueDate); anything else (unitList).
 */
import type { ListFilters } from '../../domain/list-filters.js';
import { searchWords } from '../../domain/text.js';
import { keys } from './keys.js';
import { filterKey, STATUS_RANK } from './list-index.js';
import type { Item } from './table.js';
import { INDEXES } from './table-definition.js';
import { postingWord } from './word-index.js';

export type { ListFilters };

export type ListPath = 'dialogue' | 'department' | 'open' | 'unit';

/** Words whose postings a search reads at most (the longest: likely the rarest); all are verified. */
export const MAX_PROBED_WORDS = 4;

/** A text search: the items holding every word, read from the word postings (word-search.ts). */
export interface SearchPlan {
  path: 'search';
  /** Every word of `q`, folded: each must be a word of the item. */
  words: string[];
  /** The postings read (the longest words, as indexed). */
  probe: string[];
  /** No item can match (the other filters contradict each other). */
  empty: boolean;
}

export type SortRange =
  | { kind: 'all' }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'between'; lo: string; hi: string };

export interface ListPlan {
  path: ListPath;
  indexName: string;
  /** Table and index key attributes: what a cursor holds. */
  keyNames: readonly [string, string, string, string];
  partition: { name: string; value: string };
  sort: { name: string; range: SortRange };
  /** No item can match (e.g. overdue and confirmed). */
  empty: boolean;
  filter?: { expression: string; names: Record<string, string>; values: Item };
  /**
   * 'all': every row is a compact index entry and the items are fetched by key; 'cooperation': the rows
   * that are cooperation entries are; 'none': the rows are the items.
   */
  fetch: 'all' | 'cooperation' | 'none';
}

const HIGH = '\uffff';

/** A key range over `<prefix><due date>#…` sort keys. */
function dueRange(prefix: string, f: ListFilters): { range: SortRange; empty: boolean } {
  const his: string[] = [];
  if (f.dueBefore) his.push(`${prefix}${f.dueBefore}`);
  if (f.dueTo) his.push(`${prefix}${f.dueTo}#${HIGH}`);
  if (!f.dueFrom && his.length === 0)
    return { range: prefix ? { kind: 'prefix', prefix } : { kind: 'all' }, empty: false };
  const lo = `${prefix}${f.dueFrom ?? '0000'}`;
  const hi = his.sort()[0] ?? `${prefix}${HIGH}`;
  return { range: { kind: 'between', lo, hi }, empty: lo > hi };
}

class FilterBuilder {
  private readonly parts: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Item = {};
  private n = 0;

  value(v: unknown): string {
    const name = `:f${this.n++}`;
    this.values[name] = v;
    return name;
  }

  name(attribute: string): string {
    const name = `#${attribute}`;
    this.names[name] = attribute;
    return name;
  }

  add(expression: string): void {
    this.parts.push(expression);
  }

  build(): ListPlan['filter'] {
    if (this.parts.length === 0) return undefined;
    return { expression: this.parts.join(' AND '), names: this.names, values: this.values };
  }
}

/** The distinct folded words of a search. */
export const queryWords = (q: string | undefined): string[] => [...new Set(q ? searchWords(q) : [])];

/** How a list is read: a search from the word postings, anything else from an index. */
export function planList(unitId: string, f: ListFilters): ListPlan | SearchPlan {
  const words = queryWords(f.q);
  if (words.length === 0) return planIndexList(unitId, f);
  const { q: _q, ...rest } = f;
  const probe = [...words].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return {
    path: 'search',
    words,
    probe: [...new Set(probe.slice(0, MAX_PROBED_WORDS).map(postingWord))],
    empty: planIndexList(unitId, rest).empty,
  };
}

/**
 * How an index reads a list. The words of `q`, if any, become `contains` filters on rows that carry the
 * item's words (the compact rows, or a dialogue's items): a prefilter for the counts of a search too
 * common to read by key, and for a search while many items' postings wait (`compact`: always the unit's
 * compact rows, a dialogue as a filter), each row then checked for whole words.
 */
export function planIndexList(unitId: string, f: ListFilters, options: { compact?: boolean } = {}): ListPlan {
  const words = queryWords(f.q);
  const department = f.department;
  const path: ListPath = options.compact
    ? 'unit'
    : f.dialogueId
      ? 'dialogue'
      : department && words.length === 0
        ? 'department'
        : words.length > 0
          ? 'unit'
          : f.status === 'assigned'
            ? 'open'
            : 'unit';

  let range: SortRange = { kind: 'all' };
  let empty = false;
  let statusInKey = false;
  let dueInKey = false;
  if ((path === 'department' || path === 'unit') && f.status) {
    ({ range, empty } = dueRange(`${STATUS_RANK[f.status]}#`, f));
    statusInKey = true;
    dueInKey = true;
  } else if (path === 'open') {
    ({ range, empty } = dueRange('', f));
    statusInKey = true;
    dueInKey = true;
  }

  const b = new FilterBuilder();
  if (f.dialogueId && path !== 'dialogue') b.add(`dialogueId = ${b.value(f.dialogueId)}`);
  if (department && path !== 'department') {
    const id = b.value(department.id);
    if (department.role === 'lead') b.add(`departmentId = ${id}`);
    else if (department.role === 'cooperating') b.add(`contains(cooperatingDepartmentIds, ${id})`);
    else b.add(`(departmentId = ${id} OR contains(cooperatingDepartmentIds, ${id}))`);
  }
  if (f.status && !statusInKey) b.add(`${b.name('status')} = ${b.value(f.status)}`);
  const field = filterKey(f.field);
  if (field) b.add(`fieldKey = ${b.value(field)}`);
  const group = filterKey(f.residentialGroup);
  if (group) b.add(`groupKey = ${b.value(group)}`);
  if (!dueInKey) {
    if (f.dueFrom) b.add(`dueDate >= ${b.value(f.dueFrom)}`);
    if (f.dueTo) b.add(`dueDate <= ${b.value(f.dueTo)}`);
    if (f.dueBefore) b.add(`dueDate < ${b.value(f.dueBefore)}`);
    if (f.dueFrom && ((f.dueTo && f.dueFrom > f.dueTo) || (f.dueBefore && f.dueFrom >= f.dueBefore)))
      empty = true;
  }
  for (const word of words) b.add(`contains(searchText, ${b.value(word)})`);

  const base = (
    index: { indexName: string; partitionKey: string; sortKey: string },
    partition: string,
    fetch: ListPlan['fetch'],
  ): ListPlan => ({
    path,
    indexName: index.indexName,
    keyNames: ['pk', 'sk', index.partitionKey, index.sortKey],
    partition: { name: index.partitionKey, value: partition },
    sort: { name: index.sortKey, range },
    empty,
    ...(b.build() ? { filter: b.build() } : {}),
    fetch,
  });
  switch (path) {
    case 'dialogue':
      return base(INDEXES.byDialogue, keys.dialogueIndex(unitId, f.dialogueId as string), 'none');
    case 'department': {
      const { id, role } = department as NonNullable<ListFilters['department']>;
      return role === 'any'
        ? base(INDEXES.byDepartment, keys.departmentIndex(unitId, id), 'cooperation')
        : base(
            INDEXES.byDepartmentRole,
            keys.departmentRoleIndex(unitId, id, role),
            role === 'lead' ? 'none' : 'cooperation',
          );
    }
    case 'open':
      return base(INDEXES.openByDueDate, keys.unitPk(unitId), 'none');
    case 'unit':
      return base(INDEXES.unitList, keys.unitListIndex(unitId), 'all');
  }
}

/** The key condition of a plan, with its values. */
export function keyCondition(plan: ListPlan): { expression: string; values: Item } {
  const { partition, sort } = plan;
  const pk = `${partition.name} = :pk`;
  const values: Item = { ':pk': partition.value };
  switch (sort.range.kind) {
    case 'all':
      return { expression: pk, values };
    case 'prefix':
      return {
        expression: `${pk} AND begins_with(${sort.name}, :sp)`,
        values: { ...values, ':sp': sort.range.prefix },
      };
    case 'between':
      return {
        expression: `${pk} AND ${sort.name} BETWEEN :lo AND :hi`,
        values: { ...values, ':lo': sort.range.lo, ':hi': sort.range.hi },
      };
  }
}

/** Whether a sort key value lies in the plan's key range (a cursor outside it is refused). */
export function inRange(range: SortRange, value: string): boolean {
  switch (range.kind) {
    case 'all':
      return true;
    case 'prefix':
      return value.startsWith(range.prefix);
    case 'between':
      return value >= range.lo && value <= range.hi;
  }
}
