/**
 * The API's route groups, each loaded on the first request that needs it: the module of
 * shared/http/routes/ with its schemas, services and handlers, built into a small app of its own once per
 * process. The top app (shared/http/app.ts) has already authenticated the request and answered unknown
 * paths and methods from API_ROUTES; it hands the request and the verified principal over.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { once } from '../adapters/lazy.js';
import type { ApiGroup } from './api-routes.js';
import type { Principal } from './auth.js';
import type { AppDeps, AppEnv } from './env.js';
import { ApiRoutes, type RouteConfig } from './openapi.js';

type Routes = ApiRoutes<AppEnv>;

const LOADERS: Record<ApiGroup, (deps: AppDeps) => Promise<Routes>> = {
  units: async (deps) => (await import('./routes/units.js')).unitRoutes(deps),
  users: async (deps) => (await import('./routes/users.js')).userRoutes(deps),
  departments: async (deps) => (await import('./routes/departments.js')).departmentRoutes(deps),
  dialogues: async (deps) => (await import('./routes/dialogues.js')).dialogueRoutes(deps),
  documents: async (deps) => (await import('./routes/documents.js')).documentRoutes(deps),
  'recommendation-lists': async (deps) =>
    (await import('./routes/recommendation-lists.js')).recommendationListRoutes(deps),
  recommendations: async (deps) => (await import('./routes/recommendations.js')).recommendationRoutes(deps),
  attachments: async (deps) => (await import('./routes/attachments.js')).attachmentRoutes(deps),
  calendar: async (deps) => (await import('./routes/calendar.js')).calendarRoutes(deps),
  'national-calendar': async (deps) =>
    (await import('./routes/national-calendar.js')).nationalCalendarRoutes(deps),
  fields: async (deps) => (await import('./routes/fields.js')).fieldRoutes(deps),
  escalation: async (deps) => (await import('./routes/escalation.js')).escalationRoutes(deps),
  notices: async (deps) => (await import('./routes/notices.js')).noticeRoutes(deps),
  reports: async (deps) => (await import('./routes/reports.js')).reportsRoutes(deps),
  dev: async (deps) => (await import('./routes/dev.js')).devRoutes(deps),
};

/** Where the top app puts the verified principal in the group app's `env` (no request can set it). */
const PRINCIPAL = Symbol('principal');

const principalFromTopApp: MiddlewareHandler<AppEnv> = async (c, next) => {
  const principal = (c.env as Record<symbol, Principal | undefined> | undefined)?.[PRINCIPAL];
  if (principal) c.set('principal', principal);
  await next();
};

export interface ApiGroups {
  /** Answers a request the top app routed to `group` (it has authenticated it). */
  handle(group: ApiGroup, c: Context<AppEnv>): Promise<Response>;
  /** The declared routes of every group, in API_ROUTES's group order (loads them all). */
  definitions(groups: readonly ApiGroup[]): Promise<RouteConfig[]>;
}

export function apiGroups(deps: AppDeps, onError: ErrorHandler): ApiGroups {
  const loaders = new Map<ApiGroup, () => Promise<Routes>>();
  const load = (group: ApiGroup): Promise<Routes> => {
    let loader = loaders.get(group);
    if (!loader) {
      loader = once(async () => {
        const app = new ApiRoutes<AppEnv>();
        app.onError(onError);
        app.use('*', principalFromTopApp);
        return app.include(await LOADERS[group](deps));
      });
      loaders.set(group, loader);
    }
    return loader();
  };
  return {
    async handle(group, c) {
      const app = await load(group);
      const env = { ...(c.env as object | undefined), [PRINCIPAL]: c.get('principal') };
      return app.fetch(c.req.raw, env);
    },
    async definitions(groups) {
      const apps = await Promise.all(groups.map(load));
      return apps.flatMap((app) => app.definitions);
    },
  };
}
