/** The OpenAPI 3.1 document of declared routes, from their zod schemas (loaded with the first request for it). */
import * as z from 'zod';
import type { MediaContent, OpenApiInfo, RouteConfig } from './openapi.js';

type JsonSchema = Record<string, unknown>;

/** Converts a schema, moving the named ones (`.meta({ id })`) to components and pointing at them. */
function schemaConverter(components: Record<string, JsonSchema>) {
  return (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    const { $schema: _, $defs, ...rest } = converted as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const renamed = new Map<string, string>();
    for (const [id, def] of Object.entries($defs ?? {})) {
      const existing = components[id];
      const name = existing && JSON.stringify(existing) !== JSON.stringify(def) ? `${id}Input` : id;
      components[name] = def;
      renamed.set(`#/$defs/${id}`, `#/components/schemas/${name}`);
    }
    return JSON.parse(JSON.stringify(rest), (key, value) =>
      key === '$ref' && typeof value === 'string' ? (renamed.get(value) ?? value) : value,
    ) as JsonSchema;
  };
}

function parametersOf(schema: z.ZodType | undefined, where: 'path' | 'query' | 'header') {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    delete json.$schema;
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      schema: json,
    };
  });
}

function contentOf(
  content: MediaContent,
  io: 'input' | 'output',
  convert: ReturnType<typeof schemaConverter>,
) {
  return Object.fromEntries(
    Object.entries(content).map(([media, { schema }]) => [media, { schema: convert(schema, io) }]),
  );
}

export function openApiDocument(
  routes: readonly RouteConfig[],
  head: { info: OpenApiInfo; components?: Record<string, unknown> },
) {
  const schemas: Record<string, JsonSchema> = {};
  const convert = schemaConverter(schemas);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { request } = route;
    const operation = {
      ...(route.summary ? { summary: route.summary } : {}),
      ...(route.description ? { description: route.description } : {}),
      ...(route.security ? { security: route.security } : {}),
      parameters: [
        ...parametersOf(request?.params, 'path'),
        ...parametersOf(request?.query, 'query'),
        ...parametersOf(request?.headers, 'header'),
      ],
      ...(request?.body
        ? {
            requestBody: {
              required: request.body.required ?? false,
              content: contentOf(request.body.content, 'input', convert),
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.content ? { content: contentOf(response.content, 'output', convert) } : {}),
          },
        ]),
      ),
    };
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: head.info,
    paths,
    components: { ...head.components, schemas },
  };
}
