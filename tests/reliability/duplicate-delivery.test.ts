/**
 * EventBridge Scheduler delivers at least once: the same escalation event may arrive several times at
 * once. Delivered 5 times concurrently, it must act once: one escalation in history, one e-mail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { EscalationEvent } from '../../shared/domain/ports.js';
import { attachEscalation, handleEscalationEvent } from '../../shared/services/escalation-service.js';
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
