import type { Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { LOCAL_FILES_PATH } from '../adapters/files/local-files-path.js';
import { once } from '../adapters/lazy.js';
import { mountPages, pagesLoader } from '../web/mount.js';
import type { PageFallbacks } from '../web/pages-app.js';
import { wantsPage } from '../web/wants-page.js';
import { apiGroups } from './api-groups.js';
import { API_GROUPS, API_ROUTES, honoPath } from './api-routes.js';
import { authenticate } from './auth.js';
import { bodyLimit, MAX_ATTACHMENT_BODY_BYTES, MAX_JSON_BYTES, MAX_UPLOAD_BYTES } from './body-limit.js';
import type { AppDeps, AppEnv } from './env.js';
import { methodNotAllowed } from './methods.js';
import { ApiRoutes } from './openapi.js';
import { problem, problemResponse, toProblem } from './problem.js';

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
  const groups = apiGroups(deps, APP_FALLBACKS.onError);
  // The local-only group exists only with dev tools: 404 in AWS.
  const served = API_GROUPS.filter((group) => group !== 'dev' || deps.dev);
  const definitions = () => groups.definitions(served);
  app.doc31(
    '/openapi.json',
    {
      info: {
        title: 'dialogue-followup',
        version: '0.1.0',
        description: 'Theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    definitions,
  );

  app.use('/api/*', authenticate(deps.verifier));
  // Each group's code is loaded by the first request routed to it (API_ROUTES, in matching order).
  for (const route of API_ROUTES.filter((r) => served.includes(r.group)))
    app.on(route.method.toUpperCase(), honoPath(route.path), (c) => groups.handle(route.group, c));
  // The local outbox pages (no token: they exist only on a developer's machine).
  if (deps.dev) app.get('/dev/outbox/:file?', (c) => groups.handle('dev', c));
  // Local mode's stand-in for S3's presigned URLs (not under /api: the URL itself is the credential).
  // A file store whose uploads come to this site is the local one (uploadOrigin null).
  if (deps.files.uploadOrigin === null) {
    const files = once(async () => {
      const [{ localFileRoutes }, { LocalFileStore }] = await Promise.all([
        import('./routes/local-files.js'),
        import('../adapters/files/local-file-store.js'),
      ]);
      if (!(deps.files instanceof LocalFileStore))
        throw new Error('uploads to this site need the local file store');
      return localFileRoutes(deps.files).onError(APP_FALLBACKS.onError);
    });
    app.on(['GET', 'PUT'], `${LOCAL_FILES_PATH}/:token`, async (c) =>
      (await files()).fetch(c.req.raw, c.env),
    );
  }
  mountPages(app, pages);
  return Object.assign(app, { apiDefinitions: definitions });
}

export type App = ReturnType<typeof createApp>;
