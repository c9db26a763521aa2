/**
 * The e-mails of escalation steps, in the mail outbox (kind `escalation`, one id per step): queued with
 * the step and held by the delivery that records it, claimed and sent by a later delivery if it was left
 * pending, and the sweep's pass over the unit's outbox.
 */

import type { MailLease } from '../../adapters/dynamodb/mail-outbox-store.js';
import {
  ESCALATION_MAIL_KIND,
  escalationMailId,
  type PendingMailKey,
} from '../../adapters/dynamodb/pending-mail-store.js';
import type { TxEntry } from '../../adapters/dynamodb/table.js';
import { claimAndSend, recipientsOf, type SendResult, sendHeldMail } from '../mail-outbox/deliver.js';
import { deliverUnitMails } from '../mail-outbox/dispatch.js';
import { enqueueMail } from '../mail-outbox/enqueue.js';
import type { EscalationDeps } from './unit-context.js';

/** The daily sweep sends pending e-mails at least this old (younger ones belong to a delivery in progress). */
export const PENDING_MAIL_MIN_AGE_MS = 5 * 60_000;

/** The rendered e-mail of a step. */
export interface StepMessage {
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
}

const about = (key: PendingMailKey) => ({
  recommendationId: key.recommendationId,
  dueDate: key.dueDate,
  level: key.level,
});

/**
 * The put of a step's e-mail, to join the step's own transaction, held by `lease` (the delivery that
 * commits the step sends it next). It replaces the same step's e-mail of a former cycle with the same
 * due date.
 */
export function stepMailEntry(
  deps: EscalationDeps,
  key: PendingMailKey,
  message: StepMessage,
  lease: MailLease,
): TxEntry {
  return enqueueMail(
    deps.table,
    {
      unitId: key.unitId,
      id: escalationMailId(key),
      kind: ESCALATION_MAIL_KIND,
      about: about(key),
      ...message,
    },
    deps.clock.now(),
    { replace: true, lease },
  );
}

/** Sends the step's e-mail that this delivery queued and holds. */
export function sendStepMail(
  deps: EscalationDeps,
  key: PendingMailKey,
  message: StepMessage,
  leaseId: string,
): Promise<SendResult> {
  return sendHeldMail(
    deps,
    {
      unitId: key.unitId,
      id: escalationMailId(key),
      kind: ESCALATION_MAIL_KIND,
      about: about(key),
      message: { ...message, attachments: [] },
      attempts: 0,
    },
    leaseId,
  );
}

export interface PendingSendResult {
  level: number;
  /** False: none pending, someone else holds it, or sending failed (`failed`). */
  sent: boolean;
  notified: string[];
  failed?: true;
  error?: unknown;
}

/** Claims the step's e-mail if it is still pending, sends it and marks it sent (or records the failure). */
export async function sendPending(deps: EscalationDeps, key: PendingMailKey): Promise<PendingSendResult> {
  const out = await claimAndSend(deps, key.unitId, escalationMailId(key));
  if (!out.claimed) return { level: key.level, sent: false, notified: [] };
  return out.ok
    ? { level: key.level, sent: true, notified: recipientsOf(out.mail.message) }
    : { level: key.level, sent: false, notified: [], failed: true, error: out.error };
}

/**
 * The daily sweep's pass over the unit's outbox (one query of its `MAILQ#` items): every mail — of a step
 * or of any other feature — at least PENDING_MAIL_MIN_AGE_MS old, not sent and not held, failed ones
 * included, is claimed and sent; one that fails again stays with its attempts counted.
 */
export function sendPendingMails(deps: EscalationDeps, unitId: string) {
  return deliverUnitMails(deps, unitId, { mode: 'sweep', minAgeMs: PENDING_MAIL_MIN_AGE_MS });
}
