/**
 * A recommendation's life (DOMAIN.md §3), as pure functions: each takes the current record and a
 * request and returns the next record and the history action, or throws a named domain error.
 */
import { CalendarRangeError } from './calendar/working-calendar.js';
import { InvalidTransitionError, ValidationError } from './errors.js';
import {
  type Actor,
  type Dialogue,
  type Disposition,
  type IsoDate,
  type NewRecommendation,
  quarterOf,
  type Recommendation,
  type WorkingDays,
} from './model.js';
import { normalizeText } from './text.js';

export interface LifecycleContext {
  actor: Actor;
  now: Date;
  today: IsoDate;
  calendar: WorkingDays;
  /** Working days a department gets to answer when no due date is given. */
  defaultAnswerWorkingDays: number;
}

const OPEN_FOR_DISPOSITION = new Set(['received', 'assigned', 'forwarded']);

function text(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const normalized = normalizeText(value);
  return normalized === '' ? null : normalized;
}

function requireField(condition: unknown, field: string, message: string): void {
  if (!condition) throw new ValidationError([{ field, message }]);
}

/** The default due date: N working days after the start (the dialogue for items assigned at it). */
export function defaultDueDate(start: IsoDate, ctx: LifecycleContext): IsoDate {
  return ctx.calendar.addWorkingDays(start, ctx.defaultAnswerWorkingDays);
}

/** The default due date, or a field error when it would fall past the end of the calendar (2100). */
function defaultDueWithin(start: IsoDate, ctx: LifecycleContext, field: string): IsoDate {
  try {
    return defaultDueDate(start, ctx);
  } catch (error) {
    if (!(error instanceof CalendarRangeError)) throw error;
    throw new ValidationError([
      {
        field,
        message: `Hạn mặc định (${ctx.defaultAnswerWorkingDays} ngày làm việc) vượt quá lịch làm việc (hết năm 2100); hãy ghi hạn xử lý`,
      },
    ]);
  }
}

function applyDisposition(
  rec: Recommendation,
  disposition: Disposition,
  input: Pick<
    NewRecommendation,
    'departmentId' | 'cooperatingDepartmentIds' | 'dueDate' | 'answer' | 'reason'
  >,
  ctx: LifecycleContext,
  /** When a decision takes effect: the dialogue's date for items decided when recorded, today after. */
  assignmentStart: IsoDate,
  field: (name: string) => string,
  /** The dialogue's date, if known (an answer given at the dialogue is dated with it). */
  dialogueDate: IsoDate = assignmentStart,
): Recommendation {
  const next: Recommendation = { ...rec, disposition };
  switch (disposition) {
    case 'assigned': {
      const departmentId = input.departmentId ?? rec.departmentId;
      requireField(departmentId, field('departmentId'), 'Cần chọn đơn vị chủ trì khi giao xử lý');
      const dueDate =
        input.dueDate ?? rec.dueDate ?? defaultDueWithin(assignmentStart, ctx, field('dueDate'));
      return {
        ...next,
        status: 'assigned',
        departmentId: departmentId ?? null,
        cooperatingDepartmentIds: [
          ...new Set(input.cooperatingDepartmentIds ?? rec.cooperatingDepartmentIds),
        ].filter((id) => id !== departmentId),
        dueDate,
        firstDueDate: dueDate,
        assignedOn: rec.assignedOn ?? assignmentStart,
        forwardedOn: null,
      };
    }
    case 'answered_at_dialogue': {
      const answer = text(input.answer);
      requireField(answer, field('answer'), 'Cần ghi nội dung đã trả lời tại hội nghị');
      // Answered at the dialogue: dated with it, whenever it is typed in.
      return {
        ...next,
        status: 'answered_at_dialogue',
        dueDate: null,
        firstDueDate: null,
        forwardedOn: null,
        answer: { text: answer ?? '', responder: ctx.actor.name, documentRef: null, date: dialogueDate },
      };
    }
    case 'forwarded':
      return {
        ...next,
        status: 'forwarded',
        dueDate: null,
        firstDueDate: null,
        answer: null,
        forwardedOn: assignmentStart,
      };
    case 'declined': {
      const reason = text(input.reason);
      requireField(reason, field('reason'), 'Cần nêu lý do không trả lời (lý do được công khai)');
      return { ...next, status: 'declined', dueDate: null, firstDueDate: null, forwardedOn: null, reason };
    }
  }
}

/** A new item, as recorded by the office (typed in or imported). */
export function newRecommendation(
  input: NewRecommendation,
  ids: { id: string; ref: string },
  dialogue: Pick<Dialogue, 'id' | 'heldOn'>,
  ctx: LifecycleContext,
  fieldPrefix = 'body',
): Recommendation {
  const field = (name: string) => `${fieldPrefix}.${name}`;
  const content = text(input.content);
  requireField(content, field('content'), 'Nội dung kiến nghị không được để trống');
  if (input.dueDate && input.dueDate < dialogue.heldOn) {
    throw new ValidationError([
      { field: field('dueDate'), message: 'Hạn xử lý không được trước ngày hội nghị' },
    ]);
  }
  const base: Recommendation = {
    id: ids.id,
    ref: ids.ref,
    dialogueId: dialogue.id,
    content: content ?? '',
    raisedBy: text(input.raisedBy),
    residentialGroup: text(input.residentialGroup),
    field: text(input.field),
    source: input.source,
    disposition: null,
    status: 'received',
    departmentId: input.departmentId ?? null,
    cooperatingDepartmentIds: [...new Set(input.cooperatingDepartmentIds ?? [])],
    dueDate: null,
    firstDueDate: null,
    answer: null,
    cooperationNotes: [],
    reason: null,
    reopenCount: 0,
    escalationLevel: 0,
    nextEscalationAt: null,
    quarter: quarterOf(dialogue.heldOn),
    assignedOn: null,
    forwardedOn: null,
    resolvedOn: null,
    workingDaysToResolve: null,
    repeatOf: null,
    createdAt: ctx.now.toISOString(),
    updatedAt: ctx.now.toISOString(),
    version: 1,
  };
  if (!input.disposition) return base;
  // Items assigned when recorded count their time from the dialogue.
  return applyDisposition(base, input.disposition, input, ctx, dialogue.heldOn, field);
}

export interface RecommendationPatch {
  disposition?: Disposition;
  departmentId?: string;
  cooperatingDepartmentIds?: string[];
  dueDate?: IsoDate;
  reason?: string;
  answer?: string;
  content?: string;
  raisedBy?: string | null;
  residentialGroup?: string | null;
  field?: string | null;
}

export interface Transition {
  next: Recommendation;
  action: string;
  reason: string | null;
  /** What the history entry records, when not the fields that changed (e.g. only the note added). */
  recorded?: { before: Record<string, unknown> | null; after: Record<string, unknown> | null };
}

/** Office edits: decide a disposition, assign or reassign, change the due date, correct the text. */
export function patchRecommendation(
  rec: Recommendation,
  patch: RecommendationPatch,
  ctx: LifecycleContext,
  /** The item's dialogue, when known (an answer given at the dialogue is dated with it). */
  dialogue?: Pick<Dialogue, 'heldOn'>,
): Transition {
  const field = (name: string) => `body.${name}`;
  let next: Recommendation = { ...rec };
  let action = 'updated';
  const reason = text(patch.reason);

  if (patch.content !== undefined) {
    const content = text(patch.content);
    requireField(content, field('content'), 'Nội dung kiến nghị không được để trống');
    next.content = content ?? rec.content;
  }
  if (patch.raisedBy !== undefined) next.raisedBy = text(patch.raisedBy);
  if (patch.residentialGroup !== undefined) next.residentialGroup = text(patch.residentialGroup);
  if (patch.field !== undefined) next.field = text(patch.field);

  const dispositionChange = patch.disposition !== undefined && patch.disposition !== rec.disposition;
  if (rec.forwardedTo && (dispositionChange || patch.answer !== undefined)) {
    throw new InvalidTransitionError(
      `Kiến nghị đã chuyển lên cấp trên qua hệ thống (${rec.forwardedTo.ref}): câu trả lời do cấp trên ghi`,
    );
  }
  if (dispositionChange && patch.disposition) {
    if (!OPEN_FOR_DISPOSITION.has(rec.status)) {
      throw new InvalidTransitionError(
        `Không thể đổi hướng xử lý của kiến nghị ở trạng thái "${rec.status}"`,
      );
    }
    next = applyDisposition(
      next,
      patch.disposition,
      { ...patch, reason: reason ?? undefined },
      ctx,
      ctx.today,
      field,
      dialogue?.heldOn ?? ctx.today,
    );
    action = patch.disposition;
  } else if (patch.answer !== undefined && rec.status === 'forwarded') {
    const answer = text(patch.answer);
    requireField(answer, field('answer'), 'Cần ghi nội dung trả lời của cấp trên');
    next.answer = { text: answer ?? '', responder: ctx.actor.name, documentRef: null, date: ctx.today };
    action = 'forward_answer_recorded';
  } else if (patch.answer !== undefined) {
    throw new ValidationError([
      {
        field: field('answer'),
        message:
          'Chỉ ghi trả lời ở đây cho kiến nghị đã chuyển cấp trên; đơn vị chủ trì dùng chức năng "Trả lời"',
      },
    ]);
  }

  const touchesAssignment =
    patch.departmentId !== undefined ||
    patch.cooperatingDepartmentIds !== undefined ||
    patch.dueDate !== undefined;
  if (touchesAssignment && !dispositionChange) {
    if (rec.status !== 'assigned' && rec.status !== 'received') {
      throw new InvalidTransitionError('Chỉ giao lại hoặc đổi hạn khi kiến nghị đang chờ xử lý');
    }
    if (rec.status === 'received') {
      // Choosing a department for a received item is assigning it.
      next = applyDisposition(next, 'assigned', patch, ctx, ctx.today, field);
      action = 'assigned';
    } else {
      if (patch.departmentId !== undefined && patch.departmentId !== rec.departmentId) {
        next.departmentId = patch.departmentId;
        action = 'reassigned';
      }
      if (patch.cooperatingDepartmentIds !== undefined) {
        next.cooperatingDepartmentIds = [...new Set(patch.cooperatingDepartmentIds)].filter(
          (id) => id !== next.departmentId,
        );
      }
      if (patch.dueDate !== undefined && patch.dueDate !== rec.dueDate) {
        requireField(reason, field('reason'), 'Đổi hạn xử lý cần nêu lý do');
        next.dueDate = patch.dueDate;
        // An extension granted with a reason: the answer is now judged against it.
        next.firstDueDate = patch.dueDate;
        action = action === 'reassigned' ? 'reassigned' : 'due_date_changed';
      }
    }
  }
  if (
    next.status === 'assigned' &&
    next.dueDate &&
    next.dueDate < ctx.today &&
    next.dueDate !== rec.dueDate
  ) {
    throw new ValidationError([
      { field: field('dueDate'), message: 'Hạn xử lý mới không được trước hôm nay' },
    ]);
  }
  if (next.dueDate !== rec.dueDate) {
    // A new due date starts a new escalation cycle.
    next.escalationLevel = 0;
    next.nextEscalationAt = null;
  }
  return { next: bump(next, ctx), action, reason };
}

/** The lead department answers in writing and marks the item resolved. */
export function resolveRecommendation(
  rec: Recommendation,
  input: { answer: string; documentRef?: string | null },
  ctx: LifecycleContext,
): Transition {
  if (rec.status !== 'assigned') {
    throw new InvalidTransitionError(
      `Chỉ kiến nghị đang chờ xử lý mới được đánh dấu đã giải quyết (hiện: ${rec.status})`,
    );
  }
  const answer = text(input.answer);
  requireField(answer, 'body.answer', 'Cần ghi nội dung trả lời');
  const start = rec.assignedOn ?? ctx.today;
  const next: Recommendation = {
    ...rec,
    status: 'resolved',
    answer: {
      text: answer ?? '',
      responder: ctx.actor.name,
      documentRef: text(input.documentRef),
      date: ctx.today,
    },
    resolvedOn: ctx.today,
    workingDaysToResolve: Math.max(0, ctx.calendar.workingDaysBetween(start, ctx.today)),
    nextEscalationAt: null,
  };
  return { next: bump(next, ctx), action: 'resolved', reason: null };
}

/** The Front committee accepts the answer, or reopens the item with a reason and a new due date. */
export function reviewRecommendation(
  rec: Recommendation,
  input: { decision: 'confirm' | 'reopen'; reason?: string; dueDate?: IsoDate },
  ctx: LifecycleContext,
): Transition {
  if (rec.status !== 'resolved') {
    throw new InvalidTransitionError(`Chỉ xem xét được kiến nghị đã giải quyết (hiện: ${rec.status})`);
  }
  if (input.decision === 'confirm') {
    return {
      next: bump({ ...rec, status: 'confirmed' }, ctx),
      action: 'confirmed',
      reason: text(input.reason),
    };
  }
  const reason = text(input.reason);
  const errors = [];
  if (!reason) errors.push({ field: 'body.reason', message: 'Mở lại cần nêu lý do' });
  if (!input.dueDate) errors.push({ field: 'body.dueDate', message: 'Mở lại cần hạn xử lý mới' });
  else if (input.dueDate <= ctx.today)
    errors.push({ field: 'body.dueDate', message: 'Hạn xử lý mới phải sau hôm nay' });
  if (errors.length) throw new ValidationError(errors);
  const next: Recommendation = {
    ...rec,
    status: 'assigned',
    dueDate: input.dueDate ?? null,
    // A reopen gives a new due date to answer by, not a new one to be judged against.
    firstDueDate: rec.firstDueDate ?? rec.dueDate,
    reason,
    reopenCount: rec.reopenCount + 1,
    resolvedOn: null,
    workingDaysToResolve: null,
    escalationLevel: 0,
    nextEscalationAt: null,
  };
  return { next: bump(next, ctx), action: 'reopened', reason };
}

/** Most contribution notes an item keeps (its size stays well within DynamoDB's item limit). */
export const MAX_COOPERATION_NOTES = 30;

/**
 * A cooperating department adds its contribution (ý kiến phối hợp) while the item awaits the lead
 * department's answer; the lead department sees it on the item.
 */
export function addCooperationNote(
  rec: Recommendation,
  input: { text: string },
  ctx: LifecycleContext,
  id: string,
): Transition {
  const departmentId = ctx.actor.departmentId;
  if (!departmentId || !rec.cooperatingDepartmentIds.includes(departmentId)) {
    throw new InvalidTransitionError('Chỉ đơn vị phối hợp mới gửi ý kiến phối hợp');
  }
  if (rec.status !== 'assigned') {
    throw new InvalidTransitionError('Chỉ gửi ý kiến phối hợp khi kiến nghị đang chờ đơn vị chủ trì trả lời');
  }
  const noteText = text(input.text);
  requireField(noteText, 'body.text', 'Cần ghi nội dung ý kiến phối hợp');
  if (rec.cooperationNotes.length >= MAX_COOPERATION_NOTES) {
    throw new InvalidTransitionError(
      `Kiến nghị đã có ${MAX_COOPERATION_NOTES} ý kiến phối hợp; hãy liên hệ trực tiếp đơn vị chủ trì`,
    );
  }
  const note = { id, departmentId, text: noteText ?? '', author: ctx.actor.name, at: ctx.now.toISOString() };
  return {
    next: bump({ ...rec, cooperationNotes: [...rec.cooperationNotes, note] }, ctx),
    action: 'cooperation_note_added',
    reason: null,
    recorded: { before: null, after: { cooperationNote: note } },
  };
}

function bump(rec: Recommendation, ctx: LifecycleContext): Recommendation {
  return { ...rec, version: rec.version + 1, updatedAt: ctx.now.toISOString() };
}

/**
 * The due date an answer is judged against (on time or late): the first due date, moved only by an
 * extension with a reason; for an item stored before that was kept, its due date.
 */
export function judgedDueDate(rec: Pick<Recommendation, 'dueDate' | 'firstDueDate'>): IsoDate | null {
  return rec.firstDueDate ?? rec.dueDate;
}

/** Resolved after the due date it is judged against. */
export function resolvedLate(rec: Pick<Recommendation, 'dueDate' | 'firstDueDate' | 'resolvedOn'>): boolean {
  const due = judgedDueDate(rec);
  return due !== null && rec.resolvedOn !== null && rec.resolvedOn > due;
}

/** Not resolved and the due date has passed in Vietnam. */
export function isOverdue(rec: Pick<Recommendation, 'status' | 'dueDate'>, today: IsoDate): boolean {
  return rec.status === 'assigned' && rec.dueDate !== null && rec.dueDate < today;
}
