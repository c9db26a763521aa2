/** Ports: what the application needs from the outside world. Adapters live in shared/adapters. */

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

/**
 * Stored files read by key (S3 in AWS, the data directory locally). The mail outbox reads the files a
 * queued message refers to (`fileKey`) when it sends it; a file store implements this.
 */
export interface FileReader {
  /** The file's bytes; throws if there is no such file. */
  read(key: string): Promise<Uint8Array>;
}
