/**
 * Sending one queued mail (contract in ./enqueue.ts): under its lease, with a few quick tries, then marked
 * sent, or its failure recorded with the time of the next attempt.
 */
import { randomUUID } from 'node:crypto';
import {
  type MailLease,
  MailOutboxStore,
  type OutboxMail,
  type OutboxMessage,
} from '../../adapters/dynamodb/mail-outbox-store.js';
import { expiresAfterDays } from '../../adapters/dynamodb/table-definition.js';
import { isThrottling } from '../../adapters/mail/throttling.js';
import type { Clock, FileReader, MailAttachment, Mailer, MailMessage } from '../../domain/ports.js';
import type { TrackerDeps } from '../context.js';

/** What delivery needs: the table, the clock, the mailer, and the file store for attachments by key. */
export interface OutboxDeps {
  table: TrackerDeps['table'];
  clock: Clock;
  mailer: Mailer;
  files?: FileReader;
}

/**
 * How long whoever sends a mail holds it: longer than any sender takes between claim and mark (the
 * escalation Lambda's 60 s timeout; the worker claims each mail just before sending it), so a running
 * sender never loses it; one that died leaves it to the next sender after this.
 */
export const MAIL_LEASE_MS = 2 * 60_000;
/** After this many failed deliveries a mail is `failed` (only the daily sweep or a person retries it). */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** Sent mails keep their id taken (and their subject, recipients, message id visible) this long. */
export const MAIL_SENT_RETENTION_DAYS = 30;
const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000;
/** Quick tries within one delivery (transient errors); throttling is the mailer's to pace. */
const QUICK_TRIES = 3;

/** SES refusals that another try cannot fix: the mail is `failed` at once. */
const PERMANENT = new Set([
  'MessageRejected',
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'AttachmentMissingError',
]);

export const newLease = (now: Date): MailLease => ({
  id: randomUUID(),
  until: new Date(now.getTime() + MAIL_LEASE_MS).toISOString(),
});

/** Delay before the next attempt after `attempts` failures: 1, 4, 16, 64, 256 minutes, then 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 60_000 * 4 ** Math.max(0, attempts - 1));
}

export const recipientsOf = (message: Pick<OutboxMessage, 'to' | 'cc'>): string[] => [
  ...message.to,
  ...message.cc,
];

class AttachmentMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttachmentMissingError';
  }
}

async function mailMessage(deps: OutboxDeps, message: OutboxMessage): Promise<MailMessage> {
  const attachments: MailAttachment[] = [];
  for (const a of message.attachments) {
    if ('content' in a) {
      attachments.push({ filename: a.filename, contentType: a.contentType, content: a.content });
      continue;
    }
    if (!deps.files) throw new AttachmentMissingError(`no file store to read ${a.fileKey}`);
    let content: Uint8Array;
    try {
      content = await deps.files.read(a.fileKey);
    } catch (error) {
      throw new AttachmentMissingError(`cannot read ${a.fileKey}: ${String(error)}`);
    }
    attachments.push({ filename: a.filename, contentType: a.contentType, content });
  }
  return {
    to: message.to,
    ...(message.cc.length ? { cc: message.cc } : {}),
    subject: message.subject,
    html: message.html,
    text: message.text,
    ...(attachments.length ? { attachments } : {}),
  };
}

async function sendQuickly(deps: OutboxDeps, message: MailMessage): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await deps.mailer.send(message)).messageId;
    } catch (error) {
      const name = (error as { name?: string }).name ?? '';
      if (attempt >= QUICK_TRIES || isThrottling(error) || PERMANENT.has(name)) throw error;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

const logFields = (mail: Pick<OutboxMail, 'unitId' | 'id' | 'kind' | 'about'>) => ({
  unitId: mail.unitId,
  mailId: mail.id,
  kind: mail.kind,
  ...mail.about,
});

export type SendResult =
  | { ok: true; messageId: string }
  | { ok: false; error: unknown /** Given up: status `failed`. */; gaveUp: boolean };

/**
 * Sends a mail whose lease `leaseId` holds (a few quick tries), then marks it sent; on failure records
 * the attempt with the next attempt's time (or gives up) and gives the lease back. A sent mail that
 * cannot be marked stays under the lease: it would be sent again once the lease has expired (logged).
 */
export async function sendHeldMail(
  deps: OutboxDeps,
  mail: Pick<OutboxMail, 'unitId' | 'id' | 'kind' | 'about' | 'message' | 'attempts'>,
  leaseId: string,
): Promise<SendResult> {
  const store = new MailOutboxStore(deps.table);
  let messageId: string;
  try {
    messageId = await sendQuickly(deps, await mailMessage(deps, mail.message));
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const now = deps.clock.now();
    const attempts = mail.attempts + 1;
    const gaveUp = PERMANENT.has(name) || attempts >= MAX_DELIVERY_ATTEMPTS;
    const retryAt = gaveUp ? null : new Date(now.getTime() + retryDelayMs(attempts)).toISOString();
    try {
      await store.recordFailure(mail.unitId, mail.id, leaseId, {
        error: detail,
        at: now.toISOString(),
        retryAt,
      });
    } catch (recordError) {
      // Still held until the lease expires; then the next sender takes it.
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'could not record a failed e-mail',
          ...logFields(mail),
          error: String(recordError),
        }),
      );
    }
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: gaveUp ? 'e-mail not sent, given up (failed)' : 'e-mail not sent, kept pending',
        ...logFields(mail),
        attempts,
        retryAt,
        error: detail,
      }),
    );
    return { ok: false, error, gaveUp };
  }
  try {
    const now = deps.clock.now();
    const marked = await store.markSent(mail.unitId, mail.id, leaseId, {
      at: now.toISOString(),
      messageId,
      expiresAt: expiresAfterDays(now, MAIL_SENT_RETENTION_DAYS),
    });
    if (!marked) {
      console.warn(
        JSON.stringify({
          level: 'WARN',
          message: 'sent e-mail was no longer held by this sender',
          ...logFields(mail),
        }),
      );
    }
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'sent e-mail could not be marked sent (may be sent again)',
        ...logFields(mail),
        error: String(error),
      }),
    );
  }
  return { ok: true, messageId };
}

export type ClaimResult =
  /** Nothing to send: gone, already sent, or someone else holds it now. */
  { claimed: false } | ({ claimed: true; mail: OutboxMail } & SendResult);

/** Claims a mail (not sent, nobody holding it), sends it and marks it. */
export async function claimAndSend(deps: OutboxDeps, unitId: string, id: string): Promise<ClaimResult> {
  const now = deps.clock.now();
  const lease = newLease(now);
  const mail = await new MailOutboxStore(deps.table).claim(unitId, id, lease, now.toISOString());
  if (!mail) return { claimed: false };
  return { claimed: true, mail, ...(await sendHeldMail(deps, mail, lease.id)) };
}

/** The unit's mails not sent yet (pending and failed), or those of the statuses asked for. */
export function listMail(
  deps: Pick<OutboxDeps, 'table'>,
  unitId: string,
  options: Parameters<MailOutboxStore['list']>[1] = {},
): Promise<OutboxMail[]> {
  return new MailOutboxStore(deps.table).list(unitId, options);
}

/** A person asks for another try of a failed mail: due at once. False if it is not failed. */
export function requeueMail(deps: Pick<OutboxDeps, 'table' | 'clock'>, unitId: string, id: string) {
  return new MailOutboxStore(deps.table).requeue(unitId, id, deps.clock.now().toISOString());
}
