/**
 * Every request body is counted as it is read (shared/http/body-limit.ts): 1 MB for JSON and ordinary
 * forms, 10 MB for spreadsheet uploads, Content-Length or not; past it, 413 before the rest is read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, MAX_UPLOAD_BYTES } from '../../shared/http/body-limit.js';
import { createTestApp, seedUnit, tokenFor } from '../support/app.js';
import { chunkedBody } from '../support/chunked.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
let office: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
  office = `Bearer ${await tokenFor('office')}`;
});

const CSV = 'STT,Nội dung kiến nghị,Nguồn\n1,Đề nghị sửa đường hẻm 27,Trực tiếp\n';

describe('body limit', () => {
  it('a JSON body just under 1 MB reaches validation; one byte over is 413, chunked or not', async () => {
    const json = (size: number) => {
      const head = '{"title":"';
      return new TextEncoder().encode(`${head}${'x'.repeat(size - head.length - 2)}"}`);
    };
    const path = '/api/dialogues';
    const headers = { authorization: office, 'content-type': 'application/json' };
    const under = await t.app.request(path, { method: 'POST', headers, body: json(MAX_JSON_BYTES) });
    expect(under.status).toBe(400);
    const over = await t.app.request(path, { method: 'POST', headers, body: json(MAX_JSON_BYTES + 1) });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({
      status: 413,
      maxBytes: MAX_JSON_BYTES,
      errors: [{ field: 'body', message: expect.stringContaining('1 MB') }],
    });
    const stream = chunkedBody(json(2 * MAX_JSON_BYTES));
    const overChunked = await t.app.request(path, { method: 'POST', headers, ...stream } as RequestInit);
    expect(overChunked.status).toBe(413);
    expect(stream.pulled.bytes).toBeLessThanOrEqual(MAX_JSON_BYTES + 65536);
  });

  it('imports a spreadsheet sent chunked without Content-Length, and refuses one over 10 MB unread', async () => {
    const path = `/api/dialogues/${dialogueId}/recommendations/import`;
    const headers = { authorization: office, 'content-type': 'text/csv' };
    const ok = await t.app.request(path, {
      method: 'POST',
      headers,
      ...chunkedBody(new TextEncoder().encode(CSV)),
    } as RequestInit);
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ imported: 1 });

    const big = chunkedBody(new Uint8Array(3 * MAX_UPLOAD_BYTES).fill(0x41));
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { ...headers, 'content-length': '100' },
      ...big,
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(big.pulled.bytes).toBeLessThanOrEqual(MAX_UPLOAD_BYTES + 65536);
  });

  it('answers a page form over its limit with a short HTML page, not a problem JSON', async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'lon.csv', { type: 'text/csv' }));
    const upload = await t.app.request(`/office/dialogues/${dialogueId}/import`, {
      method: 'POST',
      body: form,
    });
    expect(upload.status).toBe(413);
    expect(upload.headers.get('content-type')).toContain('text/html');
    expect(await upload.text()).toContain('nội dung quá lớn');

    const signIn = await t.app.request('/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `next=${'x'.repeat(MAX_JSON_BYTES)}`,
    });
    expect(signIn.status).toBe(413);
  });
});
