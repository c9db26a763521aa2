import type { Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { LOCAL_FILES_PATH, LocalFileStore } from '../adapters/files/local-file-store.js';
import { mountPages, pagesLoader } from '../web/mount.js';
import type { PageFallbacks } from '../web/pages-app.js';
import { wantsPage } from '../web/wants-page.js';
import { authenticate } from './auth.js';
import { bodyLimit, MAX_ATTACHMENT_BODY_BYTES, MAX_JSON_BYTES, MAX_UPLOAD_BYTES } from './body-limit.js';
import type { AppDeps, AppEnv } from './env.js';
import { methodNotAllowed } from './methods.js';
import { ApiRoutes } from './openapi.js';
import { problem, problemResponse, toProblem } from './problem.js';
import { attachmentRoutes } from './routes/attachments.js';
import { calendarRoutes } from './routes/calendar.js';
import { departmentRoutes } from './routes/departments.js';
import { devRoutes } from './routes/dev.js';
import { dialogueRoutes } from './routes/dialogues.js';
import { documentRoutes } from './routes/documents.js';
import { escalationRoutes } from './routes/escalation.js';
import { fieldRoutes } from './routes/fields.js';
import { localFileRoutes } from './routes/local-files.js';
import { nationalCalendarRoutes } from './routes/national-calendar.js';
import { noticeRoutes } from './routes/notices.js';
import { recommendationListRoutes } from './routes/recommendation-lists.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { reportsRoutes } from './routes/reports.js';
import { unitRoutes } from './routes/units.js';
import { userRoutes } from './routes/users.js';

const notFoundProblem = (c: Context) =>
  problemResponse(
    c,
    problem(404, 'not-found', 'Không tìm thấy', `Không có đường dẫn ${c.req.method} ${c.req.path}`, [
      { field: 'path', message: 'Đường dẫn không tồn tại' },
    ]),
  );

const methodProblem = (c: Context, allow: string[]) =>
  problemResponse(
    c,
    problem(
      405,
      'method-not-allowed',
      'Phương thức không được hỗ trợ',
      `${c.req.path} không nhận ${c.req.method}; dùng ${allow.join(', ')}`,
      [{ field: 'method', message: `Chỉ nhận ${allow.join(', ')}` }],
    ),
  );

/** The app's problem answers, shared with the lazily loaded page app. */
export const APP_FALLBACKS: PageFallbacks = {
  notFound: notFoundProblem,
  methodNotAllowed: methodProblem,
  onError: (error, c) => problemResponse(c, toProblem(error)),
};

/**
 * The one HTTP app: the local server, the Lambda handler and the tests all build it here. The web pages
 * are loaded with the first page request (shared/web/mount.ts), not when the app is built.
 */
export function createApp(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  const pages = pagesLoader(deps, APP_FALLBACKS);
  const errorPage = async (c: Context, status: 404 | 405) => (await pages()).errorPage(deps, c, status);
  app.use('*', secureHeaders());
  // Every body, API or page, is counted as it is read: 1 MB, or 10 MB where a spreadsheet is uploaded,
  // or a file on an answer with its multipart envelope (the local store's PUT stands in for S3's).
  app.use(
    '*',
    bodyLimit({
      maxBytes: MAX_JSON_BYTES,
      uploads: [
        {
          maxBytes: MAX_UPLOAD_BYTES,
          paths: [
            '/api/dialogues/:id/recommendations/import',
            '/office/dialogues/:id/import',
            '/office/dialogues/:id/import/confirm',
          ],
        },
        {
          maxBytes: MAX_ATTACHMENT_BODY_BYTES,
          paths: ['/api/recommendations/:id/attachments', '/items/:id/files', `${LOCAL_FILES_PATH}/:token`],
        },
      ],
    }),
  );
  app.onError(APP_FALLBACKS.onError);
  app.notFound((c) => (wantsPage(c) ? errorPage(c, 404) : notFoundProblem(c)));
  app.use(
    '*',
    methodNotAllowed(app.routes, (c, allow) => (wantsPage(c) ? errorPage(c, 405) : methodProblem(c, allow))),
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
  app.include(unitRoutes(deps));
  app.include(userRoutes(deps));
  app.include(departmentRoutes(deps));
  app.include(dialogueRoutes(deps));
  app.include(documentRoutes(deps));
  // Before /api/recommendations/{id}: /counts and /export are not ids.
  app.include(recommendationListRoutes(deps));
  app.include(recommendationRoutes(deps));
  app.include(attachmentRoutes(deps));
  app.include(calendarRoutes(deps));
  app.include(nationalCalendarRoutes(deps));
  app.include(fieldRoutes(deps));
  app.include(escalationRoutes(deps));
  app.include(noticeRoutes(deps));
  app.include(reportsRoutes(deps));
  // Local-only routes (/api/dev/*) exist only when dev tools are injected: 404 in AWS.
  if (deps.dev) app.include(devRoutes(deps));
  // Local mode's stand-in for S3's presigned URLs (not under /api: the URL itself is the credential).
  if (deps.files instanceof LocalFileStore) app.route('/', localFileRoutes(deps.files));
  mountPages(app, pages);
  return app;
}

export type App = ReturnType<typeof createApp>;
