import * as z from 'zod';
import { NewUserSchema, UserPatchSchema, UserSchema } from '../../services/admin-schemas.js';
import { createUser, listUsers, updateUser } from '../../services/user-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, problemJson, securedRoute } from '../route-table.js';
import { IdParam } from '../schemas.js';

const list = securedRoute(
  {
    method: 'get',
    path: '/api/users',
    summary: 'The unit’s people (admin)',
    responses: { 200: json(z.object({ items: z.array(UserSchema) }), 'People, by name') },
  },
  'user.list',
);
const create = securedRoute(
  {
    method: 'post',
    path: '/api/users',
    summary:
      'Invite a person to the unit (admin): an account with the role (and department) is created and an invitation e-mailed',
    request: { body: jsonBody(NewUserSchema) },
    responses: {
      201: json(UserSchema, 'Invited'),
      409: problemJson('The e-mail has an account'),
      503: problemJson('The account service failed; nothing saved'),
    },
  },
  'user.create',
);
const patch = securedRoute(
  {
    method: 'patch',
    path: '/api/users/{id}',
    summary: 'Change a person’s role, department, name, or disable/enable the account (admin)',
    request: { params: IdParam, body: jsonBody(UserPatchSchema) },
    responses: {
      200: json(UserSchema, 'Saved'),
      409: problemJson('Stale version'),
      503: problemJson('The account service failed; nothing saved'),
    },
  },
  'user.update',
);

export function userRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(list, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await listUsers(deps, p.unitId, p) }, 200);
  });
  app.openapi(create, async (c) => {
    const p = c.get('principal');
    return c.json(await createUser(deps, p.unitId, c.req.valid('json'), p), 201);
  });
  app.openapi(patch, async (c) => {
    const p = c.get('principal');
    return c.json(await updateUser(deps, p.unitId, c.req.valid('param').id, c.req.valid('json'), p), 200);
  });
  return app;
}
