import * as z from 'zod';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR } from '../../domain/calendar/index.js';
import {
  removeUnitOverride,
  setUnitOverride,
  workingDaysAfter,
  yearHolidays,
} from '../../services/calendar-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, securedRoute } from '../route-table.js';
import { IsoDateSchema } from '../schemas.js';

/** Where a day's status comes from, highest precedence last: rule < announced < national < unit. */
const DayOriginSchema = z.enum(['rule', 'announced', 'national', 'unit']);
export const CalendarDaySchema = z
  .object({
    date: z.string(),
    kind: z.enum(['day_off', 'working_day']),
    name: z.string(),
    origin: DayOriginSchema,
    source: z.string().optional().meta({ description: 'The documents behind the day' }),
  })
  .meta({ id: 'CalendarDay' });
/** A unit or national override: a day off, or a working day (a worked Saturday, a removed holiday). */
export const OverrideSchema = z
  .object({
    kind: z.enum(['day_off', 'working_day']),
    name: z.string().trim().min(1).max(200),
    source: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .meta({ description: 'The document, e.g. "Thông báo 9441/TB-BNV ngày 16/10/2025"' }),
  })
  .strict();
export const DateParam = z.object({ date: IsoDateSchema });

const add = securedRoute(
  {
    method: 'get',
    path: '/api/calendar/working-days/add',
    summary: 'The date N working days after (or before, N < 0) a date',
    request: {
      query: z.object({ from: IsoDateSchema, days: z.coerce.number().int().min(-3650).max(3650) }).strict(),
    },
    responses: { 200: json(z.object({ date: z.string() }), 'The date') },
  },
  'calendar.read',
);
const holidays = securedRoute(
  {
    method: 'get',
    path: '/api/calendar/holidays',
    summary: 'Non-working weekdays and worked weekend days of a year',
    request: {
      query: z
        .object({ year: z.coerce.number().int().min(CALENDAR_MIN_YEAR).max(CALENDAR_MAX_YEAR) })
        .strict(),
    },
    responses: { 200: json(z.object({ year: z.number(), items: z.array(CalendarDaySchema) }), 'Days') },
  },
  'calendar.read',
);
const put = securedRoute(
  {
    method: 'put',
    path: '/api/calendar/overrides/{date}',
    summary:
      'Set a unit override: a day off, or a working day (worked Saturday, removed holiday); the unit’s open items are re-planned at once',
    request: {
      params: DateParam,
      body: { required: true, content: { 'application/json': { schema: OverrideSchema } } },
    },
    responses: { 200: json(CalendarDaySchema, 'Saved') },
  },
  'calendar.override',
);
const remove = securedRoute(
  {
    method: 'delete',
    path: '/api/calendar/overrides/{date}',
    request: { params: DateParam },
    responses: { 204: { description: 'Removed' } },
  },
  'calendar.override',
);

export function calendarRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(add, async (c) => {
    const p = c.get('principal');
    const { from, days } = c.req.valid('query');
    return c.json({ date: await workingDaysAfter(deps, p.unitId, p, from, days) }, 200);
  });
  app.openapi(holidays, async (c) => {
    const p = c.get('principal');
    const { year } = c.req.valid('query');
    return c.json({ year, items: await yearHolidays(deps, p.unitId, p, year) }, 200);
  });
  app.openapi(put, async (c) => {
    const p = c.get('principal');
    const { date } = c.req.valid('param');
    return c.json(await setUnitOverride(deps, p.unitId, date, c.req.valid('json'), p), 200);
  });
  app.openapi(remove, async (c) => {
    const p = c.get('principal');
    await removeUnitOverride(deps, p.unitId, c.req.valid('param').date, p);
    return c.body(null, 204);
  });
  return app;
}
