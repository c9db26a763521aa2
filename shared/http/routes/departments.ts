import * as z from 'zod';
import { createDepartment, listDepartments } from '../../services/department-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { securedRoute } from '../route-table.js';
import { DepartmentSchema, NewDepartmentSchema } from '../schemas.js';

const listRoute = securedRoute(
  {
    method: 'get',
    path: '/api/departments',
    summary: 'Departments of the unit',
    responses: {
      200: {
        description: 'Departments',
        content: { 'application/json': { schema: z.object({ items: z.array(DepartmentSchema) }) } },
      },
    },
  },
  'department.list',
);

const createDepartmentRoute = securedRoute(
  {
    method: 'post',
    path: '/api/departments',
    summary: 'Add a department (admin)',
    request: { body: { required: true, content: { 'application/json': { schema: NewDepartmentSchema } } } },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: DepartmentSchema } } },
    },
  },
  'department.create',
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
  return app;
}
