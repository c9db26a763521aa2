import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
});

describe('health and OpenAPI', () => {
  it('answers /health without a token', async () => {
    expect(await t.call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const res = await t.call('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/departments',
        '/api/dialogues/{id}',
        '/api/recommendations/{id}/review',
        '/api/calendar/holidays',
      ]),
    );
    expect(res.body.components.schemas.Recommendation.properties.overdue).toBeDefined();
  });
});

describe('authentication', () => {
  it('refuses /api without a token, with a bad token, and with a token lacking a unit', async () => {
    const none = await t.call('GET', '/api/departments');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(
      (await t.call('GET', '/api/departments', { headers: { authorization: 'Bearer abc.def.ghi' } })).status,
    ).toBe(401);
  });
});

describe('departments', () => {
  it('lists the unit departments sorted by Vietnamese name', async () => {
    const res = await t.call('GET', '/api/departments', { as: 'department:dc' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((d: { name: string }) => d.name)).toEqual([
      'Công an phường',
      'Địa chính - Xây dựng',
      'Văn hóa - Xã hội',
    ]);
  });

  it('admin adds a department; the id defaults to a slug of the name', async () => {
    const res = await t.call('POST', '/api/departments', {
      as: 'admin',
      body: { name: 'Trạm Y tế phường', emails: ['yte@demo.example'] },
    });
    expect(res).toMatchObject({ status: 201, body: { id: 'tram-y-te-phuong', name: 'Trạm Y tế phường' } });
  });

  it('refuses a duplicate id, a bad email, unknown fields, and non-admins', async () => {
    const dup = await t.call('POST', '/api/departments', { as: 'admin', body: { id: 'dc', name: 'Trùng' } });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].field).toBe('body.id');
    const bad = await t.call('POST', '/api/departments', {
      as: 'admin',
      body: { name: 'X', emails: ['not-an-email'], extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.emails.0',
      'body.extra',
    ]);
    expect((await t.call('POST', '/api/departments', { as: 'office', body: { name: 'X' } })).status).toBe(
      403,
    );
  });

  it('does not show another unit its departments', async () => {
    const res = await t.call('GET', '/api/departments', { as: 'admin', unit: 'other' });
    expect(res.body.items).toEqual([]);
  });
});

describe('dialogues', () => {
  it('records a dialogue; one held in the past is "held"', async () => {
    const res = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: {
        title: 'Đối thoại với Nhân dân khu phố 5',
        heldOn: '2023-09-29',
        location: 'Nhà văn hóa khu phố 5',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'held',
      version: 1,
      chairs: [],
      kind: 'Hội nghị tiếp xúc, đối thoại',
      published: false,
    });
    const list = await t.call('GET', '/api/dialogues', { as: 'front' });
    expect(list.body.items.map((d: { heldOn: string }) => d.heldOn)).toEqual(['2023-10-10', '2023-09-29']);
  });

  it('names each bad field', async () => {
    const res = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title: '', heldOn: '2023-02-30' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.heldOn',
      'body.location',
      'body.title',
    ]);
  });

  it('malformed JSON is a 400 problem naming the body', async () => {
    const res = await t.call('POST', '/api/dialogues', {
      as: 'office',
      raw: '{"title":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body');
  });

  it('records the conclusion notice (→ concluded); a stale version gets 409 and changes nothing', async () => {
    const ok = await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
      as: 'office',
      body: { version: 1, conclusionNoticeNumber: '125/TB-UBND', conclusionNoticeDate: '2023-10-24' },
    });
    expect(ok).toMatchObject({
      status: 200,
      body: { status: 'concluded', version: 2, conclusionNoticeNumber: '125/TB-UBND' },
    });
    const stale = await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
      as: 'office',
      body: { version: 1, title: 'Tên khác' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.errors[0].field).toBe('body.version');
    const now = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    expect(now.body).toMatchObject({ version: 2, title: 'Hội nghị đối thoại quý IV' });
    const history = await t.call('GET', `/api/dialogues/${dialogueId}/history`, { as: 'office' });
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'conclusion_notice_recorded',
    ]);
  });

  it('answers 404 for unknown ids and for another unit', async () => {
    expect((await t.call('GET', '/api/dialogues/nope', { as: 'office' })).status).toBe(404);
    expect(
      (await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office', unit: 'other' })).status,
    ).toBe(404);
    expect(
      (
        await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
          as: 'office',
          unit: 'other',
          body: { version: 2, title: 'x' },
        })
      ).status,
    ).toBe(404);
  });

  it('will not move a dialogue with recommendations to another quarter', async () => {
    const d = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title: 'Đối thoại', heldOn: '2023-11-02', location: 'UBND' },
    });
    await t.call('POST', `/api/dialogues/${d.body.id}/recommendations`, {
      as: 'office',
      body: { content: 'Kiến nghị', source: 'at_dialogue' },
    });
    const moved = await t.call('PATCH', `/api/dialogues/${d.body.id}`, {
      as: 'office',
      body: { version: 1, heldOn: '2024-01-05' },
    });
    expect(moved.status).toBe(409);
    const sameQuarter = await t.call('PATCH', `/api/dialogues/${d.body.id}`, {
      as: 'office',
      body: { version: 1, heldOn: '2023-11-03' },
    });
    expect(sameQuarter.status).toBe(200);
  });

  it('only office and admin record dialogues', async () => {
    for (const role of ['front', 'standing', 'department:dc'] as const) {
      expect(
        (
          await t.call('POST', '/api/dialogues', {
            as: role,
            body: { title: 'x', heldOn: '2023-10-01', location: 'y' },
          })
        ).status,
      ).toBe(403);
    }
  });
});

describe('fields (lĩnh vực)', () => {
  it('defaults to the common list; the admin replaces it, audited', async () => {
    const initial = await t.call('GET', '/api/fields', { as: 'department:dc' });
    expect(initial.body.items).toContain('Đất đai');
    const put = await t.call('PUT', '/api/fields', {
      as: 'admin',
      body: { items: ['Giao thông', ' Môi trường ', 'Giao thông'] },
    });
    expect(put.body.items).toEqual(['Giao thông', 'Môi trường']);
    expect((await t.call('GET', '/api/fields', { as: 'office' })).body.items).toEqual([
      'Giao thông',
      'Môi trường',
    ]);
    expect((await t.call('PUT', '/api/fields', { as: 'office', body: { items: ['x'] } })).status).toBe(403);
    expect((await t.call('PUT', '/api/fields', { as: 'admin', body: { items: [] } })).status).toBe(400);
    expect((await t.call('GET', '/api/fields', { as: 'office', unit: 'other' })).body.items).toContain(
      'Đất đai',
    );
  });
});
