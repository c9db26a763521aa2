/**
 * Property: after any sequence of operations through the real services, each quarter's stored
 * aggregate equals the sum of the contributions of that quarter's items, recomputed from a full read,
 * and the dialogue counter equals the number of held dialogues of the quarter.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInVietnam } from '../../shared/domain/calendar/index.js';
import { InvalidTransitionError, ValidationError } from '../../shared/domain/errors.js';
import type { Actor, Disposition, Source } from '../../shared/domain/model.js';
import { type Counters, sumCounters } from '../../shared/domain/reports/aggregate-counters.js';
import { createDialogue } from '../../shared/services/dialogue-service.js';
import {
  createRecommendations,
  patchItem,
  resolveItem,
  reviewItem,
} from '../../shared/services/recommendation-service.js';
import { decideRepeat } from '../../shared/services/repeat-service.js';
import { createTestApp } from '../support/app.js';
import type { TestApp } from './helpers.js';

const office: Actor = { sub: 'office', name: 'Văn phòng', roles: ['office'], departmentId: null };
const front: Actor = { sub: 'front', name: 'MTTQ', roles: ['front'], departmentId: null };
const DEPARTMENTS = ['dc', 'vhxh', 'ca'];

type Op =
  | {
      op: 'create';
      dialogue: number;
      source: Source;
      field: string | null;
      disposition: Disposition | null;
      department: number;
      due: number;
    }
  | { op: 'assign' | 'reassign'; item: number; department: number }
  | { op: 'changeDue'; item: number; due: number }
  | { op: 'resolve' | 'confirm' | 'decline' | 'forward' | 'answerForward'; item: number }
  | { op: 'reopen'; item: number; due: number }
  | { op: 'linkRepeat'; item: number; earlier: number }
  | { op: 'wait'; days: number };

const index = fc.nat({ max: 50 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      dialogue: fc.nat({ max: 2 }),
      source: fc.constantFrom<Source>('pre_collected', 'at_dialogue'),
      field: fc.constantFrom(null, 'Đất đai', 'Giao thông', 'Môi trường'),
      disposition: fc.constantFrom<Disposition | null>(
        null,
        'assigned',
        'assigned',
        'answered_at_dialogue',
        'forwarded',
        'declined',
      ),
      department: fc.nat({ max: 2 }),
      due: fc.integer({ min: -10, max: 25 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('assign' as const, 'reassign' as const),
      item: index,
      department: fc.nat({ max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('changeDue' as const),
      item: index,
      due: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'resolve' as const,
        'confirm' as const,
        'decline' as const,
        'forward' as const,
        'answerForward' as const,
      ),
      item: index,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('reopen' as const),
      item: index,
      due: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('linkRepeat' as const), item: index, earlier: index }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 6 }) }),
  },
);

const nonZero = (c: Counters) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== 0));

let t: TestApp;
let run = 0;

beforeAll(async () => {
  t = await createTestApp();
});

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function apply(unitId: string, dialogues: string[], items: string[], op: Op): Promise<void> {
  const deps = t.deps;
  const today = todayInVietnam(deps.clock.now());
  const pick = (i: number) => items[i % Math.max(1, items.length)];
  const current = async (i: number) => {
    const id = pick(i);
    return id ? deps.recommendations.get(unitId, id, true) : undefined;
  };
  switch (op.op) {
    case 'create': {
      const dialogueId = dialogues[op.dialogue % dialogues.length] as string;
      const { items: created } = await createRecommendations(
        deps,
        unitId,
        dialogueId,
        [
          {
            content: `Kiến nghị ${items.length}`,
            source: op.source,
            field: op.field,
            disposition: op.disposition,
            departmentId: op.disposition === 'assigned' ? (DEPARTMENTS[op.department] as string) : null,
            dueDate: op.disposition === 'assigned' ? addDays('2023-10-20', op.due) : null,
            answer: op.disposition === 'answered_at_dialogue' ? 'Đã trả lời' : null,
            reason: op.disposition === 'declined' ? 'Không thuộc thẩm quyền' : null,
          },
        ],
        office,
      );
      items.push(...created.map((c) => c.id));
      return;
    }
    case 'wait':
      t.clock.set(new Date(deps.clock.now().getTime() + op.days * 86_400_000));
      return;
    case 'linkRepeat': {
      const [id, earlier] = [pick(op.item), pick(op.earlier)];
      if (id && earlier)
        await decideRepeat(
          deps,
          unitId,
          { recommendationId: id, repeatOfId: earlier, decision: 'confirm' },
          office,
        );
      return;
    }
  }
  const rec = await current(op.item);
  if (!rec) return;
  switch (op.op) {
    case 'assign':
    case 'reassign':
      await patchItem(deps, unitId, rec.id, office, {
        version: rec.version,
        departmentId: DEPARTMENTS[op.department] as string,
      });
      return;
    case 'changeDue':
      await patchItem(deps, unitId, rec.id, office, {
        version: rec.version,
        dueDate: addDays(today, op.due),
        reason: 'Cần thêm thời gian',
      });
      return;
    case 'decline':
      await patchItem(deps, unitId, rec.id, office, {
        version: rec.version,
        disposition: 'declined',
        reason: 'Không thuộc thẩm quyền',
      });
      return;
    case 'forward':
      await patchItem(deps, unitId, rec.id, office, { version: rec.version, disposition: 'forwarded' });
      return;
    case 'answerForward':
      await patchItem(deps, unitId, rec.id, office, { version: rec.version, answer: 'Cấp trên đã trả lời' });
      return;
    case 'resolve':
      await resolveItem(deps, unitId, rec.id, office, { answer: 'Đã xử lý' });
      return;
    case 'confirm':
      await reviewItem(deps, unitId, rec.id, front, { decision: 'confirm' });
      return;
    case 'reopen':
      await reviewItem(deps, unitId, rec.id, front, {
        decision: 'reopen',
        reason: 'Chưa đạt',
        dueDate: addDays(today, op.due),
      });
      return;
  }
}

describe('aggregates', () => {
  it('equal a full recount after random sequences of operations (≥ 50 sequences)', async () => {
    let rejected = 0;
    let applied = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 14 }), async (ops) => {
        const unitId = `prop${++run}`;
        t.clock.set(new Date('2023-10-20T02:00:00Z'));
        await t.deps.units.putUnit({ id: unitId, code: `P${run}`, name: `Đơn vị ${run}` });
        for (const id of DEPARTMENTS)
          await t.deps.units.createDepartment(unitId, { id, name: id, emails: [] }, office, t.clock.now());
        // Held dialogues: one in Q3, two in Q4.
        const dialogues: string[] = [];
        for (const heldOn of ['2023-08-15', '2023-10-10', '2023-10-18']) {
          dialogues.push(
            (
              await createDialogue(
                t.deps,
                unitId,
                { title: `Hội nghị ${heldOn}`, kind: 'Đối thoại', heldOn, location: 'UBND', chairs: [] },
                office,
              )
            ).id,
          );
        }
        const items: string[] = [];
        for (const op of ops) {
          try {
            await apply(unitId, dialogues, items, op);
            applied++;
          } catch (error) {
            // Operations not allowed in the item's state are refused by the domain: nothing written.
            if (!(error instanceof InvalidTransitionError || error instanceof ValidationError)) throw error;
            rejected++;
          }
        }
        const all = await t.deps.recommendations.all(unitId);
        for (const quarter of ['2023-Q3', '2023-Q4']) {
          const stored = await t.deps.recommendations.aggregate(unitId, quarter);
          const { dialogues: held, ...itemCounters } = stored;
          expect(nonZero(itemCounters)).toEqual(
            nonZero(sumCounters(all.filter((r) => r.quarter === quarter))),
          );
          expect(held).toBe(quarter === '2023-Q3' ? 1 : 2);
        }
      }),
      { numRuns: 50, endOnFailure: true },
    );
    // The sequences exercised both accepted and refused operations.
    expect(applied).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(10);
  }, 120_000);
});
