/**
 * The durable mail outbox (shared/services/mail-outbox): a mail queued in the caller's own transaction,
 * sent once under a lease, retried with backoff, visible when it fails, attachments by file key or inline.
 * SES is mocked at the SDK client boundary; DynamoDB is the real DynamoDB Local.
 */
import { MessageRejected, SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { MAIL_DUE_PARTITION, MailOutboxStore } from '../../shared/adapters/dynamodb/mail-outbox-store.js';
import { Table } from '../../shared/adapters/dynamodb/table.js';
import { buildMime } from '../../shared/adapters/mail/mime.js';
import { SesMailer } from '../../shared/adapters/mail/ses-mailer.js';
import type { FileReader } from '../../shared/domain/ports.js';
import {
  claimAndSend,
  MAIL_LEASE_MS,
  MAX_DELIVERY_ATTEMPTS,
  newLease,
  type OutboxDeps,
  requeueMail,
  retryDelayMs,
  sendHeldMail,
} from '../../shared/services/mail-outbox/deliver.js';
import {
  deliverUnitMails,
  dispatchDueMail,
  unitsWithDueMail,
} from '../../shared/services/mail-outbox/dispatch.js';
import {
  enqueueMail,
  INLINE_ATTACHMENTS_MAX_BYTES,
  MailAlreadyQueuedError,
  type MailToQueue,
  OutboxMailInvalidError,
} from '../../shared/services/mail-outbox/enqueue.js';
import { createTestTable } from '../support/table.js';

const ses = mockClient(SESClient);
const outage = () =>
  Object.assign(new Error('Service Unavailable'), {
    name: 'ServiceUnavailable',
    $metadata: { httpStatusCode: 503 },
  });
let sesSent = 0;
const sesUp = () => {
  ses.reset();
  ses.on(SendEmailCommand).callsFake(() => ({ MessageId: `ses-${++sesSent}` }));
  ses.on(SendRawEmailCommand).callsFake(() => ({ MessageId: `ses-${++sesSent}` }));
};
const sends = () => [...ses.commandCalls(SendEmailCommand), ...ses.commandCalls(SendRawEmailCommand)];

const T0 = new Date('2024-03-04T02:00:00Z');
let table: Table;
let clock: FixedClock;
let files: Map<string, Uint8Array>;
let deps: OutboxDeps;
let n = 0;

beforeAll(async () => {
  const { client, tableName } = await createTestTable();
  table = new Table(client, tableName);
});
beforeEach(() => {
  sesUp();
  clock = new FixedClock(T0);
  files = new Map();
  const reader: FileReader = {
    read: async (key) => {
      const bytes = files.get(key);
      if (!bytes) throw new Error(`no file ${key}`);
      return bytes;
    },
  };
  deps = {
    table,
    clock,
    mailer: new SesMailer(new SESClient({ region: 'ap-southeast-1' }), 'no-reply@demo.example', {
      rawMime: buildMime,
    }),
    files: reader,
  };
});
afterEach(() => {
  ses.reset();
  vi.restoreAllMocks();
});

/** A fresh unit per test, so that tests do not see each other's mail. */
const unit = () => `ou${++n}`;
const mail = (unitId: string, id: string, extra: Partial<MailToQueue> = {}): MailToQueue => ({
  unitId,
  id,
  kind: 'notification',
  about: { dialogueId: 'd1' },
  to: ['dc@demo.example'],
  cc: ['vanphong@demo.example'],
  subject: 'Kiến nghị mới được giao cho Địa chính - Xây dựng',
  html: '<p>3 kiến nghị mới</p>',
  text: '3 kiến nghị mới',
  ...extra,
});
const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
const store = () => new MailOutboxStore(table);
const queue = (m: MailToQueue) => table.transact([enqueueMail(table, m, clock.now())]);
const quiet = () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
};

describe('enqueueing', () => {
  it('commits with the change that causes it, or not at all', async () => {
    const u = unit();
    const change = { pk: `U#${u}`, sk: 'DLG#d1', type: 'DIALOGUE', status: 'concluded' };
    // The change's own condition fails: the mail is not queued either.
    await expect(
      table.transact([
        { write: table.put(change, { expression: 'attribute_exists(pk)' }) },
        enqueueMail(table, mail(u, 'notice#d1'), clock.now()),
      ]),
    ).rejects.toThrow();
    expect(await store().list(u)).toEqual([]);
    expect(await table.get({ pk: `U#${u}`, sk: 'DLG#d1' })).toBeUndefined();

    await table.transact([
      { write: table.put(change) },
      enqueueMail(table, mail(u, 'notice#d1'), clock.now()),
    ]);
    expect(await store().list(u)).toEqual([
      expect.objectContaining({
        id: 'notice#d1',
        kind: 'notification',
        about: { dialogueId: 'd1' },
        status: 'pending',
        attempts: 0,
        nextAttemptAt: T0.toISOString(),
        message: expect.objectContaining({
          to: ['dc@demo.example'],
          subject: expect.stringContaining('Kiến nghị'),
        }),
      }),
    ]);
  });

  it('refuses an id already queued or sent lately (the caller’s transaction fails), unless told to replace', async () => {
    const u = unit();
    await queue(mail(u, 'digest#2024-03-04'));
    await expect(queue(mail(u, 'digest#2024-03-04'))).rejects.toBeInstanceOf(MailAlreadyQueuedError);
    await deliverUnitMails(deps, u, { mode: 'due' });
    expect(sends()).toHaveLength(1);
    // Sent: the id stays taken, so a repeated change cannot send it twice.
    await expect(queue(mail(u, 'digest#2024-03-04'))).rejects.toBeInstanceOf(MailAlreadyQueuedError);
    await deliverUnitMails(deps, u, { mode: 'due' });
    expect(sends()).toHaveLength(1);
    // Replace: a new message under the same id (an escalation step of a new cycle).
    await table.transact([
      enqueueMail(table, mail(u, 'digest#2024-03-04', { subject: 'Lần 2' }), clock.now(), { replace: true }),
    ]);
    await deliverUnitMails(deps, u, { mode: 'due' });
    expect(sends()).toHaveLength(2);
  });

  it('refuses a mail built wrongly, before anything is written', async () => {
    const u = unit();
    const bad = (extra: Partial<MailToQueue>) => () => enqueueMail(table, mail(u, 'x', extra), clock.now());
    expect(bad({ id: 'has space' })).toThrow(OutboxMailInvalidError);
    expect(bad({ id: 'a'.repeat(201) })).toThrow(OutboxMailInvalidError);
    expect(bad({ kind: 'Notification' })).toThrow(OutboxMailInvalidError);
    expect(bad({ to: [] })).toThrow(OutboxMailInvalidError);
    expect(bad({ to: Array.from({ length: 51 }, (_, i) => `p${i}@demo.example`), cc: [] })).toThrow(
      /at most 50/,
    );
    const big = new Uint8Array(INLINE_ATTACHMENTS_MAX_BYTES + 1);
    expect(
      bad({ attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: big }] }),
    ).toThrow(/store them as files/);
    expect(bad({ html: 'x'.repeat(400_000) })).toThrow(/at most/);
    expect(await store().list(u)).toEqual([]);
  });
});

describe('delivery', () => {
  it('sends a due mail once, marks it sent (body dropped, kept with a TTL) and out of the due partition', async () => {
    const u = unit();
    await queue(mail(u, 'a', { subject: `Thông báo ${u}` }));
    expect(await unitsWithDueMail(deps)).toContain(u);
    // Other tests' units may have mail due too (one table per file): the run visits each, this one once.
    const runs: string[] = [];
    const out = await dispatchDueMail(deps, (unitId) => {
      runs.push(unitId);
      return deliverUnitMails(deps, unitId, { mode: 'due' });
    });
    expect(out.failed).toBe(0);
    expect(runs.filter((r) => r === u)).toHaveLength(1);
    const ours = ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Message?.Subject?.Data === `Thông báo ${u}`);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.args[0].input.Destination).toEqual({
      ToAddresses: ['dc@demo.example'],
      CcAddresses: ['vanphong@demo.example'],
    });
    expect(await store().list(u)).toEqual([]);
    const [sent] = await store().list(u, { statuses: ['sent'] });
    expect(sent).toMatchObject({
      status: 'sent',
      sentAt: T0.toISOString(),
      messageId: expect.stringMatching(/^ses-\d+$/),
    });
    expect(sent?.message.html).toBe('');
    const raw = await table.get({ pk: `U#${u}`, sk: 'MAILQ#a' }, true);
    expect(raw?.expiresAt).toBe(Math.floor(T0.getTime() / 1000) + 30 * 86_400);
    expect(raw?.opk).toBeUndefined();
    expect(await unitsWithDueMail(deps)).not.toContain(u);
    // Nothing twice.
    const before = sends().length;
    await deliverUnitMails(deps, u, { mode: 'due' });
    await deliverUnitMails(deps, u, { mode: 'sweep' });
    expect(sends()).toHaveLength(before);
  });

  it('five concurrent passes send each mail once', async () => {
    const u = unit();
    for (const id of ['m1', 'm2', 'm3']) await queue(mail(u, id));
    const results = await Promise.all(
      Array.from({ length: 5 }, () => deliverUnitMails(deps, u, { mode: 'due' })),
    );
    expect(results.reduce((s, r) => s + r.sent, 0)).toBe(3);
    expect(sends()).toHaveLength(3);
  });

  it('a failure is visible (attempts, lastError) and retried after a growing backoff', async () => {
    quiet();
    const u = unit();
    await queue(mail(u, 'f'));
    ses.reset();
    ses.on(SendEmailCommand).rejects(outage());
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 0, failed: 1 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3); // quick tries
    const [failed] = await store().list(u);
    expect(failed).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'ServiceUnavailable: Service Unavailable',
      lastAttemptAt: T0.toISOString(),
      leaseUntil: null,
      nextAttemptAt: new Date(T0.getTime() + 60_000).toISOString(),
    });
    // Not due before its next attempt: nothing tried.
    later(30_000);
    expect(await unitsWithDueMail(deps)).not.toContain(u);
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 0, failed: 0 });
    // Due after it; fails again: 4 minutes.
    later(30_000);
    expect(await unitsWithDueMail(deps)).toContain(u);
    await deliverUnitMails(deps, u, { mode: 'due' });
    expect((await store().list(u))[0]).toMatchObject({
      attempts: 2,
      nextAttemptAt: new Date(clock.now().getTime() + 4 * 60_000).toISOString(),
    });
    // SES back: sent once.
    sesUp();
    later(4 * 60_000);
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 1, failed: 0 });
    expect(sends()).toHaveLength(1);
    expect(await store().list(u)).toEqual([]);
  });

  it('gives up after MAX_DELIVERY_ATTEMPTS (failed, listed, not due); a person or the sweep tries again', async () => {
    quiet();
    const u = unit();
    await queue(mail(u, 'g'));
    ses.reset();
    ses.on(SendEmailCommand).rejects(outage());
    for (let i = 1; i <= MAX_DELIVERY_ATTEMPTS; i++) {
      await deliverUnitMails(deps, u, { mode: 'due' });
      later(retryDelayMs(i));
    }
    const [gaveUp] = await store().list(u);
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS, nextAttemptAt: null });
    expect(await store().list(u, { statuses: ['failed'] })).toHaveLength(1);
    expect(await unitsWithDueMail(deps)).not.toContain(u);
    const tried = ses.commandCalls(SendEmailCommand).length;
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 0, failed: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(tried);

    sesUp();
    expect(await requeueMail(deps, u, 'g')).toBe(true);
    expect(await requeueMail(deps, u, 'g')).toBe(false); // no longer failed
    expect(await unitsWithDueMail(deps)).toContain(u);
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 1, failed: 0 });

    // The daily sweep also takes failed mails (a few minutes old).
    await queue(mail(u, 'h'));
    ses.reset();
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    await deliverUnitMails(deps, u, { mode: 'due' });
    // A rejection another try cannot fix: failed at once, after one try.
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect((await store().list(u))[0]).toMatchObject({ id: 'h', status: 'failed', attempts: 1 });
    sesUp();
    expect(await deliverUnitMails(deps, u, { mode: 'sweep', minAgeMs: 5 * 60_000 })).toEqual({
      sent: 0,
      failed: 0,
    });
    later(5 * 60_000);
    expect(await deliverUnitMails(deps, u, { mode: 'sweep', minAgeMs: 5 * 60_000 })).toEqual({
      sent: 1,
      failed: 0,
    });
  });

  it('a mail queued with a lease is its holder’s to send: due for others only once the lease expires', async () => {
    quiet();
    const u = unit();
    const lease = newLease(clock.now());
    await table.transact([enqueueMail(table, mail(u, 'held'), clock.now(), { lease })]);
    expect(await unitsWithDueMail(deps)).not.toContain(u);
    expect(await claimAndSend(deps, u, 'held')).toEqual({ claimed: false });
    // The holder sends it.
    const held = await store().get(u, 'held');
    if (!held) throw new Error('not queued');
    expect(await sendHeldMail(deps, held, lease.id)).toMatchObject({ ok: true });
    expect(sends()).toHaveLength(1);

    // A holder that died: due for the dispatcher after the lease.
    const lost = newLease(clock.now());
    await table.transact([enqueueMail(table, mail(u, 'lost'), clock.now(), { lease: lost })]);
    later(MAIL_LEASE_MS / 2);
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 0, failed: 0 });
    later(MAIL_LEASE_MS);
    expect(await unitsWithDueMail(deps)).toContain(u);
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 1, failed: 0 });
    expect(sends()).toHaveLength(2);
  });
});

describe('attachments', () => {
  it('by file key (read when sent) and inline, as SendRawEmail with the files attached', async () => {
    const u = unit();
    const docx = new Uint8Array(600_000).map((_, i) => i % 251); // larger than a DynamoDB item
    files.set(`units/${u}/notices/tb-12.docx`, docx);
    const csv = new TextEncoder().encode('Mã;Nội dung\nKN-1;Sửa đường\n');
    await queue(
      mail(u, 'notice#12', {
        attachments: [
          {
            filename: 'thong-bao-ket-luan-12.docx',
            contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
            fileKey: `units/${u}/notices/tb-12.docx`,
          },
          { filename: 'danh-sach.csv', contentType: 'text/csv', content: csv },
        ],
      }),
    );
    const stored = await table.get({ pk: `U#${u}`, sk: 'MAILQ#notice#12' }, true);
    expect(JSON.stringify(stored).length).toBeLessThan(10_000); // the DOCX is not in the item
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 1, failed: 0 });
    const raw = ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.RawMessage?.Data as Uint8Array;
    const parsed = await simpleParser(Buffer.from(raw));
    expect(parsed.attachments.map((a) => [a.filename, a.content.length])).toEqual([
      ['thong-bao-ket-luan-12.docx', docx.length],
      ['danh-sach.csv', csv.length],
    ]);
    expect(parsed.attachments[0]?.content.equals(Buffer.from(docx))).toBe(true);
  });

  it('a file that cannot be read fails the mail at once, with the reason', async () => {
    quiet();
    const u = unit();
    await queue(
      mail(u, 'nofile', {
        attachments: [{ filename: 'x.docx', contentType: 'application/octet-stream', fileKey: 'gone' }],
      }),
    );
    expect(await deliverUnitMails(deps, u, { mode: 'due' })).toEqual({ sent: 0, failed: 1 });
    expect(sends()).toHaveLength(0);
    expect((await store().list(u))[0]).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('AttachmentMissingError: cannot read gone'),
    });
  });
});

describe('the due partition', () => {
  it('lists the units with mail due, the longest waiting first, across units', async () => {
    const [a, b] = [unit(), unit()];
    await queue(mail(b, 'x'));
    later(1000);
    await queue(mail(a, 'y'));
    const due = await new MailOutboxStore(table).due(clock.now().toISOString(), 100);
    const ours = due.filter((m) => m.unitId === a || m.unitId === b).map((m) => m.unitId);
    expect(ours).toEqual([b, a]);
    expect(MAIL_DUE_PARTITION).toBe('MAILQ#DUE');
  });
});
