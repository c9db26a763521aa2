/**
 * Cooperating departments in the pages: the inbox's "Phối hợp" section lists the items a department
 * cooperates on (not those it leads, not others'), the item page takes its contribution note, and the
 * lead department reads the note on the item and in its history.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ now: '2023-11-01T02:00:00Z' });
  const { dialogueId } = await seedUnit(t);
  const create = async (key: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: { source: 'at_dialogue', disposition: 'assigned', ...body },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    ids[key] = res.body.id;
  };
  await create('together', {
    content: 'Lấn chiếm vỉa hè đường Trần Hưng Đạo',
    departmentId: 'dc',
    cooperatingDepartmentIds: ['ca'],
    dueDate: '2023-11-15',
  });
  await create('together-late', {
    content: 'Bãi rác tự phát cuối hẻm 40',
    departmentId: 'vhxh',
    cooperatingDepartmentIds: ['ca', 'dc'],
    dueDate: '2023-10-25',
  });
  await create('own', { content: 'Karaoke quá giờ ở khu phố 3', departmentId: 'ca', dueDate: '2023-11-20' });
  await create('foreign', { content: 'Đèn đường hẻm 12 hỏng', departmentId: 'vhxh', dueDate: '2023-11-20' });
});

describe('the inbox of a cooperating department', () => {
  it('has a "Phối hợp" section with the items it cooperates on, by due date, with their lead department', async () => {
    const ca = new WebAgent(t.app);
    await ca.signInAs('department:ca');
    const page = await ca.get('/inbox');
    expect(page.status).toBe(200);
    const text = textOf(page.text);
    expect(text).toContain('1 kiến nghị đang chờ trả lời; phối hợp 2 kiến nghị với đơn vị khác');
    const section = text.slice(text.indexOf('Phối hợp (2)'), text.indexOf('Đã trả lời, chờ Mặt trận'));
    expect(section).toMatch(
      /Bãi rác tự phát cuối hẻm 40.*Chủ trì: Văn hóa - Xã hội.*Hạn: 25\/10\/2023.*Chưa gửi ý kiến phối hợp/,
    );
    expect(section).toMatch(/Quá hạn 5 ngày làm việc/);
    expect(section.indexOf('Bãi rác')).toBeLessThan(section.indexOf('Lấn chiếm vỉa hè'));
    expect(section).toContain('Chủ trì: Địa chính - Xây dựng');
    expect(section).not.toContain('Karaoke');
    expect(section).not.toContain('Đèn đường');
    expect(page.text).toContain(`href="/items/${ids.together}#cooperate"`);
  });

  it('sends a contribution note from the item page; an empty one is refused, keeping the page', async () => {
    const ca = new WebAgent(t.app);
    await ca.signInAs('department:ca');
    const page = await ca.get(`/items/${ids.together}`);
    expect(textOf(page.text)).toContain('Ý kiến phối hợp (0)');
    expect(page.text).toContain(`action="/items/${ids.together}/cooperate"`);
    // Only the lead answers.
    expect(textOf(page.text)).not.toContain('Trả lời và đánh dấu đã giải quyết');
    const csrf = csrfOf(page.text);
    const empty = await ca.post(`/items/${ids.together}/cooperate`, { _csrf: csrf, version: '1', text: ' ' });
    expect(empty.status).toBe(400);
    expect(textOf(empty.text)).toContain('Nội dung ý kiến phối hợp: Không được để trống');
    const sent = await ca.post(`/items/${ids.together}/cooperate`, {
      _csrf: csrf,
      version: '1',
      text: 'Công an phường đã lập biên bản 5 hộ kinh doanh lấn chiếm ngày 30/10.',
    });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe('/inbox#cooperating');
    const inbox = textOf((await ca.get('/inbox')).text);
    expect(inbox).toContain('Đã gửi ý kiến phối hợp về kiến nghị U1-2023-0001 cho đơn vị chủ trì.');
    expect(inbox).toMatch(/Lấn chiếm vỉa hè.*Đã gửi 1 ý kiến phối hợp/);
    // The same version again: someone changed the item meanwhile (the note itself).
    const stale = await ca.post(`/items/${ids.together}/cooperate`, {
      _csrf: csrf,
      version: '1',
      text: 'Thêm',
    });
    expect(stale.status).toBe(409);
  });

  it('the lead department reads the note on the item and in its history, and gets no note form', async () => {
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    const page = await dc.get(`/items/${ids.together}`);
    const text = textOf(page.text);
    expect(text).toMatch(
      /Ý kiến phối hợp \(1\).*Công an phường · Cán bộ .*Công an phường đã lập biên bản 5 hộ kinh doanh/,
    );
    expect(page.text).not.toContain(`/items/${ids.together}/cooperate`);
    expect(text).toMatch(/Lịch sử.*Ý kiến phối hợp\s*Công an phường: Công an phường đã lập biên bản/);
  });

  it('a department that leads the item, or has nothing to do with it, cannot post a note', async () => {
    const dc = new WebAgent(t.app);
    await dc.signInAs('department:dc');
    const page = await dc.get(`/items/${ids.together}`);
    const lead = await dc.post(`/items/${ids.together}/cooperate`, {
      _csrf: csrfOf(page.text),
      version: '2',
      text: 'Tự ghi',
    });
    expect(lead.status).toBe(403);
    const ca = new WebAgent(t.app);
    await ca.signInAs('department:ca');
    const own = await ca.get(`/items/${ids.own}`);
    expect(textOf(own.text)).not.toContain('Ý kiến phối hợp');
    const foreign = await ca.post(`/items/${ids.foreign}/cooperate`, {
      _csrf: csrfOf(own.text),
      version: '1',
      text: 'Không liên quan',
    });
    expect(foreign.status).toBe(404);
  });
});
