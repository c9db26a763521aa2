/**
 * The web pages, server-rendered with hono/jsx from the same app (and Lambda) as the API. Each area
 * is its own sub-app mounted under its own prefix, so nothing here touches /api/*, /health or
 * /openapi.json. Pages call the services directly with the principal from the session cookie.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../http/env.js';
import { APP_CSS, APP_JS } from './assets.js';
import { homeOf } from './layout.js';
import { adminRoutes } from './pages/admin/index.js';
import { unitRoutes } from './pages/admin/units.js';
import { communeRoutes } from './pages/communes.js';
import { documentRoutes } from './pages/documents.js';
import { frontRoutes } from './pages/front.js';
import { inboxRoutes } from './pages/inbox.js';
import { itemRoutes } from './pages/item.js';
import { officeRoutes } from './pages/office.js';
import { publicRoutes } from './pages/public.js';
import { signInRoutes } from './pages/signin.js';
import { standingRoutes } from './pages/standing.js';
import { publicPageCache } from './public-cache.js';
import { currentUser } from './session.js';

export function webRoutes(deps: AppDeps) {
  const web = new Hono();

  web.get('/', async (c) => {
    const session = await currentUser(deps, c);
    return c.redirect(session ? homeOf(session.user) : '/signin', 303);
  });

  const asset =
    (body: string, type: string) =>
    (c: { body: (b: string, s: 200, h: Record<string, string>) => Response }) =>
      c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=3600' });
  web.get('/assets/app.css', asset(APP_CSS, 'text/css; charset=utf-8'));
  web.get('/assets/app.js', asset(APP_JS, 'text/javascript; charset=utf-8'));

  web.route('/', signInRoutes(deps));
  web.route('/units', unitRoutes(deps));
  web.route('/admin', adminRoutes(deps));
  web.route('/office', officeRoutes(deps));
  web.route('/inbox', inboxRoutes(deps));
  web.route('/front', frontRoutes(deps));
  web.route('/standing', standingRoutes(deps));
  web.route('/communes', communeRoutes(deps));
  web.route('/items', itemRoutes(deps));
  web.route('/documents', documentRoutes(deps));
  // Report emails link to /recommendations/{id}: the same item page.
  web.get('/recommendations/:id', (c) => c.redirect(`/items/${encodeURIComponent(c.req.param('id'))}`, 301));
  web.use('/public/*', publicPageCache({ ttlSeconds: deps.settings.publicPageCacheSeconds }));
  web.route('/public', publicRoutes(deps));
  return web;
}
