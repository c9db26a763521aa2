/**
 * How a list is read (list-plan.ts): a text search from its words' postings, otherwise the narrowest index
 * first, status and due-date ranges as key conditions wherever the index sorts by them, the rest as
 * filters; and the list attributes and search words an item carries.
 */
import { describe, expect, it } from 'vitest';
import {
  cooperationEntries,
  itemWords,
  listAttributes,
  searchText,
} from '../../shared/adapters/dynamodb/list-index.js';
import { inRange, keyCondition, planIndexList, planList } from '../../shared/adapters/dynamodb/list-plan.js';
import { postingKeys } from '../../shared/adapters/dynamodb/word-index.js';
import { matchesFilters } from '../../shared/domain/list-filters.js';
import { indexWords, searchWords } from '../../shared/domain/text.js';

describe('planList', () => {
  it('reads a search from the postings, a dialogue from byDialogue, a department from byDepartment', () => {
    expect(
      planList('u', { dialogueId: 'd', q: 'Đất, (ĐAI) đất', department: { id: 'dc', role: 'any' } }),
    ).toEqual({
      path: 'search',
      words: ['dat', 'dai'],
      probe: ['dai', 'dat'],
      empty: false,
    });
    expect(
      planList('u', {
        q: 'một hai ba bốn năm sáu',
        status: 'assigned',
        dueFrom: '2023-12-01',
        dueTo: '2023-11-01',
      }),
    ).toMatchObject({ path: 'search', probe: ['bon', 'hai', 'mot', 'nam'], empty: true });
    // Only punctuation: no word to search, the whole list.
    expect(planList('u', { q: '!!!' })).toMatchObject({ path: 'unit' });
    expect(planList('u', { dialogueId: 'd', department: { id: 'dc', role: 'any' } })).toMatchObject({
      path: 'dialogue',
      indexName: 'byDialogue',
      fetch: 'none',
      filter: {
        expression: '(departmentId = :f0 OR contains(cooperatingDepartmentIds, :f0))',
        values: { ':f0': 'dc' },
      },
    });
    expect(planList('u', { department: { id: 'dc', role: 'any' } })).toMatchObject({
      path: 'department',
      indexName: 'byDepartment',
      partition: { name: 'gsi2pk', value: 'U#u#DEP#dc' },
      sort: { range: { kind: 'all' } },
      fetch: 'cooperation',
    });
    expect(planIndexList('u', { department: { id: 'dc', role: 'any' } }).filter).toBeUndefined();
    expect(planList('u', { status: 'assigned' })).toMatchObject({ path: 'open', indexName: 'openByDueDate' });
    expect(planList('u', {})).toMatchObject({ path: 'unit', sort: { range: { kind: 'all' } } });
  });

  it('reads only the rows of one role of a department from its own partition', () => {
    expect(planList('u', { department: { id: 'dc', role: 'lead' } })).toMatchObject({
      path: 'department',
      indexName: 'byDepartmentRole',
      keyNames: ['pk', 'sk', 'gsi3pk', 'gsi3sk'],
      partition: { name: 'gsi3pk', value: 'U#u#DEP#dc#L' },
      fetch: 'none',
    });
    const cooperating = planIndexList('u', { department: { id: 'dc', role: 'cooperating' } });
    expect(cooperating).toMatchObject({
      indexName: 'byDepartmentRole',
      partition: { name: 'gsi3pk', value: 'U#u#DEP#dc#C' },
      fetch: 'cooperation',
    });
    expect(cooperating.filter).toBeUndefined();
  });

  it('counts a search too common to read by key from the compact rows, words as contains', () => {
    expect(planIndexList('u', { q: 'đất', department: { id: 'dc', role: 'any' } })).toMatchObject({
      path: 'unit',
      indexName: 'unitList',
      fetch: 'all',
      filter: {
        expression:
          '(departmentId = :f0 OR contains(cooperatingDepartmentIds, :f0)) AND contains(searchText, :f1)',
        values: { ':f0': 'dc', ':f1': 'dat' },
      },
    });
  });

  it('makes a status and the due dates of items awaiting an answer a key range', () => {
    const dept = planIndexList('u', {
      department: { id: 'dc', role: 'lead' },
      status: 'assigned',
      dueFrom: '2023-11-20',
      dueTo: '2023-11-27',
    });
    expect(dept.sort.range).toEqual({ kind: 'between', lo: '1#2023-11-20', hi: '1#2023-11-27#\uffff' });
    expect(dept.filter).toBeUndefined();
    expect(keyCondition(dept).expression).toBe('gsi3pk = :pk AND gsi3sk BETWEEN :lo AND :hi');

    const overdue = planIndexList('u', { status: 'assigned', dueBefore: '2023-11-20' });
    expect(overdue.sort.range).toEqual({ kind: 'between', lo: '0000', hi: '2023-11-20' });
    expect(inRange(overdue.sort.range, '2023-11-19#id')).toBe(true);
    expect(inRange(overdue.sort.range, '2023-11-20#id')).toBe(false);

    expect(planIndexList('u', { status: 'confirmed' }).sort.range).toEqual({ kind: 'prefix', prefix: '5#' });
    expect(planList('u', { status: 'assigned', dueFrom: '2023-12-01', dueBefore: '2023-11-20' }).empty).toBe(
      true,
    );
    // Without a status, due dates are a filter.
    expect(planList('u', { dueBefore: '2023-12-01' })).toMatchObject({
      sort: { range: { kind: 'all' } },
      filter: { expression: 'dueDate < :f0' },
    });
  });

  it('compares field and khu phố folded', () => {
    expect(planIndexList('u', { field: 'Đất Đai', residentialGroup: 'Khu phố 6' }).filter).toMatchObject({
      expression: 'fieldKey = :f0 AND groupKey = :f1',
      values: { ':f0': 'dat dai', ':f1': 'khu pho 6' },
    });
  });
});

describe('list attributes of an item', () => {
  const rec = {
    id: 'r1',
    ref: 'U-2023-0001',
    status: 'assigned' as const,
    dueDate: '2023-11-15',
    dialogueId: 'd',
    departmentId: 'dc',
    cooperatingDepartmentIds: ['ca', 'dc', 'ca'],
    field: 'Đất đai',
    residentialGroup: 'Khu phố 6',
    content: 'Tranh chấp đất đai, đất (lấn chiếm) kéo dài!',
  };

  it('sort by status rank and due date; search text is the distinct folded words', () => {
    expect(listAttributes('u', rec)).toMatchObject({
      gsi2pk: 'U#u#DEP#dc',
      gsi2sk: '1#2023-11-15#U-2023-0001',
      gsi3pk: 'U#u#DEP#dc#L',
      gsi3sk: '1#2023-11-15#U-2023-0001',
      lpk: 'U#u#L',
      lsk: '1#2023-11-15#U-2023-0001',
      fieldKey: 'dat dai',
      groupKey: 'khu pho 6',
      lv: 2,
    });
    expect(searchText(rec)).toBe('u-2023-0001 u 2023 0001 1 tranh chap dat dai lan chiem keo khu pho 6');
    expect(searchWords('  (Đất)…  ĐAI!! ')).toEqual(['dat', 'dai']);
  });

  it('a search finds whole words, a reference whole, by its year and by its number', () => {
    expect(indexWords('Hẻm 12/5, Quốc lộ 1A; số 007-B')).toEqual([
      'hem',
      '12/5',
      '12',
      '5',
      'quoc',
      'lo',
      '1a',
      'so',
      '007-b',
      '007',
      'b',
      '7',
    ]);
    expect(itemWords(rec)).toContain('0001');
    expect(itemWords(rec)).not.toContain('dat dai');
    // One posting per word, sorted by reference: the search reads results in reference order.
    const postings = postingKeys('u', rec);
    expect(postings).toHaveLength(itemWords(rec).length);
    expect(postings).toContainEqual({ pk: 'U#u#W#dat', sk: 'U-2023-0001#r1' });
    const long = postingKeys('u', { ...rec, content: 'x'.repeat(300) });
    expect(long).toContainEqual({ pk: `U#u#W#${'x'.repeat(100)}`, sk: 'U-2023-0001#r1' });
  });

  it('the filters checked on an item read by key agree with the index filters', () => {
    const item = { ...rec, cooperatingDepartmentIds: ['ca'] };
    expect(matchesFilters({ department: { id: 'ca', role: 'cooperating' } }, item)).toBe(true);
    expect(matchesFilters({ department: { id: 'ca', role: 'lead' } }, item)).toBe(false);
    expect(matchesFilters({ department: { id: 'dc', role: 'cooperating' } }, item)).toBe(false);
    expect(matchesFilters({ department: { id: 'dc', role: 'any' } }, item)).toBe(true);
    expect(matchesFilters({ department: { id: 'vhxh', role: 'any' } }, item)).toBe(false);
    expect(matchesFilters({ field: 'DAT DAI', residentialGroup: 'khu phố 6', dialogueId: 'd' }, item)).toBe(
      true,
    );
    expect(matchesFilters({ field: 'Môi trường' }, item)).toBe(false);
    expect(matchesFilters({ status: 'assigned', dueFrom: '2023-11-15', dueTo: '2023-11-15' }, item)).toBe(
      true,
    );
    expect(matchesFilters({ dueBefore: '2023-11-15' }, item)).toBe(false);
    expect(matchesFilters({ dueFrom: '2023-01-01' }, { ...item, dueDate: null })).toBe(false);
    expect(matchesFilters({ status: 'resolved' }, item)).toBe(false);
  });

  it('one cooperation entry per other department, never the lead', () => {
    const entries = cooperationEntries('u', rec);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      pk: 'U#u',
      sk: 'COOP#r1#ca',
      type: 'COOP',
      recommendationId: 'r1',
      gsi2pk: 'U#u#DEP#ca',
      gsi2sk: '1#2023-11-15#U-2023-0001',
      gsi3pk: 'U#u#DEP#ca#C',
      gsi3sk: '1#2023-11-15#U-2023-0001',
      status: 'assigned',
      departmentId: 'dc',
    });
  });
});
