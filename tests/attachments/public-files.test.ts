/**
 * The public page shows an answer's file only when the office marked it public and the dialogue's
 * results are published; its link downloads the file; nothing else of the file (who uploaded it) shows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';
import { multipart, PDF } from './samples.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
let itemId: string;
let fileId: string;

// The dialogue's own public page, where its items are (the unit's index lists dialogues).
const publicPage = async () => (await t.app.request(`/public/u1/${dialogueId}`)).text();

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
  const item = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: { content: 'Sửa đường hẻm 27', source: 'at_dialogue', disposition: 'assigned', departmentId: 'dc' },
  });
  itemId = item.body.id;
  await t.call('POST', `/api/recommendations/${itemId}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Đã sửa xong', documentRef: '215/UBND-ĐC' },
  });
  const file = await t.call('POST', `/api/recommendations/${itemId}/attachments`, {
    as: 'department:dc',
    raw: multipart(PDF, 'Công văn 215.pdf'),
  });
  fileId = file.body.id;
});

describe('files on the public page', () => {
  it('shows a file only once it is marked public and the results are published', async () => {
    const d = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
      as: 'office',
      body: { version: d.body.version, published: true },
    });
    const link = `/public/u1/files/${itemId}/${fileId}`;
    expect(await publicPage()).toContain('Đã sửa xong');
    expect(await publicPage()).not.toContain('Công văn 215.pdf');
    expect((await t.app.request(link)).status).toBe(404);

    await t.call('PATCH', `/api/recommendations/${itemId}/attachments/${fileId}`, {
      as: 'office',
      body: { public: true },
    });
    const page = await publicPage();
    expect(page).toContain(`href="${link}"`);
    expect(page).toContain('Công văn 215.pdf');
    expect(page).not.toContain('department:dc');
    const res = await t.app.request(link);
    expect(res.status).toBe(302);
    const file = await t.app.request(res.headers.get('location') ?? '');
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true);

    // Another unit's path, or results no longer published: not found.
    expect((await t.app.request(`/public/u2/files/${itemId}/${fileId}`)).status).toBe(404);
    const d2 = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    await t.call('PATCH', `/api/dialogues/${dialogueId}`, {
      as: 'office',
      body: { version: d2.body.version, published: false },
    });
    expect((await t.app.request(link)).status).toBe(404);
  });
});
