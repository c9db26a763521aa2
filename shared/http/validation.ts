import type { Context } from 'hono';
import type { ZodError } from 'zod';
import type { FieldError } from '../domain/errors.js';
import { problem, problemResponse } from './problem.js';

const TARGET_NAMES: Record<string, string> = {
  json: 'body',
  query: 'query',
  param: 'path',
  header: 'header',
  form: 'body',
};

type Issue = ZodError['issues'][number];

/** Of a union's branches, the one the input was meant for: not a plain type mismatch at its root. */
function likelyBranch(branches: Issue[][]): Issue[] {
  const meant = branches.find(
    (issues) => !issues.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  return meant ?? branches[0] ?? [];
}

export function zodFieldErrors(
  error: { issues: Issue[] },
  target: string,
  base: PropertyKey[] = [],
): FieldError[] {
  const prefix = TARGET_NAMES[target] ?? target;
  return error.issues.flatMap((issue): FieldError[] => {
    const path = [...base, ...issue.path].map(String);
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      return zodFieldErrors({ issues: likelyBranch(issue.errors) }, target, [...base, ...issue.path]);
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [prefix, ...path, key].join('.'),
        message: 'Trường không được hỗ trợ',
      }));
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
  return problemResponse(
    c,
    problem(
      400,
      'validation',
      'Dữ liệu không hợp lệ',
      errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    ),
  );
}
