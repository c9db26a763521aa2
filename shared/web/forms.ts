/** Form values in, Vietnamese messages out: refused actions keep what was typed and say why. */
import type { Context } from 'hono';
import type * as z from 'zod';
import { CalendarRangeError } from '../domain/calendar/index.js';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyMismatchError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { zodFieldErrors } from '../http/validation.js';
import { humanizeMessage, parseDateInput } from './format.js';
import { CSRF_FIELD } from './session.js';

export type FormValues = Record<string, string | string[]>;

export interface FormState {
  values: FormValues;
  /** Field name → message. */
  errors: Record<string, string>;
  /** One sentence above the form; null when all is well. */
  message: string | null;
}

export function formState(
  values: FormValues = {},
  message: string | null = null,
  errors: Record<string, string> = {},
): FormState {
  return { values, errors, message };
}

/** The submitted form: strings trimmed of nothing (typed text is kept as typed), repeated names as arrays. */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody({ all: true });
  const values: FormValues = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === CSRF_FIELD) continue;
    if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
    else if (typeof value === 'string') values[key] = value;
  }
  return values;
}

export function str(values: FormValues, name: string): string {
  const v = values[name];
  return (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
}

export function list(values: FormValues, name: string): string[] {
  const v = values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((s) => s.trim()).filter(Boolean);
}

/** `body.dueDate`, `body.0.content`, `query.days` → the form field's name. */
function fieldName(path: string): string {
  const parts = path.split('.').filter((p) => !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? path;
}

export class FormRefusal extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 422,
    message: string,
    readonly errors: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'FormRefusal';
  }
}

/** Field errors found by the page itself (before calling a service). */
export function refuse(
  errors: Record<string, string>,
  message = 'Chưa lưu được: vui lòng sửa các mục được đánh dấu.',
): never {
  throw new FormRefusal(400, message, errors);
}

/**
 * The body a form stands for, checked with the API's own schema: every field error at once, with the
 * API's limits and messages, keyed by form field. `typed`: fields the page could not convert as typed
 * (a date written dd/mm/yyyy), with the page's message for each.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  typed: Record<string, string> = {},
): z.output<S> {
  const result = schema.safeParse(body);
  const errors: Record<string, string> = { ...typed };
  if (!result.success) {
    for (const e of zodFieldErrors(result.error, 'json')) errors[fieldName(e.field)] ??= e.message;
  }
  if (!result.success || Object.keys(errors).length) refuse(errors);
  return result.data;
}

export const DATE_INPUT_MESSAGE =
  'Ngày không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 15/11/2023 (hoặc chỉ gõ số: 15112023).';

/**
 * A date field as the API takes it: the ISO date of what was typed (dd/mm/yyyy, digits only, yyyy-mm-dd), undefined
 * when empty, else the text as typed, with the page's message in `typed`.
 */
export function dateValue(
  values: FormValues,
  name: string,
  typed: Record<string, string>,
): string | undefined {
  const text = str(values, name);
  if (text === '') return undefined;
  const iso = parseDateInput(text);
  if (iso) return iso;
  typed[name] = DATE_INPUT_MESSAGE;
  return text;
}

/** A hidden version field: the number, or the text as sent (the schema refuses it). */
export function versionValue(values: FormValues): number | string {
  const text = str(values, 'version');
  return /^\d{1,15}$/.test(text) ? Number(text) : text;
}

/**
 * A domain error → what the page says. Unknown errors are rethrown (the page shows a generic error
 * and the log has the details).
 */
export function refusalOf(error: unknown): FormRefusal {
  if (error instanceof FormRefusal) return error;
  if (error instanceof ValidationError) {
    const errors: Record<string, string> = {};
    for (const e of error.errors) errors[fieldName(e.field)] ??= humanizeMessage(e.message);
    return new FormRefusal(400, 'Chưa lưu được: vui lòng sửa các mục được đánh dấu.', errors);
  }
  if (error instanceof VersionConflictError) {
    return new FormRefusal(
      409,
      'Bản ghi vừa được người khác thay đổi nên chưa lưu. Trang đã hiện dữ liệu mới nhất; nội dung bạn nhập vẫn được giữ — hãy kiểm tra rồi gửi lại.',
    );
  }
  if (error instanceof ConflictError) {
    return new FormRefusal(409, 'Chưa lưu được: vui lòng sửa các mục được đánh dấu.', {
      [fieldName(error.field)]: error.message,
    });
  }
  if (error instanceof InvalidTransitionError) {
    return new FormRefusal(409, `Không thực hiện được: ${humanizeMessage(error.message)}`);
  }
  if (error instanceof ForbiddenError) return new FormRefusal(403, `Không thực hiện được: ${error.message}`);
  if (error instanceof NotFoundError) return new FormRefusal(404, `${error.message}.`);
  if (error instanceof IdempotencyMismatchError) {
    return new FormRefusal(
      422,
      'Biểu mẫu này đã được gửi với nội dung khác. Hãy tải lại trang rồi nhập lại.',
    );
  }
  if (error instanceof CalendarRangeError) {
    return new FormRefusal(400, 'Ngày nằm ngoài khoảng lịch hỗ trợ (1990–2100).', {
      dueDate: 'Ngày không hợp lệ',
    });
  }
  throw error;
}
