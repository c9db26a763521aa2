/**
 * Typed, validated routes and the OpenAPI 3.1 document, from the same zod schemas.
 *
 * A small replacement for @hono/zod-openapi: that package re-exports zod's whole `z` namespace, which
 * keeps every zod module (≈ 450 KB minified) in each Lambda bundle. Here zod is imported as a module
 * namespace, so the bundler keeps only what the schemas use, and the document is built on first
 * request with zod's own JSON Schema generator (JSON Schema 2020-12 is OpenAPI 3.1's schema dialect).
 */
import { type Env, Hono, type Input, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Handler } from 'hono/types';
import { validator } from 'hono/validator';
import type * as z from 'zod';
import { once } from '../adapters/lazy.js';
import { validationHook } from './validation.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export interface MediaContent {
  [mediaType: string]: { schema: z.ZodType };
}

export interface RouteConfig {
  method: Method;
  /** OpenAPI-style path: /api/recommendations/{id}. */
  path: string;
  summary?: string;
  description?: string;
  request?: {
    params?: z.ZodType;
    query?: z.ZodType;
    headers?: z.ZodType;
    body?: { required?: boolean; description?: string; content: MediaContent };
  };
  responses: { [status: number]: { description: string; content?: MediaContent } };
  middleware?: MiddlewareHandler | readonly MiddlewareHandler[];
  security?: Record<string, string[]>[];
}

type RequestOf<R> = R extends { request: infer Q } ? Q : unknown;
type ParamOut<Q> = Q extends { params: infer S extends z.ZodType } ? { param: z.output<S> } : unknown;
type QueryOut<Q> = Q extends { query: infer S extends z.ZodType } ? { query: z.output<S> } : unknown;
type HeaderOut<Q> = Q extends { headers: infer S extends z.ZodType } ? { header: z.output<S> } : unknown;
type JsonOut<Q> = Q extends {
  body: { content: { 'application/json': { schema: infer S extends z.ZodType } } };
}
  ? { json: z.output<S> }
  : unknown;

/** What `c.req.valid(target)` returns in a route's handler. */
export type RouteInput<R> = {
  out: ParamOut<RequestOf<R>> & QueryOut<RequestOf<R>> & HeaderOut<RequestOf<R>> & JsonOut<RequestOf<R>>;
};

export const createRoute = <R extends RouteConfig>(route: R): R => route;

const JSON_MEDIA = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;

/** A JSON body route refuses other media types (415) before reading the body. */
const jsonMediaType: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type');
  const hasBody = type ? true : (await c.req.raw.clone().arrayBuffer()).byteLength > 0;
  if (hasBody && !(type && JSON_MEDIA.test(type)))
    throw new HTTPException(415, { message: 'Content-Type phải là application/json' });
  await next();
};

type Target = 'param' | 'query' | 'header' | 'json';

function validate(target: Target, schema: z.ZodType): MiddlewareHandler {
  return validator(target, async (value, c) => {
    const result = await schema.safeParseAsync(value);
    if (result.success) return result.data;
    return validationHook({ success: false, error: result.error, target }, c) ?? c.text('', 400);
  });
}

function validatorsOf(route: RouteConfig): MiddlewareHandler[] {
  const request = route.request ?? {};
  const out: MiddlewareHandler[] = [];
  if (request.query) out.push(validate('query', request.query));
  if (request.params) out.push(validate('param', request.params));
  if (request.headers) out.push(validate('header', request.headers));
  const json = request.body?.content['application/json']?.schema;
  if (json) out.push(jsonMediaType, validate('json', json));
  return out;
}

/** A Hono app whose routes are declared with their schemas, validated, and documented. */
export class ApiRoutes<E extends Env> extends Hono<E> {
  readonly definitions: RouteConfig[] = [];

  openapi<R extends RouteConfig>(route: R, handler: Handler<E, string, RouteInput<R> & Input>): this {
    this.definitions.push(route);
    const middleware = route.middleware ? [route.middleware].flat() : [];
    const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1');
    const handlers = [...middleware, ...validatorsOf(route), handler] as MiddlewareHandler[];
    (this as unknown as Hono).on(route.method.toUpperCase(), path, ...(handlers as [MiddlewareHandler]));
    return this;
  }

  /** Mounts another ApiRoutes at the root, with its definitions. */
  include(routes: ApiRoutes<E>): this {
    this.definitions.push(...routes.definitions);
    this.route('/', routes);
    return this;
  }

  /**
   * Serves the OpenAPI 3.1 document of `definitions` (by default every route declared here), built on
   * the first request with zod's JSON Schema generator, which is loaded then.
   */
  doc31(
    path: string,
    head: { info: OpenApiInfo; components?: Record<string, unknown> },
    definitions: () => Promise<readonly RouteConfig[]> = async () => this.definitions,
  ): this {
    const doc = once(async () => {
      const [routes, { openApiDocument }] = await Promise.all([
        definitions(),
        import('./openapi-document.js'),
      ]);
      return openApiDocument(routes, head);
    });
    this.get(path, async (c) => c.json((await doc()) as object));
    return this;
  }
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}
