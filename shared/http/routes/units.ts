import * as z from 'zod';
import {
  NewAdminSchema,
  NewUnitSchema,
  UnitIdSchema,
  UnitPatchSchema,
  UnitSchema,
  UserSchema,
} from '../../services/admin-schemas.js';
import {
  createUnit,
  getOwnUnit,
  getUnit,
  listUnits,
  updateOwnUnit,
  updateUnit,
} from '../../services/unit-service.js';
import { addUnitAdmin } from '../../services/user-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, problemJson, securedRoute } from '../route-table.js';

const UnitParam = z.object({ id: UnitIdSchema });

const list = securedRoute(
  {
    method: 'get',
    path: '/api/units',
    summary: 'Every unit of the deployment (system administrator)',
    responses: { 200: json(z.object({ items: z.array(UnitSchema) }), 'Units, by name') },
  },
  'unit.list',
);
const create = securedRoute(
  {
    method: 'post',
    path: '/api/units',
    summary:
      'Create a unit (system administrator): it starts with the default departments, fields, escalation policy and national calendar',
    request: { body: jsonBody(NewUnitSchema) },
    responses: { 201: json(UnitSchema, 'Created'), 409: problemJson('The id is in use') },
  },
  'unit.create',
);
const get = securedRoute(
  {
    method: 'get',
    path: '/api/units/{id}',
    summary: 'One unit (system administrator)',
    request: { params: UnitParam },
    responses: { 200: json(UnitSchema, 'The unit') },
  },
  'unit.read',
);
const patch = securedRoute(
  {
    method: 'patch',
    path: '/api/units/{id}',
    summary: 'Change a unit’s name, code or default working days to answer (system administrator)',
    request: { params: UnitParam, body: jsonBody(UnitPatchSchema) },
    responses: { 200: json(UnitSchema, 'Saved'), 409: problemJson('Stale version') },
  },
  'unit.update',
);
const addAdmin = securedRoute(
  {
    method: 'post',
    path: '/api/units/{id}/admins',
    summary: 'Give a unit an administrator, invited by e-mail (system administrator)',
    request: { params: UnitParam, body: jsonBody(NewAdminSchema) },
    responses: {
      201: json(UserSchema, 'Invited'),
      409: problemJson('The e-mail has an account'),
      503: problemJson('The account service failed; nothing saved'),
    },
  },
  'unit.addAdmin',
);
const own = securedRoute(
  {
    method: 'get',
    path: '/api/unit',
    summary: 'The caller’s own unit and its settings',
    responses: { 200: json(UnitSchema, 'The unit') },
  },
  'unitSettings.read',
);
const patchOwn = securedRoute(
  {
    method: 'patch',
    path: '/api/unit',
    summary: 'Change the own unit’s name, code or default working days to answer (admin)',
    request: { body: jsonBody(UnitPatchSchema) },
    responses: { 200: json(UnitSchema, 'Saved'), 409: problemJson('Stale version') },
  },
  'unitSettings.update',
);

export function unitRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(list, async (c) => c.json({ items: await listUnits(deps, c.get('principal')) }, 200));
  app.openapi(create, async (c) =>
    c.json(await createUnit(deps, c.req.valid('json'), c.get('principal')), 201),
  );
  app.openapi(get, async (c) =>
    c.json(await getUnit(deps, c.req.valid('param').id, c.get('principal')), 200),
  );
  app.openapi(patch, async (c) =>
    c.json(await updateUnit(deps, c.req.valid('param').id, c.req.valid('json'), c.get('principal')), 200),
  );
  app.openapi(addAdmin, async (c) =>
    c.json(await addUnitAdmin(deps, c.req.valid('param').id, c.req.valid('json'), c.get('principal')), 201),
  );
  app.openapi(own, async (c) => c.json(await getOwnUnit(deps, c.get('principal')), 200));
  app.openapi(patchOwn, async (c) =>
    c.json(await updateOwnUnit(deps, c.get('principal'), c.req.valid('json')), 200),
  );
  return app;
}
