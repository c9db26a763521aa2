import { describe, expect, it } from 'vitest';
import { quarterlyCsv } from '../../shared/adapters/reports/xlsx.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import type { Recommendation } from '../../shared/domain/model.js';
import {
  buildQuarterlySummary,
  departmentFigures,
  halfWithin,
  parseQuarter,
  previousQuarter,
  quarterBounds,
  quarterLabel,
} from '../../shared/domain/reports/quarterly-summary.js';
import {
  escapeHtml,
  formatDate,
  formatPercent,
  signed,
  supervisionFragment,
} from '../../shared/domain/reports/render-html.js';
import { buildSupervisionReport } from '../../shared/domain/reports/supervision-report.js';

const rec = (over: Partial<Recommendation>): Recommendation => ({
  id: 'x',
  ref: 'U-2024-0001',
  dialogueId: 'd',
  content: 'Nội dung',
  raisedBy: null,
  residentialGroup: null,
  field: null,
  source: 'at_dialogue',
  disposition: 'assigned',
  status: 'assigned',
  departmentId: 'dc',
  cooperatingDepartmentIds: [],
  dueDate: '2024-02-05',
  firstDueDate: null,
  answer: null,
  cooperationNotes: [],
  reason: null,
  reopenCount: 0,
  escalationLevel: 0,
  nextEscalationAt: null,
  quarter: '2024-Q1',
  assignedOn: '2024-01-10',
  forwardedOn: null,
  resolvedOn: null,
  workingDaysToResolve: null,
  repeatOf: null,
  createdAt: '2024-01-10T02:00:00.000Z',
  updatedAt: '2024-01-10T02:00:00.000Z',
  version: 1,
  ...over,
});

describe('quarters', () => {
  it('parse, previous, bounds and label', () => {
    expect(parseQuarter('2024-Q1')).toEqual({ year: 2024, quarter: 1 });
    expect(parseQuarter('2024-Q5')).toBeUndefined();
    expect(previousQuarter({ year: 2024, quarter: 1 })).toEqual({ year: 2023, quarter: 4 });
    expect(previousQuarter({ year: 2024, quarter: 3 })).toEqual({ year: 2024, quarter: 2 });
    expect(quarterBounds({ year: 2024, quarter: 1 })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterBounds({ year: 2023, quarter: 2 })).toEqual({ from: '2023-04-01', to: '2023-06-30' });
    expect(quarterLabel({ year: 2024, quarter: 3 })).toBe('Quý III/2024');
  });
});

describe('"half were done within N working days" of a histogram', () => {
  it('the smallest N with at least half at or below it: odd and even totals, repeated values, empty', () => {
    expect(halfWithin(new Map([[5, 1]]))).toBe(5);
    // 3 and 9: one of two (half) within 3.
    expect(
      halfWithin(
        new Map([
          [3, 1],
          [9, 1],
        ]),
      ),
    ).toBe(3);
    expect(
      halfWithin(
        new Map([
          [8, 1],
          [12, 2],
        ]),
      ),
    ).toBe(12);
    // 1, 1, 1, 2, 30, 30: three of six within 1 day.
    expect(
      halfWithin(
        new Map([
          [1, 3],
          [2, 1],
          [30, 2],
        ]),
      ),
    ).toBe(1);
    expect(
      halfWithin(
        new Map([
          [30, 2],
          [1, 1],
          [2, 2],
        ]),
      ),
    ).toBe(2);
    expect(halfWithin(new Map([[4, 0]]))).toBeNull();
    expect(halfWithin(new Map())).toBeNull();
  });

  it('per department from dept:ttr counters, ranked; ids with colons survive', () => {
    const rows = departmentFigures(
      {
        'dept:assigned:a:b': 3,
        'dept:onTime:a:b': 2,
        'dept:ttr:4:a:b': 1,
        'dept:ttr:10:a:b': 1,
        'dept:assigned:z': 2,
        'dept:onTime:z': 1,
        'dept:late:z': 1,
        'dept:ttr:2:z': 2,
      },
      [rec({ departmentId: 'a:b' })],
      [{ id: 'z', name: 'Zeta' }],
    );
    expect(rows).toEqual([
      {
        rank: 1,
        departmentId: 'a:b',
        name: 'a:b',
        assigned: 3,
        resolvedOnTime: 2,
        resolvedLate: 0,
        open: 1,
        overdue: 1,
        onTimeRate: 1,
        halfResolvedWithinWorkingDays: 4,
      },
      {
        rank: 2,
        departmentId: 'z',
        name: 'Zeta',
        assigned: 2,
        resolvedOnTime: 1,
        resolvedLate: 1,
        open: 0,
        overdue: 0,
        onTimeRate: 0.5,
        halfResolvedWithinWorkingDays: 2,
      },
    ]);
  });

  it('ranks only departments with a rate; none when no rate exists', () => {
    const rows = departmentFigures(
      { 'dept:assigned:a': 2, 'dept:onTime:a': 1, 'dept:ttr:3:a': 1, 'dept:assigned:b': 1 },
      [],
      [],
    );
    expect(rows.map((r) => [r.departmentId, r.rank])).toEqual([
      ['a', 1],
      ['b', null],
    ]);
    const none = departmentFigures({ 'dept:assigned:a': 2, 'dept:assigned:b': 1 }, [], []);
    expect(none.map((r) => r.rank)).toEqual([null, null]);
  });
});

describe('supervision report (pure)', () => {
  const calendar = new WorkingCalendar();
  it('counts working days across Tết 2024 and leaves out items outside the lists', () => {
    const report = buildSupervisionReport({
      unit: { id: 'u', name: 'Phường' },
      now: new Date('2024-02-16T01:00:00Z'),
      today: '2024-02-16',
      since: null,
      calendar,
      departments: [{ id: 'dc', name: 'Địa chính' }],
      open: [
        rec({ id: 'late', dueDate: '2024-02-05', escalationLevel: 1 }),
        rec({ id: 'soon', dueDate: '2024-02-23' }),
        rec({ id: 'later', dueDate: '2024-02-26' }),
        rec({ id: 'resolved-in-open-list', status: 'resolved', dueDate: '2024-02-01' }),
      ],
      resolved: [],
      forwarded: [
        rec({
          id: 'answered',
          status: 'forwarded',
          answer: { text: 'Đã trả lời', responder: 'x', documentRef: null, date: '2024-02-01' },
        }),
      ],
      link: (id) => `/items/${id}`,
    });
    // Due Mon 05/02; working days after it to Fri 16/02: 06, 07, 08, 16 (Tết off 09–15/02 in the calendar) → 4.
    expect(report.overdue[0]?.items.map((i) => [i.id, i.workingDaysOverdue, i.escalationLevel])).toEqual([
      ['late', 4, 1],
    ]);
    // 5 working days after 16/02: 19, 20, 21, 22, 23 → until 23/02.
    expect(report.dueSoonUntil).toBe('2024-02-23');
    expect(report.dueSoon.map((i) => [i.id, i.workingDaysLeft])).toEqual([['soon', 5]]);
    expect(report.forwardedWithoutAnswer).toEqual([]);
  });

  it('judges an answer against the first due date; counts a forwarded item’s wait from its forwarding', () => {
    const report = buildSupervisionReport({
      unit: { id: 'u', name: 'Phường' },
      now: new Date('2024-03-15T01:00:00Z'),
      today: '2024-03-15',
      since: null,
      calendar,
      departments: [{ id: 'dc', name: 'Địa chính' }],
      open: [],
      resolved: [
        // Due 05/02, reopened with a new due date 20/03, answered 14/03: by the new one, late for the first.
        rec({
          id: 'reopened',
          status: 'resolved',
          dueDate: '2024-03-20',
          firstDueDate: '2024-02-05',
          reopenCount: 1,
          resolvedOn: '2024-03-14',
        }),
        // Extended with a reason to 20/03: the extension is what it is judged against.
        rec({
          id: 'extended',
          status: 'resolved',
          dueDate: '2024-03-20',
          firstDueDate: '2024-03-20',
          resolvedOn: '2024-03-14',
        }),
        // Stored before the first due date was kept: its due date stands in.
        rec({ id: 'older', status: 'resolved', dueDate: '2024-03-01', resolvedOn: '2024-03-04' }),
      ],
      forwarded: [
        rec({
          id: 'forwarded',
          status: 'forwarded',
          dueDate: null,
          forwardedOn: '2024-03-01',
          updatedAt: '2024-03-14T02:00:00.000Z',
        }),
        rec({
          id: 'forwarded-older',
          status: 'forwarded',
          dueDate: null,
          updatedAt: '2024-03-13T02:00:00.000Z',
        }),
      ],
      link: (id) => `/items/${id}`,
    });
    expect(report.awaitingReview.map((i) => [i.id, i.late, i.firstDueDate])).toEqual([
      ['older', true, '2024-03-01'],
      ['reopened', true, '2024-02-05'],
      ['extended', false, '2024-03-20'],
    ]);
    expect(report.forwardedWithoutAnswer.map((i) => [i.id, i.forwardedOn, i.workingDaysWaiting])).toEqual([
      ['forwarded', '2024-03-01', 10],
      ['forwarded-older', '2024-03-13', 2],
    ]);
    const html = supervisionFragment(report);
    expect(html).toContain('so với hạn ban đầu 05/02/2024');
    expect(html).toContain('Chuyển cấp trên ngày 01/03/2024');
  });
});

describe('formatting', () => {
  it('dates, percentages, signs and escaping', () => {
    expect(formatDate('2023-10-05')).toBe('05/10/2023');
    expect(formatDate(null)).toBe('');
    expect(formatPercent(0.6667)).toBe('66,7%');
    expect(formatPercent(null)).toBe('—');
    expect(signed(3)).toBe('+3');
    expect(signed(-2)).toBe('−2');
    expect(escapeHtml('<b>"Đường" & \'hẻm\'</b>')).toBe(
      '&lt;b&gt;&quot;Đường&quot; &amp; &#39;hẻm&#39;&lt;/b&gt;',
    );
  });

  it('CSV quotes fields with commas, quotes or line breaks', () => {
    const summary = buildQuarterlySummary({
      unit: { id: 'u', name: 'Phường' },
      quarter: { year: 2024, quarter: 1 },
      now: new Date('2024-03-01T00:00:00Z'),
      today: '2024-03-01',
      counters: { received: 2, 'field:Giao thông, đô thị': 1, 'field:Nói "không"\ntiếp': 1 },
      previousCounters: {},
      overdue: [],
      departments: [],
      repeats: [],
    });
    const csv = quarterlyCsv(summary);
    expect(csv.startsWith('\uFEFFTổng quan\r\n')).toBe(true);
    expect(csv).toContain('\r\n"Giao thông, đô thị",1,0\r\n');
    expect(csv).toContain('\r\n"Nói ""không""\ntiếp",1,0\r\n');
  });
});
