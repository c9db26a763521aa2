import { secureHeaders } from 'hono/secure-headers';
import { webRoutes } from '../web/routes.js';
import { authenticate } from './auth.js';
import type { AppDeps, AppEnv } from './env.js';
import { ApiRoutes } from './openapi.js';
import { problem, problemResponse, toProblem } from './problem.js';
import { calendarRoutes } from './routes/calendar.js';
import { departmentRoutes } from './routes/departments.js';
import { devRoutes } from './routes/dev.js';
import { dialogueRoutes } from './routes/dialogues.js';
import { escalationRoutes } from './routes/escalation.js';
import { fieldRoutes } from './routes/fields.js';
import { nationalCalendarRoutes } from './routes/national-calendar.js';
import { noticeRoutes } from './routes/notices.js';
import { recommendationListRoutes } from './routes/recommendation-lists.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { reportsRoutes } from './routes/reports.js';

/** The one HTTP app: the local server, the Lambda handler and the tests all build it here. */
export function createApp(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.use('*', secureHeaders());
  app.onError((error, c) => problemResponse(c, toProblem(error)));
  app.notFound((c) =>
    problemResponse(
      c,
      problem(404, 'not-found', 'Không tìm thấy', `Không có đường dẫn ${c.req.method} ${c.req.path}`, [
        { field: 'path', message: 'Đường dẫn không tồn tại' },
      ]),
    ),
  );

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.doc31('/openapi.json', {
    info: {
      title: 'dialogue-followup',
      version: '0.1.0',
      description: 'Theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  });

  app.use('/api/*', authenticate(deps.verifier));
  app.include(departmentRoutes(deps));
  app.include(dialogueRoutes(deps));
  // Before /api/recommendations/{id}: /counts and /export are not ids.
  app.include(recommendationListRoutes(deps));
  app.include(recommendationRoutes(deps));
  app.include(calendarRoutes(deps));
  app.include(nationalCalendarRoutes(deps));
  app.include(fieldRoutes(deps));
  app.include(escalationRoutes(deps));
  app.include(noticeRoutes(deps));
  app.include(reportsRoutes(deps));
  // Local-only routes (/api/dev/*) exist only when dev tools are injected: 404 in AWS.
  if (deps.dev) app.include(devRoutes(deps));
  app.route('/', webRoutes(deps));
  return app;
}

export type App = ReturnType<typeof createApp>;
