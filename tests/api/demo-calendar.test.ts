/**
 * The demo data (scripts/demo, Phường IV, 2023) counted with the official days: its own dates (October–
 * November 2023) hold no holiday under either the old rules or the announced schedules, so its plans are
 * unchanged; moving the demo clock into Tết 2024 counts Thursday 8/2/2024 as the day off it was.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_UNIT, seedDemo } from '../../scripts/demo-data.js';
import { createTestApp } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  expect(await seedDemo(t.deps)).toEqual({ seeded: true, recommendations: 20 });
});

const overdueOf = async (day: string, dueDate: string) => {
  t.clock.set(new Date(`${day}T09:00:00+07:00`));
  const report = await t.call('GET', '/api/reports/supervision?format=json', {
    as: 'office',
    unit: DEMO_UNIT.id,
  });
  expect(report.status).toBe(200);
  return report.body.overdue
    .flatMap((g: { items: { dueDate: string; workingDaysOverdue: number }[] }) => g.items)
    .filter((i: { dueDate: string }) => i.dueDate === dueDate)
    .map((i: { workingDaysOverdue: number }) => i.workingDaysOverdue);
};

describe('the 2023 demo, counted with the official days', () => {
  it('items due 30/11/2023 are 21 working days late on 29/12/2023 (December has no holiday)', async () => {
    expect(await overdueOf('2023-12-29', '2023-11-30')).toEqual([21, 21, 21]);
  });

  it('and 48 on Thursday 8/2/2024: 1/1 and 8/2 were off (the old rules counted 8/2 as worked: 49)', async () => {
    // (30/11/2023, 8/2/2024]: 21 weekdays in December, 23 in January, 6 in February = 50, minus 1/1 and 8/2.
    expect(await overdueOf('2024-02-08', '2023-11-30')).toEqual([48, 48, 48]);
  });

  it('and 49 on Thursday 15/2/2024, the first working day after Tết (8–9/2 and 12–14/2 off)', async () => {
    expect(await overdueOf('2024-02-15', '2023-11-30')).toEqual([49, 49, 49]);
  });
});
