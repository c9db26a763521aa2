/**
 * The page app, loaded on the first page request (shared/web/mount.ts): the page areas of routes.tsx
 * with the same 405, 404 and error answers the API app gives outside them.
 */
import { type Context, Hono } from 'hono';
import type { AppDeps } from '../http/env.js';
import { methodNotAllowed } from '../http/methods.js';
import { errorPage } from './render.js';
import { webRoutes } from './routes.js';
import { wantsPage } from './wants-page.js';

/** The app's answers outside the pages: problem JSON for a client that did not ask for HTML. */
export interface PageFallbacks {
  notFound: (c: Context) => Response | Promise<Response>;
  methodNotAllowed: (c: Context, allow: string[]) => Response | Promise<Response>;
  onError: (error: Error, c: Context) => Response | Promise<Response>;
}

export function pagesApp(deps: AppDeps, fallbacks: PageFallbacks) {
  const app = new Hono();
  app.onError(fallbacks.onError);
  app.notFound((c) => (wantsPage(c) ? errorPage(deps, c, 404) : fallbacks.notFound(c)));
  app.use(
    '*',
    methodNotAllowed(app.routes, (c, allow) =>
      wantsPage(c) ? errorPage(deps, c, 405) : fallbacks.methodNotAllowed(c, allow),
    ),
  );
  app.route('/', webRoutes(deps));
  return { app, errorPage };
}
