import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
});

describe('smoke', () => {
  it('creates, assigns, resolves and confirms a recommendation', async () => {
    const created = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: {
        content: 'Đề nghị sửa đường hẻm 27',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ref: 'U1-2023-0001',
      status: 'assigned',
      departmentId: 'dc',
      version: 1,
      overdue: false,
    });
    expect(created.body.dueDate).toMatch(/^2023-/);
    const resolved = await t.call('POST', `/api/recommendations/${created.body.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã vá mặt đường', documentRef: '12/UBND' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');
    const reviewed = await t.call('POST', `/api/recommendations/${created.body.id}/review`, {
      as: 'front',
      body: { decision: 'confirm' },
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.status).toBe('confirmed');
    const history = await t.call('GET', `/api/recommendations/${created.body.id}/history`, { as: 'office' });
    expect(history.body.items.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'resolved',
      'confirmed',
    ]);
  });
});
