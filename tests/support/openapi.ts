/** Checks a response against the app's own OpenAPI document: its status and media type are documented. */
import { expect } from 'vitest';

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
export type OpenApiDoc = { paths: Record<string, Record<string, Operation>> };

export async function openApiDoc(app: {
  request(path: string): Response | Promise<Response>;
}): Promise<OpenApiDoc> {
  return (await (await app.request('/openapi.json')).json()) as OpenApiDoc;
}

/**
 * The operation `method path` (OpenAPI path template) documents `res.status`, and, when the response
 * has a body, its media type under that status.
 */
export function expectDocumented(
  doc: OpenApiDoc,
  method: string,
  path: string,
  res: { status: number; headers: Headers; text?: string },
  context = `${method} ${path}`,
): void {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  expect(operation, `${context}: not in the OpenAPI document`).toBeDefined();
  const response = operation?.responses[String(res.status)];
  expect(response, `${context}: answered ${res.status}, which the document does not list`).toBeDefined();
  const type = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  const hasBody = res.status !== 204 && res.text !== '';
  if (hasBody) {
    expect(
      Object.keys(response?.content ?? {}),
      `${context}: ${res.status} ${type} is not documented`,
    ).toContain(type);
  }
}
