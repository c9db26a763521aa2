import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

const SAMPLE = readFileSync(new URL('../../scripts/demo/kien-nghi-phuong-iv-2023.csv', import.meta.url));

let t: Awaited<ReturnType<typeof createTestApp>>;
let office: WebAgent;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
  office = new WebAgent(t.app);
  await office.signInAs('office');
});

const itemsOf = async (id: string) =>
  (await t.call('GET', `/api/recommendations?dialogueId=${id}&limit=100`, { as: 'office' })).body.items as {
    id: string;
    ref: string;
    content: string;
    status: string;
    departmentId: string | null;
    dueDate: string | null;
    raisedBy: string | null;
    version: number;
  }[];

describe('office: dialogues', () => {
  it('records a dialogue; a bad date is refused in Vietnamese and nothing typed is lost', async () => {
    const csrf = await office.csrf('/office/dialogues/new');
    const bad = await office.post('/office/dialogues', {
      _csrf: csrf,
      title: 'Đối thoại chuyên đề đất đai',
      kind: 'Hội nghị đối thoại',
      heldOn: '31/02/2023',
      location: 'Nhà văn hóa khu phố 3',
      chairs: 'Chủ tịch UBND phường',
    });
    expect(bad.status).toBe(400);
    const text = textOf(bad.text);
    expect(text).toContain('Ngày không hợp lệ; ghi theo dạng ngày/tháng/năm');
    expect(bad.text).toContain('value="Đối thoại chuyên đề đất đai"');
    expect(bad.text).toContain('value="31/02/2023"');
    expect(bad.text).toContain('Nhà văn hóa khu phố 3');
    expect(bad.text).toContain('Chủ tịch UBND phường</textarea>');

    const good = await office.post('/office/dialogues', {
      _csrf: csrf,
      title: 'Đối thoại chuyên đề đất đai',
      kind: 'Hội nghị đối thoại',
      heldOn: '12/10/2023',
      location: 'Nhà văn hóa khu phố 3',
      chairs: 'Chủ tịch UBND phường\nBí thư Đảng ủy',
    });
    expect(good.status).toBe(303);
    const id = good.location?.split('/').pop() ?? '';
    const saved = await t.call('GET', `/api/dialogues/${id}`, { as: 'office' });
    expect(saved.body).toMatchObject({
      title: 'Đối thoại chuyên đề đất đai',
      heldOn: '2023-10-12',
      chairs: ['Chủ tịch UBND phường', 'Bí thư Đảng ủy'],
      status: 'held',
    });
    const page = await office.get(good.location ?? '');
    expect(textOf(page.text)).toContain('Đã ghi nhận hội nghị');
    expect(textOf(page.text)).toContain('12/10/2023');
  });

  it('lists dialogues with dates as dd/mm/yyyy', async () => {
    const page = await office.get('/office');
    expect(page.status).toBe(200);
    expect(textOf(page.text)).toContain('Hội nghị đối thoại quý IV 10/10/2023');
  });

  it('records the conclusion notice and publishes the results', async () => {
    const page = await office.get(`/office/dialogues/${dialogueId}`);
    const csrf = csrfOf(page.text);
    const version = /name="version" value="(\d+)"/.exec(page.text)?.[1] ?? '';
    const early = await office.post(`/office/dialogues/${dialogueId}/conclusion`, {
      _csrf: csrf,
      version,
      conclusionNoticeNumber: '125/TB-UBND',
      conclusionNoticeDate: '01/10/2023',
    });
    expect(early.status).toBe(400);
    expect(textOf(early.text)).toContain('không thể ban hành trước ngày hội nghị');
    expect(early.text).toContain('value="125/TB-UBND"');
    const saved = await office.post(`/office/dialogues/${dialogueId}/conclusion`, {
      _csrf: csrf,
      version,
      conclusionNoticeNumber: '125/TB-UBND',
      conclusionNoticeDate: '20/10/2023',
    });
    expect(saved.status).toBe(303);
    const stale = await office.post(`/office/dialogues/${dialogueId}/publish`, {
      _csrf: csrf,
      version,
      published: 'true',
    });
    expect(stale.status).toBe(409);
    expect(textOf(stale.text)).toContain('vừa được người khác thay đổi');
    const fresh = await office.get(`/office/dialogues/${dialogueId}`);
    expect(textOf(fresh.text)).toContain('Số 125/TB-UBND ngày 20/10/2023');
    const v2 = /name="version" value="(\d+)"/.exec(fresh.text)?.[1] ?? '';
    const published = await office.post(`/office/dialogues/${dialogueId}/publish`, {
      _csrf: csrf,
      version: v2,
      published: 'true',
    });
    expect(published.status).toBe(303);
    expect((await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' })).body).toMatchObject({
      published: true,
      status: 'concluded',
    });
  });
});

describe('office: quick entry', () => {
  it('saves one recommendation and is ready for the next, keeping source, disposition and department', async () => {
    const csrf = await office.csrf(`/office/dialogues/${dialogueId}/add`);
    const res = await office.post(`/office/dialogues/${dialogueId}/add`, {
      _csrf: csrf,
      idem: 'quick-1',
      content: 'Đề nghị lắp đèn đường hẻm 5',
      residentialGroup: 'Khu phố 2',
      raisedBy: 'Nguyễn Văn A',
      field: 'Giao thông',
      source: 'pre_collected',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '',
      answer: '',
    });
    expect(res.status).toBe(303);
    expect(res.location).toContain(`/office/dialogues/${dialogueId}/add?`);
    const next = await office.get(res.location ?? '');
    const text = textOf(next.text);
    expect(text).toMatch(/Đã lưu kiến nghị U1-2023-\d{4}\. Nhập tiếp/);
    expect(next.text).toMatch(
      /<textarea[^>]*name="content"[^>]*autofocus=""[^>]*><\/textarea>|<textarea[^>]*autofocus=""[^>]*name="content"[^>]*><\/textarea>/,
    );
    expect(next.text).toMatch(/<option value="pre_collected" selected="">/);
    expect(next.text).toMatch(/<option value="dc" selected="">/);
    const items = await itemsOf(dialogueId);
    const created = items.find((i) => i.content === 'Đề nghị lắp đèn đường hẻm 5');
    // Default due date: 15 working days after the dialogue (10/10/2023).
    expect(created).toMatchObject({
      status: 'assigned',
      departmentId: 'dc',
      dueDate: '2023-10-31',
      raisedBy: 'Nguyễn Văn A',
    });

    // The same form sent twice (a double click) creates one item.
    await office.post(`/office/dialogues/${dialogueId}/add`, {
      _csrf: csrf,
      idem: 'quick-1',
      content: 'Đề nghị lắp đèn đường hẻm 5',
      residentialGroup: 'Khu phố 2',
      raisedBy: 'Nguyễn Văn A',
      field: 'Giao thông',
      source: 'pre_collected',
      disposition: 'assigned',
      departmentId: 'dc',
      dueDate: '',
      answer: '',
    });
    expect(
      (await itemsOf(dialogueId)).filter((i) => i.content === 'Đề nghị lắp đèn đường hẻm 5'),
    ).toHaveLength(1);
  });

  it('refuses an assignment without a department, keeping everything typed', async () => {
    const csrf = await office.csrf(`/office/dialogues/${dialogueId}/add`);
    const res = await office.post(`/office/dialogues/${dialogueId}/add`, {
      _csrf: csrf,
      idem: 'quick-2',
      content: 'Cống thoát nước đường số 9 bị tắc',
      residentialGroup: 'Khu phố 4',
      source: 'at_dialogue',
      disposition: 'assigned',
      departmentId: '',
      dueDate: '30/11/2023',
      cooperatingDepartmentIds: ['ca', 'vhxh'],
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain('Cần chọn đơn vị chủ trì khi giao xử lý');
    expect(res.text).toContain('Cống thoát nước đường số 9 bị tắc</textarea>');
    expect(res.text).toContain('value="30/11/2023"');
    expect(res.text).toContain('value="Khu phố 4"');
    expect(res.text).toMatch(/value="ca" checked=""/);
    expect((await itemsOf(dialogueId)).some((i) => i.content.startsWith('Cống thoát nước đường số 9'))).toBe(
      false,
    );
  });

  it('refuses a decline without a public reason', async () => {
    const csrf = await office.csrf(`/office/dialogues/${dialogueId}/add`);
    const res = await office.post(`/office/dialogues/${dialogueId}/add`, {
      _csrf: csrf,
      idem: 'quick-3',
      content: 'Đề nghị tăng lương hưu',
      source: 'at_dialogue',
      disposition: 'declined',
      answer: '',
    });
    expect(res.status).toBe(400);
    expect(textOf(res.text)).toContain('Cần nêu lý do không trả lời');
  });
});

describe('office: spreadsheet import', () => {
  it('previews a file with errors against their rows and writes nothing', async () => {
    const t2 = await createTestApp();
    const { dialogueId: d2 } = await seedUnit(t2);
    const agent = new WebAgent(t2.app);
    await agent.signInAs('office');
    const csrf = await agent.csrf(`/office/dialogues/${d2}/import`);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new File([SAMPLE], 'kien-nghi-phuong-iv-2023.csv', { type: 'text/csv' }));
    const res = await agent.post(`/office/dialogues/${d2}/import`, form);
    expect(res.status).toBe(422);
    const text = textOf(res.text);
    // The seeded unit lacks "Tổ quản lý trật tự chợ" (row 7) and others.
    expect(text).toMatch(/Tệp có \d+ lỗi; chưa ghi kiến nghị nào/);
    expect(text).toContain('Dòng 7 Tình trạng lấn chiếm vỉa hè');
    expect(text).toContain('Không tìm thấy đơn vị «Tổ quản lý trật tự chợ» trong danh sách đơn vị.');
    const items = await t2.call('GET', `/api/recommendations?dialogueId=${d2}`, { as: 'office' });
    expect(items.body.items).toHaveLength(0);
  });

  it('previews a valid file without writing, then writes it on confirmation, once', async () => {
    for (const [id, name] of [
      ['chocho', 'Tổ quản lý trật tự chợ'],
      ['thue', 'Đội thuế phường'],
      ['yte', 'Trạm Y tế phường'],
      ['tuphap', 'Tư pháp - Hộ tịch'],
      ['vptk', 'Văn phòng - Thống kê'],
    ]) {
      await t.call('POST', '/api/departments', { as: 'admin', body: { id, name, emails: [] } });
    }
    const t3dialogue = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title: 'Hội nghị nhập thử', heldOn: '2023-10-13', location: 'Hội trường' },
    });
    const d3 = t3dialogue.body.id as string;
    const csrf = await office.csrf(`/office/dialogues/${d3}/import`);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new File([SAMPLE], 'kien-nghi.csv', { type: 'text/csv' }));
    const preview = await office.post(`/office/dialogues/${d3}/import`, form);
    expect(preview.status).toBe(200);
    expect(textOf(preview.text)).toContain('Xem trước: 20 kiến nghị hợp lệ');
    expect(await itemsOf(d3)).toHaveLength(0);
    const file = /name="file" value="([^"]+)"/.exec(preview.text)?.[1] ?? '';
    const confirm = await office.post(`/office/dialogues/${d3}/import/confirm`, {
      _csrf: csrf,
      file,
      filename: 'kien-nghi.csv',
      contentType: 'text/csv',
    });
    expect(confirm.status).toBe(303);
    expect(await itemsOf(d3)).toHaveLength(20);
    expect(textOf((await office.get(confirm.location ?? '')).text)).toContain(
      'Đã nhập 20 kiến nghị từ tệp kien-nghi.csv',
    );
    const again = await office.post(`/office/dialogues/${d3}/import/confirm`, {
      _csrf: csrf,
      file,
      filename: 'kien-nghi.csv',
      contentType: 'text/csv',
    });
    expect(again.status).toBe(303);
    expect(await itemsOf(d3)).toHaveLength(20);
  });

  it('says clearly when the file is not a spreadsheet', async () => {
    const csrf = await office.csrf(`/office/dialogues/${dialogueId}/import`);
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('file', new File(['xin chào'], 'ghi-chu.txt', { type: 'text/plain' }));
    const res = await office.post(`/office/dialogues/${dialogueId}/import`, form);
    expect(res.status).toBe(422);
    expect(textOf(res.text)).toContain('Không tìm thấy dòng tiêu đề');
  });
});

describe('office: assigning from the item page', () => {
  it('previews the due date from the working-day calendar and assigns', async () => {
    const created = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: { content: 'Đề nghị sửa cầu khỉ khu phố 7', source: 'at_dialogue' },
    });
    const id = created.body.id as string;
    const page = await office.get(`/items/${id}`);
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('Phân loại, giao xử lý');
    // 15 working days after Fri 20/10/2023: Fri 10/11/2023.
    expect(page.text).toContain('value="10/11/2023"');
    const json = await office.get('/office/due-date?days=5&from=20/10/2023');
    expect(JSON.parse(json.text)).toMatchObject({ date: '2023-10-27', display: '27/10/2023' });
    const csrf = csrfOf(page.text);
    const preview = await office.post(`/items/${id}/assign`, {
      _csrf: csrf,
      version: '1',
      intent: 'preview',
      disposition: 'assigned',
      departmentId: 'vhxh',
      days: '3',
      dueDate: '',
      reason: '',
      answer: '',
    });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('value="25/10/2023"');
    expect(preview.text).toMatch(/<option value="vhxh" selected="">/);
    const save = await office.post(`/items/${id}/assign`, {
      _csrf: csrf,
      version: '1',
      intent: 'save',
      disposition: 'assigned',
      departmentId: 'vhxh',
      days: '3',
      dueDate: '25/10/2023',
      reason: '',
      answer: '',
    });
    expect(save.status).toBe(303);
    const item = await t.call('GET', `/api/recommendations/${id}`, { as: 'office' });
    expect(item.body).toMatchObject({ status: 'assigned', departmentId: 'vhxh', dueDate: '2023-10-25' });
    const changed = await office.post(`/items/${id}/assign`, {
      _csrf: csrf,
      version: '2',
      intent: 'save',
      disposition: 'assigned',
      departmentId: 'vhxh',
      dueDate: '31/10/2023',
      reason: '',
    });
    expect(changed.status).toBe(400);
    expect(textOf(changed.text)).toContain('Đổi hạn xử lý cần nêu lý do');
    expect(changed.text).toContain('value="31/10/2023"');
  });
});
