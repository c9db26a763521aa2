import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { FieldError } from '../domain/errors.js';
import { problem, problemResponse } from './problem.js';

const TARGET_NAMES: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header', form: 'body' };

export function zodFieldErrors(error: ZodError, target: string): FieldError[] {
  const prefix = TARGET_NAMES[target] ?? target;
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [prefix, ...path, key].join('.'), message: 'Trường không được hỗ trợ' }));
    }
    return [{ field: [prefix, ...path].join('.'), message: issue.message }];
  });
}

/** The one place validation failures become a 400 problem naming each field. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target?: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const errors = zodFieldErrors(result.error, result.target ?? 'body');
  return problemResponse(c, problem(400, 'validation', 'Dữ liệu không hợp lệ', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors));
}
