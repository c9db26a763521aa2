/**
 * The list page reads through the list service: one page at a time by its cursor ("Trang sau"), the
 * heading's count from the service's counts, a department's own and cooperating items only, and an
 * altered cursor named as a wrong filter (400), never a 500.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { LIST_PAGE_SIZE } from '../../shared/web/pages/items-list.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
const TOTAL = LIST_PAGE_SIZE + 5;

beforeAll(async () => {
  t = await createTestApp({ now: '2023-11-01T02:00:00Z' });
  const { dialogueId } = await seedUnit(t);
  for (let i = 0; i < TOTAL; i++) {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: {
        source: 'at_dialogue',
        disposition: 'assigned',
        content: `Kiến nghị số ${i + 1} về đường giao thông`,
        departmentId: i === 0 ? 'vhxh' : 'dc',
        ...(i === 0 ? { cooperatingDepartmentIds: ['ca'] } : {}),
        dueDate: '2023-11-20',
      },
    });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
}, 120_000);

const refsOf = (html: string) =>
  [...html.matchAll(/<td data-label="Số"[^>]*>\s*<a [^>]*>([^<]*)</g)].map((m) => m[1]);
const nextHref = (html: string) =>
  /<a href="([^"]+)">Trang sau ›<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&');

describe('the list page pages through the list service', () => {
  it('shows one page, then the rest with "Trang sau"; the count is of the whole list', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const first = await office.get('/items?status=assigned');
    expect(first.status).toBe(200);
    expect(textOf(first.text)).toContain(`${TOTAL} kiến nghị theo bộ lọc`);
    const page1 = refsOf(first.text);
    expect(page1).toHaveLength(LIST_PAGE_SIZE);
    const next = nextHref(first.text);
    expect(next).toMatch(/^\/items\?status=assigned&cursor=/);
    expect(first.text).not.toContain('Trang đầu');

    const second = await office.get(next as string);
    expect(second.status).toBe(200);
    const page2 = refsOf(second.text);
    expect(page2).toHaveLength(TOTAL - LIST_PAGE_SIZE);
    expect(new Set([...page1, ...page2]).size).toBe(TOTAL);
    expect(nextHref(second.text)).toBeUndefined();
    expect(second.text).toContain('<a href="/items?status=assigned">« Trang đầu</a>');
  });

  it('pages a search in reference order, saying so', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const first = await office.get(`/items?q=${encodeURIComponent('đường giao thông')}`);
    expect(first.status).toBe(200);
    expect(textOf(first.text)).toContain(`${TOTAL} kiến nghị theo bộ lọc`);
    expect(textOf(first.text)).toContain('Kết quả tìm kiếm xếp theo số hiệu kiến nghị.');
    const page1 = refsOf(first.text);
    expect(page1).toEqual([...page1].sort());
    const second = await office.get(nextHref(first.text) as string);
    const page2 = refsOf(second.text);
    expect([...page1, ...page2]).toEqual(
      Array.from({ length: TOTAL }, (_, i) => `U1-2023-${String(i + 1).padStart(4, '0')}`),
    );
    const none = await office.get('/items?q=karaoke');
    expect(textOf(none.text)).not.toContain('xếp theo số hiệu');
  });

  it('names an altered cursor as a wrong filter (400)', async () => {
    const office = new WebAgent(t.app);
    await office.signInAs('office');
    const bad = await office.get('/items?status=assigned&cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(textOf(bad.text)).toContain('Bộ lọc chưa hợp lệ');
    expect(refsOf(bad.text)).toHaveLength(0);
  });

  it("gives a department the items it cooperates on, and none of another's", async () => {
    const ca = new WebAgent(t.app);
    await ca.signInAs('department:ca');
    const page = await ca.get('/items');
    expect(page.status).toBe(200);
    expect(refsOf(page.text)).toHaveLength(1);
    expect(textOf(page.text)).toContain('Kiến nghị số 1 về đường giao thông');
    expect(nextHref(page.text)).toBeUndefined();
  });
});
