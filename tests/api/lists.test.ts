/**
 * Lists through the API: a department's items (lead and cooperating, from its index partition), the
 * filters (khu phố, field, due within N working days, overdue, text), counts per status of the same
 * filters, the XLSX of exactly the list, the cursor, and cooperation entries following each change.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRecommendations } from '../../shared/services/list-service.js';
import { createTestApp, type RoleSpec, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
interface Listed {
  id: string;
  ref: string;
  content: string;
  status: string;
  version: number;
  overdue: boolean;
  workingDaysOverdue: number | null;
  workingDaysLeft: number | null;
}

let t: TestApp;
let dialogueId: string;
const ids: Record<string, string> = {};

// Monday 20/11/2023, 09:00 in Vietnam.
const NOW = '2023-11-20T02:00:00Z';

beforeAll(async () => {
  t = await createTestApp({ now: NOW });
  ({ dialogueId } = await seedUnit(t));
  const items = {
    A: {
      content: 'Tranh chấp đất đai ở khu phố 1',
      field: 'Đất đai',
      residentialGroup: 'Khu phố 1',
      disposition: 'assigned',
      departmentId: 'dc',
      cooperatingDepartmentIds: ['vhxh'],
      dueDate: '2023-11-10',
    },
    B: {
      content: 'Cấp giấy chứng nhận quyền sử dụng đất',
      field: 'Đất đai',
      residentialGroup: 'Khu phố 2',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '2023-11-22',
    },
    C: {
      content: 'Karaoke quá 22 giờ',
      field: 'An ninh trật tự',
      residentialGroup: 'Khu phố 1',
      disposition: 'assigned',
      departmentId: 'ca',
      cooperatingDepartmentIds: ['vhxh', 'dc'],
      dueDate: '2023-11-27',
    },
    D: {
      content: 'Công khai danh sách hộ nghèo',
      disposition: 'answered_at_dialogue',
      answer: 'Đã niêm yết',
    },
    E: {
      content: 'Rác thải (đất, cát) tràn ra đường!',
      field: 'Môi trường',
      disposition: 'assigned',
      departmentId: 'vhxh',
      dueDate: '2023-12-15',
    },
    R1: { content: 'Kiến nghị chưa phân loại 1', residentialGroup: 'Khu Phố 3' },
    R2: { content: 'Kiến nghị chưa phân loại 2', residentialGroup: 'Khu Phố 3' },
  };
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: Object.values(items).map((i) => ({ source: 'pre_collected', ...i })),
  });
  expect(res.status).toBe(201);
  for (const [i, key] of Object.keys(items).entries()) ids[key] = res.body.items[i].id;
});

const keyOf = (id: string) => Object.entries(ids).find(([, v]) => v === id)?.[0] ?? id;

async function list(query: string, as: RoleSpec = 'office') {
  const res = await t.call('GET', `/api/recommendations?${query}`, { as });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { items: Listed[]; nextCursor: string | null };
}
const keysOf = async (query: string, as: RoleSpec = 'office') =>
  (await list(query, as)).items.map((i) => keyOf(i.id));

describe("a department's list", () => {
  it('holds the items it leads and those it cooperates on, by status then due date', async () => {
    expect(await keysOf('', 'department:dc')).toEqual(['A', 'B', 'C']);
    expect(await keysOf('', 'department:vhxh')).toEqual(['A', 'C', 'E']);
    expect(await keysOf('departmentRole=lead', 'department:vhxh')).toEqual(['E']);
    expect(await keysOf('departmentRole=cooperating', 'department:vhxh')).toEqual(['A', 'C']);
    expect(await keysOf('departmentId=vhxh&departmentRole=cooperating')).toEqual(['A', 'C']);
    expect(await keysOf('departmentId=dc&departmentRole=lead')).toEqual(['A', 'B']);
  });

  it('never holds another department’s items', async () => {
    expect(await keysOf('departmentId=ca', 'department:dc')).toEqual([]);
    expect(await keysOf('q=karaoke', 'department:vhxh')).toEqual(['C']);
    expect(await keysOf('q=giay', 'department:vhxh')).toEqual([]);
  });

  it('narrows to a status, overdue items, or items due within N working days', async () => {
    expect(await keysOf('status=assigned', 'department:vhxh')).toEqual(['A', 'C', 'E']);
    expect(await keysOf('status=resolved', 'department:vhxh')).toEqual([]);
    expect(await keysOf('overdue=true', 'department:dc')).toEqual(['A']);
    // Monday 20/11: 2 working days → Wednesday 22/11; 5 → Monday 27/11.
    expect(await keysOf('dueWithin=2', 'department:dc')).toEqual(['B']);
    expect(await keysOf('dueWithin=5', 'department:dc')).toEqual(['B', 'C']);
    expect(await keysOf('dueWithin=5&overdue=true', 'department:dc')).toEqual([]);
    expect(await keysOf('overdue=true&status=confirmed', 'department:dc')).toEqual([]);
  });
});

describe('filters of the whole unit', () => {
  it('khu phố and field ignore case and diacritics', async () => {
    expect((await keysOf('residentialGroup=khu%20pho%201')).sort()).toEqual(['A', 'C']);
    expect((await keysOf('residentialGroup=KHU%20PH%E1%BB%90%203')).sort()).toEqual(['R1', 'R2']);
    expect((await keysOf('field=dat%20dai')).sort()).toEqual(['A', 'B']);
    expect(await keysOf(`dialogueId=${dialogueId}&residentialGroup=khu%20pho%202`)).toEqual(['B']);
  });

  it('due within N working days and overdue, unit-wide, with their working days', async () => {
    expect(await keysOf('dueWithin=5')).toEqual(['B', 'C']);
    const [b, c] = (await list('dueWithin=5')).items;
    expect(b).toMatchObject({ workingDaysLeft: 2, workingDaysOverdue: null, overdue: false });
    expect(c).toMatchObject({ workingDaysLeft: 5 });
    const [a] = (await list('overdue=true')).items;
    // Due Friday 10/11, today Monday 20/11: six working days late.
    expect(a).toMatchObject({ overdue: true, workingDaysOverdue: 6, workingDaysLeft: null });
  });

  it('text search: every word, ignoring diacritics and punctuation; reads no whole text back', async () => {
    expect(await keysOf('q=dat%20dai')).toEqual(['A']);
    expect((await keysOf('q=%C4%91%E1%BA%A5t%2C')).sort()).toEqual(['A', 'B', 'E']);
    expect(await keysOf('q=%21%21%21')).toHaveLength(Object.keys(ids).length);
    const found = (await list('q=karaoke')).items[0] as unknown as Record<string, unknown>;
    expect(found).toMatchObject({ content: 'Karaoke quá 22 giờ' });
    for (const internal of ['searchText', 'lpk', 'lsk', 'gsi2sk', 'fieldKey', 'groupKey', 'lv'])
      expect(found).not.toHaveProperty(internal);
  });
});

describe('counts per status', () => {
  it('count the filtered list, its status filter aside, and the overdue items', async () => {
    const all = await t.call('GET', '/api/recommendations/counts', { as: 'office' });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({
      total: 7,
      overdue: 1,
      byStatus: { assigned: 4, received: 2, answered_at_dialogue: 1, resolved: 0, confirmed: 0 },
    });
    // The whole unit is counted from the quarter aggregates; its only dialogue from its items: the same.
    const dialogue = await t.call('GET', `/api/recommendations/counts?dialogueId=${dialogueId}`, {
      as: 'office',
    });
    expect(dialogue.body).toEqual(all.body);
    const dept = await t.call('GET', '/api/recommendations/counts?status=received', {
      as: 'department:vhxh',
    });
    expect(dept.body).toMatchObject({ total: 3, overdue: 1, byStatus: { assigned: 3, received: 0 } });
    const search = await t.call('GET', '/api/recommendations/counts?q=dat', { as: 'office' });
    expect(search.body).toMatchObject({ total: 3, byStatus: { assigned: 3 } });
    const none = await t.call('GET', '/api/recommendations/counts?departmentId=ca', {
      as: 'department:dc',
    });
    expect(none.body).toMatchObject({ total: 0, overdue: 0 });
  });
});

describe('the list as a spreadsheet', () => {
  it('holds exactly the rows of the list, in its order', async () => {
    const res = await t.app.request('/api/recommendations/export?status=assigned', {
      headers: {
        authorization: `Bearer ${await import('../support/app.js').then((m) => m.tokenFor('department:vhxh'))}`,
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="danh-sach-kien-nghi-u1-2023-11-20\.xlsx"/,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    if (!sheet) throw new Error('no sheet');
    const listed = await list('status=assigned', 'department:vhxh');
    const refs: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) refs.push(String((row.getCell(1).value as { text?: string })?.text ?? row.getCell(1).value));
    });
    expect(refs).toEqual(listed.items.map((i) => i.ref));
    expect(sheet.getRow(1).getCell(7).value).toBe('Trạng thái');
    expect(sheet.getRow(2).getCell(8).value).toBe('Địa chính - Xây dựng');
    expect(sheet.getRow(2).getCell(11).value).toBe(6);
  });

  it('refuses a list longer than the limit instead of cutting it', async () => {
    const actor = { sub: 'o', name: 'Văn phòng', roles: ['office' as const], departmentId: null };
    const some = await allRecommendations(t.deps, 'u1', actor, {}, 3);
    expect(some).toMatchObject({ truncated: true });
    expect(some.items).toHaveLength(3);
    const enough = await allRecommendations(t.deps, 'u1', actor, {}, 7);
    expect(enough.truncated).toBe(false);
  });
});

describe('the cursor', () => {
  it('pages a department’s list with no item twice', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=1${cursor ? `&cursor=${cursor}` : ''}`, 'department:dc');
      seen.push(...page.items.map((i) => keyOf(i.id)));
      cursor = page.nextCursor;
    } while (cursor && seen.length < 10);
    expect(seen).toEqual(['A', 'B', 'C']);
  });

  it('is refused with a 400 naming it when forged, truncated or from another query or unit', async () => {
    const first = await list('limit=1&status=assigned', 'department:dc');
    const cursor = first.nextCursor as string;
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const forge = (change: (c: typeof decoded) => void) => {
      const copy = structuredClone(decoded);
      change(copy);
      return Buffer.from(JSON.stringify(copy)).toString('base64url');
    };
    const bad = [
      cursor.slice(0, -3),
      'bm90LWEta2V5',
      '%%%',
      forge((c) => {
        c.k.gsi2sk = '5#2023-11-10#U1-2023-0001';
      }),
      forge((c) => {
        c.k.gsi2pk = 'U#u1#DEP#ca';
      }),
      forge((c) => {
        c.k.pk = 'U#other';
      }),
      forge((c) => {
        c.k.extra = 'x';
      }),
      forge((c) => {
        c.p = 'unit';
      }),
      forge((c) => {
        c.v = 2;
      }),
      forge((c) => {
        delete c.v;
      }),
      forge((c) => {
        c.x = 1;
      }),
      forge((c) => {
        c.f = 'AAAAAAAAAAAAAAAA';
      }),
      forge((c) => {
        c.k = [c.k.pk];
      }),
      forge((c) => {
        c.k.pk = 7;
      }),
      forge((c) => {
        c.k.gsi2sk = '';
      }),
      // 1,050 bytes in UTF-8: longer than any DynamoDB sort key
      forge((c) => {
        c.k.gsi2sk = `${c.k.gsi2sk}${'ệ'.repeat(350)}`;
      }),
    ];
    for (const value of bad) {
      const res = await t.call(
        'GET',
        `/api/recommendations?limit=1&status=assigned&cursor=${encodeURIComponent(value)}`,
        { as: 'department:dc' },
      );
      expect(res.status, value).toBe(400);
      expect(res.body.errors[0].field).toBe('query.cursor');
    }
    for (const [query, as] of [
      ['limit=1&status=received', 'department:dc'],
      ['limit=1&status=assigned', 'department:vhxh'],
      ['limit=1&status=assigned', 'office'],
    ] as const) {
      const res = await t.call('GET', `/api/recommendations?${query}&cursor=${cursor}`, { as });
      expect(res.status, query).toBe(400);
    }
    const other = await t.call('GET', `/api/recommendations?limit=1&status=assigned&cursor=${cursor}`, {
      as: 'department:dc',
      unit: 'u2',
    });
    expect(other.status).toBe(400);
  });
});

describe('cooperation entries follow each change', () => {
  it('status, lead and cooperating departments', async () => {
    const t2 = await createTestApp({ now: '2023-10-20T02:00:00Z' });
    const { dialogueId: d2 } = await seedUnit(t2);
    const created = await t2.call('POST', `/api/dialogues/${d2}/recommendations`, {
      as: 'office',
      body: {
        content: 'Đèn chiếu sáng hẻm 12',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        cooperatingDepartmentIds: ['ca', 'vhxh'],
        dueDate: '2023-11-15',
      },
    });
    const id = created.body.id as string;
    const listOf = async (as: RoleSpec, query = '') =>
      ((await t2.call('GET', `/api/recommendations?${query}`, { as })).body.items as Listed[]).map(
        (i) => i.status,
      );
    expect(await listOf('department:ca', 'status=assigned')).toEqual(['assigned']);

    const resolved = await t2.call('POST', `/api/recommendations/${id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã lắp đèn' },
    });
    expect(resolved.status).toBe(200);
    expect(await listOf('department:ca', 'status=assigned')).toEqual([]);
    expect(await listOf('department:ca', 'status=resolved')).toEqual(['resolved']);

    const reopened = await t2.call('POST', `/api/recommendations/${id}/review`, {
      as: 'front',
      body: { decision: 'reopen', reason: 'Đèn chưa sáng', dueDate: '2023-11-30' },
    });
    expect(reopened.status).toBe(200);
    const patched = await t2.call('PATCH', `/api/recommendations/${id}`, {
      as: 'office',
      body: { version: reopened.body.version, departmentId: 'ca', cooperatingDepartmentIds: ['dc'] },
    });
    expect(patched.status).toBe(200);
    expect(await listOf('department:ca', 'departmentRole=lead')).toEqual(['assigned']);
    expect(await listOf('department:ca', 'departmentRole=cooperating')).toEqual([]);
    expect(await listOf('department:dc', 'departmentRole=cooperating')).toEqual(['assigned']);
    expect(await listOf('department:vhxh')).toEqual([]);
  });
});

describe('reads grow with the page, not the unit', () => {
  let t3: TestApp;
  const read = async (as: RoleSpec, query: string, path = '/api/recommendations') => {
    const meter = t3.deps.table.meter;
    meter.reset();
    const res = await t3.call('GET', `${path}?${query}`, { as });
    expect(res.status).toBe(200);
    return { returned: (res.body.items?.length ?? 0) as number, items: meter.items, body: res.body };
  };

  beforeAll(async () => {
    t3 = await createTestApp();
    const { dialogueId: d3 } = await seedUnit(t3);
    for (let batch = 0; batch < 5; batch++) {
      const res = await t3.call('POST', `/api/dialogues/${d3}/recommendations`, {
        as: 'office',
        body: Array.from({ length: 40 }, (_, i) => ({
          content:
            batch === 2 && i === 7
              ? 'Kiến nghị nạo vét kênh Vĩnh Lộc'
              : `Kiến nghị sửa đường hẻm ${batch}-${i}`,
          source: 'pre_collected',
          disposition: 'assigned',
          departmentId: 'ca',
          ...(i % 4 === 0 ? { cooperatingDepartmentIds: ['vhxh'] } : {}),
        })),
      });
      expect(res.status).toBe(201);
    }
  });

  it("a department's first page reads at most the page and its cooperation items", async () => {
    const lead = await read('department:ca', 'limit=20');
    expect(lead.returned).toBe(20);
    // 21 rows of the department's partition, plus the items behind its cooperation rows (none here).
    expect(lead.items).toBeLessThanOrEqual(21);
    const cooperating = await read('department:vhxh', 'limit=20');
    expect(cooperating.returned).toBe(20);
    expect(cooperating.items).toBeLessThanOrEqual(41);
    const empty = await read('department:dc', '');
    expect({ returned: empty.returned, items: empty.items }).toEqual({ returned: 0, items: 0 });
  });

  it('the items of one role of a department read only rows of that role', async () => {
    // vhxh cooperates on 50 items and leads none; ca leads 200 and cooperates on none.
    for (const [as, query] of [
      ['office', 'departmentId=vhxh&departmentRole=cooperating&limit=20'],
      ['department:vhxh', 'departmentRole=cooperating&limit=20'],
      ['office', 'departmentId=ca&departmentRole=lead&limit=20'],
    ] as const) {
      const r = await read(as, query);
      expect(r.returned, query).toBe(20);
      expect(r.items, query).toBeLessThanOrEqual(3 * r.returned);
    }
    for (const query of [
      'departmentId=vhxh&departmentRole=lead',
      'departmentId=ca&departmentRole=cooperating',
    ]) {
      const r = await read('office', query);
      expect({ returned: r.returned, items: r.items }, query).toEqual({ returned: 0, items: 0 });
    }
  });

  it('a search reads in proportion to the page, not the unit', async () => {
    // A rare word: its postings, the item.
    const rare = await read('office', 'q=vinh%20loc&limit=20');
    expect(rare.returned).toBe(1);
    expect(rare.items).toBeLessThanOrEqual(5);
    // A rare word and one in every item: the common word's postings are read from the rare one's on.
    const mixed = await read('office', 'q=vinh%20kien&limit=20');
    expect(mixed.returned).toBe(1);
    expect(mixed.items).toBeLessThanOrEqual(5 + 3 * 20);
    // Words in every item: the page, its postings.
    const common = await read('office', 'q=kien%20nghi&limit=20');
    expect(common.returned).toBe(20);
    expect(common.items).toBeLessThanOrEqual(5 + 3 * 20);
    // A department's search: the items it may not see are read, then left out. A quarter of them are
    // vhxh's: about four items and their postings read for each one returned.
    const scoped = await read('department:vhxh', 'q=duong&limit=10');
    expect(scoped.returned).toBe(10);
    expect(scoped.items).toBeLessThanOrEqual(3 * 10 * 4);
  });

  it('counts of a search read the items of a rare word, the compact rows of a common one', async () => {
    const rare = await read('office', 'q=vinh', '/api/recommendations/counts');
    expect(rare.body).toMatchObject({ total: 1, byStatus: { assigned: 1 } });
    expect(rare.items).toBeLessThanOrEqual(10);
    const common = await read('office', 'q=kien', '/api/recommendations/counts');
    expect(common.body).toMatchObject({ total: 200, byStatus: { assigned: 200 } });
    const dept = await read('department:vhxh', 'q=duong', '/api/recommendations/counts');
    expect(dept.body).toMatchObject({ total: 50 });
  });
});
