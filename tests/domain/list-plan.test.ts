/**
 * How a list is read (list-plan.ts): narrowest index first, status and due-date ranges as key conditions
 * wherever the index sorts by them, the rest as filters; and the list attributes an item carries.
 */
import { describe, expect, it } from 'vitest';
import { cooperationEntries, listAttributes, searchText } from '../../shared/adapters/dynamodb/list-index.js';
import { inRange, keyCondition, planList } from '../../shared/adapters/dynamodb/list-plan.js';
import { searchWords } from '../../shared/domain/text.js';

describe('planList', () => {
  it('reads a dialogue from byDialogue, a department from byDepartment, a search from the compact rows', () => {
    expect(planList('u', { dialogueId: 'd', q: 'đất', department: { id: 'dc', role: 'any' } })).toMatchObject(
      {
        path: 'dialogue',
        indexName: 'byDialogue',
        fetch: 'none',
        filter: {
          expression:
            '(departmentId = :f0 OR contains(cooperatingDepartmentIds, :f0)) AND contains(searchText, :f1)',
          values: { ':f0': 'dc', ':f1': 'dat' },
        },
      },
    );
    expect(planList('u', { department: { id: 'dc', role: 'any' } })).toMatchObject({
      path: 'department',
      indexName: 'byDepartment',
      partition: { name: 'gsi2pk', value: 'U#u#DEP#dc' },
      sort: { range: { kind: 'all' } },
      fetch: 'cooperation',
    });
    expect(planList('u', { department: { id: 'dc', role: 'any' } }).filter).toBeUndefined();
    expect(planList('u', { department: { id: 'dc', role: 'any' }, q: 'karaoke' })).toMatchObject({
      path: 'unit',
      indexName: 'unitList',
      fetch: 'all',
    });
    expect(planList('u', { status: 'assigned' })).toMatchObject({ path: 'open', indexName: 'openByDueDate' });
    expect(planList('u', {})).toMatchObject({ path: 'unit', sort: { range: { kind: 'all' } } });
  });

  it('makes a status and the due dates of items awaiting an answer a key range', () => {
    const dept = planList('u', {
      department: { id: 'dc', role: 'lead' },
      status: 'assigned',
      dueFrom: '2023-11-20',
      dueTo: '2023-11-27',
    });
    expect(dept.sort.range).toEqual({ kind: 'between', lo: '1#2023-11-20', hi: '1#2023-11-27#\uffff' });
    expect(dept.filter).toMatchObject({ expression: '#type = :f0', values: { ':f0': 'REC' } });
    expect(keyCondition(dept).expression).toBe('gsi2pk = :pk AND gsi2sk BETWEEN :lo AND :hi');

    const overdue = planList('u', { status: 'assigned', dueBefore: '2023-11-20' });
    expect(overdue.sort.range).toEqual({ kind: 'between', lo: '0000', hi: '2023-11-20' });
    expect(inRange(overdue.sort.range, '2023-11-19#id')).toBe(true);
    expect(inRange(overdue.sort.range, '2023-11-20#id')).toBe(false);

    expect(planList('u', { status: 'confirmed' }).sort.range).toEqual({ kind: 'prefix', prefix: '5#' });
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
    expect(planList('u', { field: 'Đất Đai', residentialGroup: 'Khu phố 6' }).filter).toMatchObject({
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
      lpk: 'U#u#L',
      lsk: '1#2023-11-15#U-2023-0001',
      fieldKey: 'dat dai',
      groupKey: 'khu pho 6',
    });
    expect(searchText(rec)).toBe('u-2023-0001 tranh chap dat dai lan chiem keo khu pho 6');
    expect(searchWords('  (Đất)…  ĐAI!! ')).toEqual(['dat', 'dai']);
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
      status: 'assigned',
      departmentId: 'dc',
    });
  });
});
