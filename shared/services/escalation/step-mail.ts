/**
 * The e-mails of escalation steps, kept in the outbox (PendingMailStore) until sent: sending the one a
 * delivery holds, claiming and sending one left pending, and the sweep's pass over a unit's pending ones.
 */
import { randomUUID } from 'node:crypto';
import {
  type MailLease,
  type PendingMailKey,
  PendingMailStore,
  type StoredMessage,
} from '../../adapters/dynamodb/pending-mail-store.js';
import type { Mailer } from '../../domain/ports.js';
import type { EscalationDeps } from './unit-context.js';

/**
 * How long whoever sends a pending e-mail holds it: longer than the escalation Lambda's timeout (60 s),
 * so a running sender never loses it; one that died leaves it to the next delivery or sweep after this.
 */
export const MAIL_LEASE_MS = 2 * 60_000;

/** The daily sweep sends pending e-mails at least this old (younger ones belong to a delivery in progress). */
export const PENDING_MAIL_MIN_AGE_MS = 5 * 60_000;

export const newLease = (now: Date): MailLease => ({
  id: randomUUID(),
  until: new Date(now.getTime() + MAIL_LEASE_MS).toISOString(),
});

export const recipientsOf = (message: StoredMessage): string[] => [...message.to, ...message.cc];

const logFields = (key: PendingMailKey) => ({
  unitId: key.unitId,
  id: key.recommendationId,
  dueDate: key.dueDate,
  step: key.level,
});

export interface PendingSendResult {
  level: number;
  /** False: none pending, someone else holds it, or sending failed (`failed`). */
  sent: boolean;
  notified: string[];
  failed?: true;
  error?: unknown;
}

/** Claims one pending e-mail, sends it, deletes it (or records the failure). */
export async function sendPending(
  deps: EscalationDeps,
  outbox: PendingMailStore,
  key: PendingMailKey,
): Promise<PendingSendResult> {
  const now = deps.clock.now();
  const lease = newLease(now);
  const mail = await outbox.claim(key, lease, now.toISOString());
  if (!mail) return { level: key.level, sent: false, notified: [] };
  const mailed = await sendHeld(deps, outbox, key, mail.message, lease.id);
  return mailed.ok
    ? { level: key.level, sent: true, notified: recipientsOf(mail.message) }
    : { level: key.level, sent: false, notified: [], failed: true, error: mailed.error };
}

/**
 * Sends a stored e-mail whose lease `leaseId` holds (3 quick tries), then deletes it; on failure records
 * the attempt and gives the lease back (then `ok: false` with the mail error). A sent e-mail whose delete fails
 * stays stored under the lease: it would be sent again once the lease has expired (logged).
 */
export async function sendHeld(
  deps: EscalationDeps,
  outbox: PendingMailStore,
  key: PendingMailKey,
  message: StoredMessage,
  leaseId: string,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  try {
    await sendWithRetry(deps.mailer, {
      to: message.to,
      ...(message.cc.length ? { cc: message.cc } : {}),
      subject: message.subject,
      html: message.html,
      text: message.text,
    });
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    try {
      await outbox.recordFailure(key, leaseId, detail, deps.clock.now().toISOString());
    } catch (recordError) {
      // Still held until the lease expires; then the next delivery or the sweep sends it.
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'could not record a failed escalation e-mail',
          ...logFields(key),
          error: String(recordError),
        }),
      );
    }
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'escalation e-mail not sent, kept pending',
        ...logFields(key),
        error: detail,
      }),
    );
    return { ok: false, error };
  }
  try {
    const deleted = await outbox.delete(key, leaseId);
    if (!deleted) {
      console.warn(
        JSON.stringify({
          level: 'WARN',
          message: 'sent escalation e-mail was no longer held by this sender',
          ...logFields(key),
        }),
      );
    }
  } catch (error) {
    console.error(
      JSON.stringify({
        level: 'ERROR',
        message: 'sent escalation e-mail could not be removed from the outbox (may be sent again)',
        ...logFields(key),
        error: String(error),
      }),
    );
  }
  return { ok: true };
}

async function sendWithRetry(
  mailer: Mailer,
  message: Parameters<Mailer['send']>[0],
  attempts = 3,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mailer.send(message);
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

/**
 * The daily sweep's delivery of a unit's pending e-mails (one query of its `MAILQ#` items): each one at
 * least PENDING_MAIL_MIN_AGE_MS old and not held is claimed, sent and deleted; one that fails again stays
 * pending with its attempts counted.
 */
export async function sendPendingMails(
  deps: EscalationDeps,
  unitId: string,
): Promise<{ sent: number; failed: number }> {
  const outbox = new PendingMailStore(deps.table);
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const olderThan = new Date(now.getTime() - PENDING_MAIL_MIN_AGE_MS).toISOString();
  const due = (await outbox.list(unitId)).filter(
    (m) => m.createdAt <= olderThan && (m.leaseUntil === null || m.leaseUntil < nowIso),
  );
  const result = { sent: 0, failed: 0 };
  for (const mail of due) {
    const key: PendingMailKey = {
      unitId,
      recommendationId: mail.recommendationId,
      dueDate: mail.dueDate,
      level: mail.level,
    };
    try {
      const out = await sendPending(deps, outbox, key);
      if (out.failed) result.failed++;
      else if (out.sent) result.sent++;
    } catch (error) {
      result.failed++;
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'sweep could not send a pending e-mail',
          ...logFields(key),
          error: String(error),
        }),
      );
    }
  }
  return result;
}
