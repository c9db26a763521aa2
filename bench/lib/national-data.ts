/**
 * Small, realistic data for one commune of the national simulation, as the app would have stored it:
 * the unit, 4 departments, the report recipients, one dialogue of 12 recommendations in every state
 * (open ones with their escalation progress, some awaiting the Front's review, settled ones), their
 * history and quarter aggregates. Every 10th unit has a step its lost schedule never fired (the sweep
 * fires it); every 20th has an escalation e-mail left pending by a failed delivery (the sweep sends it).
 */
import { randomUUID } from 'node:crypto';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { escalationMailId } from '../../shared/adapters/dynamodb/pending-mail-store.js';
import type { Item } from '../../shared/adapters/dynamodb/table.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import {
  DEFAULT_ESCALATION_POLICY,
  escalationPlan,
  nextStep,
} from '../../shared/domain/escalation-policy.js';
import type { Dialogue, Recommendation } from '../../shared/domain/model.js';
import { DEPARTMENTS, type ImageStatus, loadImages, recommendationImage, refCounterItem } from './setup.js';

const calendar = new WorkingCalendar([]);

export const NATIONAL_HELD_ON = '2023-10-10';

/** Item n of a unit's dialogue: its state and due date (the simulation runs on Monday 30/10/2023). */
const PLAN: { status: ImageStatus; dueDate?: string; level?: number }[] = [
  { status: 'assigned', dueDate: '2023-11-01' }, // reminder today 08:00 (the sweep at 07:00 re-schedules it)
  { status: 'assigned', dueDate: '2023-11-10' },
  { status: 'assigned', dueDate: '2023-11-20' },
  { status: 'assigned', dueDate: '2023-10-20', level: 1 }, // overdue: level 1 sent, level 2 today 08:00
  { status: 'assigned', dueDate: '2023-10-24', level: 1 }, // overdue: level 1 sent
  { status: 'resolved' },
  { status: 'resolved' },
  { status: 'resolved' },
  { status: 'confirmed' },
  { status: 'confirmed' },
  { status: 'answered_at_dialogue' },
  { status: 'forwarded' },
];

export const ITEMS_PER_UNIT = PLAN.length;

/** Whether unit number i (0-based) has a step whose schedule was lost, and a pending escalation e-mail. */
export const hasMissedStep = (i: number) => i % 10 === 3;
export const hasPendingMail = (i: number) => i % 20 === 7;

export function unitIdOf(i: number): string {
  return `xa-${String(i + 1).padStart(4, '0')}`;
}

/** Every item of unit number i, ready for BatchWriteItem. */
export function nationalUnitItems(i: number, now: Date): Item[] {
  const unitId = unitIdOf(i);
  const code = `X${String(i + 1).padStart(4, '0')}`;
  const name = `Xã ${String(i + 1).padStart(4, '0')}`;
  const dialogue: Dialogue = {
    id: randomUUID(),
    title: 'Hội nghị đối thoại quý IV/2023',
    kind: 'Hội nghị tiếp xúc, đối thoại',
    heldOn: NATIONAL_HELD_ON,
    location: 'Hội trường UBND xã',
    chairs: ['Bí thư Đảng ủy', 'Chủ tịch UBND'],
    status: 'held',
    conclusionNoticeNumber: null,
    conclusionNoticeDate: null,
    noticeText: null,
    published: true,
    version: 1,
  };
  const recs: Recommendation[] = PLAN.map((p, n) => {
    const departmentId = DEPARTMENTS[n % DEPARTMENTS.length]?.id ?? 'dc';
    const image = recommendationImage({
      unitCode: code,
      n: n + 1,
      dialogue,
      status: p.status,
      departmentId,
      ...(p.dueDate ? { dueDate: p.dueDate } : {}),
    });
    if (p.status !== 'assigned' || !p.dueDate) return image;
    // A lost schedule: the unit's item never got its level 1 (the sweep fires it).
    const level = hasMissedStep(i) && n === 4 ? 0 : (p.level ?? 0);
    const progressed = { ...image, escalationLevel: level };
    const plan = escalationPlan(p.dueDate, calendar, DEFAULT_ESCALATION_POLICY);
    return { ...progressed, nextEscalationAt: nextStep(progressed, plan)?.at ?? null };
  });
  const items: Item[] = [
    { ...keys.unit(unitId), type: 'UNIT', id: unitId, code, name },
    ...DEPARTMENTS.map((d) => ({
      ...keys.department(unitId, d.id),
      type: 'DEPARTMENT',
      ...d,
      emails: [`${d.id}@${unitId}.example`],
    })),
    { ...keys.dialogue(unitId, dialogue.id), type: 'DIALOGUE', ...dialogue },
    ...[
      ['supervision', `mttq@${unitId}.example`],
      ['supervision', `vanphong@${unitId}.example`],
      ['quarterly', `btv@${unitId}.example`],
      ['quarterly', `vanphong@${unitId}.example`],
    ].map(([kind, email]) => ({
      pk: keys.unitPk(unitId),
      sk: `RCPT#${kind}#${email}`,
      type: 'RECIPIENT',
      kind,
      email,
      name: null,
      status: 'active',
      statusAt: null,
      statusDetail: null,
    })),
    ...loadImages(unitId, recs, { history: true, dialogues: { '2023-Q4': 1 } }),
    refCounterItem(unitId, '2023', recs.length),
  ];
  if (hasPendingMail(i)) {
    const rec = recs[3] as Recommendation;
    const key = { recommendationId: rec.id, dueDate: rec.dueDate ?? '', level: 1 };
    const created = new Date(now.getTime() - 24 * 3600_000).toISOString();
    const id = escalationMailId(key);
    items.push({
      ...keys.outboxMail(unitId, id),
      type: 'OUTBOX_MAIL',
      unitId,
      id,
      kind: 'escalation',
      about: key,
      to: [`dc@${unitId}.example`],
      cc: [],
      subject: `[Quá hạn - cấp 1] Kiến nghị ${rec.ref} quá hạn 1 ngày làm việc`,
      html: `<p>Kiến nghị ${rec.ref}: ${rec.content}</p>`,
      text: `Kiến nghị ${rec.ref}: ${rec.content}`,
      attachments: [],
      status: 'pending',
      createdAt: created,
      attempts: 1,
      lastError: 'ServiceUnavailable: Service Unavailable',
      lastAttemptAt: created,
      nextAttemptAt: new Date(now.getTime() - 23 * 3600_000).toISOString(),
    });
  }
  return items;
}
