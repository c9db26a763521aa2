/**
 * The outbox of escalation e-mails (PendingMailStore): the e-mail of a step is stored in the step's own
 * transaction and deleted once sent; what a failed or interrupted delivery leaves is sent by the next
 * delivery of the event or by the daily sweep, once. SES is mocked at the SDK client boundary.
 */
import type { TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { SESClient, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PendingMailStore } from '../../shared/adapters/dynamodb/pending-mail-store.js';
import { SesMailer } from '../../shared/adapters/mail/ses-mailer.js';
import type { EscalationEvent } from '../../shared/domain/ports.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { PENDING_MAIL_MIN_AGE_MS } from '../../shared/services/escalation/step-mail.js';
import { sweepUnit } from '../../shared/services/escalation/sweep.js';
import type { EscalationDeps } from '../../shared/services/escalation/unit-context.js';
import { MAIL_LEASE_MS } from '../../shared/services/mail-outbox/deliver.js';
import { ClientProbe } from '../reliability/support.js';
import { createTestApp, seedUnit } from '../support/app.js';

const ses = mockClient(SESClient);
const outage = () =>
  Object.assign(new Error('Service Unavailable'), {
    name: 'ServiceUnavailable',
    $metadata: { httpStatusCode: 503 },
  });
const sesDown = () => {
  ses.reset();
  ses.on(SendEmailCommand).rejects(outage());
};
const sesUp = () => {
  ses.reset();
  let n = 0;
  ses.on(SendEmailCommand).callsFake(() => ({ MessageId: `ses-${++n}` }));
};
const sesCalls = () =>
  ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input as SendEmailCommandInput);

/** 09:00 on Friday 20/10/2023 in Vietnam. */
const NOW = new Date('2023-10-20T02:00:00Z');

let t: Awaited<ReturnType<typeof createTestApp>>;
let deps: EscalationDeps;
let dialogueId: string;

beforeEach(async () => {
  sesUp();
  t = await createTestApp({ now: NOW.toISOString(), escalation: true });
  ({ dialogueId } = await seedUnit(t));
  // Escalation e-mails only: the sweep would also send the items' assignment notices (tests/api/notices.test.ts).
  const off = await t.call('PUT', '/api/notice-settings', { as: 'admin', body: { assignment: false } });
  expect(off.status).toBe(200);
  deps = {
    ...t.deps,
    mailer: new SesMailer(
      new SESClient({ region: 'ap-southeast-1' }),
      'Theo dõi kiến nghị <no-reply@demo.example>',
    ),
  };
});
afterEach(() => {
  ses.reset();
  vi.restoreAllMocks();
});

/** An item due Wednesday 18/10: its level 1 (Thursday 19/10 08:00) is due now. */
async function overdue(
  dueDate = '2023-10-18',
  departmentId = 'dc',
): Promise<{ event: EscalationEvent; ref: string }> {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: `Đề nghị sửa chữa cống thoát nước, hạn ${dueDate}`,
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId,
      dueDate,
    },
  });
  expect(res.status).toBe(201);
  return {
    event: { unitId: 'u1', recommendationId: res.body.id, level: 1, dueDate },
    ref: res.body.ref,
  };
}

const pending = () => new PendingMailStore(t.deps.table).list('u1');
const actions = async (id: string) =>
  (
    (await t.call('GET', `/api/recommendations/${id}/history`, { as: 'office' })).body.items as {
      action: string;
    }[]
  ).map((h) => h.action);
const later = (ms: number) => t.clock.set(new Date(t.clock.now().getTime() + ms));

describe('the e-mail of a step is stored with the step', () => {
  it('in the same transaction: when that transaction fails, neither the step nor its e-mail is stored', async () => {
    const { event } = await overdue();
    // Make DynamoDB refuse the e-mail's put (a condition that cannot hold), in the request as sent.
    const transactions: string[][] = [];
    const NAME = 'refuseMailPut';
    t.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
        const input = args.input as TransactWriteItemsCommandInput;
        const items = input.TransactItems ?? [];
        transactions.push(items.map((i) => i.Put?.Item?.sk?.S ?? i.Update?.Key?.sk?.S ?? '?'));
        const TransactItems = items.map((i) =>
          i.Put?.Item?.sk?.S?.startsWith('MAILQ#')
            ? { Put: { ...i.Put, ConditionExpression: 'attribute_exists(pk)' } }
            : i,
        );
        return next({ ...args, input: { ...input, TransactItems } });
      },
      { step: 'initialize', name: NAME },
    );
    await expect(handleEscalationEvent(deps, event)).rejects.toThrow();
    t.client.middlewareStack.remove(NAME);
    // The one transaction carried the item, its history entry and the e-mail together.
    expect(transactions).toHaveLength(1);
    expect(transactions[0]).toEqual(
      expect.arrayContaining([
        `REC#${event.recommendationId}`,
        `MAILQ#${event.recommendationId}#2023-10-18#L1`,
      ]),
    );
    expect(transactions[0]?.some((sk) => /^\d{4}-/.test(sk))).toBe(true); // the history entry
    // Neither is stored: the item is not escalated, no history entry, no pending e-mail, nothing sent.
    expect((await t.deps.recommendations.get('u1', event.recommendationId, true))?.escalationLevel).toBe(0);
    expect(await actions(event.recommendationId)).not.toContain('escalated');
    expect(await pending()).toEqual([]);
    expect(sesCalls()).toHaveLength(0);

    // The next delivery acts: step, e-mail sent once, nothing left pending.
    const out = await handleEscalationEvent(deps, event);
    expect(out).toMatchObject({ outcome: 'escalated', level: 1, notified: ['dc@demo.example'] });
    expect(await actions(event.recommendationId)).toContain('escalated');
    expect(sesCalls()).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });

  it('a step without recipients stores no e-mail and logs a warning', async () => {
    // A department without an address, and the default policy names nobody else.
    const dep = await t.call('POST', '/api/departments', {
      as: 'admin',
      body: { id: 'noaddr', name: 'Tổ dân phố 3', emails: [] },
    });
    expect(dep.status).toBe(201);
    const { event } = await overdue('2023-10-18', 'noaddr');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const out = await handleEscalationEvent(deps, event);
    expect(out).toEqual({ outcome: 'escalated', level: 1, notified: [] });
    expect(await actions(event.recommendationId)).toContain('escalated');
    expect(await pending()).toEqual([]);
    expect(sesCalls()).toHaveLength(0);
    expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
      expect.stringContaining('escalation without recipients'),
    );
  });
});

describe('the daily sweep sends what a failed delivery left pending', () => {
  it('once it is a few minutes old; a failed resend stays pending with one more attempt', async () => {
    const { event, ref } = await overdue();
    sesDown();
    await expect(handleEscalationEvent(deps, event)).rejects.toThrow('Service Unavailable');
    expect(await pending()).toEqual([expect.objectContaining({ attempts: 1, leaseUntil: null })]);

    // Minutes later: a delivery (Scheduler's retry) may still be on its way; the sweep leaves it.
    sesUp();
    later(PENDING_MAIL_MIN_AGE_MS / 2);
    expect(await sweepUnit(deps, 'u1')).toMatchObject({ mailsSent: 0, mailsFailed: 0 });
    expect(sesCalls()).toHaveLength(0);

    // Next morning, SES still failing: stays pending, attempts 2, the new error and its time.
    sesDown();
    t.clock.set(new Date('2023-10-21T00:00:00Z'));
    const failing = await sweepUnit(deps, 'u1');
    expect(failing).toMatchObject({ mailsSent: 0, mailsFailed: 1 });
    expect(sesCalls()).toHaveLength(3);
    expect(await pending()).toEqual([
      expect.objectContaining({
        recommendationId: event.recommendationId,
        level: 1,
        attempts: 2,
        lastError: expect.stringContaining('Service Unavailable'),
        lastAttemptAt: '2023-10-21T00:00:00.000Z',
        leaseUntil: null,
      }),
    ]);

    // SES is back: the next sweep sends it once and removes it.
    sesUp();
    t.clock.set(new Date('2023-10-22T00:00:00Z'));
    expect(await sweepUnit(deps, 'u1')).toMatchObject({ mailsSent: 1, mailsFailed: 0 });
    const sent = sesCalls();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.Destination?.ToAddresses).toEqual(['dc@demo.example']);
    // As rendered when the step was recorded (Friday: 2 working days late).
    expect(sent[0]?.Message?.Subject?.Data).toBe(
      `[Quá hạn - cấp 1] Kiến nghị ${ref} quá hạn 2 ngày làm việc`,
    );
    expect(await pending()).toEqual([]);

    // Nothing twice: a further sweep and a late delivery of the event send nothing.
    expect(await sweepUnit(deps, 'u1')).toMatchObject({ mailsSent: 0, mailsFailed: 0 });
    expect(await handleEscalationEvent(deps, event)).toEqual({ outcome: 'noop' });
    expect(sesCalls()).toHaveLength(1);
    expect((await actions(event.recommendationId)).filter((a) => a === 'escalated')).toHaveLength(1);
  });
});

describe('a delivery that dies after the commit, holding the e-mail', () => {
  it('keeps it from other deliveries until its lease expires; then the next delivery sends it once', async () => {
    const { event } = await overdue();
    const probe = new ClientProbe(t.client);
    // SES fails, and the process dies before it can record the failure (and give the lease back).
    sesDown();
    probe.addFault({
      command: 'UpdateItemCommand',
      fault: () => new Error('simulated crash of the function'),
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(handleEscalationEvent(deps, event)).rejects.toThrow('Service Unavailable');
    probe.clearFaults();
    const [held] = await pending();
    expect(held).toMatchObject({ attempts: 0, lastError: null });
    expect(held?.leaseUntil).toBe(new Date(NOW.getTime() + MAIL_LEASE_MS).toISOString());

    // A delivery within the lease: the holder may still be sending, so nothing is sent.
    sesUp();
    later(MAIL_LEASE_MS / 2);
    expect(await handleEscalationEvent(deps, event)).toEqual({ outcome: 'noop' });
    expect(sesCalls()).toHaveLength(0);
    expect(await pending()).toHaveLength(1);

    // After the lease: the next delivery claims it, sends it once and deletes it.
    later(MAIL_LEASE_MS);
    expect(await handleEscalationEvent(deps, event)).toEqual({
      outcome: 'mailed',
      level: 1,
      notified: ['dc@demo.example'],
    });
    expect(sesCalls()).toHaveLength(1);
    expect(await pending()).toEqual([]);
    expect(await handleEscalationEvent(deps, event)).toEqual({ outcome: 'noop' });
    expect(sesCalls()).toHaveLength(1);
  });
});
