import * as z from 'zod';
import { FieldListSchema } from '../../services/admin-schemas.js';
import { saveUnitFields, unitFields } from '../../services/field-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { securedRoute } from '../route-table.js';

const FieldList = z.object({ items: z.array(z.string()) });

const get = securedRoute(
  {
    method: 'get',
    path: '/api/fields',
    summary: 'The unit’s list of fields (lĩnh vực)',
    responses: { 200: { description: 'Fields', content: { 'application/json': { schema: FieldList } } } },
  },
  'fields.read',
);
const put = securedRoute(
  {
    method: 'put',
    path: '/api/fields',
    summary: 'Replace the unit’s list of fields (admin)',
    request: {
      body: {
        required: true,
        content: {
          'application/json': {
            schema: FieldListSchema,
          },
        },
      },
    },
    responses: { 200: { description: 'Saved', content: { 'application/json': { schema: FieldList } } } },
  },
  'fields.update',
);

export function fieldRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(get, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await unitFields(deps, p.unitId, p) }, 200);
  });
  app.openapi(put, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await saveUnitFields(deps, p.unitId, c.req.valid('json').items, p) }, 200);
  });
  return app;
}
