/**
 * Storage of the durable mail outbox (contract: shared/services/mail-outbox/enqueue.ts):
 * `U#<unit>` / `MAILQ#<id>`, one item per message.
 *
 * - pending: the rendered message (+ attachments: a file-store key, or small bytes inline), `attempts`,
 *   `lastError`, `nextAttemptAt`; indexed in the sparse `openByDueDate` index under `opk = MAILQ#DUE`,
 *   `osk = <nextAttemptAt>#<unit>#<id>`, so one query finds every mail due anywhere (the dispatcher);
 * - failed: given up after MAX_DELIVERY_ATTEMPTS, out of that index; listed for its unit, retried by the
 *   unit's daily sweep or by hand;
 * - sent: body and attachments removed, `sentAt`, `messageId`; kept until `expiresAt` (DynamoDB TTL) so
 *   the id stays taken — enqueueing it again within that time sends nothing twice.
 *
 * Whoever sends must hold the lease (`leaseId`, `leaseUntil`): a creator that sends at once takes it in
 * its own transaction; anyone else claims it by a conditional update that only succeeds when no unexpired
 * lease is held and the mail is not sent. Only the holder marks it sent or records a failure (which gives
 * the lease back), so two senders never both send it.
 */
import {
  ConditionalCheckFailedException,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  type UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { type Key, keys, PREFIX } from './keys.js';
import { fromAttributes, type Item, type Table, type TxEntry, toAttributes } from './table.js';
import { INDEXES } from './table-definition.js';

export type OutboxStatus = 'pending' | 'failed' | 'sent';

/** A file attached by reference: the key of a stored file (S3 in AWS), read when the mail is sent. */
export interface FileAttachment {
  filename: string;
  contentType: string;
  fileKey: string;
}

/** A small file stored with the mail itself. */
export interface InlineAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export type OutboxAttachment = FileAttachment | InlineAttachment;

/** The rendered message as stored. */
export interface OutboxMessage {
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  attachments: OutboxAttachment[];
}

/** Caller-defined facts about a mail (which item, step, dialogue…), for listing and logs. */
export type OutboxAbout = Record<string, string | number | boolean | null>;

export interface OutboxMail {
  unitId: string;
  id: string;
  kind: string;
  about: OutboxAbout;
  /** Body and attachments are gone once sent (subject and recipients stay). */
  message: OutboxMessage;
  status: OutboxStatus;
  createdAt: string;
  /** Failed deliveries so far. */
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** When a dispatcher may send it (pending only). */
  nextAttemptAt: string | null;
  /** Until when (ISO) the current sender holds it; null when nobody does. */
  leaseUntil: string | null;
  sentAt: string | null;
  messageId: string | null;
}

/** Who may send a mail, until when (ISO). */
export interface MailLease {
  id: string;
  until: string;
}

/** Partition of the `openByDueDate` index that holds every pending mail, by the time it is due. */
export const MAIL_DUE_PARTITION = 'MAILQ#DUE';

/** Longest error text kept on the item. */
const MAX_ERROR_LENGTH = 1000;

const keyOf = (unitId: string, id: string): Key => keys.outboxMail(unitId, id);
const dueSortKey = (at: string, unitId: string, id: string) => `${at}#${unitId}#${id}`;

function toAttachment(raw: Item): OutboxAttachment {
  const base = { filename: String(raw.filename), contentType: String(raw.contentType) };
  return typeof raw.fileKey === 'string'
    ? { ...base, fileKey: raw.fileKey }
    : { ...base, content: raw.content as Uint8Array };
}

function toMail(item: Item): OutboxMail {
  const text = (name: string) => (item[name] as string | null | undefined) ?? null;
  return {
    unitId: String(item.unitId),
    id: String(item.id),
    kind: String(item.kind),
    about: (item.about as OutboxAbout | undefined) ?? {},
    message: {
      to: (item.to as string[]) ?? [],
      cc: (item.cc as string[]) ?? [],
      subject: String(item.subject ?? ''),
      html: String(item.html ?? ''),
      text: String(item.text ?? ''),
      attachments: ((item.attachments as Item[] | undefined) ?? []).map(toAttachment),
    },
    status: (item.status as OutboxStatus | undefined) ?? 'pending',
    createdAt: String(item.createdAt),
    attempts: Number(item.attempts ?? 0),
    lastError: text('lastError'),
    lastAttemptAt: text('lastAttemptAt'),
    nextAttemptAt: text('nextAttemptAt'),
    leaseUntil: text('leaseUntil'),
    sentAt: text('sentAt'),
    messageId: text('messageId'),
  };
}

export interface NewOutboxMail {
  unitId: string;
  id: string;
  kind: string;
  about: OutboxAbout;
  message: OutboxMessage;
  createdAt: string;
}

/** Raised by a transaction whose `ifAbsent` mail id is already taken (pending, failed, or sent lately). */
export class MailAlreadyQueuedError extends Error {
  constructor(
    readonly unitId: string,
    readonly id: string,
  ) {
    super(`mail ${id} of unit ${unitId} is already in the outbox`);
    this.name = 'MailAlreadyQueuedError';
  }
}

export class MailOutboxStore {
  constructor(private readonly table: Table) {}

  /**
   * The put of a new mail, to join the caller's own transaction. `ifAbsent`: the transaction fails with
   * MailAlreadyQueuedError if the id is taken; otherwise it replaces whatever has that id. With `lease`,
   * the caller holds it (it sends at once); without, it is due now for the dispatcher.
   */
  entry(mail: NewOutboxMail, options: { lease?: MailLease; ifAbsent: boolean }): TxEntry {
    const { message, ...rest } = mail;
    const dueAt = options.lease?.until ?? mail.createdAt;
    return {
      write: this.table.put(
        {
          ...keyOf(mail.unitId, mail.id),
          type: 'OUTBOX_MAIL',
          ...rest,
          ...message,
          status: 'pending',
          attempts: 0,
          lastError: null,
          lastAttemptAt: null,
          nextAttemptAt: dueAt,
          opk: MAIL_DUE_PARTITION,
          osk: dueSortKey(dueAt, mail.unitId, mail.id),
          ...(options.lease ? { leaseId: options.lease.id, leaseUntil: options.lease.until } : {}),
        },
        options.ifAbsent ? { expression: 'attribute_not_exists(pk)' } : undefined,
      ),
      ...(options.ifAbsent
        ? { onConditionFailed: () => new MailAlreadyQueuedError(mail.unitId, mail.id) }
        : {}),
    };
  }

  async get(unitId: string, id: string): Promise<OutboxMail | undefined> {
    const item = await this.table.get(keyOf(unitId, id), true);
    return item ? toMail(item) : undefined;
  }

  /**
   * The unit's mails (one consistent query of its `MAILQ#` items), oldest id first; by default those not
   * sent (pending and failed). Sent ones remain until their TTL.
   */
  async list(
    unitId: string,
    options: { statuses?: OutboxStatus[]; kind?: string } = {},
  ): Promise<OutboxMail[]> {
    const statuses = options.statuses ?? ['pending', 'failed'];
    const names: Record<string, string> = { '#status': 'status' };
    const values: Item = { ':pk': keys.unitPk(unitId), ':p': PREFIX.outboxMail };
    statuses.forEach((s, i) => {
      values[`:s${i}`] = s;
    });
    const filters = [`#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`];
    if (options.kind) {
      names['#kind'] = 'kind';
      values[':kind'] = options.kind;
      filters.push('#kind = :kind');
    }
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      FilterExpression: filters.join(' AND '),
      ExpressionAttributeNames: names,
      values,
      ConsistentRead: true,
    });
    return items.map(toMail);
  }

  /** Pending mails due by `now` (ISO) in every unit, soonest first: one query of the index partition. */
  async due(now: string, limit: number): Promise<OutboxMail[]> {
    const page = await this.table.queryPage({
      IndexName: INDEXES.openByDueDate.indexName,
      KeyConditionExpression: 'opk = :pk AND osk <= :now',
      values: { ':pk': MAIL_DUE_PARTITION, ':now': `${now}#\uffff` },
      Limit: limit,
    });
    return page.items.map(toMail);
  }

  /**
   * Takes the lease on a mail that is not sent and that nobody holds (`now`, ISO): returns the mail to
   * send, or undefined (gone, sent, or someone else is sending it). While held it is not due in the index.
   */
  async claim(unitId: string, id: string, lease: MailLease, now: string): Promise<OutboxMail | undefined> {
    try {
      const out = await this.update({
        Key: toAttributes({ ...keyOf(unitId, id) }),
        UpdateExpression: 'SET leaseId = :id, leaseUntil = :until, nextAttemptAt = :until, osk = :osk',
        ConditionExpression:
          'attribute_exists(pk) AND #status <> :sent AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toAttributes({
          ':id': lease.id,
          ':until': lease.until,
          ':osk': dueSortKey(lease.until, unitId, id),
          ':now': now,
          ':sent': 'sent',
        }),
        ReturnValues: 'ALL_NEW',
      });
      return out.Attributes ? toMail(fromAttributes(out.Attributes)) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  /**
   * Marks a mail sent if `leaseId` still holds it: body and attachments dropped, out of the index, kept
   * until `expiresAt` (epoch seconds, TTL). False if it was gone or someone else's.
   */
  async markSent(
    unitId: string,
    id: string,
    leaseId: string,
    sent: { at: string; messageId: string; expiresAt: number },
  ): Promise<boolean> {
    return this.ifHeld({
      Key: toAttributes({ ...keyOf(unitId, id) }),
      UpdateExpression:
        'SET #status = :sent, sentAt = :at, messageId = :mid, expiresAt = :exp ' +
        'REMOVE html, #text, attachments, leaseId, leaseUntil, nextAttemptAt, opk, osk',
      ConditionExpression: 'leaseId = :lease',
      ExpressionAttributeNames: { '#status': 'status', '#text': 'text' },
      ExpressionAttributeValues: toAttributes({
        ':sent': 'sent',
        ':at': sent.at,
        ':mid': sent.messageId,
        ':exp': sent.expiresAt,
        ':lease': leaseId,
      }),
    });
  }

  /**
   * Records a failed delivery (attempts + 1, the error, its time) and gives the lease back: due again at
   * `retryAt`, or, with `retryAt` null, given up (status failed, out of the index). False if `leaseId` no
   * longer holds it.
   */
  async recordFailure(
    unitId: string,
    id: string,
    leaseId: string,
    failure: { error: string; at: string; retryAt: string | null },
  ): Promise<boolean> {
    const values: Item = {
      ':e': failure.error.slice(0, MAX_ERROR_LENGTH),
      ':at': failure.at,
      ':one': 1,
      ':lease': leaseId,
    };
    let set = 'SET lastError = :e, lastAttemptAt = :at, #status = :status';
    let remove = 'REMOVE leaseId, leaseUntil';
    if (failure.retryAt) {
      set += ', nextAttemptAt = :next, opk = :opk, osk = :osk';
      Object.assign(values, {
        ':status': 'pending',
        ':next': failure.retryAt,
        ':opk': MAIL_DUE_PARTITION,
        ':osk': dueSortKey(failure.retryAt, unitId, id),
      });
    } else {
      values[':status'] = 'failed';
      remove += ', nextAttemptAt, opk, osk';
    }
    return this.ifHeld({
      Key: toAttributes({ ...keyOf(unitId, id) }),
      UpdateExpression: `${set} ${remove} ADD attempts :one`,
      ConditionExpression: 'leaseId = :lease',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: toAttributes(values),
    });
  }

  /** Makes a failed mail pending and due at `at` again (a person asked for another try). */
  async requeue(unitId: string, id: string, at: string): Promise<boolean> {
    try {
      await this.update({
        Key: toAttributes({ ...keyOf(unitId, id) }),
        UpdateExpression: 'SET #status = :pending, nextAttemptAt = :at, opk = :opk, osk = :osk',
        ConditionExpression: '#status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: toAttributes({
          ':pending': 'pending',
          ':failed': 'failed',
          ':at': at,
          ':opk': MAIL_DUE_PARTITION,
          ':osk': dueSortKey(at, unitId, id),
        }),
      });
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async ifHeld(input: Omit<UpdateItemCommandInput, 'TableName'>): Promise<boolean> {
    try {
      await this.update(input);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
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
}
