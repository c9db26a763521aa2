import * as z from 'zod';
import { DepartmentPatchSchema } from '../../services/admin-schemas.js';
import {
  createDepartment,
  deleteDepartment,
  listDepartments,
  updateDepartment,
} from '../../services/department-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, problemJson, securedRoute } from '../route-table.js';
import { DepartmentSchema, IdParam, NewDepartmentSchema } from '../schemas.js';

const listRoute = securedRoute(
  {
    method: 'get',
    path: '/api/departments',
    summary: 'Departments of the unit (deactivated ones included, `active: false`)',
    responses: { 200: json(z.object({ items: z.array(DepartmentSchema) }), 'Departments') },
  },
  'department.list',
);

const createDepartmentRoute = securedRoute(
  {
    method: 'post',
    path: '/api/departments',
    summary: 'Add a department (admin)',
    request: { body: jsonBody(NewDepartmentSchema) },
    responses: { 201: json(DepartmentSchema, 'Created') },
  },
  'department.create',
);

const patchRoute = securedRoute(
  {
    method: 'patch',
    path: '/api/departments/{id}',
    summary:
      'Rename, set contact e-mails, deactivate or reactivate a department (admin); recorded in the history',
    request: { params: IdParam, body: jsonBody(DepartmentPatchSchema) },
    responses: { 200: json(DepartmentSchema, 'Saved'), 409: problemJson('Stale version') },
  },
  'department.update',
);

const deleteRoute = securedRoute(
  {
    method: 'delete',
    path: '/api/departments/{id}',
    summary: 'Delete a department that no item and no person names (admin); otherwise 409: deactivate it',
    request: { params: IdParam },
    responses: {
      204: { description: 'Deleted' },
      409: problemJson('Named by items or people, or stale version'),
    },
  },
  'department.delete',
);

export function departmentRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(listRoute, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await listDepartments(deps, p.unitId, p) }, 200);
  });
  app.openapi(createDepartmentRoute, async (c) => {
    const p = c.get('principal');
    return c.json(await createDepartment(deps, p.unitId, c.req.valid('json'), p), 201);
  });
  app.openapi(patchRoute, async (c) => {
    const p = c.get('principal');
    return c.json(
      await updateDepartment(deps, p.unitId, c.req.valid('param').id, c.req.valid('json'), p),
      200,
    );
  });
  app.openapi(deleteRoute, async (c) => {
    const p = c.get('principal');
    await deleteDepartment(deps, p.unitId, c.req.valid('param').id, undefined, p);
    return c.body(null, 204);
  });
  return app;
}
