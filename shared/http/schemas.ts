/** Request and response schemas: one source for validation, types and the OpenAPI document. */
import * as z from 'zod';
import vi from 'zod/v4/locales/vi.js';
import { CALENDAR_MAX_DATE, CALENDAR_MIN_DATE, isIsoDate } from '../domain/calendar/index.js';
import { EmailSchema } from '../domain/email.js';
import { ID_MAX_LENGTH, ID_PATTERN } from '../domain/ids.js';
import { DEPARTMENT_ROLES, MAX_DUE_WITHIN } from '../domain/list-filters.js';
import { DIALOGUE_STATUSES, DISPOSITIONS, SOURCES, STATUSES } from '../domain/model.js';
import { groupDigits } from '../domain/text.js';

z.config(vi());

export { EmailSchema };

/** What a missing or mistyped field is told (instead of zod's "expected string, received undefined"). */
const typeMessage = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'Bắt buộc nhập' : `Phải là ${what}`;

export const IsoDateSchema = z
  .string({ error: typeMessage('ngày dạng YYYY-MM-DD') })
  .superRefine((v, ctx) => {
    if (!isIsoDate(v))
      ctx.addIssue({ code: 'custom', message: 'Ngày phải có dạng YYYY-MM-DD và là ngày có thật' });
    else if (v < CALENDAR_MIN_DATE || v > CALENDAR_MAX_DATE)
      ctx.addIssue({ code: 'custom', message: 'Ngày phải trong khoảng 1990–2100' });
  })
  .meta({ example: '2023-11-15', format: 'date' });

const tooLong = (max: number) => `Dài quá: tối đa ${groupDigits(max)} ký tự`;
/** Required text (trimmed), with the limits and messages both doors show. */
export const Text = (max: number) =>
  z
    .string({ error: typeMessage('văn bản') })
    .trim()
    .min(1, 'Không được để trống')
    .max(max, tooLong(max));
export const OptionalText = (max: number) =>
  z
    .string({ error: typeMessage('văn bản') })
    .trim()
    .max(max, tooLong(max))
    .nullish();
export const IdSchema = z
  .string({ error: typeMessage('mã') })
  .min(1, 'Không được để trống')
  .max(ID_MAX_LENGTH, tooLong(ID_MAX_LENGTH))
  .regex(ID_PATTERN, 'Mã chỉ gồm chữ, số và - _ . :');
/** The record version a change is based on (hidden in forms). */
const Version = z
  .number({ error: typeMessage('số phiên bản') })
  .int()
  .positive();

export const DepartmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    emails: z.array(z.string()),
    active: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Department' });
export const NewDepartmentSchema = z
  .object({
    id: IdSchema.optional(),
    name: Text(200),
    emails: z.array(EmailSchema).max(20).default([]),
  })
  .strict();

export const DialogueSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    heldOn: z.string(),
    location: z.string(),
    chairs: z.array(z.string()),
    status: z.enum(DIALOGUE_STATUSES),
    conclusionNoticeNumber: z.string().nullable(),
    conclusionNoticeDate: z.string().nullable(),
    published: z.boolean(),
    noticeText: z
      .object({
        opening: z.string().nullable(),
        closing: z.string().nullable(),
        signerName: z.string().nullable(),
      })
      .nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Dialogue' });

export const NewDialogueSchema = z
  .object({
    title: Text(300),
    kind: Text(100).default('Hội nghị tiếp xúc, đối thoại'),
    heldOn: IsoDateSchema,
    location: Text(300),
    chairs: z.array(Text(200)).max(10).default([]),
    status: z.enum(DIALOGUE_STATUSES).optional(),
  })
  .strict();

export const DialoguePatchSchema = z
  .object({
    version: Version,
    title: Text(300).optional(),
    kind: Text(100).optional(),
    heldOn: IsoDateSchema.optional(),
    location: Text(300).optional(),
    chairs: z.array(Text(200)).max(10).optional(),
    status: z.enum(DIALOGUE_STATUSES).optional(),
    conclusionNoticeNumber: Text(100).nullable().optional(),
    conclusionNoticeDate: IsoDateSchema.nullable().optional(),
    published: z.boolean().optional(),
  })
  .strict();

export const NewRecommendationSchema = z
  .object({
    content: Text(4000),
    raisedBy: OptionalText(200),
    residentialGroup: OptionalText(200),
    field: OptionalText(200),
    source: z.enum(SOURCES),
    disposition: z.enum(DISPOSITIONS).nullish(),
    departmentId: IdSchema.nullish(),
    cooperatingDepartmentIds: z.array(IdSchema).max(20).optional(),
    dueDate: IsoDateSchema.nullish(),
    answer: OptionalText(8000),
    reason: OptionalText(4000),
  })
  .strict()
  .meta({ id: 'NewRecommendation' });

export const AttachmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    size: z.number().int(),
    contentType: z.string(),
    uploadedAt: z.string(),
    uploadedBy: z.object({ sub: z.string(), name: z.string() }),
    public: z.boolean(),
  })
  .meta({ id: 'Attachment' });
export const CooperationNoteSchema = z
  .object({
    id: z.string(),
    departmentId: z.string(),
    text: z.string(),
    author: z.string(),
    at: z.string(),
  })
  .meta({ id: 'CooperationNote' });

export const RecommendationSchema = z
  .object({
    id: z.string(),
    ref: z.string(),
    dialogueId: z.string(),
    content: z.string(),
    raisedBy: z.string().nullable(),
    residentialGroup: z.string().nullable(),
    field: z.string().nullable(),
    source: z.enum(SOURCES),
    disposition: z.enum(DISPOSITIONS).nullable(),
    status: z.enum(STATUSES),
    departmentId: z.string().nullable(),
    cooperatingDepartmentIds: z.array(z.string()),
    dueDate: z.string().nullable(),
    answer: z
      .object({
        text: z.string(),
        responder: z.string(),
        documentRef: z.string().nullable(),
        date: z.string(),
      })
      .nullable(),
    reason: z.string().nullable(),
    reopenCount: z.number().int(),
    escalationLevel: z.number().int(),
    nextEscalationAt: z.string().nullable(),
    repeatOf: z.string().nullable(),
    forwardedTo: z
      .object({ unitId: z.string(), recommendationId: z.string(), ref: z.string(), status: z.enum(STATUSES) })
      .nullish(),
    forwardedFrom: z
      .object({
        unitId: z.string(),
        recommendationId: z.string(),
        ref: z.string(),
        unitName: z.string(),
        note: z.string().nullable(),
      })
      .nullish(),
    attachments: z.array(AttachmentSchema),
    firstDueDate: z.string().nullable(),
    forwardedOn: z.string().nullable(),
    cooperationNotes: z.array(CooperationNoteSchema),
    version: z.number().int(),
    overdue: z.boolean(),
    workingDaysOverdue: z
      .number()
      .int()
      .nullable()
      .optional()
      .meta({ description: 'Working days past the due date, when overdue (0: since the last day off)' }),
    workingDaysLeft: z
      .number()
      .int()
      .nullable()
      .optional()
      .meta({ description: 'Working days until the due date, when awaiting an answer and not overdue' }),
  })
  .passthrough()
  .meta({ id: 'Recommendation' });

export const RecommendationPatchSchema = z
  .object({
    version: Version,
    disposition: z.enum(DISPOSITIONS).optional(),
    departmentId: IdSchema.optional(),
    cooperatingDepartmentIds: z.array(IdSchema).max(20).optional(),
    dueDate: IsoDateSchema.optional(),
    reason: Text(4000).optional(),
    answer: Text(8000).optional(),
    content: Text(4000).optional(),
    raisedBy: OptionalText(200),
    residentialGroup: OptionalText(200),
    field: OptionalText(200),
  })
  .strict();

export const ResolveSchema = z
  .object({
    answer: Text(8000),
    documentRef: OptionalText(200),
    version: Version.optional(),
  })
  .strict();

/** The office's decision on a repeat candidate: the item repeats an earlier one (confirm), or not (dismiss). */
export const RepeatDecisionSchema = z
  .object({
    recommendationId: IdSchema,
    repeatOfId: IdSchema,
    decision: z.enum(['confirm', 'dismiss']),
  })
  .strict();

/** Forward an item to the parent unit (chuyển cấp trên). */
export const ForwardSchema = z
  .object({
    toUnitId: IdSchema,
    note: OptionalText(4000),
    version: Version.optional(),
  })
  .strict();

export const BatchAssignSchema = z
  .object({
    items: z
      .array(z.object({ id: IdSchema, version: Version }).strict())
      .min(1)
      .max(30),
    departmentId: IdSchema,
    cooperatingDepartmentIds: z.array(IdSchema).max(20).optional(),
    dueDate: IsoDateSchema.optional(),
    reason: Text(4000).optional(),
  })
  .strict();

export const CooperationNoteInputSchema = z
  .object({
    text: Text(2000),
    version: Version.optional(),
  })
  .strict();

export const ReviewSchema = z
  .object({
    decision: z.enum(['confirm', 'reopen']),
    reason: Text(4000).optional(),
    dueDate: IsoDateSchema.optional(),
    version: Version.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision !== 'reopen') return;
    if (v.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Mở lại cần nêu lý do' });
    if (v.dueDate === undefined)
      ctx.addIssue({ code: 'custom', path: ['dueDate'], message: 'Mở lại cần hạn xử lý mới' });
  });

/** The filters of a list: the list itself, its counts per status and its spreadsheet take the same. */
export const ListFilterSchema = z
  .object({
    /** A child unit (a commune of the caller's province), read-only; default: the caller's own unit. */
    unitId: IdSchema.optional(),
    dialogueId: IdSchema.optional(),
    departmentId: IdSchema.optional(),
    /** Of the department's items: those it leads, those it cooperates on, or both (default). */
    departmentRole: z.enum(DEPARTMENT_ROLES).optional(),
    status: z.enum(STATUSES).optional(),
    field: z.string().trim().min(1).max(200).optional(),
    residentialGroup: z.string().trim().min(1).max(200).optional(),
    overdue: z.enum(['true', 'false']).optional(),
    /** Awaiting an answer and due within N working days from today (0: due today). */
    dueWithin: z.coerce.number().int().min(0).max(MAX_DUE_WITHIN).optional(),
    dueBefore: IsoDateSchema.optional(),
    /**
     * Words that must all be words of the item's content, khu phố or reference (or its number), ignoring
     * case and diacritics; the results come in reference order.
     */
    q: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const ListQuerySchema = ListFilterSchema.extend({
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
}).strict();

export const HistoryEntrySchema = z
  .object({
    at: z.string(),
    actor: z.object({
      sub: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      departmentId: z.string().nullable(),
    }),
    action: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'HistoryEntry' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(
      z
        .object({
          field: z.string(),
          message: z.string(),
          row: z
            .number()
            .int()
            .optional()
            .meta({ description: 'Import: the row as the spreadsheet numbers it' }),
          column: z.string().optional().meta({ description: 'Import: the column header' }),
        })
        .passthrough(),
    ),
  })
  .meta({ id: 'Problem' });

export const IdParam = z.object({ id: IdSchema });

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(200)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
});
