import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  ConflictError,
  type FieldError,
  ForbiddenError,
  IdempotencyMismatchError,
  IdentityProviderError,
  InvalidTransitionError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { UnsupportedFileError } from '../import/errors.js';
import { PayloadTooLargeError } from './body-limit.js';

/** RFC 9457 problem details; `errors` names each offending field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://dialogue-followup.example/problems/';

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors: Problem['errors'] = [],
  extra: Record<string, unknown> = {},
): Problem {
  return { type: `${TYPE_BASE}${slug}`, title, status, detail, errors, ...extra };
}

export function problemResponse(c: Context, p: Problem): Response {
  return c.body(JSON.stringify(p), p.status as ContentfulStatusCode, {
    'Content-Type': 'application/problem+json; charset=utf-8',
  });
}

/** Any error → a problem; unknown errors are logged and answered 500 without internals. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ValidationError) {
    return problem(
      error.errors.some((e) => e.field.startsWith('file')) ? 422 : 400,
      'validation',
      'Dữ liệu không hợp lệ',
      error.message,
      error.errors,
    );
  }
  if (error instanceof PayloadTooLargeError) {
    return problem(
      413,
      'payload-too-large',
      'Nội dung quá lớn',
      error.message,
      [{ field: 'body', message: error.message }],
      { maxBytes: error.maxBytes },
    );
  }
  if (error instanceof UnsupportedFileError) {
    const status = error.reason === 'unsupported_format' ? 415 : 422;
    if (error.limit) {
      return problem(
        status,
        'import-limit',
        'Tệp vượt quá giới hạn',
        error.message,
        [{ field: 'file', message: error.message }],
        { limit: error.limit },
      );
    }
    return problem(status, 'unsupported-file', 'Tệp không đọc được', error.message, [
      { field: 'file', message: error.message },
    ]);
  }
  if (error instanceof NotFoundError)
    return problem(404, 'not-found', 'Không tìm thấy', error.message, [
      { field: 'path', message: error.message },
    ]);
  if (error instanceof UnauthorizedError)
    return problem(401, 'unauthorized', 'Chưa đăng nhập', error.message, [
      { field: 'header.authorization', message: error.message },
    ]);
  if (error instanceof ForbiddenError)
    return problem(403, 'forbidden', 'Không có quyền', error.message, [
      { field: 'role', message: error.message },
    ]);
  if (error instanceof VersionConflictError) {
    return problem(
      409,
      'version-conflict',
      'Xung đột phiên bản',
      error.message,
      [{ field: 'body.version', message: error.message }],
      error.currentVersion !== undefined ? { currentVersion: error.currentVersion } : {},
    );
  }
  if (error instanceof IdentityProviderError)
    return problem(503, 'identity-provider', 'Dịch vụ tài khoản không trả lời', error.message, [
      { field: 'account', message: error.message },
    ]);
  if (error instanceof ConflictError)
    return problem(409, 'conflict', 'Trùng với bản ghi đã có', error.message, [
      { field: error.field, message: error.message },
    ]);
  if (error instanceof InvalidTransitionError)
    return problem(409, 'invalid-transition', 'Không thực hiện được ở trạng thái hiện tại', error.message, [
      { field: 'status', message: error.message },
    ]);
  if (error instanceof IdempotencyMismatchError)
    return problem(422, 'idempotency-mismatch', 'Idempotency-Key đã dùng', error.message, [
      { field: 'header.idempotency-key', message: error.message },
    ]);
  if (error instanceof Error && error.name === 'RetryTransactionError') {
    // A write's condition failed with no more precise reason: another writer changed the record first.
    return problem(409, 'conflict', 'Xung đột', 'Dữ liệu vừa được thay đổi; hãy tải lại và thử lại', [
      { field: 'body', message: 'Dữ liệu vừa được thay đổi; hãy tải lại và thử lại' },
    ]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    const message = error.message || 'Yêu cầu không hợp lệ';
    return problem(error.status, 'bad-request', 'Yêu cầu không hợp lệ', message, [
      { field: 'body', message: /json/i.test(message) ? 'JSON không hợp lệ' : message },
    ]);
  }
  console.error(
    JSON.stringify({
      level: 'ERROR',
      message: 'unhandled error',
      error:
        error instanceof Error
          ? { name: error.name, message: error.message, stack: error.stack }
          : String(error),
    }),
  );
  return problem(500, 'internal', 'Lỗi hệ thống', 'Đã xảy ra lỗi không mong muốn; vui lòng thử lại sau', []);
}
