/**
 * Schemas of the administration commands (units, people, departments, unit settings): the API routes
 * and the admin pages parse their input with these same schemas, so both refuse the same things with
 * the same messages.
 */
import * as z from 'zod';
import { REPORT_KINDS } from '../adapters/dynamodb/report-store.js';
import { EmailSchema as BaseEmailSchema } from '../domain/email.js';
import { UNIT_ROLES } from '../domain/model.js';
import { IdSchema } from '../http/schemas.js';

const Text = (max: number) => z.string().trim().min(1, 'Không được để trống').max(max);

/** A unit's id: what tokens carry as custom:unitId and every key of its data starts with. */
export const UnitIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'Mã đơn vị gồm chữ thường không dấu, chữ số và dấu gạch ngang (-), tối đa 40 ký tự, ví dụ xa-an-binh',
  )
  .meta({ example: 'xa-an-binh' });

/** The short code of reference numbers (AN-BINH-2025-0001). */
export const UnitCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(
    /^[A-Z0-9](?:[A-Z0-9-]{0,14}[A-Z0-9])?$/,
    'Ký hiệu gồm chữ in hoa không dấu, chữ số và dấu gạch ngang (-), tối đa 16 ký tự, ví dụ AN-BINH',
  )
  .meta({ example: 'AN-BINH' });

export const AnswerDaysSchema = z
  .number()
  .int('Số ngày phải là số nguyên')
  .min(1, 'Ít nhất 1 ngày làm việc')
  .max(90, 'Nhiều nhất 90 ngày làm việc');

const Version = z.number().int().positive();

/** An account's or recipient's address: the one e-mail rule, compared in lower case. */
export const EmailSchema = z.pipe(
  BaseEmailSchema,
  z.transform((email: string) => email.toLowerCase()),
);

export const UnitSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    defaultAnswerWorkingDays: z.number().int().nullable(),
    parentId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Unit' });

export const NewUnitSchema = z
  .object({
    id: UnitIdSchema,
    code: UnitCodeSchema,
    name: Text(200),
    defaultAnswerWorkingDays: AnswerDaysSchema.nullable().optional(),
    /** The unit above (a commune's province): it must exist and be at the top. */
    parentId: UnitIdSchema.nullable().optional(),
  })
  .strict();
export type NewUnit = z.infer<typeof NewUnitSchema>;

export const UnitPatchSchema = z
  .object({
    version: Version,
    code: UnitCodeSchema.optional(),
    name: Text(200).optional(),
    defaultAnswerWorkingDays: AnswerDaysSchema.nullable().optional(),
    /** Move the unit under a province (or, null, to the top). */
    parentId: UnitIdSchema.nullable().optional(),
  })
  .strict();
export type UnitPatch = z.infer<typeof UnitPatchSchema>;

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(UNIT_ROLES),
    departmentId: z.string().nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'User' });

export const NewUserSchema = z
  .object({
    email: EmailSchema,
    name: Text(200),
    role: z.enum(UNIT_ROLES, { message: 'Hãy chọn một vai trò' }),
    departmentId: IdSchema.nullable().optional(),
  })
  .strict();
export type NewUser = z.infer<typeof NewUserSchema>;

/** A unit's administrator, given by the system administrator. */
export const NewAdminSchema = z.object({ email: EmailSchema, name: Text(200) }).strict();

export const UserPatchSchema = z
  .object({
    version: Version,
    name: Text(200).optional(),
    role: z.enum(UNIT_ROLES, { message: 'Hãy chọn một vai trò' }).optional(),
    departmentId: IdSchema.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const DepartmentPatchSchema = z
  .object({
    version: Version,
    name: Text(200).optional(),
    emails: z.array(EmailSchema).max(20).optional(),
    active: z.boolean().optional(),
  })
  .strict();
export type DepartmentPatch = z.infer<typeof DepartmentPatchSchema>;

/** The delete form's `version`, if given: refuse (409) when the department changed since the page showed it. */
export const DeleteDepartmentForm = z
  .object({ version: z.coerce.number().int().positive().optional() })
  .strict();

/** The unit's list of fields (lĩnh vực), replacing the former one. */
export const FieldListSchema = z
  .object({ items: z.array(z.string().trim().min(1).max(200)).min(1, 'Cần ít nhất một lĩnh vực').max(100) })
  .strict();

/** A report recipient: its kind and address (the API's path), and its name (the API's body). */
export const RecipientParamsSchema = z.object({
  kind: z.enum(REPORT_KINDS, { message: 'Hãy chọn loại báo cáo' }),
  email: BaseEmailSchema,
});
export const RecipientBodySchema = z.object({ name: z.string().trim().max(200).nullish() }).strict();
