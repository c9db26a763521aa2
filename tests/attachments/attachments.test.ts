/**
 * Files on answers, locally (the data directory behind the same port as S3): bytes round trip through
 * the API and through a presigned upload, type checked by content, size limit, who may add, read,
 * remove and publish, another unit's file is 404, every change in the item's history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTACHMENT_BYTES } from '../../shared/domain/attachments.js';
import { createTestApp, type RoleSpec, seedUnit, tokenFor } from '../support/app.js';
import { DOCX_TYPE, docx, JPEG, multipart, PDF, PNG, TEXT, xlsx } from './samples.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let dialogueId: string;

async function newItem(departmentId = 'dc') {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: 'Sửa đường hẻm 12',
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId,
      cooperatingDepartmentIds: ['vhxh'],
    },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; version: number };
}

const upload = (id: string, form: FormData, as: RoleSpec = 'department:dc', unit = 'u1') =>
  t.call('POST', `/api/recommendations/${id}/attachments`, { as, unit, raw: form });

/** GET through the API, then the redirect to the store's URL: the bytes, type and name served. */
async function download(id: string, attachmentId: string, as: RoleSpec = 'office', unit = 'u1') {
  const first = await t.app.request(`/api/recommendations/${id}/attachments/${attachmentId}`, {
    headers: { authorization: `Bearer ${await tokenFor(as, unit)}` },
  });
  if (first.status !== 302)
    return { status: first.status, location: null, bytes: null, headers: first.headers };
  const location = first.headers.get('location') ?? '';
  const res = await t.app.request(location);
  return {
    status: res.status,
    location,
    bytes: new Uint8Array(await res.arrayBuffer()),
    headers: res.headers,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
});

describe('uploading through the API (multipart)', () => {
  it('round-trips the bytes of a PDF, PNG, JPEG and DOCX; the item lists them; the history records each', async () => {
    const item = await newItem();
    const files: [Uint8Array, string, string, string][] = [
      [PDF, 'Công văn 215-UBND.pdf', 'application/pdf', 'Công văn 215-UBND.pdf'],
      [PNG, 'anh-hien-truong.png', 'image/png', 'anh-hien-truong.png'],
      [JPEG, 'ảnh sau khi sửa', 'image/jpeg', 'ảnh sau khi sửa.jpg'],
      [await docx(), 'tra-loi.docx', DOCX_TYPE, 'tra-loi.docx'],
    ];
    const ids: string[] = [];
    for (const [bytes, name, type, shown] of files) {
      const res = await upload(item.id, multipart(bytes, name));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ name: shown, size: bytes.length, contentType: type, public: false });
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      ids.push(res.body.id);
      const back = await download(item.id, res.body.id);
      expect(back.status).toBe(200);
      expect(back.location).toMatch(/^\/local-files\//);
      expect(Buffer.from(back.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
      expect(back.headers.get('content-type')).toBe(type);
      expect(back.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(shown)}`,
      );
    }
    const got = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'front' });
    expect(got.body.attachments.map((a: { id: string }) => a.id)).toEqual(ids);
    expect(got.body.attachments[0].uploadedBy).toEqual({
      sub: 'user-department:dc',
      name: 'Người dùng department:dc',
    });
    const history = await t.call('GET', `/api/recommendations/${item.id}/history`, { as: 'office' });
    const added = history.body.items.filter((h: { action: string }) => h.action === 'attachment_added');
    expect(added).toHaveLength(4);
    expect(added[0].after.attachments[0].name).toBe('Công văn 215-UBND.pdf');
  });

  it('checks the type by the bytes, never the name, and refuses files over 10 MB or empty', async () => {
    const item = await newItem();
    for (const [bytes, name] of [
      [TEXT, 'gia-mao.pdf'],
      [await xlsx(), 'bang-tinh.docx'],
      [new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'chuong-trinh.png'],
    ] as [Uint8Array, string][]) {
      const res = await upload(item.id, multipart(bytes, name, 'application/pdf'));
      expect(res.status, name).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          field: 'body.file',
          message: expect.stringContaining('PDF, JPEG, PNG hoặc Word'),
        }),
      ]);
    }
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    const large = await upload(item.id, multipart(big, 'lon.pdf'));
    expect(large.status).toBe(400);
    expect(large.body.errors[0]).toMatchObject({ field: 'body.file', message: 'Tệp lớn hơn 10 MB' });
    const empty = await upload(item.id, multipart(new Uint8Array(), 'rong.pdf'));
    expect(empty.status).toBe(400);
    const notMultipart = await t.call('POST', `/api/recommendations/${item.id}/attachments`, {
      as: 'office',
      raw: PDF,
      headers: { 'content-type': 'application/pdf' },
    });
    expect(notMultipart.status).toBe(400);
    expect(notMultipart.body.errors[0].field).toBe('body.file');
    // Nothing was recorded.
    const got = await t.call('GET', `/api/recommendations/${item.id}`, { as: 'office' });
    expect(got.body.attachments).toEqual([]);
  });
});

describe('uploading straight to the store (presigned)', () => {
  it('gives a short-lived upload URL with signed type and length, then checks and attaches the file', async () => {
    const item = await newItem();
    const start = await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
      as: 'office',
      body: { name: 'Công văn.pdf', size: PDF.length, contentType: 'application/pdf' },
    });
    expect(start.status, JSON.stringify(start.body)).toBe(200);
    expect(start.body.method).toBe('PUT');
    expect(start.body.headers).toEqual({
      'content-type': 'application/pdf',
      'content-length': String(PDF.length),
    });
    expect(Date.parse(start.body.expiresAt) - t.clock.now().getTime()).toBe(300_000);
    // Another type or length than signed is refused by the store, as S3 does.
    const wrong = await t.app.request(start.body.url, {
      method: 'PUT',
      body: PDF,
      headers: { ...start.body.headers, 'content-type': 'image/png' },
    });
    expect(wrong.status).toBe(403);
    const put = await t.app.request(start.body.url, {
      method: 'PUT',
      body: PDF,
      headers: start.body.headers,
    });
    expect(put.status).toBe(200);
    const done = await t.call(
      'POST',
      `/api/recommendations/${item.id}/attachments/uploads/${start.body.uploadId}`,
      {
        as: 'office',
        body: { name: 'Công văn.pdf' },
      },
    );
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ id: start.body.uploadId, name: 'Công văn.pdf', size: PDF.length });
    const back = await download(item.id, done.body.id, 'front');
    expect(Buffer.from(back.bytes ?? []).equals(Buffer.from(PDF))).toBe(true);
    // The upload is consumed: completing it again finds nothing.
    const again = await t.call(
      'POST',
      `/api/recommendations/${item.id}/attachments/uploads/${start.body.uploadId}`,
      {
        as: 'office',
        body: { name: 'x.pdf' },
      },
    );
    expect(again.status).toBe(404);
  });

  it('carries a file of several MB (past the 1 MB JSON limit) through the store; a body past the file limit is 413', async () => {
    const item = await newItem();
    const bytes = new Uint8Array(MAX_ATTACHMENT_BYTES - 1024);
    bytes.set(PDF);
    bytes.fill(0x20, PDF.length);
    const start = await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
      as: 'office',
      body: { name: 'Hồ sơ.pdf', size: bytes.length, contentType: 'application/pdf' },
    });
    const put = await t.app.request(start.body.url, {
      method: 'PUT',
      body: bytes,
      headers: start.body.headers,
    });
    expect(put.status).toBe(200);
    const done = await t.call(
      'POST',
      `/api/recommendations/${item.id}/attachments/uploads/${start.body.uploadId}`,
      { as: 'office', body: { name: 'Hồ sơ.pdf' } },
    );
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    const back = await download(item.id, done.body.id);
    expect(Buffer.from(back.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);

    const direct = await upload(item.id, multipart(bytes, 'ho-so.pdf'));
    expect(direct.status, JSON.stringify(direct.body)).toBe(201);
    expect(direct.body.size).toBe(bytes.length);

    const huge = await upload(item.id, multipart(new Uint8Array(MAX_ATTACHMENT_BYTES + 128 * 1024), 'x.pdf'));
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0].field).toBe('body');
  });

  it('refuses an upload whose content is not an allowed type, and removes it; refuses an expired URL', async () => {
    const item = await newItem();
    const start = await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
      as: 'department:dc',
      body: { name: 'gia.pdf', size: TEXT.length, contentType: 'application/pdf' },
    });
    await t.app.request(start.body.url, { method: 'PUT', body: TEXT, headers: start.body.headers });
    const done = await t.call(
      'POST',
      `/api/recommendations/${item.id}/attachments/uploads/${start.body.uploadId}`,
      {
        as: 'department:dc',
        body: { name: 'gia.pdf' },
      },
    );
    expect(done.status).toBe(400);
    expect(done.body.errors[0].field).toBe('body.file');
    expect(await t.files.head(`pending/units/u1/${start.body.uploadId}`)).toBeUndefined();

    const tooBig = await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
      as: 'office',
      body: { name: 'lon.pdf', size: MAX_ATTACHMENT_BYTES + 1, contentType: 'application/pdf' },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.errors[0].field).toBe('body.size');
    const badType = await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
      as: 'office',
      body: { name: 'a.exe', size: 10, contentType: 'application/x-msdownload' },
    });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].field).toBe('body.contentType');

    const later = await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
      as: 'office',
      body: { name: 'b.pdf', size: PDF.length, contentType: 'application/pdf' },
    });
    const now = t.clock.now();
    t.clock.set(new Date(now.getTime() + 301_000));
    const expired = await t.app.request(later.body.url, {
      method: 'PUT',
      body: PDF,
      headers: later.body.headers,
    });
    t.clock.set(now);
    expect(expired.status).toBe(403);
  });
});

describe('who may do what', () => {
  let item: { id: string };
  let fileId: string;
  beforeAll(async () => {
    item = await newItem();
    const res = await upload(item.id, multipart(PDF, 'cv.pdf'));
    fileId = res.body.id;
  });

  it('the lead department, office and admin add files; a cooperating department, the Front and the standing committee do not', async () => {
    for (const as of ['office', 'admin'] as const)
      expect((await upload(item.id, multipart(PNG, 'a.png'), as)).status).toBe(201);
    for (const as of ['department:vhxh', 'front', 'standing'] as const)
      expect((await upload(item.id, multipart(PNG, 'a.png'), as)).status, as).toBe(403);
    // A department the item does not concern does not even see it.
    expect((await upload(item.id, multipart(PNG, 'a.png'), 'department:ca')).status).toBe(404);
  });

  it('whoever reads the item reads its files (the Front when reviewing); another unit gets 404', async () => {
    for (const as of ['office', 'admin', 'front', 'standing', 'department:dc', 'department:vhxh'] as const)
      expect((await download(item.id, fileId, as)).status, as).toBe(200);
    expect((await download(item.id, fileId, 'department:ca')).status).toBe(404);
    const foreign = await download(item.id, fileId, 'office', 'u2');
    expect(foreign.status).toBe(404);
    const unknown = await download(item.id, '00000000-0000-4000-8000-000000000000', 'office');
    expect(unknown.status).toBe(404);
    // A forged or altered local URL is refused.
    const real = await download(item.id, fileId);
    const forged = (real.location ?? '').replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A'));
    expect((await t.app.request(forged)).status).toBe(403);
  });

  it('the office marks a file public; removing a file is in the history and the file is gone', async () => {
    expect(
      (
        await t.call('PATCH', `/api/recommendations/${item.id}/attachments/${fileId}`, {
          as: 'department:dc',
          body: { public: true },
        })
      ).status,
    ).toBe(403);
    const pub = await t.call('PATCH', `/api/recommendations/${item.id}/attachments/${fileId}`, {
      as: 'office',
      body: { public: true },
    });
    expect(pub.status).toBe(200);
    expect(pub.body.public).toBe(true);
    expect(
      (
        await t.call('DELETE', `/api/recommendations/${item.id}/attachments/${fileId}`, {
          as: 'department:vhxh',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.call('DELETE', `/api/recommendations/${item.id}/attachments/${fileId}`, {
          as: 'office',
          unit: 'u2',
        })
      ).status,
    ).toBe(404);
    const del = await t.call('DELETE', `/api/recommendations/${item.id}/attachments/${fileId}`, {
      as: 'department:dc',
    });
    expect(del.status).toBe(204);
    expect((await download(item.id, fileId)).status).toBe(404);
    expect(await t.files.head(`units/u1/attachments/${item.id}/${fileId}`)).toBeUndefined();
    const history = await t.call('GET', `/api/recommendations/${item.id}/history`, { as: 'office' });
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining(['attachment_added', 'attachment_published', 'attachment_removed']),
    );
  });
});
