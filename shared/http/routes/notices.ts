/** The unit's e-mail notice settings: which kinds it sends. */
import * as z from 'zod';
import { NOTICE_KINDS, NOTICE_LABELS } from '../../domain/notifications/settings.js';
import { readNoticeSettings, updateNoticeSettings } from '../../services/notice-settings.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, securedRoute } from '../route-table.js';

const description = NOTICE_KINDS.map((k) => `\`${k}\`: ${NOTICE_LABELS[k]}`).join('; ');

const Settings = z
  .object(
    Object.fromEntries(NOTICE_KINDS.map((k) => [k, z.boolean()])) as Record<
      (typeof NOTICE_KINDS)[number],
      z.ZodBoolean
    >,
  )
  .meta({ id: 'NoticeSettings', description });

const get = securedRoute(
  {
    method: 'get',
    path: '/api/notice-settings',
    summary: 'Which e-mail notices the unit sends (every kind on by default)',
    description,
    responses: { 200: json(Settings, 'Settings') },
  },
  'notices.read',
);

const put = securedRoute(
  {
    method: 'put',
    path: '/api/notice-settings',
    summary: 'Turn kinds of e-mail notices on or off (the kinds not given keep their value)',
    description,
    request: { body: jsonBody(Settings.partial().strict()) },
    responses: { 200: json(Settings, 'Saved') },
  },
  'notices.update',
);

export function noticeRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(get, async (c) => {
    const p = c.get('principal');
    return c.json(await readNoticeSettings(deps, p.unitId, p), 200);
  });
  app.openapi(put, async (c) => {
    const p = c.get('principal');
    return c.json(await updateNoticeSettings(deps, p.unitId, p, c.req.valid('json')), 200);
  });
  return app;
}
