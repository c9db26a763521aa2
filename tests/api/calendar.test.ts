import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CalendarRangeError, WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { createTestApp } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});

const add = async (from: string, days: number, unit = 'u1') =>
  t.call('GET', `/api/calendar/working-days/add?from=${from}&days=${days}`, { as: 'office', unit });

describe('working-day calendar API', () => {
  it('counts across Tết 2025 as announced (25/1–2/2 off)', async () => {
    expect((await add('2025-01-24', 1)).body).toEqual({ date: '2025-02-03' });
    expect((await add('2025-02-03', -1)).body).toEqual({ date: '2025-01-24' });
    expect((await add('2025-01-26', 0)).body).toEqual({ date: '2025-02-03' });
  });

  it('agrees with the domain calendar for arbitrary dates and counts', async () => {
    const calendar = new WorkingCalendar();
    const date = fc
      .date({
        min: new Date('1991-01-01T00:00:00Z'),
        max: new Date('2099-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    await fc.assert(
      fc.asyncProperty(date, fc.integer({ min: -300, max: 300 }), async (from, days) => {
        const res = await add(from, days);
        let expected: string | undefined;
        try {
          expected = calendar.addWorkingDays(from, days);
        } catch (error) {
          expect(error).toBeInstanceOf(CalendarRangeError);
        }
        if (expected === undefined) {
          expect(res.status).toBe(400);
          expect(res.body.errors[0].field).toBe('query.days');
        } else {
          expect(res.status).toBe(200);
          expect(res.body.date).toBe(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('lists the non-working weekdays and worked weekend days of a year with their origin', async () => {
    const res = await t.call('GET', '/api/calendar/holidays?year=2026', { as: 'department:dc' });
    expect(res.status).toBe(200);
    const byDate = Object.fromEntries(res.body.items.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-01-10']).toMatchObject({ kind: 'working_day', origin: 'announced' });
    expect(byDate['2026-02-16']).toMatchObject({ kind: 'day_off', origin: 'announced' });
    expect(byDate['2026-04-27']).toMatchObject({ kind: 'day_off' });
    const rule = await t.call('GET', '/api/calendar/holidays?year=2031', { as: 'office' });
    expect(rule.body.items.every((d: { origin: string }) => d.origin === 'rule')).toBe(true);
  });

  it('admin overrides change the unit calendar only, and are audited', async () => {
    const put = await t.call('PUT', '/api/calendar/overrides/2026-11-24', {
      as: 'admin',
      body: { kind: 'day_off', name: 'Ngày Văn hóa Việt Nam' },
    });
    expect(put).toMatchObject({ status: 200, body: { date: '2026-11-24', origin: 'unit' } });
    expect((await add('2026-11-23', 1)).body.date).toBe('2026-11-25');
    expect((await add('2026-11-23', 1, 'other')).body.date).toBe('2026-11-24');
    const year = await t.call('GET', '/api/calendar/holidays?year=2026', { as: 'office' });
    expect(year.body.items).toContainEqual({
      date: '2026-11-24',
      kind: 'day_off',
      name: 'Ngày Văn hóa Việt Nam',
      origin: 'unit',
    });
    const history = await t.deps.table.queryAll({
      KeyConditionExpression: 'pk = :pk',
      values: { ':pk': 'U#u1#H#CAL#2026-11-24' },
    });
    expect(history.map((h) => h.action)).toEqual(['calendar_override_set']);
    expect((await t.call('DELETE', '/api/calendar/overrides/2026-11-24', { as: 'admin' })).status).toBe(204);
    expect((await add('2026-11-23', 1)).body.date).toBe('2026-11-24');
    expect(
      (
        await t.call('PUT', '/api/calendar/overrides/2026-11-24', {
          as: 'office',
          body: { kind: 'day_off', name: 'x' },
        })
      ).status,
    ).toBe(403);
  });

  it('a worked Saturday and a removed holiday become working days', async () => {
    await t.call('PUT', '/api/calendar/overrides/2027-03-06', {
      as: 'admin',
      body: { kind: 'working_day', name: 'Làm bù' },
    });
    expect((await add('2027-03-05', 1)).body.date).toBe('2027-03-06');
    await t.call('PUT', '/api/calendar/overrides/2027-09-01', {
      as: 'admin',
      body: { kind: 'working_day', name: 'Bỏ ngày nghỉ' },
    });
    expect((await add('2027-08-31', 1)).body.date).toBe('2027-09-01');
  });

  it('names the bad parameter', async () => {
    const bad = await t.call('GET', '/api/calendar/working-days/add?from=2025-02-30&days=x', {
      as: 'office',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.days',
      'query.from',
    ]);
    const range = await add('2100-12-30', 5);
    expect(range.status).toBe(400);
    expect(range.body.errors[0].field).toBe('query.days');
    expect(
      (await t.call('GET', '/api/calendar/holidays?year=1989', { as: 'office' })).body.errors[0].field,
    ).toBe('query.year');
    expect(
      (
        await t.call('PUT', '/api/calendar/overrides/2026-13-01', {
          as: 'admin',
          body: { kind: 'day_off', name: 'x' },
        })
      ).body.errors[0].field,
    ).toBe('path.date');
  });
});
