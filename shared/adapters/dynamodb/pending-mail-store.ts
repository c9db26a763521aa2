/**
 * The outbox of escalation and reminder e-mails: `U#<unit>` / `MAILQ#<recommendationId>#<dueDate>#L<level>`.
 *
 * The rendered message of a step is written in the same transaction as the step itself, so a committed
 * step always has its e-mail stored; the item is deleted once the e-mail is sent. Whoever sends holds a
 * lease on it (`leaseId`, `leaseUntil`): the escalation that writes it takes the lease in that same
 * transaction, and anyone else (a repeated delivery of the event, the daily sweep) must first claim it
 * with a conditional update, which succeeds only if no unexpired lease is held. Only the holder sends,
 * and only the holder deletes it or records a failed delivery (which gives the lease back). So two
 * deliveries never both send it; a process that dies while holding the lease leaves it to whoever comes
 * after the lease has expired.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { type Key, keys, PREFIX } from './keys.js';
import { fromAttributes, type Item, type Table, type TxEntry, toAttributes } from './table.js';

/** Which step an e-mail belongs to (the same fields as the step's EscalationEvent). */
export interface PendingMailKey {
  unitId: string;
  recommendationId: string;
  dueDate: string;
  /** 0 = reminder, 1.. = escalation levels. */
  level: number;
}

/** The rendered message, as the Mailer port takes it (escalation e-mails have no attachments). */
export interface StoredMessage {
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
}

export interface PendingMail extends PendingMailKey {
  message: StoredMessage;
  /** When the step was recorded (ISO). */
  createdAt: string;
  /** Failed deliveries so far (each one made up to 3 quick tries). */
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** Until when (ISO) the current sender holds it; null when nobody does. */
  leaseUntil: string | null;
}

/** Who may send a pending e-mail, until when (ISO). */
export interface MailLease {
  id: string;
  until: string;
}

/** Longest error text kept on the item. */
const MAX_ERROR_LENGTH = 1000;

const keyOf = (k: PendingMailKey): Key => keys.pendingMail(k.unitId, k.recommendationId, k.dueDate, k.level);

function toPendingMail(item: Item): PendingMail {
  return {
    unitId: String(item.unitId),
    recommendationId: String(item.recommendationId),
    dueDate: String(item.dueDate),
    level: Number(item.level),
    message: {
      to: (item.to as string[]) ?? [],
      cc: (item.cc as string[]) ?? [],
      subject: String(item.subject),
      html: String(item.html),
      text: String(item.text),
    },
    createdAt: String(item.createdAt),
    attempts: Number(item.attempts ?? 0),
    lastError: (item.lastError as string | null | undefined) ?? null,
    lastAttemptAt: (item.lastAttemptAt as string | null | undefined) ?? null,
    leaseUntil: (item.leaseUntil as string | null | undefined) ?? null,
  };
}

export class PendingMailStore {
  constructor(private readonly table: Table) {}

  /**
   * The put of a step's e-mail, to join the step's own transaction, held by `lease` (the escalation that
   * commits the step sends it next). Unconditional: the same step of a later cycle with the same due
   * date replaces an e-mail of the former cycle still pending.
   */
  entry(mail: Omit<PendingMail, 'leaseUntil'>, lease: MailLease): TxEntry {
    const { message, ...rest } = mail;
    return {
      write: this.table.put({
        ...keyOf(mail),
        type: 'PENDING_MAIL',
        ...rest,
        ...message,
        leaseId: lease.id,
        leaseUntil: lease.until,
      }),
    };
  }

  /** The unit's pending e-mails: one query of its `MAILQ#` items (consistent). */
  async list(unitId: string): Promise<PendingMail[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.pendingMail },
      ConsistentRead: true,
    });
    return items.map(toPendingMail);
  }

  /**
   * Takes the lease on a step's pending e-mail if it exists and nobody holds an unexpired lease
   * (`now`, ISO): returns the e-mail to send, or undefined (none pending, or someone else is sending it).
   */
  async claim(key: PendingMailKey, lease: MailLease, now: string): Promise<PendingMail | undefined> {
    try {
      const out = await this.update({
        Key: toAttributes({ ...keyOf(key) }),
        UpdateExpression: 'SET leaseId = :id, leaseUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeValues: toAttributes({ ':id': lease.id, ':until': lease.until, ':now': now }),
        ReturnValues: 'ALL_NEW',
      });
      return out.Attributes ? toPendingMail(fromAttributes(out.Attributes)) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /** Deletes a sent e-mail if `leaseId` still holds it; false if it was gone or someone else's. */
  async delete(key: PendingMailKey, leaseId: string): Promise<boolean> {
    try {
      await this.deleteItem({
        Key: toAttributes({ ...keyOf(key) }),
        ConditionExpression: 'leaseId = :id',
        ExpressionAttributeValues: toAttributes({ ':id': leaseId }),
      });
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /**
   * Records a failed delivery (attempts + 1, the error, its time) and gives the lease back, so the next
   * delivery of the event or the sweep may send it. Returns the e-mail as now stored, or undefined if
   * `leaseId` no longer holds it.
   */
  async recordFailure(
    key: PendingMailKey,
    leaseId: string,
    error: string,
    at: string,
  ): Promise<PendingMail | undefined> {
    try {
      const out = await this.update({
        Key: toAttributes({ ...keyOf(key) }),
        UpdateExpression:
          'SET lastError = :e, lastAttemptAt = :at ADD attempts :one REMOVE leaseId, leaseUntil',
        ConditionExpression: 'leaseId = :id',
        ExpressionAttributeValues: toAttributes({
          ':e': error.slice(0, MAX_ERROR_LENGTH),
          ':at': at,
          ':one': 1,
          ':id': leaseId,
        }),
        ReturnValues: 'ALL_NEW',
      });
      return out.Attributes ? toPendingMail(fromAttributes(out.Attributes)) : undefined;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException) return undefined;
      throw e;
    }
  }

  /**
   * Single-item writes, counted by the table's meter like the Table's own calls (a write refused by its
   * condition is counted too: DynamoDB charges it).
   */
  private async update(input: Omit<UpdateItemCommandInput, 'TableName'>): Promise<UpdateItemCommandOutput> {
    this.table.meter.calls++;
    const out = await this.table.client.send(
      new UpdateItemCommand({ ...input, TableName: this.table.name, ReturnConsumedCapacity: 'TOTAL' }),
    );
    this.table.meter.add(out.ConsumedCapacity, 'write');
    return out;
  }

  private async deleteItem(input: Omit<DeleteItemCommandInput, 'TableName'>): Promise<void> {
    this.table.meter.calls++;
    const out = await this.table.client.send(
      new DeleteItemCommand({ ...input, TableName: this.table.name, ReturnConsumedCapacity: 'TOTAL' }),
    );
    this.table.meter.add(out.ConsumedCapacity, 'write');
  }
}
