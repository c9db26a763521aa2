/** Ports: what the application needs from the outside world. Adapters live in shared/adapters. */
import type { Role } from './model.js';

export interface Clock {
  now(): Date;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailMessage {
  to: string[];
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** Sends one message; returns the provider's message id. Throws on failure. */
  send(message: MailMessage): Promise<{ messageId: string }>;
}

/** What an escalation schedule delivers to the escalation handler. */
export interface EscalationEvent {
  unitId: string;
  recommendationId: string;
  /** 0 = reminder before the due date, 1.. = escalation levels. */
  level: number;
  dueDate: string;
}

export interface ScheduledEscalation {
  name: string;
  /** Local date-time in Asia/Ho_Chi_Minh, `YYYY-MM-DDTHH:mm:ss`. */
  at: string;
  event: EscalationEvent;
}

export interface EscalationScheduler {
  /** Creates or replaces one-time schedules (idempotent by name). */
  upsert(schedules: ScheduledEscalation[]): Promise<void>;
  /** Deletes schedules by name; names that do not exist are ignored. */
  remove(names: string[]): Promise<void>;
}

/** What a sign-in account is made of (a Cognito user in AWS). */
export interface AccountState {
  email: string;
  name: string;
  /** null: a system administrator, who belongs to no unit. */
  unitId: string | null;
  role: Role;
  departmentId: string | null;
  disabled: boolean;
}

/**
 * Where people's sign-in accounts live: Cognito in AWS (an invitation e-mail with a temporary password),
 * the local directory on a laptop (the accounts are the unit's directory records, which the local
 * sign-in page lists; the invitation goes to the outbox). The unit's own list of its people is kept in
 * the table in both cases (shared/adapters/dynamodb/user-store.ts), with its history.
 */
export interface IdentityProvider {
  /**
   * Creates the account and sends its invitation. An account that already exists for the e-mail in the
   * same unit (a create retried after a failure) is brought to `state` and returned; one in another unit
   * is a ConflictError naming `body.email`.
   */
  createAccount(
    state: AccountState,
    options?: { invite?: boolean },
  ): Promise<{ id: string; username: string }>;
  /** Makes the account match `state` (its one role, name, department, access). Idempotent. */
  syncAccount(username: string, state: AccountState): Promise<void>;
}
