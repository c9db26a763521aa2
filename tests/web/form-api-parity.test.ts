/**
 * Both doors give the same answer: each page form and the matching API call, with the same input and
 * the same role, are both accepted, or both refused with the same status and the same field errors
 * (same fields, the API's message shown on the page).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RoleSpec } from '../support/app.js';
import { addSampleDepartments, createTestApp, seedUnit } from '../support/app.js';
import { csrfOf, type PageResponse, textOf, WebAgent } from './agent.js';

const SAMPLE = readFileSync(new URL('../../scripts/demo/kien-nghi-phuong-iv-2023.csv', import.meta.url));

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
const agents = new Map<string, WebAgent>();

async function agent(role: RoleSpec) {
  let a = agents.get(role);
  if (!a) {
    a = new WebAgent(t.app);
    await a.signInAs(role);
    agents.set(role, a);
  }
  return a;
}

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
  await addSampleDepartments(t);
});

const htmlText = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields a refused page marks (from its error summary), with what it says of each. */
function pageFieldErrors(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of html.split('data-error-summary=""').slice(1)) {
    const summary = block.slice(0, block.indexOf('</div>'));
    for (const m of summary.matchAll(/<a href="#[\w-]*?f-(\w+)">([^<]*)<\/a>/g)) {
      out[m[1] as string] = htmlText(m[2] as string);
    }
  }
  return out;
}

type Outcome = { accepted: true } | { accepted: false; status: number; errors: Record<string, string> };

function apiOutcome(res: {
  status: number;
  body: { errors?: { field: string; message: string }[] };
}): Outcome {
  if (res.status < 300) return { accepted: true };
  const errors: Record<string, string> = {};
  for (const e of res.body.errors ?? []) {
    if (e.field.startsWith('body.'))
      errors[
        e.field
          .split('.')
          .filter((p) => !/^\d+$/.test(p))
          .pop() ?? ''
      ] ??= e.message;
  }
  return { accepted: false, status: res.status, errors };
}

function pageOutcome(res: PageResponse, acceptedStatus = 303): Outcome {
  if (res.status === acceptedStatus) return { accepted: true };
  return { accepted: false, status: res.status, errors: pageFieldErrors(res.text) };
}

/** Same outcome: both accepted, or both refused with the same status and fields, the API's words on the page. */
function expectSame(page: Outcome, api: Outcome, context: string) {
  expect(page.accepted, `${context}: page ${JSON.stringify(page)} / API ${JSON.stringify(api)}`).toBe(
    api.accepted,
  );
  if (page.accepted || api.accepted) return;
  expect(page.status, context).toBe(api.status);
  // A stale version (409) the page reports above the form, with the latest data: no field to mark.
  if (api.status === 409) delete api.errors.version;
  expect(Object.keys(page.errors).sort(), context).toEqual(Object.keys(api.errors).sort());
  for (const [field, message] of Object.entries(api.errors)) {
    expect(page.errors[field], `${context}: ${field}`).toContain(message);
  }
}

async function postForm(
  role: RoleSpec,
  pagePath: string,
  form: Record<string, string | string[]>,
  postPath: string,
) {
  const a = await agent(role);
  const csrf = csrfOf((await a.get(pagePath)).text);
  return a.post(postPath, { _csrf: csrf, ...form });
}

const long = (n: number) => 'x'.repeat(n);

async function newDialogue(heldOn = '2023-10-10') {
  const res = await t.call('POST', '/api/dialogues', {
    as: 'office',
    body: { title: `Hội nghị ${Math.random()}`, heldOn, location: 'Hội trường' },
  });
  return res.body as { id: string; version: number };
}

async function newItem(body: Record<string, unknown> = {}) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: {
      content: `Kiến nghị ${Math.random()}`,
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '2023-11-15',
      ...body,
    },
  });
  if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  return res.body as { id: string; version: number };
}

async function resolvedItem() {
  const item = await newItem();
  const res = await t.call('POST', `/api/recommendations/${item.id}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Đã sửa' },
  });
  return res.body as { id: string; version: number };
}

describe('record a dialogue: POST /office/dialogues ↔ POST /api/dialogues', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['valid', { title: 'Đối thoại chuyên đề', heldOn: '2023-10-12', location: 'Nhà văn hóa' }],
    ['every field wrong at once', { title: '', heldOn: '2101-01-01', location: long(301) }],
    ['title too long, date not real', { title: long(301), heldOn: '2023-02-30', location: 'Nhà văn hóa' }],
  ];
  for (const [name, body] of cases) {
    it(name, async () => {
      const page = await postForm(
        'office',
        '/office/dialogues/new',
        body as Record<string, string>,
        '/office/dialogues',
      );
      const api = await t.call('POST', '/api/dialogues', { as: 'office', body });
      // The page takes dd/mm/yyyy; a date it cannot read at all it names in its own words.
      const p = pageOutcome(page);
      if (!p.accepted && body.heldOn === '2023-02-30') {
        expect(p.errors.heldOn).toContain('Ngày không hợp lệ');
        delete p.errors.heldOn;
        const a = apiOutcome(api);
        if (!a.accepted) delete a.errors.heldOn;
        return expectSame(p, a, name);
      }
      expectSame(p, apiOutcome(api), name);
    });
  }
});

describe('conclusion notice: POST /office/dialogues/{id}/conclusion ↔ PATCH /api/dialogues/{id}', () => {
  const cases: [string, (v: number) => Record<string, unknown>][] = [
    [
      'valid',
      (version) => ({ version, conclusionNoticeNumber: '12/TB-UBND', conclusionNoticeDate: '2023-10-20' }),
    ],
    [
      'number too long',
      (version) => ({ version, conclusionNoticeNumber: long(101), conclusionNoticeDate: '2023-10-20' }),
    ],
    [
      'before the dialogue',
      (version) => ({ version, conclusionNoticeNumber: '12/TB', conclusionNoticeDate: '2023-10-01' }),
    ],
    [
      'stale version',
      (version) => ({
        version: version + 5,
        conclusionNoticeNumber: '12/TB',
        conclusionNoticeDate: '2023-10-20',
      }),
    ],
  ];
  for (const [name, body] of cases) {
    it(name, async () => {
      const [d1, d2] = [await newDialogue(), await newDialogue()];
      const page = await postForm(
        'office',
        `/office/dialogues/${d1.id}`,
        Object.fromEntries(Object.entries(body(d1.version)).map(([k, v]) => [k, String(v)])),
        `/office/dialogues/${d1.id}/conclusion`,
      );
      const api = await t.call('PATCH', `/api/dialogues/${d2.id}`, { as: 'office', body: body(d2.version) });
      expectSame(pageOutcome(page), apiOutcome(api), name);
    });
  }
});

describe('publish: POST /office/dialogues/{id}/publish ↔ PATCH /api/dialogues/{id}', () => {
  for (const [name, delta] of [
    ['valid', 0],
    ['stale version', 3],
  ] as const) {
    it(name, async () => {
      const [d1, d2] = [await newDialogue(), await newDialogue()];
      const page = await postForm(
        'office',
        `/office/dialogues/${d1.id}`,
        { version: String(d1.version + delta), published: 'true' },
        `/office/dialogues/${d1.id}/publish`,
      );
      const api = await t.call('PATCH', `/api/dialogues/${d2.id}`, {
        as: 'office',
        body: { version: d2.version + delta, published: true },
      });
      expectSame(pageOutcome(page), apiOutcome(api), name);
    });
  }
});

describe('quick entry: POST /office/dialogues/{id}/add ↔ POST /api/dialogues/{id}/recommendations', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'valid',
      {
        content: 'Sửa đèn đường',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-11-20',
      },
    ],
    [
      'three fields too long at once',
      { content: long(4001), raisedBy: long(201), field: long(201), source: 'at_dialogue' },
    ],
    ['empty content', { content: '', source: 'pre_collected' }],
    [
      'due date before the dialogue',
      {
        content: 'Sửa cống',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-10-01',
      },
    ],
    [
      'assigned without a department',
      { content: 'Sửa cống', source: 'at_dialogue', disposition: 'assigned' },
    ],
    [
      'unknown department',
      { content: 'Sửa cống', source: 'at_dialogue', disposition: 'assigned', departmentId: 'khong-co' },
    ],
  ];
  for (const [name, body] of cases) {
    it(name, async () => {
      const page = await postForm(
        'office',
        `/office/dialogues/${dialogueId}/add`,
        {
          ...(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])) as Record<
            string,
            string
          >),
          idem: `p-${Math.random()}`,
        },
        `/office/dialogues/${dialogueId}/add`,
      );
      const api = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
        as: 'office',
        body,
      });
      expectSame(pageOutcome(page), apiOutcome(api), name);
    });
  }
});

describe('assign: POST /items/{id}/assign ↔ PATCH /api/recommendations/{id}', () => {
  const cases: [string, Record<string, unknown>][] = [
    [
      'reassign and move the due date with a reason',
      { departmentId: 'vhxh', dueDate: '2023-11-30', reason: 'Đúng thẩm quyền' },
    ],
    ['reason too long', { departmentId: 'vhxh', dueDate: '2023-11-30', reason: long(4001) }],
    ['new due date without a reason', { departmentId: 'dc', dueDate: '2023-11-30' }],
    ['due date in the past', { departmentId: 'dc', dueDate: '2023-10-19', reason: 'Sớm hơn' }],
  ];
  for (const [name, change] of cases) {
    it(name, async () => {
      const [i1, i2] = [await newItem(), await newItem()];
      const page = await postForm(
        'office',
        `/items/${i1.id}`,
        {
          version: String(i1.version),
          intent: 'save',
          disposition: 'assigned',
          ...(Object.fromEntries(Object.entries(change).map(([k, v]) => [k, String(v)])) as Record<
            string,
            string
          >),
        },
        `/items/${i1.id}/assign`,
      );
      const api = await t.call('PATCH', `/api/recommendations/${i2.id}`, {
        as: 'office',
        body: { version: i2.version, ...change },
      });
      expectSame(pageOutcome(page), apiOutcome(api), name);
    });
  }
});

describe('answer: POST /items/{id}/resolve ↔ POST /api/recommendations/{id}/resolve', () => {
  const cases: [string, RoleSpec, Record<string, string>][] = [
    ['the lead department answers', 'department:dc', { answer: 'Đã sửa xong', documentRef: '215/UBND-ĐC' }],
    ['the office answers', 'office', { answer: 'Đã sửa xong' }],
    [
      'answer and document reference too long',
      'department:dc',
      { answer: long(8001), documentRef: long(201) },
    ],
    ['empty answer', 'department:dc', { answer: '' }],
    ['the Front may not answer', 'front', { answer: 'Bịa' }],
    ['the standing committee may not answer', 'standing', { answer: 'Bịa' }],
  ];
  for (const [name, role, body] of cases) {
    it(name, async () => {
      const [i1, i2] = [await newItem(), await newItem()];
      const page = await postForm(
        role,
        `/items/${i1.id}`,
        { version: String(i1.version), ...body },
        `/items/${i1.id}/resolve`,
      );
      const api = await t.call('POST', `/api/recommendations/${i2.id}/resolve`, {
        as: role,
        body: {
          version: i2.version,
          ...body,
          ...(body.documentRef === undefined ? {} : { documentRef: body.documentRef }),
        },
      });
      expectSame(pageOutcome(page), apiOutcome(api), name);
    });
  }
});

describe('review: POST /items/{id}/review ↔ POST /api/recommendations/{id}/review', () => {
  const cases: [string, RoleSpec, Record<string, string>][] = [
    ['confirm', 'front', { decision: 'confirm' }],
    ['reopen', 'front', { decision: 'reopen', reason: 'Vẫn ngập', dueDate: '2023-11-30' }],
    ['reopen without reason or due date', 'front', { decision: 'reopen' }],
    [
      'reopen with a reason too long',
      'front',
      { decision: 'reopen', reason: long(4001), dueDate: '2023-11-30' },
    ],
    [
      'reopen with a past due date',
      'front',
      { decision: 'reopen', reason: 'Vẫn ngập', dueDate: '2023-10-19' },
    ],
    ['the office may not review', 'office', { decision: 'confirm' }],
  ];
  for (const [name, role, body] of cases) {
    it(name, async () => {
      const [i1, i2] = [await resolvedItem(), await resolvedItem()];
      const page = await postForm(
        role,
        `/items/${i1.id}`,
        { version: String(i1.version), from: 'item', ...body },
        `/items/${i1.id}/review`,
      );
      const api = await t.call('POST', `/api/recommendations/${i2.id}/review`, {
        as: role,
        body: { version: i2.version, ...body },
      });
      expectSame(pageOutcome(page), apiOutcome(api), name);
    });
  }
});

describe('import: the page (preview, then confirm) ↔ POST /api/dialogues/{id}/recommendations/import', () => {
  async function throughPage(id: string, bytes: Uint8Array, filename: string) {
    const office = await agent('office');
    const csrf = csrfOf((await office.get(`/office/dialogues/${id}/import`)).text);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new File([bytes], filename, { type: 'text/csv' }));
    const preview = await office.post(`/office/dialogues/${id}/import`, form);
    if (preview.status !== 200) return { preview, confirm: null };
    const file = /name="file" value="([^"]+)"/.exec(preview.text)?.[1] ?? '';
    const confirm = await office.post(`/office/dialogues/${id}/import/confirm`, {
      _csrf: csrf,
      file,
      filename,
      contentType: 'text/csv',
    });
    return { preview, confirm };
  }

  /** Rows the page lists, each with its "column: message" lines. */
  function pageRows(html: string) {
    const rows: { row: number; column: string; message: string }[] = [];
    for (const m of html.matchAll(/<tr class="has-error" id="row-(\d+)">([\s\S]*?)<\/tr>/g)) {
      for (const li of (m[2] as string).matchAll(/<li><strong>([^<]*):<\/strong> ([^<]*)<\/li>/g)) {
        rows.push({
          row: Number(m[1]),
          column: htmlText(li[1] as string),
          message: htmlText(li[2] as string),
        });
      }
    }
    return rows;
  }

  it('the sample CSV of the demo dialogue: previewed clean, written by both doors (20 items each)', async () => {
    const [d1, d2] = [await newDialogue('2023-10-13'), await newDialogue('2023-10-13')];
    const { preview, confirm } = await throughPage(d1.id, SAMPLE, 'kien-nghi-phuong-iv-2023.csv');
    expect(preview.status).toBe(200);
    expect(textOf(preview.text)).toContain('Xem trước: 20 kiến nghị hợp lệ');
    expect(confirm?.status).toBe(303);
    const api = await t.call('POST', `/api/dialogues/${d2.id}/recommendations/import`, {
      as: 'office',
      raw: SAMPLE,
      headers: { 'content-type': 'text/csv' },
    });
    expect(api.status).toBe(201);
    for (const d of [d1, d2]) {
      const items = await t.call('GET', `/api/recommendations?dialogueId=${d.id}&limit=100`, {
        as: 'office',
      });
      expect(items.body.items).toHaveLength(20);
    }
  });

  it('the sample CSV of a later dialogue: the same rows refused by both, nothing written', async () => {
    const [d1, d2] = [await newDialogue('2023-11-16'), await newDialogue('2023-11-16')];
    const { preview, confirm } = await throughPage(d1.id, SAMPLE, 'kien-nghi.csv');
    expect(confirm).toBeNull();
    expect(preview.status).toBe(422);
    const api = await t.call('POST', `/api/dialogues/${d2.id}/recommendations/import`, {
      as: 'office',
      raw: SAMPLE,
      headers: { 'content-type': 'text/csv' },
    });
    expect(api.status).toBe(422);
    const apiRows = (api.body.errors as { row: number; column: string; message: string }[]).map(
      ({ row, column, message }) => ({ row, column, message }),
    );
    expect(apiRows.length).toBeGreaterThan(1);
    expect(pageRows(preview.text)).toEqual(apiRows);
    for (const d of [d1, d2]) {
      const items = await t.call('GET', `/api/recommendations?dialogueId=${d.id}`, { as: 'office' });
      expect(items.body.items).toEqual([]);
    }
  });
});
