import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { InvalidTransitionError, ValidationError } from '../../shared/domain/errors.js';
import {
  isOverdue,
  type LifecycleContext,
  newRecommendation,
  patchRecommendation,
  resolveRecommendation,
  reviewRecommendation,
} from '../../shared/domain/lifecycle.js';
import type { NewRecommendation, Recommendation } from '../../shared/domain/model.js';

const ctx: LifecycleContext = {
  actor: { sub: 'u', name: 'Cán bộ văn phòng', roles: ['office'], departmentId: null },
  now: new Date('2023-10-20T02:00:00Z'),
  today: '2023-10-20',
  calendar: new WorkingCalendar(),
  defaultAnswerWorkingDays: 15,
};
const dialogue = { id: 'd1', heldOn: '2023-10-13' };
const ids = { id: 'r1', ref: 'DEMO-2023-0001' };
const base: NewRecommendation = { content: 'Đề nghị sửa đường', source: 'at_dialogue' };

const make = (input: Partial<NewRecommendation> = {}) =>
  newRecommendation({ ...base, ...input }, ids, dialogue, ctx);
const assigned = () => make({ disposition: 'assigned', departmentId: 'dc', dueDate: '2023-11-15' });
const resolved = () => resolveRecommendation(assigned(), { answer: 'Đã sửa' }, ctx).next;

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.errors.map((e) => e.field);
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('recording a recommendation', () => {
  it('without a disposition it is received, version 1, in its dialogue quarter', () => {
    const rec = make();
    expect(rec).toMatchObject({
      status: 'received',
      disposition: null,
      version: 1,
      quarter: '2023-Q4',
      reopenCount: 0,
    });
  });

  it('stores content NFC-normalised and trimmed', () => {
    const nfd = '  Đề nghị   sửa đường  '.normalize('NFD');
    expect(make({ content: nfd }).content).toBe('Đề nghị sửa đường'.normalize('NFC'));
  });

  it('assigned gets the default due date: 15 working days after the dialogue', () => {
    const rec = make({ disposition: 'assigned', departmentId: 'dc' });
    // 13/10/2023 (Fri) + 15 working days, no holidays in between → 03/11/2023.
    expect(rec).toMatchObject({ status: 'assigned', dueDate: '2023-11-03', assignedOn: '2023-10-13' });
  });

  it('assigned without a lead department is refused, naming the field', () => {
    expect(fieldsOf(() => make({ disposition: 'assigned' }))).toEqual(['body.departmentId']);
  });

  it('answered at the dialogue needs the answer; declined needs a public reason', () => {
    expect(fieldsOf(() => make({ disposition: 'answered_at_dialogue' }))).toEqual(['body.answer']);
    expect(fieldsOf(() => make({ disposition: 'declined' }))).toEqual(['body.reason']);
    expect(make({ disposition: 'answered_at_dialogue', answer: 'Đã niêm yết' })).toMatchObject({
      status: 'answered_at_dialogue',
      answer: { text: 'Đã niêm yết', responder: 'Cán bộ văn phòng' },
    });
    expect(make({ disposition: 'declined', reason: 'Thuộc thẩm quyền Trung ương' })).toMatchObject({
      status: 'declined',
      reason: 'Thuộc thẩm quyền Trung ương',
    });
  });

  it('forwarded has no due date', () => {
    expect(make({ disposition: 'forwarded', dueDate: '2023-11-01' })).toMatchObject({
      status: 'forwarded',
      dueDate: null,
    });
  });

  it('refuses empty content and a due date before the dialogue', () => {
    expect(fieldsOf(() => make({ content: '   ' }))).toEqual(['body.content']);
    expect(
      fieldsOf(() => make({ disposition: 'assigned', departmentId: 'dc', dueDate: '2023-10-01' })),
    ).toEqual(['body.dueDate']);
  });

  it('drops the lead department from the cooperating ones', () => {
    expect(
      make({ disposition: 'assigned', departmentId: 'dc', cooperatingDepartmentIds: ['dc', 'ca', 'ca'] })
        .cooperatingDepartmentIds,
    ).toEqual(['ca']);
  });
});

describe('office edits (PATCH)', () => {
  it('received → assigned by choosing a disposition or just a department', () => {
    const viaDisposition = patchRecommendation(make(), { disposition: 'assigned', departmentId: 'dc' }, ctx);
    expect(viaDisposition).toMatchObject({
      action: 'assigned',
      next: { status: 'assigned', assignedOn: '2023-10-20', version: 2 },
    });
    const viaDepartment = patchRecommendation(make(), { departmentId: 'dc' }, ctx);
    expect(viaDepartment.next.status).toBe('assigned');
    // Assigned later: counted from today (20/10) + 15 working days.
    expect(viaDepartment.next.dueDate).toBe('2023-11-10');
  });

  it('reassigns and changes the due date only with a reason', () => {
    const rec = assigned();
    expect(patchRecommendation(rec, { departmentId: 'ca' }, ctx)).toMatchObject({
      action: 'reassigned',
      next: { departmentId: 'ca' },
    });
    expect(fieldsOf(() => patchRecommendation(rec, { dueDate: '2023-12-01' }, ctx))).toEqual(['body.reason']);
    const extended = patchRecommendation(
      { ...rec, escalationLevel: 2 },
      { dueDate: '2023-12-01', reason: 'Chờ kinh phí' },
      ctx,
    );
    expect(extended).toMatchObject({
      action: 'due_date_changed',
      reason: 'Chờ kinh phí',
      next: { dueDate: '2023-12-01', escalationLevel: 0 },
    });
  });

  it('refuses a new due date in the past', () => {
    expect(
      fieldsOf(() => patchRecommendation(assigned(), { dueDate: '2023-10-19', reason: 'x' }, ctx)),
    ).toEqual(['body.dueDate']);
  });

  it('an assigned item can still be forwarded or declined', () => {
    expect(patchRecommendation(assigned(), { disposition: 'forwarded' }, ctx).next.status).toBe('forwarded');
    expect(fieldsOf(() => patchRecommendation(assigned(), { disposition: 'declined' }, ctx))).toEqual([
      'body.reason',
    ]);
    expect(
      patchRecommendation(assigned(), { disposition: 'declined', reason: 'Không thuộc thẩm quyền' }, ctx)
        .next,
    ).toMatchObject({ status: 'declined', dueDate: null });
  });

  it('records the higher level answer of a forwarded item', () => {
    const forwarded = make({ disposition: 'forwarded' });
    const t = patchRecommendation(forwarded, { answer: 'UBND tỉnh đã trả lời' }, ctx);
    expect(t).toMatchObject({
      action: 'forward_answer_recorded',
      next: { status: 'forwarded', answer: { text: 'UBND tỉnh đã trả lời' } },
    });
    expect(fieldsOf(() => patchRecommendation(assigned(), { answer: 'x' }, ctx))).toEqual(['body.answer']);
  });

  it('closed items cannot change disposition or assignment', () => {
    for (const closed of [
      resolved(),
      make({ disposition: 'declined', reason: 'r' }),
      make({ disposition: 'answered_at_dialogue', answer: 'a' }),
    ]) {
      expect(() => patchRecommendation(closed, { disposition: 'assigned', departmentId: 'dc' }, ctx)).toThrow(
        InvalidTransitionError,
      );
      expect(() => patchRecommendation(closed, { departmentId: 'ca' }, ctx)).toThrow(InvalidTransitionError);
    }
  });

  it('content corrections are allowed in any status', () => {
    expect(patchRecommendation(resolved(), { content: 'Nội dung đã sửa' }, ctx)).toMatchObject({
      action: 'updated',
      next: { content: 'Nội dung đã sửa' },
    });
  });
});

describe('resolve and review', () => {
  it('the department resolves an assigned item; working days to resolve are fixed', () => {
    const t = resolveRecommendation(assigned(), { answer: 'Đã vá đường', documentRef: '12/UBND' }, ctx);
    expect(t.action).toBe('resolved');
    expect(t.next).toMatchObject({
      status: 'resolved',
      resolvedOn: '2023-10-20',
      workingDaysToResolve: 5,
      answer: { text: 'Đã vá đường', documentRef: '12/UBND', date: '2023-10-20' },
    });
  });

  it('only an assigned item can be resolved, and an answer is required', () => {
    expect(() => resolveRecommendation(make(), { answer: 'x' }, ctx)).toThrow(InvalidTransitionError);
    expect(() => resolveRecommendation(resolved(), { answer: 'x' }, ctx)).toThrow(InvalidTransitionError);
    expect(fieldsOf(() => resolveRecommendation(assigned(), { answer: ' ' }, ctx))).toEqual(['body.answer']);
  });

  it('the Front confirms a resolved item', () => {
    expect(reviewRecommendation(resolved(), { decision: 'confirm' }, ctx)).toMatchObject({
      action: 'confirmed',
      next: { status: 'confirmed' },
    });
  });

  it('reopening needs a reason and a future due date, and starts a new cycle', () => {
    expect(fieldsOf(() => reviewRecommendation(resolved(), { decision: 'reopen' }, ctx)).sort()).toEqual([
      'body.dueDate',
      'body.reason',
    ]);
    expect(
      fieldsOf(() =>
        reviewRecommendation(
          resolved(),
          { decision: 'reopen', reason: 'Chưa sửa xong', dueDate: '2023-10-20' },
          ctx,
        ),
      ),
    ).toEqual(['body.dueDate']);
    const t = reviewRecommendation(
      { ...resolved(), escalationLevel: 1 },
      { decision: 'reopen', reason: 'Chưa sửa xong', dueDate: '2023-11-30' },
      ctx,
    );
    expect(t.next).toMatchObject({
      status: 'assigned',
      reopenCount: 1,
      reason: 'Chưa sửa xong',
      dueDate: '2023-11-30',
      resolvedOn: null,
      escalationLevel: 0,
    });
  });

  it('only a resolved item can be reviewed', () => {
    for (const rec of [
      assigned(),
      make(),
      reviewRecommendation(resolved(), { decision: 'confirm' }, ctx).next,
    ]) {
      expect(() => reviewRecommendation(rec, { decision: 'confirm' }, ctx)).toThrow(InvalidTransitionError);
    }
  });
});

describe('overdue', () => {
  const rec = (status: Recommendation['status'], dueDate: string | null) => ({ status, dueDate });
  it('is an assigned item whose due date has passed in Vietnam', () => {
    expect(isOverdue(rec('assigned', '2023-10-19'), '2023-10-20')).toBe(true);
    expect(isOverdue(rec('assigned', '2023-10-20'), '2023-10-20')).toBe(false);
    expect(isOverdue(rec('resolved', '2023-10-01'), '2023-10-20')).toBe(false);
    expect(isOverdue(rec('assigned', null), '2023-10-20')).toBe(false);
  });
});
