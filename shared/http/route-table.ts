import type * as z from 'zod';
import type { Role } from '../domain/model.js';
import { type Action, EVERYONE, OFFICE as OFFICE_ROLES, rolesFor } from '../domain/permissions.js';
import { API_ROUTES } from './api-routes.js';
import { allow } from './auth.js';
import { createRoute, type RouteConfig } from './openapi.js';
import { ProblemSchema } from './schemas.js';

/** Who may call each route: the authorization matrix test is generated from this table. */
export interface RouteAccess {
  method: string;
  /** OpenAPI-style path, e.g. /api/recommendations/{id}. */
  path: string;
  /** The action of shared/domain/permissions.ts the route performs. */
  action: Action;
  roles: readonly Role[];
}

export const ROUTE_TABLE: readonly RouteAccess[] = API_ROUTES.map(({ method, path, action }) => ({
  method,
  path,
  action,
  roles: rolesFor(action),
}));

/** A response carrying an RFC 9457 problem. */
export const problemOf = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** What any secured route may answer besides its own responses. */
const problemResponses = {
  400: problemOf('Invalid input: each bad field named in `errors`'),
  401: problemOf('Not signed in (no token, or an invalid or expired one)'),
  403: problemOf('The role may not perform this action'),
  404: problemOf('Unknown id, or a record of another unit or department'),
  500: problemOf('Unexpected error (logged); nothing is half-written'),
} as const;

/** What a route with a JSON body may answer besides. */
const jsonBodyResponses = {
  415: problemOf('Content-Type is not application/json'),
} as const;

/**
 * A route under /api that needs a bearer token and performs `action`: the roles come from the
 * permission table (the service checks the action again, with its ownership condition).
 */
export function securedRoute<R extends RouteConfig>(config: R, action: Action) {
  const roles = rolesFor(action);
  const listed = API_ROUTES.find((r) => r.method === config.method && r.path === config.path);
  if (listed?.action !== action)
    throw new Error(
      `${config.method} ${config.path} (${action}) must be listed in shared/http/api-routes.ts`,
    );
  return createRoute({
    ...config,
    middleware: [allow(...roles)] as const,
    security: [{ bearer: [] }],
    responses: {
      ...problemResponses,
      ...((config.request?.body?.content['application/json'] ? jsonBodyResponses : {}) as Partial<
        typeof jsonBodyResponses
      > as object),
      ...config.responses,
    },
  });
}

export const ALL_ROLES: readonly Role[] = EVERYONE;
export const OFFICE: readonly Role[] = OFFICE_ROLES;

/** A JSON response of a route. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

/** A problem response (RFC 9457) a route may send besides the common ones. */
export const problemJson = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});
