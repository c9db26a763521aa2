/**
 * /admin: a unit's administration, for its administrator (the area's action in PAGE_AREAS); each form
 * is a PAGE_ACTIONS entry whose service checks its own action again.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../../http/env.js';
import { areaAction } from '../../page-actions.js';
import { pageErrorHandler, unknownPage } from '../../render.js';
import { requireUser, type WebEnv } from '../../session.js';
import { registerDepartments } from './departments.js';
import { registerOverview } from './overview.js';
import { registerPeople } from './people.js';
import { registerRecipients } from './recipients.js';
import { registerSettingsPages } from './settings-pages.js';

export function adminRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/admin')));
  registerOverview(app, deps);
  registerPeople(app, deps);
  registerDepartments(app, deps);
  registerSettingsPages(app, deps);
  registerRecipients(app, deps);
  app.get('*', unknownPage);
  return app;
}
