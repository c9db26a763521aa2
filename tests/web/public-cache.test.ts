/**
 * Public pages are cacheable: an ETag and Cache-Control on every answer, 304 for a matching
 * If-None-Match, and a repeated request within the window answered without reading the table.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { buildDeps } from '../../shared/deps.js';
import { createApp } from '../../shared/http/app.js';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let app: ReturnType<typeof createApp>;
let deps: ReturnType<typeof buildDeps>;

beforeAll(async () => {
  t = await createTestApp();
  const { dialogueId } = await seedUnit(t);
  const dialogue = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
  await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
    as: 'office',
    body: { version: dialogue.body.version, published: true },
  });
  // As in AWS: the public pages kept 60 s per process.
  deps = { ...t.deps, settings: { ...t.deps.settings, publicPageCacheSeconds: 60 } };
  app = createApp(deps);
});
afterEach(() => vi.restoreAllMocks());

const reads = () => deps.table.meter.calls;

describe('public page caching', () => {
  it('answers a repeated request from memory (no table read), with the same ETag and Cache-Control', async () => {
    const first = await app.request('/public/u1');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const body = await first.text();
    expect(body).toContain('Hội nghị đối thoại quý IV');

    const before = reads();
    const again = await app.request('/public/u1');
    expect(reads()).toBe(before);
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('content-type')).toContain('text/html');
    expect(again.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(again.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await again.text()).toBe(body);
  });

  it('304 Not Modified without the page when the ETag comes back', async () => {
    const { headers } = await app.request('/public/u1');
    const etag = headers.get('etag') as string;
    const res = await app.request('/public/u1', { headers: { 'if-none-match': `W/"other", ${etag}` } });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(etag);
    expect(await res.text()).toBe('');
    const stale = await app.request('/public/u1', { headers: { 'if-none-match': '"not-this-one"' } });
    expect(stale.status).toBe(200);
  });

  it('reads the table again once the window has passed; unknown units are cached too', async () => {
    const start = Date.now();
    await app.request('/public/u1');
    const before = reads();
    vi.spyOn(Date, 'now').mockReturnValue(start + 61_000);
    await app.request('/public/u1');
    expect(reads()).toBeGreaterThan(before);

    const missing = await app.request('/public/khong-co');
    expect(missing.status).toBe(404);
    const after404 = reads();
    expect((await app.request('/public/khong-co')).status).toBe(404);
    expect(reads()).toBe(after404);
  });

  it('is off where the window is 0 (locally and in tests): every request reads', async () => {
    const before = t.deps.table.meter.calls;
    await t.app.request('/public/u1');
    const once = t.deps.table.meter.calls;
    await t.app.request('/public/u1');
    expect(once).toBeGreaterThan(before);
    expect(t.deps.table.meter.calls).toBeGreaterThan(once);
  });
});
