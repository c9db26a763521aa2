import { html } from 'hono/html';
import * as z from 'zod';
import { CALENDAR_MAX_DATE, CALENDAR_MIN_DATE, todayInVietnam } from '../../domain/calendar/index.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { problem, problemResponse } from '../problem.js';
import { securedRoute } from '../route-table.js';

/** An instant whose date in Vietnam the working calendar can count (1990–2100). */
const ClockTime = z.iso.datetime({ offset: true }).refine(
  (value) => {
    const time = new Date(value);
    // Not a date-time at all: the format check above says so.
    if (Number.isNaN(time.getTime())) return true;
    const day = todayInVietnam(time);
    return day >= CALENDAR_MIN_DATE && day <= CALENDAR_MAX_DATE;
  },
  { message: 'Thời điểm phải nằm trong lịch làm việc hỗ trợ: 01/01/1990–31/12/2100 (giờ Việt Nam)' },
);

const setClock = securedRoute(
  {
    method: 'post',
    path: '/api/dev/clock',
    summary: 'Local only: move the clock (the scheduler then fires what has become due)',
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: z.object({ now: ClockTime }).strict() },
        },
      },
    },
    responses: {
      200: {
        description: 'The new time',
        content: { 'application/json': { schema: z.object({ now: z.string() }) } },
      },
    },
  },
  'dev.clock',
);

const OUTBOX_FILE = /^[\w.-]+\.eml$/;

/** Local-only tools, mounted by createApp only when deps.dev is set: they do not exist (404) in AWS. */
export function devRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  const dev = deps.dev;
  if (!dev) return app;

  app.openapi(setClock, async (c) => {
    dev.setClock(new Date(c.req.valid('json').now));
    return c.json({ now: deps.clock.now().toISOString() }, 200);
  });

  // The outbox pages need no token: they exist only on a developer's machine.
  app.get('/dev/outbox', async (c) => {
    const entries = await dev.outbox.list();
    return c.html(html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Hộp thư gửi đi (cục bộ)</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body><h1>Hộp thư gửi đi (cục bộ)</h1>
<p>${entries.length} thư. Mỗi thư là một tệp .eml trong thư mục ${dev.outbox.dir}.</p>
<table><thead><tr><th>Thời điểm</th><th>Người nhận</th><th>Tiêu đề</th><th>Tệp</th></tr></thead><tbody>
${entries.map(
  (e) =>
    html`<tr><td>${e.sentAt}</td><td>${e.to.join(', ')}${e.cc.length ? html`<br><small>cc: ${e.cc.join(', ')}</small>` : ''}</td><td>${e.subject}</td><td><a href="/dev/outbox/${encodeURIComponent(e.file)}">${e.file}</a></td></tr>`,
)}
</tbody></table></body></html>`);
  });

  app.get('/dev/outbox/:file', async (c) => {
    const file = c.req.param('file');
    const notFound = () =>
      problemResponse(
        c,
        problem(404, 'not-found', 'Không tìm thấy', `Không có thư ${file}`, [
          { field: 'path', message: 'Không có thư này' },
        ]),
      );
    if (!OUTBOX_FILE.test(file)) return notFound();
    try {
      const bytes = await dev.outbox.read(file);
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': 'message/rfc822',
        'Content-Disposition': `attachment; filename="${file}"`,
      });
    } catch {
      return notFound();
    }
  });
  return app;
}
