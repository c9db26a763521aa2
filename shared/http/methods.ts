/**
 * 405 Method Not Allowed: a request to a path the app serves, with a method it does not serve there,
 * is answered 405 with `Allow` listing the methods it does serve (before authentication: the methods
 * of a path are no secret). Wildcard routes (the page areas' "unknown page" catch-alls) and middleware
 * do not make a path known.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

interface RouteLike {
  method: string;
  path: string;
}

function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

export function allowedMethods(routes: readonly RouteLike[]) {
  let compiled: { method: string; pattern: RegExp }[] | undefined;
  return (path: string): string[] => {
    compiled ??= routes
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({ method: r.method.toUpperCase(), pattern: patternOf(r.path) }));
    const methods = new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}

/** Answers 405 (with `respond`) when the path is known but not for this method. */
export function methodNotAllowed(
  routes: readonly RouteLike[],
  respond: (c: Context, allow: string[]) => Response | Promise<Response>,
): MiddlewareHandler {
  const allowedFor = allowedMethods(routes);
  return async (c, next) => {
    // A route of this method matched (the common case): no need to list the path's methods.
    if (matchedRoutes(c).some((r) => r.method !== 'ALL' && !r.path.includes('*'))) return next();
    const allow = allowedFor(c.req.path);
    if (allow.length > 0 && !allow.includes(c.req.method)) {
      c.header('Allow', allow.join(', '));
      return respond(c, allow);
    }
    await next();
  };
}
