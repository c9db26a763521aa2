/**
 * EventBridge Scheduler delivers at least once: the same escalation event may arrive several times at
 * once. Delivered 5 times concurrently, it must act once: one escalation in history, one e-mail — also
 * when the first delivery's e-mail failed and the duplicates find it pending.
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PendingMailStore } from '../../shared/adapters/dynamodb/pending-mail-store.js';
import { SesMailer } from '../../shared/adapters/mail/ses-mailer.js';
import type { EscalationEvent } from '../../shared/domain/ports.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';
import { createTestApp, seedUnit } from '../support/app.js';

const DELIVERIES = 5;
let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  attachEscalation(t.deps);
  ({ dialogueId } = await seedUnit(t));
});

async function createDue(dueDate: string) {
  t.clock.set(new Date('2023-10-20T02:00:00Z'));
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: `Đề nghị sửa đường, hạn ${dueDate}`,
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate,
    },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function deliverConcurrently(event: EscalationEvent) {
  const mailsBefore = (await t.outbox.list()).length;
  const outcomes = await Promise.all(
    Array.from({ length: DELIVERIES }, () => handleEscalationEvent(t.deps, event)),
  );
  const mails = (await t.outbox.list()).slice(0, (await t.outbox.list()).length - mailsBefore);
  const history = (
    await t.call('GET', `/api/recommendations/${event.recommendationId}/history`, { as: 'office' })
  ).body.items as {
    action: string;
  }[];
  return { outcomes, mails, history };
}

describe(`an escalation event delivered ${DELIVERIES} times at once`, () => {
  it('escalates once and sends one e-mail (level 1)', async () => {
    const id = await createDue('2023-10-25');
    // Friday 27 Oct 2023, 09:00 in Vietnam: level 1 (first working day after the due date, 08:00) is due.
    t.clock.set(new Date('2023-10-27T02:00:00Z'));
    const { outcomes, mails, history } = await deliverConcurrently({
      unitId: 'u1',
      recommendationId: id,
      level: 1,
      dueDate: '2023-10-25',
    });
    expect(outcomes.filter((o) => o.outcome === 'escalated')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome !== 'escalated').every((o) => o.outcome === 'noop')).toBe(true);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toEqual(['dc@demo.example']);
    expect(history.filter((h) => h.action === 'escalated')).toHaveLength(1);
    const item = await t.deps.recommendations.get('u1', id, true);
    expect(item?.escalationLevel).toBe(1);
  });

  it('reminds once and sends one e-mail (reminder before the due date)', async () => {
    const id = await createDue('2023-11-08');
    // Monday 6 Nov 2023, 09:00: the reminder (2 working days before the due date, 08:00) is due.
    t.clock.set(new Date('2023-11-06T02:00:00Z'));
    const { outcomes, mails, history } = await deliverConcurrently({
      unitId: 'u1',
      recommendationId: id,
      level: 0,
      dueDate: '2023-11-08',
    });
    expect(outcomes.filter((o) => o.outcome === 'reminded')).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(history.filter((h) => h.action === 'reminded')).toHaveLength(1);
  });
});

describe(`after a delivery whose e-mail failed, the event delivered ${DELIVERIES} times at once`, () => {
  it('sends the pending e-mail exactly once (SES at the SDK boundary)', async () => {
    const ses = mockClient(SESClient);
    onTestFinished(() => {
      ses.restore();
    });
    const deps = {
      ...t.deps,
      mailer: new SesMailer(new SESClient({ region: 'ap-southeast-1' }), 'no-reply@demo.example'),
    };
    const id = await createDue('2023-10-26');
    // Monday 30 Oct 2023, 09:00: level 1 is due.
    t.clock.set(new Date('2023-10-30T02:00:00Z'));
    const event = { unitId: 'u1', recommendationId: id, level: 1, dueDate: '2023-10-26' };
    ses.on(SendEmailCommand).rejects(
      Object.assign(new Error('Service Unavailable'), {
        name: 'ServiceUnavailable',
        $metadata: { httpStatusCode: 503 },
      }),
    );
    await expect(handleEscalationEvent(deps, event)).rejects.toThrow('Service Unavailable');
    const outbox = new PendingMailStore(t.deps.table);
    expect(await outbox.list('u1')).toEqual([expect.objectContaining({ recommendationId: id, attempts: 1 })]);

    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-0001' });
    const outcomes = await Promise.all(
      Array.from({ length: DELIVERIES }, () => handleEscalationEvent(deps, event)),
    );
    expect(outcomes.filter((o) => o.outcome === 'mailed')).toEqual([
      { outcome: 'mailed', level: 1, notified: ['dc@demo.example'] },
    ]);
    expect(outcomes.filter((o) => o.outcome === 'noop')).toHaveLength(DELIVERIES - 1);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(await outbox.list('u1')).toEqual([]);
    const history = (await t.call('GET', `/api/recommendations/${id}/history`, { as: 'office' })).body
      .items as { action: string }[];
    expect(history.filter((h) => h.action === 'escalated')).toHaveLength(1);
  });
});
