import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { foldDiacritics } from '../../domain/text.js';
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

/** A readable id from the Vietnamese name: "Công an phường" → "cong-an-phuong". */
export function slugOf(name: string): string {
  const slug = foldDiacritics(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return slug || randomUUID();
}

export function departmentRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(listRoute, async (c) => {
    const { unitId } = c.get('principal');
    return c.json({ items: await deps.units.listDepartments(unitId) }, 200);
  });
  app.openapi(createDepartmentRoute, async (c) => {
    const principal = c.get('principal');
    const body = c.req.valid('json');
    const department = { id: body.id ?? slugOf(body.name), name: body.name, emails: body.emails };
    await deps.units.createDepartment(principal.unitId, department, principal, deps.clock.now());
    return c.json(department, 201);
  });
  return app;
}
