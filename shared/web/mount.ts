/**
 * The web pages, mounted in the app without loading them: the first request to a page area loads the
 * page code (shared/web/pages-app.ts and everything it imports: the pages, their layout, forms and
 * assets, the spreadsheet preview, the report fragments) once per process, then hands it every page
 * request. API requests never load it.
 */
import type { Context, Hono } from 'hono';
import { once } from '../adapters/lazy.js';
import type { AppDeps } from '../http/env.js';
import type { PageFallbacks } from './pages-app.js';

/**
 * The first path segment of every page route (shared/web/routes.tsx), `/` being the home redirect. A new
 * page area must be added here: tests/web/lazy-pages.test.ts fails while one is missing.
 */
export const PAGE_MOUNTS = [
  '/',
  '/assets',
  '/signin',
  '/auth',
  '/signout',
  '/units',
  '/admin',
  '/office',
  '/inbox',
  '/front',
  '/standing',
  '/communes',
  '/items',
  '/documents',
  '/recommendations',
  '/public',
] as const;

export type LoadedPages = Awaited<ReturnType<typeof import('./pages-app.js').pagesApp>>;

/** The page app of these deps, built on first call and kept. */
export function pagesLoader(deps: AppDeps, fallbacks: PageFallbacks): () => Promise<LoadedPages> {
  return once(async () => (await import('./pages-app.js')).pagesApp(deps, fallbacks));
}

/** Routes every page area to the lazily loaded page app. */
export function mountPages<E extends object>(app: Hono<E>, load: () => Promise<LoadedPages>): void {
  const handler = async (c: Context) => (await load()).app.fetch(c.req.raw, c.env);
  for (const area of PAGE_MOUNTS) {
    app.all(area, handler);
    if (area !== '/') app.all(`${area}/*`, handler);
  }
}
