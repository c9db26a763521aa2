import type { Context } from 'hono';

/** Whether the request comes from a browser asking for a page (not an API client). */
export function wantsPage(c: Context): boolean {
  const path = c.req.path;
  if (path === '/api' || path.startsWith('/api/') || path === '/openapi.json' || path === '/health')
    return false;
  return (c.req.header('accept') ?? '').includes('text/html');
}
