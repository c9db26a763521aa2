/**
 * Faults injected at the adapter boundary (the DynamoDB client's send path, the Mailer port): throttling
 * is retried by the SDK and the request succeeds; a crash in the middle of an import leaves a state that a
 * retry with the same key completes without duplicates; failed e-mail is retried, not lost.
 */
import {
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PendingMailStore } from '../../shared/adapters/dynamodb/pending-mail-store.js';
import { buildMime } from '../../shared/adapters/mail/mime.js';
import { SesMailer } from '../../shared/adapters/mail/ses-mailer.js';
import type { Mailer, MailMessage } from '../../shared/domain/ports.js';
import { createApp } from '../../shared/http/app.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';
import { retryPendingSends } from '../../shared/services/report-service.js';
import { createTestApp, seedUnit, tokenFor } from '../support/app.js';
import { numberedImportCsv } from '../support/import-csv.js';
import { ClientProbe } from './support.js';

/** SES at the SDK client boundary (SesMailer's client). */
const ses = mockClient(SESClient);
let t: Awaited<ReturnType<typeof createTestApp>>;
let probe: ClientProbe;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp();
  probe = new ClientProbe(t.client);
  ({ dialogueId } = await seedUnit(t));
});
beforeEach(() => probe.clearFaults());

const meta = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
const throttled = (kind: 'provisioned' | 'throttling') =>
  kind === 'provisioned'
    ? new ProvisionedThroughputExceededException({
        message: 'The level of configured provisioned throughput for the table was exceeded',
        $metadata: meta,
      })
    : new ThrottlingException({
        message: 'Rate of requests exceeds the allowed throughput',
        $metadata: meta,
      });

async function createAssigned(content: string) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: { content, source: 'at_dialogue', disposition: 'assigned', departmentId: 'dc' },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

describe('DynamoDB throttling', () => {
  it('a read throttled twice (ProvisionedThroughputExceeded) is retried by the SDK and the request succeeds', async () => {
    const item = await createAssigned('Đề nghị sửa đường hẻm 27');
    const rule = probe.addFault({
      command: 'GetItemCommand',
      fault: (n) => (n <= 2 ? throttled('provisioned') : undefined),
    });
    const mark = probe.log.length;
    const res = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'office' });
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(item.id);
    const gets = probe.since(mark).filter((r) => r.command === 'GetItemCommand');
    expect(gets.slice(0, 3)).toEqual([
      { command: 'GetItemCommand', ok: false, error: 'ProvisionedThroughputExceededException' },
      { command: 'GetItemCommand', ok: false, error: 'ProvisionedThroughputExceededException' },
      { command: 'GetItemCommand', ok: true },
    ]);
    expect(rule.seen).toBeGreaterThanOrEqual(3);
  });

  it('a resolve whose transaction is throttled twice (ThrottlingException) succeeds once, with one history entry', async () => {
    const item = await createAssigned('Đề nghị lắp đèn hẻm 12');
    probe.addFault({
      command: 'TransactWriteItemsCommand',
      fault: (n) => (n <= 2 ? throttled('throttling') : undefined),
    });
    const mark = probe.log.length;
    const res = await t.call('POST', `/api/recommendations/${item.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã lắp đèn' },
    });
    expect(res.status).toBe(200);
    const writes = probe.since(mark).filter((r) => r.command === 'TransactWriteItemsCommand');
    expect(writes.map((w) => w.ok)).toEqual([false, false, true]);
    const history = await t.call('GET', `/api/recommendations/${item.id}/history`, { as: 'office' });
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(['created', 'resolved']);
  });

  it('a transaction cancelled for ThrottlingError is retried by the table adapter and succeeds', async () => {
    const item = await createAssigned('Đề nghị nạo vét cống');
    probe.addFault({
      command: 'TransactWriteItemsCommand',
      fault: (n) =>
        n === 1
          ? new TransactionCanceledException({
              message:
                'Transaction cancelled, please refer cancellation reasons for specific reasons [ThrottlingError, None]',
              $metadata: meta,
              CancellationReasons: [
                { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity' },
                { Code: 'None' },
              ],
            })
          : undefined,
    });
    const mark = probe.log.length;
    const res = await t.call('PATCH', `/api/recommendations/${item.id}`, {
      as: 'office',
      body: { version: item.version, departmentId: 'vhxh' },
    });
    expect(res.status).toBe(200);
    expect(
      probe
        .since(mark)
        .filter((r) => r.command === 'TransactWriteItemsCommand')
        .map((w) => w.ok),
    ).toEqual([false, true]);
    expect(res.body).toMatchObject({ departmentId: 'vhxh', version: item.version + 1 });
  });
});

describe('a crash in the middle of an import', () => {
  const ROWS = 100; // 4 transactions of ≤ 30 rows
  const csv = (tag: string) => numberedImportCsv(tag, ROWS);

  async function itemsOf(dialogue: string) {
    return (await t.deps.recommendations.all('u1')).filter((r) => r.dialogueId === dialogue);
  }

  async function newDialogue(title: string) {
    const res = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title, heldOn: '2023-10-12', location: 'Hội trường UBND' },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  for (const when of ['before', 'after'] as const) {
    it(`crash ${when === 'before' ? 'before' : 'right after (response lost)'} the 3rd transaction: the retry with the same Idempotency-Key completes without duplicates`, async () => {
      const dialogue = await newDialogue(`Hội nghị thử lỗi nhập (${when})`);
      const file = csv(when);
      const headers = { 'content-type': 'text/csv', 'idempotency-key': `import-crash-${when}-0001` };
      probe.addFault({
        command: 'TransactWriteItemsCommand',
        when,
        fault: (n) => (n === 3 ? new Error('simulated crash of the function') : undefined),
      });
      const mark = probe.log.length;
      const failed = await t.call('POST', `/api/dialogues/${dialogue}/recommendations/import`, {
        as: 'office',
        raw: file,
        headers,
      });
      expect(failed.status).toBe(500);
      // An unexpected error: a problem without internals (no field to name).
      expect(failed.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(failed.body).toMatchObject({ status: 500, errors: [] });
      expect(JSON.stringify(failed.body)).not.toContain('simulated');
      // Not retried by the SDK: a crash is not a transient error.
      const tx = probe.since(mark).filter((r) => r.command === 'TransactWriteItemsCommand');
      expect(tx).toHaveLength(3);
      const partial = await itemsOf(dialogue);
      expect(partial).toHaveLength(when === 'before' ? 60 : 90);
      probe.clearFaults();

      const retried = await t.call('POST', `/api/dialogues/${dialogue}/recommendations/import`, {
        as: 'office',
        raw: file,
        headers,
      });
      expect(retried.status, JSON.stringify(retried.body).slice(0, 300)).toBe(201);
      expect(retried.body.imported + retried.body.alreadyImported).toBe(ROWS);
      expect(retried.body.alreadyImported).toBe(partial.length);
      const items = await itemsOf(dialogue);
      expect(items).toHaveLength(ROWS);
      expect(new Set(items.map((i) => i.ref)).size).toBe(ROWS);
      expect(new Set(items.map((i) => i.content)).size).toBe(ROWS);
      expect(retried.body.items.map((i: { row: number }) => i.row)).toEqual(
        Array.from({ length: ROWS }, (_, i) => i + 2),
      );
      expect(new Set(retried.body.items.map((i: { id: string }) => i.id))).toEqual(
        new Set(items.map((i) => i.id)),
      );

      // And a third delivery of the same request creates nothing.
      const again = await t.call('POST', `/api/dialogues/${dialogue}/recommendations/import`, {
        as: 'office',
        raw: file,
        headers,
      });
      expect(again.body).toMatchObject({ imported: 0, alreadyImported: ROWS });
      expect(await itemsOf(dialogue)).toHaveLength(ROWS);
    });
  }

  it('without a key, re-sending the same file resumes too (the file hash is the key)', async () => {
    const dialogue = await newDialogue('Hội nghị thử lỗi nhập (không khóa)');
    const file = csv('nokey');
    probe.addFault({
      command: 'TransactWriteItemsCommand',
      fault: (n) => (n === 2 ? new Error('simulated crash of the function') : undefined),
    });
    const failed = await t.call('POST', `/api/dialogues/${dialogue}/recommendations/import`, {
      as: 'office',
      raw: file,
      headers: { 'content-type': 'text/csv' },
    });
    expect(failed.status).toBe(500);
    probe.clearFaults();
    const retried = await t.call('POST', `/api/dialogues/${dialogue}/recommendations/import`, {
      as: 'office',
      raw: file,
      headers: { 'content-type': 'text/csv' },
    });
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ imported: 70, alreadyImported: 30 });
    const items = await itemsOf(dialogue);
    expect(items).toHaveLength(ROWS);
    expect(new Set(items.map((i) => i.ref)).size).toBe(ROWS);
  });
});

describe('mail failures', () => {
  /** Fails the first `failures` sends, then delivers (records what it delivered). */
  class FlakyMailer implements Mailer {
    sent: MailMessage[] = [];
    attempts = 0;
    constructor(private failures: number) {}
    async send(message: MailMessage) {
      this.attempts++;
      if (this.attempts <= this.failures)
        throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
      this.sent.push(message);
      return { messageId: `m-${this.attempts}` };
    }
  }

  it('an escalation e-mail that fails twice is retried and sent once', async () => {
    const e = await createTestApp({ now: '2023-10-20T02:00:00Z' });
    attachEscalation(e.deps);
    const { dialogueId: d } = await seedUnit(e);
    const created = await e.call('POST', `/api/dialogues/${d}/recommendations`, {
      as: 'office',
      body: {
        content: 'Đề nghị sửa đường',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-25',
      },
    });
    expect(created.status).toBe(201);
    const mailer = new FlakyMailer(2);
    e.clock.set(new Date('2023-10-27T02:00:00Z'));
    const outcome = await handleEscalationEvent(
      { ...e.deps, mailer },
      { unitId: 'u1', recommendationId: created.body.id, level: 1, dueDate: '2023-10-25' },
    );
    expect(outcome.outcome).toBe('escalated');
    expect(mailer.attempts).toBe(3);
    expect(mailer.sent).toHaveLength(1);
  });

  it('an escalation e-mail that SES refuses 3 times stays pending; the next delivery sends it once, a third sends nothing', async () => {
    const e = await createTestApp({ now: '2023-10-20T02:00:00Z' });
    attachEscalation(e.deps);
    const { dialogueId: d } = await seedUnit(e);
    const created = await e.call('POST', `/api/dialogues/${d}/recommendations`, {
      as: 'office',
      body: {
        content: 'Đề nghị lắp biển báo giao thông',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-25',
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const deps = {
      ...e.deps,
      mailer: new SesMailer(new SESClient({ region: 'ap-southeast-1' }), 'no-reply@demo.example'),
    };
    const event = { unitId: 'u1', recommendationId: id, level: 1, dueDate: '2023-10-25' };
    const outbox = new PendingMailStore(e.deps.table);
    const history = async () =>
      (await e.call('GET', `/api/recommendations/${id}/history`, { as: 'office' })).body.items.map(
        (h: { action: string }) => h.action,
      );
    e.clock.set(new Date('2023-10-27T02:00:00Z'));

    // First delivery: SES fails 3 times; the step is recorded, its e-mail kept, the invocation fails.
    ses.reset();
    ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    await expect(handleEscalationEvent(deps, event)).rejects.toThrow('Service Unavailable');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(await history()).toEqual(['created', 'escalated']);
    expect((await e.deps.recommendations.get('u1', id, true))?.escalationLevel).toBe(1);
    expect(await outbox.list('u1')).toEqual([
      expect.objectContaining({
        recommendationId: id,
        dueDate: '2023-10-25',
        level: 1,
        attempts: 1,
        lastError: 'ServiceUnavailable: Service Unavailable',
        lastAttemptAt: '2023-10-27T02:00:00.000Z',
        leaseUntil: null,
        message: expect.objectContaining({
          to: ['dc@demo.example'],
          subject: expect.stringContaining('[Quá hạn - cấp 1]'),
        }),
      }),
    ]);

    // SES is back. The next delivery of the same event (Scheduler's retry) sends it once and deletes it.
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
    expect(await handleEscalationEvent(deps, event)).toEqual({
      outcome: 'mailed',
      level: 1,
      notified: ['dc@demo.example'],
    });
    const sent = ses.commandCalls(SendEmailCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.args[0].input.Destination?.ToAddresses).toEqual(['dc@demo.example']);
    expect(await outbox.list('u1')).toEqual([]);

    // A third delivery: nothing pending, nothing sent, still one escalation.
    expect(await handleEscalationEvent(deps, event)).toEqual({ outcome: 'noop' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await history()).toEqual(['created', 'escalated']);
  });
});

describe('SES failure while sending a report', () => {
  afterEach(() => ses.reset());

  it('the send is recorded as failed, visible in the list of sends, and a later run delivers it once', async () => {
    const mailer = new SesMailer(
      new SESClient({ region: 'ap-southeast-1' }),
      'Theo dõi kiến nghị <no-reply@demo.example>',
      { rawMime: buildMime },
    );
    const app = createApp({ ...t.deps, mailer });
    const call = async (method: string, path: string, as: 'admin' | 'office', body?: unknown) => {
      const res = await app.request(path, {
        method,
        headers: {
          authorization: `Bearer ${await tokenFor(as)}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      // biome-ignore lint/suspicious/noExplicitAny: parsed JSON of any shape
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    expect(
      (await call('PUT', '/api/recipients/quarterly/btv@demo.example', 'admin', { name: 'Ban Thường vụ' }))
        .status,
    ).toBe(201);

    const outage = Object.assign(new Error('Service Unavailable'), {
      name: 'ServiceUnavailable',
      $metadata: { httpStatusCode: 503 },
    });
    ses.on(SendRawEmailCommand).rejects(outage);
    const sent = await call('POST', '/api/reports/quarterly/send', 'office', { year: 2023, quarter: 4 });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      kind: 'quarterly',
      period: '2023-Q4',
      outcome: 'failed',
      attempts: 3,
      messageId: null,
    });
    expect(sent.body.lastError).toContain('Service Unavailable');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(3);

    const listed = await call('GET', '/api/reports/sends', 'office');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ id: sent.body.id, outcome: 'failed' }),
    );

    // SES is back: the next scheduled run retries what is pending.
    ses.reset();
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'ses-message-0001' });
    const retried = await retryPendingSends({ ...t.deps, mailer }, 'u1', { sleep: async () => {} });
    expect(retried).toEqual([
      expect.objectContaining({
        id: sent.body.id,
        outcome: 'sent',
        messageId: 'ses-message-0001',
        attempts: 4,
      }),
    ]);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
    const after = await call('GET', '/api/reports/sends', 'office');
    expect(after.body.items.filter((r: { id: string }) => r.id === sent.body.id)).toEqual([
      expect.objectContaining({ outcome: 'sent' }),
    ]);
    // Nothing left to retry: a further run sends nothing twice.
    expect(await retryPendingSends({ ...t.deps, mailer }, 'u1', { sleep: async () => {} })).toEqual([]);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
  });
});
