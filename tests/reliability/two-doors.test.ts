/**
 * Issue 12 ("One gate"): each finding of its "Why", tried the way a new user or an attacker would,
 * through the same doors (web pages with a session cookie, the JSON API with a bearer token).
 * Black-box: requests in, responses and stored data out.
 */
import { readFileSync } from 'node:fs';
import { importJWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ISSUER } from '../../shared/adapters/auth/local-keys.js';
import { inertText } from '../../shared/adapters/reports/xlsx.js';
import { sheetRows } from '../reports/helpers.js';
import { addSampleDepartments, createTestApp, seedUnit, testKeys, tokenFor } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from '../web/agent.js';

const SAMPLE = readFileSync(new URL('../../scripts/demo/kien-nghi-phuong-iv-2023.csv', import.meta.url));

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

async function assignedItem(content = 'Đề nghị sửa đường hẻm 27', departmentId = 'dc') {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: { content, source: 'at_dialogue', disposition: 'assigned', departmentId, dueDate: '2023-11-15' },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; ref: string; version: number };
}

const item = async (id: string) => (await t.call('GET', `/api/recommendations/${id}`, { as: 'office' })).body;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
  await addSampleDepartments(t);
  const published = await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
    as: 'office',
    body: { version: 1, published: true },
  });
  if (published.status !== 200) throw new Error(JSON.stringify(published.body));
});

describe('Why 1: the Front and the standing committee never answer an item, through the page either', () => {
  for (const role of ['front', 'standing'] as const) {
    it(`${role}: POST /items/{id}/resolve is refused with 403 and nothing is stored or published`, async () => {
      const rec = await assignedItem(`Kiến nghị thử trả lời hộ (${role})`);
      const agent = new WebAgent(t.app);
      await agent.signInAs(role);
      const page = await agent.get(`/items/${rec.id}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(`action="/items/${rec.id}/resolve"`);
      const res = await agent.post(`/items/${rec.id}/resolve`, {
        _csrf: csrfOf(page.text),
        version: String(rec.version),
        answer: 'Câu trả lời bịa ra',
        documentRef: '01/BIA',
      });
      expect(res.status).toBe(403);
      const api = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
        as: role,
        body: { answer: 'Câu trả lời bịa ra' },
      });
      expect(api.status).toBe(403);
      const stored = await item(rec.id);
      expect(stored.status).toBe('assigned');
      expect(stored.answer).toBeNull();
      const publicPage = await new WebAgent(t.app).get('/public/u1');
      expect(publicPage.text).not.toContain('Câu trả lời bịa ra');
    });
  }
});

describe('Why 2: page forms keep the API’s length limits', () => {
  const huge = 'a'.repeat(150_000);

  it('the resolve form refuses a 150,000-character answer and document reference, as the API does', async () => {
    const rec = await assignedItem('Kiến nghị thử trả lời quá dài');
    const api = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'a'.repeat(9000), documentRef: 'b'.repeat(9000) },
    });
    expect(api.status).toBe(400);
    const apiFields = (api.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(apiFields).toEqual(['body.answer', 'body.documentRef']);

    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    const page = await dc.get(`/items/${rec.id}`);
    const res = await dc.post(`/items/${rec.id}/resolve`, {
      _csrf: csrfOf(page.text),
      version: String(rec.version),
      answer: huge,
      documentRef: huge,
    });
    expect(res.status).toBe(400);
    // Both fields marked at once, with the API's messages.
    for (const e of api.body.errors as { field: string; message: string }[]) {
      expect(textOf(res.text)).toContain(e.message);
    }
    expect(res.text).toContain('id="r-f-answer-error"');
    expect(res.text).toContain('id="r-f-documentRef-error"');
    const stored = await item(rec.id);
    expect(stored.status).toBe('assigned');
    expect(stored.answer).toBeNull();
  });

  it('the Front’s reopen form refuses a 150,000-character reason', async () => {
    const rec = await assignedItem('Kiến nghị thử mở lại với lý do quá dài');
    const resolved = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã sửa xong' },
    });
    expect(resolved.status).toBe(200);
    const front = new WebAgent(t.app);
    await front.signInAs('front');
    const page = await front.get(`/items/${rec.id}`);
    const res = await front.post(`/items/${rec.id}/review`, {
      _csrf: csrfOf(page.text),
      version: String(resolved.body.version),
      from: 'item',
      decision: 'reopen',
      reason: huge,
      dueDate: '30/11/2023',
    });
    expect(res.status).toBe(400);
    expect((await item(rec.id)).status).toBe('resolved');
  });

  it('the office’s assign form refuses a 150,000-character reason', async () => {
    const rec = await assignedItem('Kiến nghị thử đổi hạn với lý do quá dài');
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const page = await office.get(`/items/${rec.id}`);
    const res = await office.post(`/items/${rec.id}/assign`, {
      _csrf: csrfOf(page.text),
      version: String(rec.version),
      intent: 'save',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '30/11/2023',
      reason: huge,
    });
    expect(res.status).toBe(400);
    expect((await item(rec.id)).dueDate).toBe('2023-11-15');
  });
});

describe('Why 3: the import preview runs the checks the write runs, and lists every bad row', () => {
  /** Rows of the sample whose due date (Hạn xử lý) is before 21/11/2023. */
  const rowsDueBefore21Nov = [2, 3, 4, 7, 8, 10, 11, 12, 14, 16, 18, 19, 21];

  async function dialogueHeldOn(heldOn: string) {
    const res = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title: `Hội nghị ngày ${heldOn}`, heldOn, location: 'Hội trường UBND phường' },
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function previewThroughPage(agent: WebAgent, id: string) {
    const csrf = await agent.csrf(`/office/dialogues/${id}/import`);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new File([SAMPLE], 'kien-nghi-phuong-iv-2023.csv', { type: 'text/csv' }));
    return { csrf, res: await agent.post(`/office/dialogues/${id}/import`, form) };
  }

  it('a dialogue held after some due dates: the page preview and the API 422 list every such row', async () => {
    const id = await dialogueHeldOn('2023-11-21');
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const { res } = await previewThroughPage(office, id);
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    expect(text).not.toContain('kiến nghị hợp lệ');
    for (const row of rowsDueBefore21Nov) {
      expect(res.text).toContain(`id="row-${row}"`);
    }
    expect(text).toContain('Hạn xử lý: Hạn xử lý không được trước ngày hội nghị');

    const api = await t.call('POST', `/api/dialogues/${id}/recommendations/import`, {
      as: 'office',
      raw: SAMPLE,
      headers: { 'content-type': 'text/csv' },
    });
    expect(api.status).toBe(422);
    const errors = api.body.errors as { row: number; column: string; message: string }[];
    expect([...new Set(errors.map((e) => e.row))].sort((a, b) => a - b)).toEqual(rowsDueBefore21Nov);
    for (const e of errors) expect(e.column).toBe('Hạn xử lý');
    const items = await t.call('GET', `/api/recommendations?dialogueId=${id}`, { as: 'office' });
    expect(items.body.items).toEqual([]);
  });

  it('the sample previews clean for the dialogue it belongs to and is written on confirm', async () => {
    const id = await dialogueHeldOn('2023-10-13');
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const { csrf, res } = await previewThroughPage(office, id);
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain('Xem trước: 20 kiến nghị hợp lệ');
    const file = /name="file" value="([^"]+)"/.exec(res.text)?.[1] ?? '';
    const confirm = await office.post(`/office/dialogues/${id}/import/confirm`, {
      _csrf: csrf,
      file,
      filename: 'kien-nghi-phuong-iv-2023.csv',
      contentType: 'text/csv',
    });
    expect(confirm.status).toBe(303);
    const items = await t.call('GET', `/api/recommendations?dialogueId=${id}&limit=100`, { as: 'office' });
    expect(items.body.items).toHaveLength(20);
  });
});

describe('Why 4: CSV exports are inert in a spreadsheet program', () => {
  it('cells starting with = + - @ tab or CR are written as text', async () => {
    const formulas = [
      '=HYPERLINK("http://evil.example","Bấm vào đây")',
      '@SUM(1+1)*cmd|/C calc!A0',
      '+1+1',
      '-2+3',
      '\t=1+1',
      '\r=1+1',
    ];
    for (const content of formulas) {
      const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
        as: 'office',
        body: {
          content,
          source: 'at_dialogue',
          disposition: 'assigned',
          departmentId: 'dc',
          dueDate: '2023-10-23',
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    t.clock.set(new Date('2023-10-30T02:00:00Z'));
    try {
      const csv = await t.call('GET', '/api/reports/supervision?format=csv', { as: 'front' });
      expect(csv.status).toBe(200);
      const fields = parseCsv(String(csv.body));
      const dangerous = fields.filter((f) => /^[=+\-@\t\r]/.test(f));
      expect(dangerous).toEqual([]);
      // The text is still there, shown as text.
      expect(fields).toContain(`'=HYPERLINK("http://evil.example","Bấm vào đây")`);
      expect(fields).toContain("'@SUM(1+1)*cmd|/C calc!A0");
      // The XLSX keeps them as typed text cells (never formulas), unchanged.
      const xlsx = await t.app.request('/api/reports/supervision?format=xlsx', {
        headers: { authorization: `Bearer ${await tokenFor('front')}` },
      });
      const rows = await sheetRows(new Uint8Array(await xlsx.arrayBuffer()), 'Quá hạn');
      const cells = rows.flat();
      // (Stored content is trimmed: a leading tab or CR does not survive; see the next test.)
      for (const content of formulas) expect(cells).toContain(content.trim());
    } finally {
      t.clock.set(new Date('2023-10-20T02:00:00Z'));
    }
  });
});

describe('Why 4 (cells): every text cell the CSV writes goes through the same neutraliser', () => {
  it('prefixes = + - @ tab and CR with an apostrophe, leaves other text alone', () => {
    for (const text of ['=1+1', '+1', '-1', '@A1', '\t=1', '\r=1']) expect(inertText(text)).toBe(`'${text}`);
    for (const text of ['Sửa đường', '1-2', ' =1', "'=1"]) expect(inertText(text)).toBe(text);
  });
});

/** The fields of a CSV (RFC 4180 quoting), BOM removed. */
function parseCsv(text: string): string[] {
  const out: string[] = [];
  const s = text.replace(/^\uFEFF/, '');
  let i = 0;
  while (i < s.length) {
    if (s[i] === '"') {
      let value = '';
      i++;
      while (i < s.length) {
        if (s[i] === '"' && s[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (s[i] === '"') {
          i++;
          break;
        } else value += s[i++];
      }
      out.push(value);
    } else {
      let value = '';
      while (i < s.length && s[i] !== ',' && s[i] !== '\r' && s[i] !== '\n') value += s[i++];
      out.push(value);
    }
    if (s[i] === ',') i++;
    else if (s[i] === '\r' && s[i + 1] === '\n') i += 2;
    else if (s[i] === '\n') i++;
  }
  return out.filter((f) => f !== '');
}

describe('Why 5: long ids, paths and cursors never answer 500', () => {
  const long = 'x'.repeat(2000);

  it('/public/<2000 characters> is an HTML 404', async () => {
    const res = await t.app.request(`/public/${long}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('/items/<2000 characters> is an HTML 404 for a signed-in user', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const res = await office.get(`/items/${long}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    const dialogue = await office.get(`/office/dialogues/${long}`);
    expect(dialogue.status).toBe(404);
  });

  it('a cursor with an extra key, or keys of another shape, is a 400 naming query.cursor', async () => {
    await assignedItem('Kiến nghị để lấy con trỏ 1');
    await assignedItem('Kiến nghị để lấy con trỏ 2');
    const first = await t.call('GET', '/api/recommendations?limit=1', { as: 'office' });
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, string>;
    const variants = [
      { ...key, extra: 'x' },
      { ...key, sk: 'y'.repeat(3000) },
      { pk: key.pk },
      { ...key, sk: 123 },
      [key],
    ];
    for (const variant of variants) {
      const bad = Buffer.from(JSON.stringify(variant)).toString('base64url');
      const res = await t.call('GET', `/api/recommendations?limit=1&cursor=${bad}`, { as: 'office' });
      expect(res.status, `${JSON.stringify(variant).slice(0, 80)}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'query.cursor' }));
    }
    const byDialogue = await t.call('GET', `/api/recommendations?limit=1&dialogueId=${dialogueId}`, {
      as: 'office',
    });
    const dkey = JSON.parse(Buffer.from(byDialogue.body.nextCursor, 'base64url').toString('utf8'));
    const tampered = Buffer.from(JSON.stringify({ ...dkey, gsi1sk: 'z'.repeat(1500) })).toString('base64url');
    const res = await t.call(
      'GET',
      `/api/recommendations?limit=1&dialogueId=${dialogueId}&cursor=${tampered}`,
      {
        as: 'office',
      },
    );
    expect(res.status).toBe(400);
  });
});

describe('Why 6: the local clock and the calendar’s range', () => {
  it('refuses a time outside 1990–2100 with 400 naming body.now; reports still answer', async () => {
    for (const now of ['2101-01-01T00:00:00Z', '1989-12-31T00:00:00Z', '9999-01-01T00:00:00Z']) {
      const res = await t.call('POST', '/api/dev/clock', { as: 'admin', body: { now } });
      expect(res.status, now).toBe(400);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'body.now' }));
    }
    const report = await t.call('GET', '/api/reports/supervision', { as: 'front' });
    expect(report.status).toBe(200);
  });

  it('near the end of 2100 reports and resolve still answer (no 500)', async () => {
    const rec = await assignedItem('Kiến nghị trả lời cuối năm 2100');
    const set = await t.call('POST', '/api/dev/clock', {
      as: 'admin',
      body: { now: '2100-12-30T02:00:00Z' },
    });
    expect(set.status).toBe(200);
    try {
      for (const path of [
        '/api/reports/supervision',
        '/api/reports/supervision?format=csv',
        '/api/reports/quarterly',
        '/api/reports/quarterly?format=xlsx',
        '/api/recommendations?overdue=true',
      ]) {
        const res = await t.call('GET', path, { as: 'office' });
        expect(res.status, `${path}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
      }
      const resolved = await t.call('POST', `/api/recommendations/${rec.id}/resolve`, {
        as: 'department:dc',
        body: { answer: 'Đã giải quyết' },
      });
      expect(resolved.status).toBe(200);
      // An assigned item without a due date: the default (10 working days) leaves the calendar: 400.
      const late = await t.call('POST', '/api/dialogues', {
        as: 'office',
        body: { title: 'Hội nghị cuối năm 2100', heldOn: '2100-12-29', location: 'Hội trường' },
      });
      expect(late.status).toBe(201);
      const created = await t.call('POST', `/api/dialogues/${late.body.id}/recommendations`, {
        as: 'office',
        body: {
          content: 'Kiến nghị cuối năm',
          source: 'at_dialogue',
          disposition: 'assigned',
          departmentId: 'dc',
        },
      });
      expect(created.status).toBe(400);
      expect(created.body.errors).toContainEqual(expect.objectContaining({ field: 'body.dueDate' }));
    } finally {
      t.clock.set(new Date('2023-10-20T02:00:00Z'));
    }
  });
});

describe('Why 7: HTTP conformance', () => {
  it('a wrong method on a known path answers 405 with Allow', async () => {
    const res = await t.call('DELETE', '/api/departments', { as: 'admin' });
    expect(res.status).toBe(405);
    expect(
      (res.headers.get('allow') ?? '')
        .split(',')
        .map((m) => m.trim())
        .sort(),
    ).toEqual(expect.arrayContaining(['GET', 'POST']));
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('a page address with another method: 405 with Allow, as an HTML page for a browser', async () => {
    const res = await t.app.request('/signout', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('content-type')).toContain('text/html');
    const office = await t.app.request('/office/dialogues', {
      method: 'PUT',
      headers: { accept: 'text/html' },
    });
    expect(office.status).toBe(405);
    expect(office.headers.get('allow')).toBe('POST');
    // Every method a path takes is allowed: no 405 for them.
    expect((await t.app.request('/health', { method: 'HEAD' })).status).toBe(200);
  });

  it('an unknown page shows a browser an HTML 404 page; /api keeps problem JSON', async () => {
    const page = await t.app.request('/khong-co-trang-nay', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Không tìm thấy');
    const api = await t.call('GET', '/api/khong-co', { as: 'office' });
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('Why 8: the OpenAPI document and email addresses', () => {
  it('documents 422 for a reused Idempotency-Key and the import’s bodies and 422 problem', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, unknown> };
            responses: Record<string, { content?: Record<string, unknown> }>;
          }
        >
      >;
    };
    const create = doc.paths['/api/dialogues/{id}/recommendations']?.post;
    expect(create?.responses['422']?.content?.['application/problem+json']).toBeDefined();
    const importOp = doc.paths['/api/dialogues/{id}/recommendations/import']?.post;
    const bodies = importOp?.requestBody?.content ?? {};
    expect(Object.keys(bodies)).toEqual(
      expect.arrayContaining([
        'multipart/form-data',
        'text/csv',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]),
    );
    expect(JSON.stringify(bodies['multipart/form-data'])).toContain('"file"');
    expect(importOp?.responses['422']?.content?.['application/problem+json']).toBeDefined();
  });

  it('refuses addresses that cannot receive mail, as format: email promises', async () => {
    const bad = ['a@b-.com', `${'a'.repeat(65)}@demo.example`, `a@${'b'.repeat(64)}.example`, 'a@-b.com'];
    for (const email of bad) {
      const recipient = await t.call('PUT', `/api/recipients/supervision/${encodeURIComponent(email)}`, {
        as: 'admin',
        body: {},
      });
      expect(recipient.status, email).toBe(400);
      const department = await t.call('POST', '/api/departments', {
        as: 'admin',
        body: { name: `Phòng ${email.length}`, emails: [email] },
      });
      expect(department.status, email).toBe(400);
      const policy = await t.call('PUT', '/api/escalation-policy', {
        as: 'admin',
        body: { recipients: { chair: [email] } },
      });
      expect(policy.status, email).toBe(400);
    }
    const good = await t.call(
      'PUT',
      `/api/recipients/supervision/${encodeURIComponent(`${'a'.repeat(64)}@b-c.example`)}`,
      {
        as: 'admin',
        body: {},
      },
    );
    expect(good.status).toBe(201);
  });
});

describe('Why 10: JWTs', () => {
  async function sign(claims: Record<string, unknown>, exp: boolean) {
    const keys = await testKeys();
    const jwt = new SignJWT({ 'cognito:groups': ['office'], 'custom:unitId': 'u1', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: keys.privateJwk.kid ?? 'local' })
      .setSubject('user-office')
      .setIssuer(LOCAL_ISSUER)
      .setIssuedAt();
    if (exp) jwt.setExpirationTime('1h');
    return jwt.sign(await importJWK(keys.privateJwk, 'ES256'));
  }

  const apiWith = async (token: string) =>
    (await t.app.request('/api/dialogues', { headers: { authorization: `Bearer ${token}` } })).status;
  const pageWith = async (token: string) =>
    (await t.app.request('/office', { headers: { cookie: `df_session=${token}` } })).status;

  it('a token without exp is refused by the API and as a page session', async () => {
    const token = await sign({ token_use: 'id' }, false);
    expect(await apiWith(token)).toBe(401);
    expect(await pageWith(token)).toBe(303);
  });

  it('token_use is checked: an access token or none is refused, an ID token accepted', async () => {
    expect(await apiWith(await sign({ token_use: 'access' }, true))).toBe(401);
    expect(await apiWith(await sign({}, true))).toBe(401);
    expect(await pageWith(await sign({ token_use: 'access' }, true))).toBe(303);
    expect(await apiWith(await sign({ token_use: 'id' }, true))).toBe(200);
    expect(await pageWith(await sign({ token_use: 'id' }, true))).toBe(200);
  });
});
