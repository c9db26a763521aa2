import * as z from 'zod';
import { setCalendarOverride, workingDaysAfter, yearHolidays } from '../../services/calendar-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, securedRoute } from '../route-table.js';
import { IsoDateSchema } from '../schemas.js';

const DayOriginSchema = z.enum(['rule', 'announced', 'override']);
const CalendarDaySchema = z
  .object({
    date: z.string(),
    kind: z.enum(['day_off', 'working_day']),
    name: z.string(),
    origin: DayOriginSchema,
  })
  .meta({ id: 'CalendarDay' });
const OverrideSchema = z
  .object({ kind: z.enum(['day_off', 'working_day']), name: z.string().trim().min(1).max(200) })
  .strict();
const DateParam = z.object({ date: IsoDateSchema });

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
    request: { query: z.object({ year: z.coerce.number().int().min(1990).max(2100) }).strict() },
    responses: { 200: json(z.object({ year: z.number(), items: z.array(CalendarDaySchema) }), 'Days') },
  },
  'calendar.read',
);
const put = securedRoute(
  {
    method: 'put',
    path: '/api/calendar/overrides/{date}',
    summary: 'Set a unit override: a day off, or a working day (worked Saturday, removed holiday)',
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
    const day = await setCalendarOverride(deps, p.unitId, p, c.req.valid('param').date, c.req.valid('json'));
    return c.json(day as NonNullable<typeof day>, 200);
  });
  app.openapi(remove, async (c) => {
    const p = c.get('principal');
    await setCalendarOverride(deps, p.unitId, p, c.req.valid('param').date, null);
    return c.body(null, 204);
  });
  return app;
}
