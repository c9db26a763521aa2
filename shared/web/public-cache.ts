/**
 * The public pages are read by anyone, often many times over (a link shared in a ward's group chat),
 * and change a few times a week. So each process keeps a rendered public page for a short while
 * (DEFAULT_PUBLIC_CACHE_SECONDS, 60 s): a repeated request within it is answered from memory, with no
 * table read. Every answer carries an ETag (a hash of the page) and Cache-Control; a browser or proxy
 * that sends the ETag back (If-None-Match) gets 304 Not Modified without the page.
 * A change the office publishes shows on the public page within that window.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const DEFAULT_PUBLIC_CACHE_SECONDS = 60;
/** Pages kept per process (least recently used first out), and the largest page kept. */
const MAX_ENTRIES = 500;
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Headers of the rendered page replayed from memory (the rest is added on the way out). */
const KEPT_HEADERS = ['content-type', 'content-security-policy', 'cache-control'];

interface Entry {
  status: number;
  body: string;
  headers: [string, string][];
  etag: string;
  storedAt: number;
}

export interface PublicCacheOptions {
  ttlSeconds?: number;
  now?: () => number;
}

const etagOf = (body: string) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** Whether an If-None-Match header names this ETag (a list, weak forms, or `*`). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/** The middleware for GET requests of the public pages (mounted on `/public/*`). */
export function publicPageCache(options: PublicCacheOptions = {}): MiddlewareHandler {
  const ttlMs = (options.ttlSeconds ?? DEFAULT_PUBLIC_CACHE_SECONDS) * 1000;
  const now = options.now ?? (() => Date.now());
  const entries = new Map<string, Entry>();

  const answer = (ifNoneMatch: string | undefined, entry: Entry): Response => {
    const headers = new Headers(entry.headers);
    headers.set('ETag', entry.etag);
    if (matches(ifNoneMatch, entry.etag)) {
      headers.delete('content-type');
      return new Response(null, { status: 304, headers });
    }
    return new Response(entry.body, { status: entry.status, headers });
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' || ttlMs <= 0) return next();
    const url = new URL(c.req.url);
    const key = `${url.pathname}${url.search}`;
    const ifNoneMatch = c.req.header('if-none-match');
    const cached = entries.get(key);
    if (cached && now() - cached.storedAt < ttlMs) {
      // Most recently used last.
      entries.delete(key);
      entries.set(key, cached);
      c.res = answer(ifNoneMatch, cached);
      return c.res;
    }
    await next();
    const res = c.res;
    if (res.status !== 200 && res.status !== 404) return;
    const body = await res.clone().text();
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return;
    const entry: Entry = {
      status: res.status,
      body,
      headers: KEPT_HEADERS.flatMap((h) => {
        const v = res.headers.get(h);
        return v === null ? [] : [[h, v] as [string, string]];
      }),
      etag: etagOf(body),
      storedAt: now(),
    };
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
    c.res = answer(ifNoneMatch, entry);
  };
}
