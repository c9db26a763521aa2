/**
 * What the reports keep in the table, all under the unit's partition `U#<unit>` except the message-id
 * pointer that bounce/complaint events arrive with:
 *   RCPT#<kind>#<email>        a recipient of one report kind
 *   SEND#<id>                  one send (id starts with the time, so the history sorts by time)
 *   SENDPEND#<id>              sparse: a send not yet delivered (failed, or interrupted) — retried by the next run
 *   SENDLAST#<kind>            the last delivered send of a kind ("since the last report")
 *   CLAIM#<kind>#<period>      a scheduled send of a period was started (duplicate deliveries do nothing)
 *   RPT#<quarter>#<id>         a confirmed repeat link, in the quarter of the repeating item
 *   RPTX#<dialogueId>#<id>#<earlierId>  a dismissed repeat candidate
 *   pk MAILMSG#<messageId>     → {unitId, sendId, kind}, for SES events
 */
import { historyEntry } from '../../domain/history.js';
import type { Actor, Recommendation } from '../../domain/model.js';
import { historyItem } from './history-store.js';
import { keys } from './keys.js';
import type { Item, Table, TxEntry } from './table.js';
import { expiresAfterDays } from './table-definition.js';

/** Transient items of the reports, deleted by TTL after this many days. */
export const CLAIM_RETENTION_DAYS = 120;
export const MESSAGE_POINTER_RETENTION_DAYS = 90;

export const REPORT_KINDS = ['supervision', 'quarterly'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const RECIPIENT_STATUSES = ['active', 'bounced', 'complained'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

export interface Recipient {
  kind: ReportKind;
  email: string;
  name: string | null;
  /** Set by SES bounce/complaint events; an admin saving the recipient again sets it back to active. */
  status: RecipientStatus;
  statusAt: string | null;
  statusDetail: string | null;
}

export type SendOutcome = 'sending' | 'sent' | 'failed' | 'skipped' | 'superseded';

export interface SendRecord {
  id: string;
  unitId: string;
  kind: ReportKind;
  /** Supervision: the report date (YYYY-MM-DD); quarterly: YYYY-Qn. */
  period: string;
  trigger: 'manual' | 'schedule';
  requestedBy: string | null;
  recipients: string[];
  /** Recipients left out because their address bounced or complained. */
  skippedRecipients: string[];
  subject: string | null;
  messageId: string | null;
  outcome: SendOutcome;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
  version: number;
}

export interface RepeatLink {
  id: string;
  ref: string;
  quarter: string;
  dialogueId: string;
  content: string;
  repeatOfId: string;
  repeatOfRef: string;
  repeatOfContent: string;
  /** How many times the problem has been raised, counting this item (2 for a first repeat). */
  timesRaised: number;
  linkedAt: string;
  linkedBy: string;
}

const pk = keys.unitPk;
const k = {
  recipient: (unitId: string, kind: string, email: string) => ({
    pk: pk(unitId),
    sk: `RCPT#${kind}#${email}`,
  }),
  send: (unitId: string, id: string) => ({ pk: pk(unitId), sk: `SEND#${id}` }),
  pending: (unitId: string, id: string) => ({ pk: pk(unitId), sk: `SENDPEND#${id}` }),
  last: (unitId: string, kind: string) => ({ pk: pk(unitId), sk: `SENDLAST#${kind}` }),
  claim: (unitId: string, kind: string, period: string) => ({
    pk: pk(unitId),
    sk: `CLAIM#${kind}#${period}`,
  }),
  repeat: (unitId: string, quarter: string, id: string) => ({ pk: pk(unitId), sk: `RPT#${quarter}#${id}` }),
  dismissal: (unitId: string, dialogueId: string, id: string, earlierId: string) => ({
    pk: pk(unitId),
    sk: `RPTX#${dialogueId}#${id}#${earlierId}`,
  }),
  message: (messageId: string) => ({ pk: `MAILMSG#${messageId}`, sk: 'MAILMSG' }),
};

const SEND_FIELDS = [
  'id',
  'unitId',
  'kind',
  'period',
  'trigger',
  'requestedBy',
  'recipients',
  'skippedRecipients',
  'subject',
  'messageId',
  'outcome',
  'attempts',
  'lastError',
  'createdAt',
  'updatedAt',
  'sentAt',
  'version',
] as const;

function toSend(item: Item): SendRecord {
  const record = Object.fromEntries(SEND_FIELDS.map((f) => [f, item[f] ?? null])) as unknown as SendRecord;
  return {
    ...record,
    recipients: (item.recipients as string[]) ?? [],
    skippedRecipients: (item.skippedRecipients as string[]) ?? [],
  };
}

function toRecipient(item: Item): Recipient {
  return {
    kind: item.kind as ReportKind,
    email: String(item.email),
    name: (item.name as string | null) ?? null,
    status: (item.status as RecipientStatus) ?? 'active',
    statusAt: (item.statusAt as string | null) ?? null,
    statusDetail: (item.statusDetail as string | null) ?? null,
  };
}

function toRepeat(item: Item): RepeatLink {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as unknown as RepeatLink;
}

const del = (table: Table, key: { pk: string; sk: string }) => ({
  Delete: { TableName: table.name, Key: { pk: { S: key.pk }, sk: { S: key.sk } } },
});

export class ReportStore {
  constructor(private readonly table: Table) {}

  // ── recipients ──────────────────────────────────────────────────────────────

  async recipients(unitId: string, kind?: ReportKind): Promise<Recipient[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': pk(unitId), ':p': kind ? `RCPT#${kind}#` : 'RCPT#' },
    });
    return items.map(toRecipient);
  }

  async getRecipient(unitId: string, kind: ReportKind, email: string): Promise<Recipient | undefined> {
    const item = await this.table.get(k.recipient(unitId, kind, email), true);
    return item ? toRecipient(item) : undefined;
  }

  /** Adds or replaces a recipient (status back to active), with an audit entry. */
  async putRecipient(
    unitId: string,
    recipient: Recipient,
    before: Recipient | null,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    const id = `${recipient.kind}:${recipient.email}`;
    await this.table.transact([
      {
        write: this.table.put({
          ...k.recipient(unitId, recipient.kind, recipient.email),
          type: 'RECIPIENT',
          ...recipient,
        }),
      },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'RCPT',
            id,
            now.getTime(),
            historyEntry(actor, now, before ? 'recipient_updated' : 'recipient_added', before, recipient),
          ),
        ),
      },
    ]);
  }

  async deleteRecipient(unitId: string, before: Recipient, actor: Actor, now: Date): Promise<void> {
    const id = `${before.kind}:${before.email}`;
    await this.table.transact([
      { write: del(this.table, k.recipient(unitId, before.kind, before.email)) },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'RCPT',
            id,
            now.getTime(),
            historyEntry(actor, now, 'recipient_removed', before, null),
          ),
        ),
      },
    ]);
  }

  /** Records a delivery problem reported by SES; a recipient removed meanwhile is left alone. */
  async markRecipient(
    unitId: string,
    kind: ReportKind,
    email: string,
    status: RecipientStatus,
    detail: string | null,
    at: string,
  ): Promise<boolean> {
    try {
      await this.table.transact([
        {
          write: {
            Update: {
              TableName: this.table.name,
              Key: { pk: { S: pk(unitId) }, sk: { S: `RCPT#${kind}#${email}` } },
              UpdateExpression: 'SET #s = :s, statusAt = :at, statusDetail = :d',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: {
                ':s': { S: status },
                ':at': { S: at },
                ':d': detail === null ? { NULL: true } : { S: detail },
              },
            },
          },
          onConditionFailed: () => new RecipientGoneError(),
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof RecipientGoneError) return false;
      throw error;
    }
  }

  // ── sends ───────────────────────────────────────────────────────────────────

  async getSend(unitId: string, id: string): Promise<SendRecord | undefined> {
    const item = await this.table.get(k.send(unitId, id), true);
    return item ? toSend(item) : undefined;
  }

  /** Newest first. */
  async listSends(unitId: string, limit: number, kind?: ReportKind): Promise<SendRecord[]> {
    const found: SendRecord[] = [];
    let start: Item | undefined;
    do {
      const page = await this.table.queryPage({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ...(kind ? { FilterExpression: 'kind = :kind' } : {}),
        values: { ':pk': pk(unitId), ':p': 'SEND#', ...(kind ? { ':kind': kind } : {}) },
        ScanIndexForward: false,
        Limit: Math.max(limit, 25),
        ...(start ? { ExclusiveStartKey: { pk: { S: String(start.pk) }, sk: { S: String(start.sk) } } } : {}),
      });
      found.push(...page.items.map(toSend));
      start = page.lastKey;
    } while (start && found.length < limit);
    return found.slice(0, limit);
  }

  /** Sends not delivered yet (failed, or interrupted while sending): what the next run retries. */
  async pendingSends(unitId: string): Promise<SendRecord[]> {
    const pointers = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': pk(unitId), ':p': 'SENDPEND#' },
      ConsistentRead: true,
    });
    const records = await Promise.all(pointers.map((p) => this.getSend(unitId, String(p.id))));
    return records
      .filter((r): r is SendRecord => r !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * Creates a send record in state 'sending' with its pending pointer, so that a crash before the
   * outcome is saved still leaves it to be retried. With `claim`, fails (returns false) if a scheduled
   * send of the same kind and period was already started.
   */
  async createSend(record: SendRecord, claim: boolean): Promise<boolean> {
    const entries: TxEntry[] = [
      {
        write: this.table.put(
          { ...k.send(record.unitId, record.id), type: 'SEND', ...record },
          { expression: 'attribute_not_exists(pk)' },
        ),
      },
      {
        write: this.table.put({
          ...k.pending(record.unitId, record.id),
          type: 'SEND_PENDING',
          id: record.id,
        }),
      },
    ];
    if (claim) {
      entries.push({
        write: this.table.put(
          {
            ...k.claim(record.unitId, record.kind, record.period),
            type: 'SEND_CLAIM',
            sendId: record.id,
            at: record.createdAt,
            // Only a run of the same period (a day, or days 1–10 of a quarter) can collide with it.
            expiresAt: expiresAfterDays(record.createdAt, CLAIM_RETENTION_DAYS),
          },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () => new AlreadyClaimedError(),
      });
    }
    try {
      await this.table.transact(entries);
      return true;
    } catch (error) {
      if (error instanceof AlreadyClaimedError) return false;
      throw error;
    }
  }

  async isClaimed(unitId: string, kind: ReportKind, period: string): Promise<boolean> {
    return (await this.table.get(k.claim(unitId, kind, period), true)) !== undefined;
  }

  /**
   * Saves the next state of a send if nobody else changed it (`before.version`); returns false if
   * someone did. Delivered, skipped or superseded sends leave the pending list; a delivered one
   * becomes the kind's last send and its message id is indexed for SES events.
   */
  async saveSend(before: SendRecord, after: SendRecord): Promise<boolean> {
    const entries: TxEntry[] = [
      {
        write: this.table.put(
          { ...k.send(after.unitId, after.id), type: 'SEND', ...after },
          {
            expression: 'version = :v',
            values: { ':v': before.version },
          },
        ),
        onConditionFailed: () => new StaleSendError(),
      },
    ];
    if (after.outcome === 'sent' || after.outcome === 'skipped' || after.outcome === 'superseded') {
      entries.push({ write: del(this.table, k.pending(after.unitId, after.id)) });
    }
    if (after.outcome === 'sent') {
      entries.push({
        write: this.table.put({
          ...k.last(after.unitId, after.kind),
          type: 'SEND_LAST',
          sendId: after.id,
          period: after.period,
          sentAt: after.sentAt,
        }),
      });
      if (after.messageId) {
        entries.push({
          write: this.table.put({
            ...k.message(after.messageId),
            type: 'MAIL_MESSAGE',
            unitId: after.unitId,
            sendId: after.id,
            kind: after.kind,
            // SES reports bounces and complaints within days of sending.
            expiresAt: expiresAfterDays(after.sentAt ?? after.updatedAt, MESSAGE_POINTER_RETENTION_DAYS),
          }),
        });
      }
    }
    try {
      await this.table.transact(entries);
      return true;
    } catch (error) {
      if (error instanceof StaleSendError) return false;
      throw error;
    }
  }

  async lastSent(
    unitId: string,
    kind: ReportKind,
  ): Promise<{ sendId: string; period: string; sentAt: string } | undefined> {
    const item = await this.table.get(k.last(unitId, kind), true);
    return item
      ? { sendId: String(item.sendId), period: String(item.period), sentAt: String(item.sentAt) }
      : undefined;
  }

  async messageOwner(
    messageId: string,
  ): Promise<{ unitId: string; sendId: string; kind: ReportKind } | undefined> {
    const item = await this.table.get(k.message(messageId));
    return item
      ? { unitId: String(item.unitId), sendId: String(item.sendId), kind: item.kind as ReportKind }
      : undefined;
  }

  // ── repeats ─────────────────────────────────────────────────────────────────

  /** The put of a repeat link, to join the item's saveChange transaction. */
  repeatLinkEntry(unitId: string, link: RepeatLink): TxEntry {
    return {
      write: this.table.put({ ...k.repeat(unitId, link.quarter, link.id), type: 'REPEAT_LINK', ...link }),
    };
  }

  async repeatLinks(unitId: string, quarter: string): Promise<RepeatLink[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': pk(unitId), ':p': `RPT#${quarter}#` },
    });
    return items.map(toRepeat);
  }

  async getRepeatLink(unitId: string, quarter: string, id: string): Promise<RepeatLink | undefined> {
    const item = await this.table.get(k.repeat(unitId, quarter, id));
    return item ? toRepeat(item) : undefined;
  }

  async dismissRepeat(
    unitId: string,
    rec: Recommendation,
    earlier: Recommendation,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    const entry = historyEntry(actor, now, 'repeat_dismissed', null, { repeatOf: earlier.ref });
    await this.table.transact([
      {
        write: this.table.put({
          ...k.dismissal(unitId, rec.dialogueId, rec.id, earlier.id),
          type: 'REPEAT_DISMISSED',
          id: rec.id,
          earlierId: earlier.id,
          at: now.toISOString(),
          by: actor.sub,
        }),
      },
      { write: this.table.put(historyItem(unitId, 'REC', rec.id, `D${now.getTime()}`, entry)) },
    ]);
  }

  /** Dismissed pairs of one dialogue's items, as `<id>#<earlierId>`. */
  async dismissedPairs(unitId: string, dialogueId: string): Promise<Set<string>> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': pk(unitId), ':p': `RPTX#${dialogueId}#` },
    });
    return new Set(items.map((i) => `${i.id}#${i.earlierId}`));
  }
}

class RecipientGoneError extends Error {}
class AlreadyClaimedError extends Error {}
class StaleSendError extends Error {}
