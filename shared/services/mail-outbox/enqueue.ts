/**
 * The durable mail outbox: how a feature sends e-mail so that nothing is lost and nothing goes twice.
 *
 * ## Enqueueing (the contract)
 * A feature never calls the Mailer for a message that must not be lost. It renders the message and adds
 * `enqueueMail(table, mail)` — a TxEntry — to the TransactWriteItems of the change that causes it
 * (`table.transact([...ownEntries, enqueueMail(...)])`, or the `extra` entries of
 * `RecommendationStore.saveChange`). The change and its mail commit together or not at all.
 *
 * - `id`: chosen by the caller, unique within the unit for that message, and stable across retries of the
 *   same change (e.g. `notice#<dialogueId>#<number>#dep#<departmentId>`): 1–200 characters of
 *   `A–Z a–z 0–9 . _ : # @ -`. By default (`ifAbsent`) the transaction fails with MailAlreadyQueuedError if the
 *   id is pending, failed, or was sent in the last MAIL_SENT_RETENTION_DAYS days (the sent record keeps it
 *   taken); `replace: true` overwrites instead (escalation steps of a new cycle reuse their id).
 * - `kind`: what the message is (`escalation`, `notification`, `conclusion-notice`…), for listing and logs;
 *   `about`: small facts for the same (`{ dialogueId, departmentId }`).
 * - `attachments`: a stored file by reference, `{ filename, contentType, fileKey }` (a key of the file
 *   store, read when the mail is sent: the deps' `files` FileReader), or a small file inline,
 *   `{ filename, contentType, content }` (all inline files together ≤ INLINE_ATTACHMENTS_MAX_BYTES). A
 *   DynamoDB item holds at most 400 KB: store anything larger (a DOCX) in the file store first.
 * - The whole item (body + inline files) must stay under MAIL_ITEM_MAX_BYTES; larger → OutboxMailInvalidError.
 *
 * ## Delivery
 * A queued mail is due at once. It is claimed under a lease (only the holder sends it), sent through the
 * deployment's Mailer — which paces to the SES sending rate and backs off when SES throttles — and marked
 * sent. A failure is recorded on the mail (`attempts`, `lastError`, `lastAttemptAt`) and it is due again
 * after a backoff (1, 4, 16, 64 minutes, … at most 6 hours); after MAX_DELIVERY_ATTEMPTS, or at once for a
 * rejection that retrying cannot fix, it is `failed`: listed for its unit (`listMail`) and tried again
 * only by the unit's daily sweep or `requeueMail`.
 * - In AWS the dispatcher (a recurring schedule every minute) finds due mail across all units in one query
 *   and puts one message per unit on the unit-work queue; the per-unit worker sends that unit's due mail.
 *   The daily per-unit sweep also sends anything left behind.
 * - Locally (`npm start`) the local scheduler's ticker runs the same dispatcher every few seconds.
 * - A feature that wants to send at once in its own process (an escalation step) enqueues with a `lease`
 *   it holds and calls `sendHeldMail` after the commit; if it dies, the mail is due when the lease expires.
 */
import type { MailLease, OutboxAbout, OutboxAttachment } from '../../adapters/dynamodb/mail-outbox-store.js';
import { MailOutboxStore } from '../../adapters/dynamodb/mail-outbox-store.js';
import type { Table, TxEntry } from '../../adapters/dynamodb/table.js';

export {
  type FileAttachment,
  type InlineAttachment,
  MailAlreadyQueuedError,
  type OutboxAttachment,
  type OutboxMail,
  type OutboxStatus,
} from '../../adapters/dynamodb/mail-outbox-store.js';

/** Inline attachments of one mail, all together. */
export const INLINE_ATTACHMENTS_MAX_BYTES = 256 * 1024;
/** One stored mail (body, inline files, recipients, bookkeeping), under DynamoDB's 400 KB item limit. */
export const MAIL_ITEM_MAX_BYTES = 350 * 1024;
/** SES accepts at most 50 recipients per message. */
export const MAX_RECIPIENTS = 50;

export interface MailToQueue {
  unitId: string;
  id: string;
  kind: string;
  about?: OutboxAbout;
  to: string[];
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: OutboxAttachment[];
}

/** A mail the caller built wrongly (a bug, not user input): nothing is written. */
export class OutboxMailInvalidError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboxMailInvalidError';
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:#@-]{0,199}$/;
const KIND = /^[a-z][a-z0-9-]{0,39}$/;

function check(mail: MailToQueue): void {
  const fail = (why: string) => {
    throw new OutboxMailInvalidError(`outbox mail ${JSON.stringify(mail.id)}: ${why}`);
  };
  if (!ID.test(mail.id)) fail('id must be 1–200 characters of A–Z a–z 0–9 . _ : # @ -');
  if (!KIND.test(mail.kind)) fail('kind must be lower-case letters, digits and -');
  const recipients = mail.to.length + (mail.cc?.length ?? 0);
  if (mail.to.length === 0) fail('no recipient');
  if (recipients > MAX_RECIPIENTS) fail(`${recipients} recipients, at most ${MAX_RECIPIENTS}`);
  let inline = 0;
  for (const a of mail.attachments ?? []) {
    if ('content' in a) inline += a.content.byteLength;
    else if (!a.fileKey) fail(`attachment ${a.filename} has neither content nor fileKey`);
  }
  if (inline > INLINE_ATTACHMENTS_MAX_BYTES)
    fail(
      `${inline} bytes of inline attachments, at most ${INLINE_ATTACHMENTS_MAX_BYTES}: store them as files`,
    );
  const text = [
    mail.subject,
    mail.html,
    mail.text,
    ...mail.to,
    ...(mail.cc ?? []),
    JSON.stringify(mail.about ?? {}),
  ];
  const size = text.reduce((n, s) => n + Buffer.byteLength(s), inline + 1024);
  if (size > MAIL_ITEM_MAX_BYTES) fail(`about ${size} bytes, at most ${MAIL_ITEM_MAX_BYTES}`);
}

/**
 * The TxEntry that queues `mail`, to add to the transaction of the change that causes it (see the contract
 * above). `now`: the change's time (`deps.clock.now()`).
 */
export function enqueueMail(
  table: Table,
  mail: MailToQueue,
  now: Date,
  options: { replace?: boolean; lease?: MailLease } = {},
): TxEntry {
  check(mail);
  return new MailOutboxStore(table).entry(
    {
      unitId: mail.unitId,
      id: mail.id,
      kind: mail.kind,
      about: mail.about ?? {},
      message: {
        to: mail.to,
        cc: mail.cc ?? [],
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        attachments: mail.attachments ?? [],
      },
      createdAt: now.toISOString(),
    },
    { ifAbsent: !options.replace, ...(options.lease ? { lease: options.lease } : {}) },
  );
}
