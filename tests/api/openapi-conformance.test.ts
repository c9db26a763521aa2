/**
 * The OpenAPI document lists every response the server sends, with its content: the statuses of the
 * error paths (400, 404, 409, 415, 422) driven here and the ones the authorization matrix drives (every
 * route × role) are each checked against the document the app serves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_TABLE } from '../../shared/http/route-table.js';
import { createTestApp, type RoleSpec, seedUnit, tokenFor } from '../support/app.js';
import { expectDocumented, type OpenApiDoc, openApiDoc } from '../support/openapi.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let doc: OpenApiDoc;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  doc = await openApiDoc(t.app);
  ({ dialogueId } = await seedUnit(t));
});

async function send(
  method: string,
  path: string,
  init: { body?: string; type?: string; as?: RoleSpec } = {},
) {
  const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(init.as ?? 'admin')}` };
  if (init.type) headers['content-type'] = init.type;
  const res = await t.app.request(path, {
    method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const concrete = (path: string) =>
  path
    .replace('{id}', dialogueId)
    .replace('{date}', '2024-06-01')
    .replace('{kind}', 'supervision')
    .replace('{email}', 'vp@demo.example');

describe('the document itself', () => {
  it('gives every response but 204 its content, and every error response the problem type', () => {
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const where = `${method} ${path} ${status}`;
          // No content: 204, and a redirect (the file download's 302 to its short-lived URL).
          if (status === '204' || status.startsWith('3')) continue;
          expect(Object.keys(response.content ?? {}).length, where).toBeGreaterThan(0);
          if (Number(status) >= 400)
            expect(Object.keys(response.content ?? {}), where).toContain('application/problem+json');
        }
      }
    }
  });

  it('describes e-mail addresses as format: email wherever they are taken', () => {
    const text = JSON.stringify(doc);
    const recipient = doc.paths['/api/recipients/{kind}/{email}']?.put as unknown as {
      parameters: { name: string; schema: { format?: string } }[];
    };
    expect(recipient.parameters.find((p) => p.name === 'email')?.schema.format).toBe('email');
    expect(text).not.toMatch(/"format":"email","pattern"/);
    const departments = JSON.stringify(doc.paths['/api/departments']?.post);
    expect(departments).toContain('"format":"email"');
    expect(JSON.stringify(doc.paths['/api/escalation-policy']?.put)).toContain('"format":"email"');
  });
});

describe('error paths of every route are documented', () => {
  for (const route of ROUTE_TABLE) {
    const path = concrete(route.path);
    const method = route.method.toUpperCase();
    const role = route.roles[0] ?? 'admin';
    const as: RoleSpec = role === 'department' ? 'department:dc' : role;
    const json = method === 'GET' || method === 'DELETE' ? {} : { body: '{}', type: 'application/json' };
    it(`${method} ${route.path}: a bad id, a wrong media type, malformed JSON`, async () => {
      if (route.path.includes('{id}')) {
        const bad = route.path.replace('{id}', 'id%20with%20spaces');
        const res = await send(method, concrete(bad), { ...json, as });
        expect([400, 404]).toContain(res.status);
        expectDocumented(doc, method, route.path, res);
        const unknown = await send(method, concrete(route.path.replace('{id}', 'khong-co')), { ...json, as });
        expectDocumented(doc, method, route.path, unknown);
      }
      if (method !== 'GET' && method !== 'DELETE') {
        const wrongType = await send(method, path, { body: 'x', type: 'text/plain', as });
        expectDocumented(doc, method, route.path, wrongType);
        const malformed = await send(method, path, { body: '{"a":', type: 'application/json', as });
        expectDocumented(doc, method, route.path, malformed);
      }
    });
  }
});

describe('statuses of particular routes are documented', () => {
  it('409 for a stale version; 422 for an Idempotency-Key reused with another body', async () => {
    const path = `/api/dialogues/${dialogueId}/recommendations`;
    const first = await t.call('POST', path, {
      as: 'office',
      headers: { 'idempotency-key': 'khoa-dung-lai-1' },
      body: { content: 'Lần đầu', source: 'at_dialogue' },
    });
    expect(first.status).toBe(201);
    const again = await send('POST', path, {
      as: 'office',
      type: 'application/json',
      body: JSON.stringify({ content: 'Nội dung khác', source: 'at_dialogue' }),
    });
    expect(again.status).toBe(201);
    const reused = await t.app.request(path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokenFor('office')}`,
        'content-type': 'application/json',
        'idempotency-key': 'khoa-dung-lai-1',
      },
      body: JSON.stringify({ content: 'Nội dung khác', source: 'at_dialogue' }),
    });
    const reusedRes = { status: reused.status, headers: reused.headers, text: await reused.text() };
    expect(reusedRes.status).toBe(422);
    expectDocumented(doc, 'POST', '/api/dialogues/{id}/recommendations', reusedRes);

    const item = JSON.parse(again.text) as { id: string; version: number };
    const stale = await send('PATCH', `/api/recommendations/${item.id}`, {
      as: 'office',
      type: 'application/json',
      body: JSON.stringify({ version: item.version + 3, content: 'Sửa' }),
    });
    expect(stale.status).toBe(409);
    expectDocumented(doc, 'PATCH', '/api/recommendations/{id}', stale);
  });

  it('the import: 201, 422 with its rows, 415 or 422 for what is not a spreadsheet', async () => {
    const path = `/api/dialogues/${dialogueId}/recommendations/import`;
    const template = '/api/dialogues/{id}/recommendations/import';
    const good = await send('POST', path, {
      as: 'office',
      type: 'text/csv',
      body: 'STT,Nội dung kiến nghị,Nguồn\n1,Kiến nghị nhập thử,Trực tiếp\n',
    });
    expect(good.status).toBe(201);
    expectDocumented(doc, 'POST', template, good);
    const rows = await send('POST', path, {
      as: 'office',
      type: 'text/csv',
      body: 'STT,Nội dung kiến nghị,Nguồn\n1,,Trực tiếp\n2,Kiến nghị,Không rõ\n',
    });
    expect(rows.status).toBe(422);
    expectDocumented(doc, 'POST', template, rows);
    expect(JSON.parse(rows.text).errors.map((e: { row: number }) => e.row)).toEqual([2, 3]);
    for (const [type, body] of [
      ['application/pdf', '%PDF-1.4'],
      ['text/plain', 'xin chào'],
    ]) {
      const res = await send('POST', path, { as: 'office', type, body });
      expect([415, 422], `${type}: ${res.status}`).toContain(res.status);
      expectDocumented(doc, 'POST', template, res);
    }
  });

  it('reports in every format', async () => {
    for (const format of ['json', 'csv', 'xlsx', 'html']) {
      const res = await send('GET', `/api/reports/supervision?format=${format}`);
      expect(res.status).toBe(200);
      expectDocumented(doc, 'GET', '/api/reports/supervision', res, format);
    }
  });
});
