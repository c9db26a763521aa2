/**
 * The escalation and reminder e-mails in the mail outbox (MailOutboxStore, kind `escalation`): one per
 * step, id `<recommendationId>#<dueDate>#L<level>` (so `MAILQ#<recommendationId>#<dueDate>#L<level>`).
 * The same step of a later cycle with the same due date reuses — and replaces — its id.
 */
import { MailOutboxStore, type OutboxMail } from './mail-outbox-store.js';
import type { Table } from './table.js';

export const ESCALATION_MAIL_KIND = 'escalation';

/** Which step an e-mail belongs to (the same fields as the step's EscalationEvent). */
export interface PendingMailKey {
  unitId: string;
  recommendationId: string;
  dueDate: string;
  /** 0 = reminder, 1.. = escalation levels. */
  level: number;
}

export const escalationMailId = (k: Omit<PendingMailKey, 'unitId'>): string =>
  `${k.recommendationId}#${k.dueDate}#L${k.level}`;

export type PendingMail = OutboxMail & PendingMailKey;

export class PendingMailStore {
  private readonly outbox: MailOutboxStore;
  constructor(table: Table) {
    this.outbox = new MailOutboxStore(table);
  }

  /** The unit's escalation e-mails not sent yet (pending or failed), with their step. */
  async list(unitId: string): Promise<PendingMail[]> {
    const mails = await this.outbox.list(unitId, { kind: ESCALATION_MAIL_KIND });
    return mails.map((m) => ({
      ...m,
      recommendationId: String(m.about.recommendationId),
      dueDate: String(m.about.dueDate),
      level: Number(m.about.level),
    }));
  }
}
