import * as z from 'zod';
import {
  listNationalOverrides,
  removeNationalOverride,
  setNationalOverride,
} from '../../services/calendar-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, securedRoute } from '../route-table.js';
import { DateParam, OverrideSchema } from './calendar.js';

const NationalOverrideSchema = z
  .object({
    date: z.string(),
    kind: z.enum(['day_off', 'working_day']),
    name: z.string(),
    source: z.string().optional(),
    version: z.number().int(),
  })
  .meta({ id: 'NationalCalendarOverride' });

const list = securedRoute(
  {
    method: 'get',
    path: '/api/calendar/national',
    summary: 'The national overrides (every unit), by date',
    responses: { 200: json(z.object({ items: z.array(NationalOverrideSchema) }), 'Overrides') },
  },
  'calendar.national',
);
const put = securedRoute(
  {
    method: 'put',
    path: '/api/calendar/national/{date}',
    summary:
      'Set a national override for every unit (an announced day off or worked Saturday); unit overrides still take precedence',
    request: {
      params: DateParam,
      body: { required: true, content: { 'application/json': { schema: OverrideSchema } } },
    },
    responses: { 200: json(NationalOverrideSchema, 'Saved') },
  },
  'calendar.national',
);
const remove = securedRoute(
  {
    method: 'delete',
    path: '/api/calendar/national/{date}',
    request: { params: DateParam },
    responses: { 204: { description: 'Removed' } },
  },
  'calendar.national',
);

/** The national calendar: system administrators only. */
export function nationalCalendarRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(list, async (c) =>
    c.json({ items: await listNationalOverrides(deps, c.get('principal')) }, 200),
  );
  app.openapi(put, async (c) => {
    const { date } = c.req.valid('param');
    return c.json(await setNationalOverride(deps, date, c.req.valid('json'), c.get('principal')), 200);
  });
  app.openapi(remove, async (c) => {
    await removeNationalOverride(deps, c.req.valid('param').date, c.get('principal'));
    return c.body(null, 204);
  });
  return app;
}
