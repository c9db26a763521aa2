import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type RoleSpec, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
const path = () => `/api/dialogues/${dialogueId}/recommendations`;

async function create(body: Record<string, unknown>) {
  const res = await t.call('POST', path(), { as: 'office', body: { source: 'at_dialogue', ...body } });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
});

describe('POST /api/dialogues/{id}/recommendations', () => {
  it('creates one, with a reference number unique in the unit', async () => {
    const a = await create({ content: 'Đề nghị lắp đèn hẻm 12' });
    const b = await create({ content: 'Đề nghị nạo vét cống' });
    expect(a.ref).toMatch(/^U1-2023-\d{4}$/);
    expect(Number(b.ref.slice(-4))).toBe(Number(a.ref.slice(-4)) + 1);
    expect(a).toMatchObject({
      status: 'received',
      dialogueId,
      version: 1,
      overdue: false,
      raisedBy: null,
      cooperatingDepartmentIds: [],
    });
  });

  it('creates an array atomically: one bad element writes nothing', async () => {
    const before = await t.call('GET', `/api/recommendations?dialogueId=${dialogueId}&limit=200`, {
      as: 'office',
    });
    const bad = await t.call('POST', path(), {
      as: 'office',
      body: [
        { content: 'Một', source: 'at_dialogue' },
        { content: 'Hai', source: 'at_dialogue', disposition: 'assigned', departmentId: 'nope' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'body.1.departmentId' })]);
    const after = await t.call('GET', `/api/recommendations?dialogueId=${dialogueId}&limit=200`, {
      as: 'office',
    });
    expect(after.body.items.length).toBe(before.body.items.length);
    const ok = await t.call('POST', path(), {
      as: 'office',
      body: [
        { content: 'Một', source: 'at_dialogue' },
        { content: 'Hai', source: 'pre_collected' },
      ],
    });
    expect(ok.status).toBe(201);
    expect(ok.body.items).toHaveLength(2);
  });

  it('is idempotent with an Idempotency-Key: a retry creates nothing twice', async () => {
    const body = [{ content: 'Kiến nghị thử lại', source: 'at_dialogue' }];
    const headers = { 'idempotency-key': 'retry-key-0001' };
    const first = await t.call('POST', path(), { as: 'office', body, headers });
    const again = await t.call('POST', path(), { as: 'office', body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.items.map((i: { id: string }) => i.id)).toEqual(
      first.body.items.map((i: { id: string }) => i.id),
    );
    const list = await t.call('GET', '/api/recommendations?q=thu lai', { as: 'office' });
    expect(list.body.items).toHaveLength(1);
    const reused = await t.call('POST', path(), {
      as: 'office',
      body: [{ content: 'Khác', source: 'at_dialogue' }],
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0].field).toBe('header.idempotency-key');
  });

  it('names every bad field and refuses unknown dialogues', async () => {
    const res = await t.call('POST', path(), {
      as: 'office',
      body: { content: '', source: 'radio', dueDate: '15/11/2023' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.content',
      'body.dueDate',
      'body.source',
    ]);
    expect(
      (
        await t.call('POST', '/api/dialogues/nope/recommendations', {
          as: 'office',
          body: { content: 'x', source: 'at_dialogue' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.call('POST', path(), {
          as: 'office',
          unit: 'other',
          body: { content: 'x', source: 'at_dialogue' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('lifecycle through the API', () => {
  it('assign → resolve (lead department only) → reopen (Front) → resolve → confirm, with history', async () => {
    const rec = await create({ content: 'Sửa loa truyền thanh', cooperatingDepartmentIds: ['vhxh'] });
    const assigned = await t.call('PATCH', `/api/recommendations/${rec.id}`, {
      as: 'office',
      body: { version: 1, departmentId: 'dc', dueDate: '2023-11-15' },
    });
    expect(assigned).toMatchObject({
      status: 200,
      body: { status: 'assigned', version: 2, departmentId: 'dc' },
    });

    expect(
      (
        await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
          as: 'department:ca',
          body: { answer: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
          as: 'department:vhxh',
          body: { answer: 'x' },
        })
      ).status,
    ).toBe(403);
    expect((await t.call('GET', `/api/recommendations/${rec.id}`, { as: 'department:vhxh' })).status).toBe(
      200,
    );

    const resolved = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã sửa xong', documentRef: '45/CV-DC' },
    });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      answer: { text: 'Đã sửa xong', documentRef: '45/CV-DC' },
    });
    expect(
      (
        await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
          as: 'department:dc',
          body: { answer: 'again' },
        })
      ).status,
    ).toBe(409);

    expect(
      (
        await t.call('POST', `/api/recommendations/${rec.id}/review`, {
          as: 'office',
          body: { decision: 'confirm' },
        })
      ).status,
    ).toBe(403);
    const noReason = await t.call('POST', `/api/recommendations/${rec.id}/review`, {
      as: 'front',
      body: { decision: 'reopen' },
    });
    expect(noReason.status).toBe(400);
    const reopened = await t.call('POST', `/api/recommendations/${rec.id}/review`, {
      as: 'front',
      body: { decision: 'reopen', reason: 'Loa vẫn hỏng', dueDate: '2023-11-30' },
    });
    expect(reopened.body).toMatchObject({
      status: 'assigned',
      reopenCount: 1,
      reason: 'Loa vẫn hỏng',
      dueDate: '2023-11-30',
    });

    await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã thay loa mới' },
    });
    const confirmed = await t.call('POST', `/api/recommendations/${rec.id}/review`, {
      as: 'front',
      body: { decision: 'confirm' },
    });
    expect(confirmed.body.status).toBe('confirmed');

    const history = await t.call('GET', `/api/recommendations/${rec.id}/history`, { as: 'front' });
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'assigned',
      'resolved',
      'reopened',
      'resolved',
      'confirmed',
    ]);
    const reopenEntry = history.body.items[3];
    expect(reopenEntry).toMatchObject({
      actor: { roles: ['front'] },
      reason: 'Loa vẫn hỏng',
      before: { status: 'resolved' },
      after: { status: 'assigned' },
    });
  });

  it('a stale version gets 409 and changes nothing; a due-date change needs a reason', async () => {
    const rec = await create({
      content: 'Cây xanh nguy cơ gãy đổ',
      disposition: 'assigned',
      departmentId: 'dc',
    });
    const ok = await t.call('PATCH', `/api/recommendations/${rec.id}`, {
      as: 'office',
      body: { version: 1, dueDate: '2023-12-01', reason: 'Chờ mùa khô' },
    });
    expect(ok.status).toBe(200);
    const stale = await t.call('PATCH', `/api/recommendations/${rec.id}`, {
      as: 'office',
      body: { version: 1, departmentId: 'ca' },
    });
    expect(stale).toMatchObject({ status: 409, body: { currentVersion: 2 } });
    const noReason = await t.call('PATCH', `/api/recommendations/${rec.id}`, {
      as: 'office',
      body: { version: 2, dueDate: '2023-12-05' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('body.reason');
    const now = await t.call('GET', `/api/recommendations/${rec.id}`, { as: 'office' });
    expect(now.body).toMatchObject({ version: 2, departmentId: 'dc', dueDate: '2023-12-01' });
    const history = await t.call('GET', `/api/recommendations/${rec.id}/history`, { as: 'office' });
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'due_date_changed',
      reason: 'Chờ mùa khô',
      before: { dueDate: rec.dueDate },
      after: { dueDate: '2023-12-01' },
    });
  });

  it('a declined item carries its public reason', async () => {
    const rec = await create({
      content: 'Tăng trợ cấp',
      disposition: 'declined',
      reason: 'Thuộc thẩm quyền Trung ương',
    });
    expect(rec).toMatchObject({ status: 'declined', reason: 'Thuộc thẩm quyền Trung ương' });
  });

  it('unknown ids are 404; another unit sees nothing', async () => {
    const rec = await create({ content: 'Riêng của đơn vị u1' });
    expect((await t.call('GET', '/api/recommendations/nope', { as: 'office' })).status).toBe(404);
    expect(
      (await t.call('GET', `/api/recommendations/${rec.id}`, { as: 'admin', unit: 'other' })).status,
    ).toBe(404);
    expect(
      (
        await t.call('PATCH', `/api/recommendations/${rec.id}`, {
          as: 'office',
          unit: 'other',
          body: { version: 1, departmentId: 'dc' },
        })
      ).status,
    ).toBe(404);
    expect(
      (await t.call('GET', `/api/recommendations/${rec.id}/history`, { as: 'front', unit: 'other' })).status,
    ).toBe(404);
    expect((await t.call('GET', '/api/recommendations', { as: 'front', unit: 'other' })).body.items).toEqual(
      [],
    );
  });
});

describe('GET /api/recommendations', () => {
  let unitT: Awaited<ReturnType<typeof createTestApp>>;
  let dlg: string;
  beforeAll(async () => {
    unitT = await createTestApp({ now: '2023-11-20T02:00:00Z' });
    ({ dialogueId: dlg } = await seedUnit(unitT));
    const items = [
      {
        content: 'Tranh chấp đất đai ở khu phố 1',
        field: 'Đất đai',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-11-10',
      },
      {
        content: 'Cấp giấy chứng nhận quyền sử dụng đất',
        field: 'Đất đai',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-12-10',
      },
      {
        content: 'Karaoke quá 22 giờ',
        field: 'An ninh trật tự',
        disposition: 'assigned',
        departmentId: 'ca',
        cooperatingDepartmentIds: ['vhxh'],
        dueDate: '2023-11-01',
      },
      {
        content: 'Công khai danh sách hộ nghèo',
        field: 'Chính sách xã hội',
        disposition: 'answered_at_dialogue',
        answer: 'Đã niêm yết',
      },
      ...Array.from({ length: 7 }, (_, i) => ({ content: `Kiến nghị số ${i}`, field: 'Giao thông' })),
    ];
    const res = await unitT.call('POST', `/api/dialogues/${dlg}/recommendations`, {
      as: 'office',
      body: items.map((i) => ({ source: 'pre_collected', ...i })),
    });
    expect(res.status).toBe(201);
  });
  const list = async (query: string, as: RoleSpec = 'office') => {
    const res = await unitT.call('GET', `/api/recommendations?${query}`, { as });
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      items: { content: string; overdue: boolean; status: string }[];
      nextCursor: string | null;
    };
  };

  it('searches ignoring diacritics: "dat dai" finds "đất đai"', async () => {
    const found = await list('q=dat%20dai');
    expect(found.items.map((i) => i.content)).toEqual(['Tranh chấp đất đai ở khu phố 1']);
    expect((await list('q=ĐẤT')).items).toHaveLength(2);
  });

  it('filters by field, status, department, dialogue, dueBefore and overdue (derived in Vietnam time)', async () => {
    expect((await list(`field=${encodeURIComponent('Đất đai')}`)).items).toHaveLength(2);
    expect((await list('status=answered_at_dialogue')).items).toHaveLength(1);
    expect((await list('departmentId=dc')).items).toHaveLength(2);
    expect((await list(`dialogueId=${dlg}&status=received`)).items).toHaveLength(7);
    expect((await list('dueBefore=2023-12-01')).items).toHaveLength(2);
    const overdue = await list('overdue=true');
    expect(overdue.items.map((i) => i.content).sort()).toEqual([
      'Karaoke quá 22 giờ',
      'Tranh chấp đất đai ở khu phố 1',
    ]);
    expect(overdue.items.every((i) => i.overdue)).toBe(true);
  });

  it('pages with a cursor and no item twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.content));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    expect(pages).toBe(4);
  });

  it('a department sees only items it leads or cooperates on', async () => {
    expect((await list('', 'department:ca')).items.map((i) => i.content)).toEqual(['Karaoke quá 22 giờ']);
    expect((await list('', 'department:vhxh')).items.map((i) => i.content)).toEqual(['Karaoke quá 22 giờ']);
    expect((await list('departmentId=dc', 'department:ca')).items).toEqual([]);
  });

  it('rejects bad query parameters, naming each', async () => {
    const res = await unitT.call(
      'GET',
      '/api/recommendations?status=lost&limit=0&dueBefore=2023-13-01&cursor=zzz&bogus=1',
      { as: 'office' },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.bogus',
      'query.dueBefore',
      'query.limit',
      'query.status',
    ]);
    const cursor = await unitT.call('GET', '/api/recommendations?cursor=bm90LWEta2V5', { as: 'office' });
    expect(cursor.status).toBe(400);
    expect(cursor.body.errors[0].field).toBe('query.cursor');
  });
});
