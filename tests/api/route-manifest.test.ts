/**
 * The app routes requests with API_ROUTES and loads a route group's code on the first request to it
 * (shared/http/api-groups.ts): the table must say exactly what each group serves, in its order, and a
 * group must not be loaded before a request needs it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { apiGroups } from '../../shared/http/api-groups.js';
import { API_GROUPS, API_ROUTES, type ApiGroup } from '../../shared/http/api-routes.js';
import { ApiRoutes } from '../../shared/http/openapi.js';
import { securedRoute } from '../../shared/http/route-table.js';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
  await seedUnit(t);
});

describe('API_ROUTES, the table the app routes with', () => {
  for (const group of API_GROUPS) {
    it(`lists exactly the routes the ${group} group declares, in its order`, async () => {
      const groups = apiGroups(t.deps, () => new Response(null, { status: 500 }));
      const declared = (await groups.definitions([group])).map((d) => `${d.method} ${d.path}`);
      const listed = API_ROUTES.filter((r) => r.group === group).map((r) => `${r.method} ${r.path}`);
      expect(declared).toEqual(listed);
    });
  }

  it('has no route twice', () => {
    const keys = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses a route a group declares without listing it, or with another action', () => {
    const route = { method: 'get', path: '/api/unlisted', responses: {} } as const;
    expect(() => securedRoute(route, 'unit.list')).toThrow(/api-routes\.ts/);
    const listed = { method: 'get', path: '/api/units', responses: {} } as const;
    expect(() => securedRoute(listed, 'unit.create')).toThrow(/api-routes\.ts/);
    expect(() => securedRoute(listed, 'unit.list')).not.toThrow();
  });
});

describe('route groups loaded on first use', () => {
  it('builds a group when first asked for it, and only once', async () => {
    const loaded: ApiGroup[] = [];
    const groups = apiGroups(t.deps, () => new Response(null, { status: 500 }));
    const original = ApiRoutes.prototype.include;
    // Counts the group apps built (each includes its routes once).
    ApiRoutes.prototype.include = function (this: ApiRoutes<never>, routes) {
      const first = routes.definitions[0];
      const group = API_ROUTES.find((r) => r.method === first?.method && r.path === first?.path)?.group;
      if (group) loaded.push(group);
      return original.call(this, routes);
    };
    try {
      await groups.definitions(['fields']);
      await groups.definitions(['fields', 'calendar']);
    } finally {
      ApiRoutes.prototype.include = original;
    }
    expect(loaded).toEqual(['fields', 'calendar']);
  });

  it('answers through the group with the principal the top app verified', async () => {
    const office = await t.call('GET', '/api/dialogues', { as: 'office' });
    expect(office.status).toBe(200);
    expect(office.body.items.length).toBeGreaterThan(0);
    const front = await t.call('POST', '/api/dialogues', { as: 'front', body: {} });
    expect(front.status).toBe(403);
    const anonymous = await t.call('GET', '/api/dialogues');
    expect(anonymous.status).toBe(401);
  });

  it('answers a known path with another method 405 and an unknown path 404 from the table', async () => {
    const wrong = await t.call('DELETE', '/api/dialogues', { as: 'office' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST');
    const unknown = await t.call('GET', '/api/nothing-here', { as: 'office' });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });
});
