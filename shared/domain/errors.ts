/** Named domain errors; shared/http/problem.ts maps each to one HTTP status. */

export interface FieldError {
  /** Dotted path of the offending field, e.g. `body.dueDate` or `query.days`. */
  field: string;
  message: string;
  /** For spreadsheet imports: the row as the spreadsheet program numbers it, and the column header. */
  row?: number;
  column?: string;
}

export class ValidationError extends Error {
  constructor(
    readonly errors: FieldError[],
    message = 'Dữ liệu không hợp lệ',
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

export class NotFoundError extends Error {
  constructor(readonly what: string) {
    super(`Không tìm thấy ${what}`);
    this.name = 'NotFoundError';
  }
}

export class ForbiddenError extends Error {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này') {
    super(message);
    this.name = 'ForbiddenError';
  }
}

export class UnauthorizedError extends Error {
  constructor(message = 'Cần đăng nhập (thiếu hoặc sai mã truy cập)') {
    super(message);
    this.name = 'UnauthorizedError';
  }
}

/** Someone else changed the record first (stale `version`). */
export class VersionConflictError extends Error {
  constructor(readonly currentVersion?: number) {
    super('Bản ghi đã được người khác thay đổi; hãy tải lại và thử lại');
    this.name = 'VersionConflictError';
  }
}

/** The record cannot be created or changed as asked because of another record (an id or e-mail in use). */
export class ConflictError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}

/** The action is not allowed in the record's current status. */
export class InvalidTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTransitionError';
  }
}

/** An Idempotency-Key was reused with a different request. */
export class IdempotencyMismatchError extends Error {
  constructor() {
    super('Idempotency-Key này đã được dùng cho một yêu cầu khác');
    this.name = 'IdempotencyMismatchError';
  }
}

/** The identity provider (Cognito) failed or refused for its own reasons: try again later. */
export class IdentityProviderError extends Error {
  constructor(readonly detail: string) {
    super(
      'Dịch vụ tài khoản tạm thời không thực hiện được yêu cầu; chưa có gì thay đổi. Hãy thử lại sau ít phút.',
    );
    this.name = 'IdentityProviderError';
  }
}
