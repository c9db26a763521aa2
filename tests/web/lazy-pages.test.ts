/**
 * The pages are mounted without being loaded (shared/web/mount.ts): every page route must sit under one
 * of the mounted areas, and a page request answers as before whether it is the first or not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_FALLBACKS } from '../../shared/http/app.js';
import { PAGE_MOUNTS } from '../../shared/web/mount.js';
import { pagesApp } from '../../shared/web/pages-app.js';
import { createTestApp } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});

const areaOf = (path: string) => `/${path.split('/')[1] ?? ''}`;

describe('lazily mounted pages', () => {
  it('every page route lies under a mounted area, and every mounted area has a page', () => {
    const routes = pagesApp(t.deps, APP_FALLBACKS).app.routes.filter((r) => r.method !== 'ALL');
    const pagePaths = [...new Set(routes.map((r) => r.path))];
    expect(pagePaths.length).toBeGreaterThan(10);
    const mounted = new Set<string>(PAGE_MOUNTS);
    expect(pagePaths.filter((p) => !mounted.has(areaOf(p)))).toEqual([]);
    expect(PAGE_MOUNTS.filter((area) => !pagePaths.some((p) => areaOf(p) === area))).toEqual([]);
  });

  it('the API app registers no page route of its own: only the mounts', () => {
    const apiOnly = t.app.routes.filter(
      // /local-files/: local mode's stand-in for S3's presigned URLs, not a page.
      (r) =>
        !r.path.startsWith('/api/') &&
        !r.path.startsWith('/dev/') &&
        !r.path.startsWith('/local-files/') &&
        r.method !== 'ALL',
    );
    expect(apiOnly.map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health', 'GET /openapi.json']);
  });

  it('the first page request of a fresh app answers the page, then the same again', async () => {
    const fresh = await createTestApp();
    for (let i = 0; i < 2; i++) {
      const res = await fresh.app.request('/signin', { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Đăng nhập');
    }
  });

  it('an unknown address: an HTML 404 for a browser, problem JSON for a client, inside and outside the areas', async () => {
    for (const path of ['/nowhere', '/signin/nowhere', '/public/u1/nowhere']) {
      const page = await t.app.request(path, { headers: { accept: 'text/html' } });
      expect(page.status, path).toBe(404);
      expect(await page.text(), path).toContain('Không tìm thấy');
    }
    const problem = await t.app.request('/nowhere', { headers: { accept: 'application/json' } });
    expect(problem.status).toBe(404);
    expect(problem.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
