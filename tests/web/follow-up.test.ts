import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: { source: 'at_dialogue', ...body },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[key] = res.body.id;
  };
  await create('late', {
    content: 'Đường hẻm 27 ngập nước',
    raisedBy: 'Nguyễn Văn Hùng',
    disposition: 'assigned',
    departmentId: 'dc',
    dueDate: '2023-10-25',
  });
  await create('soon', {
    content: 'Cây xanh nguy cơ gãy đổ',
    raisedBy: 'Mai Thị Hạnh',
    disposition: 'assigned',
    departmentId: 'dc',
    dueDate: '2023-11-15',
  });
  await create('early', {
    content: 'Đèn đường hẻm 12 hỏng',
    raisedBy: 'Lê Văn Tâm',
    disposition: 'assigned',
    departmentId: 'dc',
    dueDate: '2023-10-23',
  });
  await create('other', {
    content: 'Karaoke quá giờ',
    raisedBy: 'Bùi Thị Thu',
    disposition: 'assigned',
    departmentId: 'ca',
    dueDate: '2023-10-30',
  });
  await create('declined', {
    content: 'Tăng trợ cấp người có công',
    raisedBy: 'Phan Văn Lợi',
    disposition: 'declined',
    reason: 'Thuộc thẩm quyền Trung ương',
  });
  // Two weeks later: two of dc's items are overdue.
  t.clock.set(new Date('2023-11-01T02:00:00Z'));
});

describe('department inbox', () => {
  it('shows only the department’s open items, by due date, overdue ones with their working days late', async () => {
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    const page = await dc.get('/inbox');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).not.toContain('Karaoke quá giờ');
    const order = ['Đèn đường hẻm 12 hỏng', 'Đường hẻm 27 ngập nước', 'Cây xanh nguy cơ gãy đổ'].map((s) =>
      text.indexOf(s),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // Due Mon 23/10, today Wed 01/11: 7 working days; due Wed 25/10: 5.
    expect(text).toMatch(/Đèn đường hẻm 12 hỏng.*Hạn: 23\/10\/2023/);
    expect(text).toMatch(/U1-2023-0003 Quá hạn 7 ngày làm việc/);
    expect(text).toMatch(/U1-2023-0001 Quá hạn 5 ngày làm việc/);
    expect(text).toContain('2 quá hạn');
  });

  it('answers and resolves an item with its document reference; an empty answer is refused', async () => {
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    const page = await dc.get(`/items/${ids.late}`);
    expect(textOf(page.text)).toContain('Trả lời và đánh dấu đã giải quyết');
    const csrf = csrfOf(page.text);
    const empty = await dc.post(`/items/${ids.late}/resolve`, {
      _csrf: csrf,
      version: '1',
      answer: ' ',
      documentRef: '215/UBND-ĐC',
    });
    expect(empty.status).toBe(400);
    expect(textOf(empty.text)).toContain('Nội dung trả lời: Không được để trống');
    expect(empty.text).toContain('value="215/UBND-ĐC"');
    const done = await dc.post(`/items/${ids.late}/resolve`, {
      _csrf: csrf,
      version: '1',
      answer: 'Đã nạo vét cống, nâng mặt đường',
      documentRef: '215/UBND-ĐC',
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/inbox');
    const inbox = textOf((await dc.get('/inbox')).text);
    expect(inbox).toContain('Đã gửi trả lời kiến nghị U1-2023-0001');
    expect(inbox).toMatch(
      /Đã trả lời, chờ Mặt trận xem xét \(1\).*U1-2023-0001 — trả lời ngày 01\/11\/2023, văn bản số 215\/UBND-ĐC/,
    );
    const again = await dc.post(`/items/${ids.late}/resolve`, {
      _csrf: csrf,
      version: '2',
      answer: 'Lần nữa',
    });
    expect(again.status).toBe(409);
    expect(textOf(again.text)).toContain('Không thực hiện được');
  });

  it('does not show another department’s item', async () => {
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    const res = await dc.get(`/items/${ids.other}`);
    expect(res.status).toBe(404);
    expect(textOf(res.text)).toContain('Không tìm thấy kiến nghị');
  });
});

describe('Front committee', () => {
  it('lists overdue items by department and resolved items awaiting review', async () => {
    const front = new WebAgent(t.app);
    await front.signInAs('front');
    const page = await front.get('/front');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toMatch(/Đã trả lời, chờ Mặt trận xem xét \(1\)/);
    expect(text).toMatch(
      /Quá hạn theo đơn vị chủ trì \(2\) Công an phường \(1\) U1-2023-0004 Quá hạn 2 ngày làm việc .* Địa chính - Xây dựng \(1\) U1-2023-0003 Quá hạn 7 ngày làm việc/,
    );
  });

  it('refuses a reopen without a reason, keeping the new due date typed, then reopens; the department sees the reason', async () => {
    const front = new WebAgent(t.app);
    await front.signInAs('front');
    const csrf = csrfOf((await front.get('/front')).text);
    const refused = await front.post(`/items/${ids.late}/review`, {
      _csrf: csrf,
      version: '2',
      from: 'front',
      decision: 'reopen',
      reason: '',
      dueDate: '15/11/2023',
    });
    expect(refused.status).toBe(400);
    expect(textOf(refused.text)).toContain('Mở lại cần nêu lý do');
    expect(refused.text).toContain('value="15/11/2023"');
    const past = await front.post(`/items/${ids.late}/review`, {
      _csrf: csrf,
      version: '2',
      from: 'item',
      decision: 'reopen',
      reason: 'Người dân phản ánh vẫn ngập',
      dueDate: '01/11/2023',
    });
    expect(past.status).toBe(400);
    expect(textOf(past.text)).toContain('Hạn xử lý mới phải sau hôm nay');
    expect(past.text).toContain('Người dân phản ánh vẫn ngập</textarea>');
    const ok = await front.post(`/items/${ids.late}/review`, {
      _csrf: csrf,
      version: '2',
      from: 'front',
      decision: 'reopen',
      reason: 'Người dân phản ánh vẫn ngập',
      dueDate: '15/11/2023',
    });
    expect(ok.status).toBe(303);
    expect(textOf((await front.get('/front')).text)).toContain(
      'Đã mở lại kiến nghị U1-2023-0001, hạn mới 15/11/2023',
    );
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    expect(textOf((await dc.get('/inbox')).text)).toContain(
      'Mặt trận mở lại (lần 1): Người dân phản ánh vẫn ngập',
    );
  });

  it('lets only the Front review', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const csrf = csrfOf((await office.get('/office')).text);
    const res = await office.post(`/items/${ids.late}/review`, {
      _csrf: csrf,
      version: '3',
      decision: 'confirm',
    });
    expect(res.status).toBe(403);
    expect(textOf(res.text)).toContain('chỉ Ủy ban MTTQ được làm');
  });

  it('shows the supervision report built by the report service', async () => {
    const front = new WebAgent(t.app);
    await front.signInAs('front');
    const page = await front.get('/front/supervision');
    expect(page.status).toBe(200);
    expect(page.text.match(/<h1[ >]/g)).toHaveLength(1);
    expect(textOf(page.text)).toContain('Báo cáo giám sát việc giải quyết kiến nghị');
    expect(page.text).toContain(`href="/items/${ids.early}"`);
    const xlsx = await front.get('/front/supervision.xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
  });
});

describe('item page', () => {
  it('shows everything about the item and its history as a timeline', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const page = await office.get(`/items/${ids.late}`);
    const text = textOf(page.text);
    expect(text).toContain('Kiến nghị U1-2023-0001');
    expect(text).toContain('Nguyễn Văn Hùng');
    expect(text).toContain('Lý do Mặt trận mở lại: Người dân phản ánh vẫn ngập');
    expect(text).toMatch(/20\/10\/2023 09:00 · Người dùng office \(Văn phòng\) Tiếp nhận kiến nghị/);
    expect(text).toMatch(
      /01\/11\/2023 09:00 · Cán bộ Địa chính - Xây dựng \(Địa chính - Xây dựng\) Đơn vị trả lời, đánh dấu đã giải quyết/,
    );
    expect(text).toMatch(
      /Mặt trận mở lại Lý do: Người dân phản ánh vẫn ngập .*Hạn xử lý: 25\/10\/2023 → 15\/11\/2023/,
    );
    expect(page.text).toContain('<ol class="timeline">');
  });

  it('redirects the report emails’ /recommendations/{id} links to the item page', async () => {
    const res = await t.app.request(`/recommendations/${ids.late}`);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`/items/${ids.late}`);
  });
});

describe('standing committee', () => {
  it('shows the quarterly summary with its charts and downloads the XLSX with the cookie session', async () => {
    const standing = new WebAgent(t.app);
    await standing.signInAs('standing');
    const page = await standing.get('/standing?year=2023&quarter=4');
    expect(page.status).toBe(200);
    expect(page.text.match(/<h1[ >]/g)).toHaveLength(1);
    expect(textOf(page.text)).toContain('Quý IV/2023');
    expect(page.text).toMatch(/<svg[^>]*role="img"[^>]*aria-label="[^"]+"/);
    expect(page.headers.get('content-security-policy')).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const res = await t.app.request('/standing/quarterly.xlsx?year=2023&quarter=4', {
      headers: { cookie: `df_session=${standing.cookies.get('df_session')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="tong-hop-kien-nghi-u1-2023-Q4\.xlsx"/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]);
  });

  it('does not let a department open the summary', async () => {
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    expect((await dc.get('/standing')).status).toBe(403);
    expect((await dc.get('/standing/quarterly.xlsx')).status).toBe(403);
  });
});

describe('public page', () => {
  it('shows only published dialogues, with statuses and answers, and never a citizen’s name', async () => {
    const before = await t.app.request('/public/u1');
    expect(before.status).toBe(200);
    expect(textOf(await before.text())).toContain('Chưa có kết quả hội nghị nào được công khai');
    const dialogue = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
      as: 'office',
      body: { version: dialogue.body.version, published: true },
    });
    const index = await t.app.request('/public/u1');
    const indexHtml = await index.text();
    expect(index.headers.get('cache-control')).toContain('public');
    expect(textOf(indexHtml)).toMatch(
      /Hội nghị đối thoại quý IV .*5 kiến nghị; đã trả lời hoặc giải quyết 0; 2 kiến nghị quá hạn/,
    );
    expect(indexHtml).toContain(`href="/public/u1/${dialogueId}"`);
    const res = await t.app.request(`/public/u1/${dialogueId}`);
    expect(res.status).toBe(200);
    const html = indexHtml + (await res.text());
    const text = textOf(html);
    expect(text).toMatch(
      /U1-2023-0005 Không trả lời \(có lý do\) Tăng trợ cấp người có công .*Lý do: Thuộc thẩm quyền Trung ương/,
    );
    expect(text).toContain('Đường hẻm 27 ngập nước');
    for (const name of [
      'Nguyễn Văn Hùng',
      'Mai Thị Hạnh',
      'Lê Văn Tâm',
      'Bùi Thị Thu',
      'Phan Văn Lợi',
      'Cán bộ Địa chính',
    ])
      expect(html).not.toContain(name);
    expect(html).not.toContain('Đăng xuất');
  });

  it('finds an item by its reference, and answers 404 for a dialogue not published', async () => {
    const found = textOf(await (await t.app.request('/public/u1?ref=u1-2023-0005')).text());
    expect(found).toMatch(/Kết quả tìm số hiệu «u1-2023-0005» .*U1-2023-0005 Không trả lời \(có lý do\)/);
    const missing = textOf(await (await t.app.request('/public/u1?ref=U1-2023-0999')).text());
    expect(missing).toContain('Không tìm thấy kiến nghị nào có số hiệu này');
    const hidden = await t.app.request('/public/u1/00000000-0000-4000-8000-000000000000');
    expect(hidden.status).toBe(404);
  });

  it('answers 404 for an unknown unit', async () => {
    const res = await t.app.request('/public/khong-co');
    expect(res.status).toBe(404);
    expect(textOf(await res.text())).toContain('Không tìm thấy đơn vị');
  });
});

describe('page hygiene', () => {
  it('sets a strict CSP, no inline scripts, and serves the assets', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const page = await office.get('/office');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page.text).not.toMatch(/\sstyle="/);
    const css = await t.app.request('/assets/app.css');
    expect(css.headers.get('content-type')).toContain('text/css');
    const js = await t.app.request('/assets/app.js');
    expect(js.headers.get('content-type')).toContain('javascript');
  });

  it('answers an unknown page of an area with an HTML 404', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const res = await office.get('/office/khong-co-trang-nay');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(textOf(res.text)).toContain('Không tìm thấy trang');
    expect((await t.app.request('/public/u1/khong-co')).status).toBe(404);
  });

  it('leaves the API and its 404s alone', async () => {
    expect((await t.app.request('/api/nothing-here')).headers.get('content-type')).toContain('problem+json');
    expect((await t.app.request('/health')).status).toBe(200);
  });
});
