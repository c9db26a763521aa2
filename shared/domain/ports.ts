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

/**
 * Stored files read by key (S3 in AWS, the data directory locally). The mail outbox reads the files a
 * queued message refers to (`fileKey`) when it sends it; a file store implements this.
 */
export interface FileReader {
  /** The file's bytes; throws if there is no such file. */
  read(key: string): Promise<Uint8Array>;
}

/** What the file store knows of a stored object. */
export interface StoredFile {
  size: number;
  contentType: string;
}

/** Where and how a client uploads one file itself (a short-lived presigned request). */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  /** Headers the upload must carry exactly (they are signed). */
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * Private file storage (S3 in AWS, a directory locally). Keys always name the unit: `units/<unitId>/…`, or `pending/units/<unitId>/…` for an upload not checked yet.
 * Large files go straight between the client and the store through short-lived presigned URLs.
 */
export interface FileStore extends FileReader {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  head(key: string): Promise<StoredFile | undefined>;
  /** The first `length` bytes (enough to tell a file's type from its content). */
  readStart(key: string, length: number): Promise<Uint8Array>;
  /** Moves an object to another key, inside the store (no bytes through the caller). */
  move(from: string, to: string): Promise<void>;
  delete(key: string): Promise<void>;
  uploadUrl(key: string, file: StoredFile): Promise<PresignedUpload>;
  /** A short-lived URL that downloads the file under `filename`. */
  downloadUrl(key: string, file: { filename: string; contentType: string }): Promise<string>;
  /** Origin a browser uploads to (for the pages' Content-Security-Policy), null when it is this site. */
  readonly uploadOrigin: string | null;
}

/**
 * Work on one unit, one message each (the unit-work queue): the scheduled runs fan out to every unit,
 * and a worker handles each unit on its own, so one slow or failing unit delays no other.
 */
export interface UnitJob {
  /** What to do for the unit (shared/services/unit-work/jobs.ts lists the kinds and their handlers). */
  job: string;
  unitId: string;
  /** The run this job belongs to (`<job>#<date>`), for its progress record and logs. */
  runId: string;
  /** The run's date in Vietnam (YYYY-MM-DD): a job handled after midnight still belongs to that day. */
  date: string;
}

export interface UnitWorkQueue {
  /** Queues the jobs (SQS in AWS, in process locally); throws if some could not be queued. */
  send(jobs: UnitJob[]): Promise<void>;
}
