/**
 * E-mail notices through the durable outbox: who gets what, once — one mail per department per request
 * (create, import, batch assignment, a change), reopen and due-date changes to the lead at once, the
 * Front's digest once per working day — each kind off per unit; a failed delivery stays visible and is
 * retried. Delivery is the outbox's own (deliverUnitMails); the mailer is the local .eml outbox.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../shared/domain/ports.js';
import { listMail } from '../../shared/services/mail-outbox/deliver.js';
import { deliverUnitMails } from '../../shared/services/mail-outbox/dispatch.js';
import { sendReviewDigest } from '../../shared/services/review-digest.js';
import { handleUnitJob } from '../../shared/services/unit-work/worker.js';
import { createTestApp, seedUnit } from '../support/app.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let dialogueId: string;

beforeEach(async () => {
  // Friday 20/10/2023, 09:00 in Vietnam.
  t = await createTestApp({ now: '2023-10-20T02:00:00Z' });
  ({ dialogueId } = await seedUnit(t));
});

const deliver = (mailer: Mailer = t.deps.mailer) =>
  deliverUnitMails({ ...t.deps, mailer }, 'u1', { mode: 'due' });

/** Mails sent so far, oldest first, with their text. */
async function sent() {
  const entries = (await t.outbox.list()).reverse();
  return Promise.all(
    entries.map(async (e) => {
      const parsed = await simpleParser(await readFile(join(t.outbox.dir, e.file)));
      return { to: e.to, subject: e.subject, text: parsed.text ?? '', html: String(parsed.html) };
    }),
  );
}

async function create(body: unknown[]) {
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, { as: 'office', body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.items as { id: string; ref: string; version: number }[];
}

const assigned = (content: string, departmentId: string, extra: Record<string, unknown> = {}) => ({
  content,
  source: 'pre_collected',
  disposition: 'assigned',
  departmentId,
  dueDate: '2023-11-15',
  ...extra,
});

describe('assignment notices', () => {
  it('one mail per department per create: its new items, then those it cooperates on; sent once', async () => {
    const items = await create([
      assigned('Sửa đường hẻm 27', 'dc'),
      assigned('Nạo vét cống hẻm 12', 'dc', { cooperatingDepartmentIds: ['vhxh'] }),
      assigned('Karaoke quá 22 giờ', 'ca', { cooperatingDepartmentIds: ['dc'] }),
      { content: 'Chưa phân loại', source: 'pre_collected' },
    ]);
    expect(await sent()).toEqual([]);
    expect(await deliver()).toEqual({ sent: 3, failed: 0 });
    const mails = await sent();
    const of = (email: string) => mails.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(3);
    const [dc] = of('dc@demo.example');
    expect(of('dc@demo.example')).toHaveLength(1);
    expect(dc?.subject).toBe(
      '[Phường u1] 2 kiến nghị mới giao chủ trì, 1 kiến nghị cần phối hợp — Địa chính - Xây dựng',
    );
    const [first, second, third] = items;
    // Lead items first (ref, content, due date dd/mm/yyyy, link), then the cooperating ones with their lead.
    const text = dc?.text ?? '';
    expect(text.indexOf(`${first?.ref}, hạn 15/11/2023`)).toBeGreaterThan(-1);
    expect(text).toContain(`Sửa đường hẻm 27 <http://localhost:3000/items/${first?.id}>`);
    expect(text).toContain(`${second?.ref}, hạn 15/11/2023`);
    expect(text.indexOf('Đơn vị phối hợp (1):')).toBeGreaterThan(text.indexOf(`${second?.ref}`));
    expect(text).toContain(`${third?.ref}, hạn 15/11/2023, chủ trì Công an phường: Karaoke quá 22 giờ`);
    expect(dc?.html).toContain(`href="http://localhost:3000/items/${first?.id}"`);
    expect(of('vhxh@demo.example')[0]?.subject).toBe(
      '[Phường u1] 1 kiến nghị cần phối hợp — Văn hóa - Xã hội',
    );
    expect(of('ca@demo.example')[0]?.subject).toBe(
      '[Phường u1] 1 kiến nghị mới giao chủ trì — Công an phường',
    );
    // Nothing twice.
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    expect(await sent()).toHaveLength(3);
  });

  it('an import of several chunks: one mail per department for the whole file, none on a second import', async () => {
    const rows = 45;
    const csv = [
      'STT,Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Đơn vị phối hợp,Hạn xử lý',
      ...Array.from(
        { length: rows },
        (_, i) =>
          `${i + 1},Kiến nghị nhập số ${i + 1},Tổng hợp trước,Giao đơn vị,${i % 3 ? 'Địa chính - Xây dựng' : 'Công an phường'},${i % 5 ? '' : 'Văn hóa - Xã hội'},15/11/2023`,
      ),
    ].join('\n');
    const upload = () =>
      t.call('POST', `/api/dialogues/${dialogueId}/recommendations/import`, {
        as: 'office',
        raw: csv,
        headers: { 'content-type': 'text/csv' },
      });
    const res = await upload();
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(rows);
    await deliver();
    const mails = await sent();
    expect(mails.map((m) => m.to[0]).sort()).toEqual([
      'ca@demo.example',
      'dc@demo.example',
      'vhxh@demo.example',
    ]);
    expect(mails.find((m) => m.to.includes('dc@demo.example'))?.subject).toContain(
      '30 kiến nghị mới giao chủ trì',
    );
    expect(mails.find((m) => m.to.includes('ca@demo.example'))?.subject).toContain(
      '15 kiến nghị mới giao chủ trì',
    );
    expect(mails.find((m) => m.to.includes('vhxh@demo.example'))?.subject).toContain(
      '9 kiến nghị cần phối hợp',
    );
    const again = await upload();
    expect(again.body.alreadyImported).toBe(rows);
    await deliver();
    expect(await sent()).toHaveLength(3);
  });

  it('a batch assignment: one mail per department; a single change: the department newly given the item', async () => {
    const items = await create([
      { content: 'Phân loại sau 1', source: 'pre_collected' },
      { content: 'Phân loại sau 2', source: 'pre_collected' },
    ]);
    const batch = await t.call('POST', '/api/recommendations/assign', {
      as: 'office',
      body: {
        items: items.map(({ id, version }) => ({ id, version })),
        departmentId: 'dc',
        cooperatingDepartmentIds: ['ca'],
        dueDate: '2023-11-30',
      },
    });
    expect(batch.status).toBe(200);
    await deliver();
    expect((await sent()).map((m) => m.subject).sort()).toEqual([
      '[Phường u1] 2 kiến nghị cần phối hợp — Công an phường',
      '[Phường u1] 2 kiến nghị mới giao chủ trì — Địa chính - Xây dựng',
    ]);
    // Reassigned to vhxh: only vhxh is told (dc and ca already knew of it).
    const [one] = batch.body.items as { id: string; version: number; ref: string }[];
    const moved = await t.call('PATCH', `/api/recommendations/${one?.id}`, {
      as: 'office',
      body: { version: one?.version, departmentId: 'vhxh' },
    });
    expect(moved.status).toBe(200);
    await deliver();
    const last = (await sent()).slice(2);
    expect(last.map((m) => [m.to, m.subject])).toEqual([
      [['vhxh@demo.example'], '[Phường u1] 1 kiến nghị mới giao chủ trì — Văn hóa - Xã hội'],
    ]);
  });
});

describe('reopen and due-date change', () => {
  it('tell the lead department at once, once', async () => {
    const [item] = await create([
      assigned('Đèn chiếu sáng hẻm 12', 'dc', { cooperatingDepartmentIds: ['ca'] }),
    ]);
    await deliver();
    const base = (await sent()).length;
    const changed = await t.call('PATCH', `/api/recommendations/${item?.id}`, {
      as: 'office',
      body: { version: item?.version, dueDate: '2023-11-24', reason: 'Chờ vật tư' },
    });
    expect(changed.status).toBe(200);
    await deliver();
    const due = (await sent()).slice(base);
    expect(due.map((m) => [m.to, m.subject])).toEqual([
      [['dc@demo.example'], `[Phường u1] Kiến nghị ${item?.ref} đổi hạn xử lý: 15/11/2023 → 24/11/2023`],
    ]);
    expect(due[0]?.text).toContain('Lý do: Chờ vật tư');

    const resolved = await t.call('POST', `/api/recommendations/${item?.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã lắp đèn' },
    });
    const reopened = await t.call('POST', `/api/recommendations/${item?.id}/review`, {
      as: 'front',
      body: {
        decision: 'reopen',
        reason: 'Đèn chưa sáng',
        dueDate: '2023-11-30',
        version: resolved.body.version,
      },
    });
    expect(reopened.status).toBe(200);
    await deliver();
    const reopen = (await sent()).slice(base + 1);
    expect(reopen.map((m) => [m.to, m.subject])).toEqual([
      [['dc@demo.example'], `[Phường u1] Kiến nghị ${item?.ref} bị MTTQ mở lại, hạn mới 30/11/2023`],
    ]);
    expect(reopen[0]?.text).toContain('Lý do: Đèn chưa sáng');
    await deliver();
    expect((await sent()).length).toBe(base + 2);
  });
});

describe('each kind can be turned off', () => {
  it('per unit, by the admin; the others keep going', async () => {
    expect((await t.call('GET', '/api/notice-settings', { as: 'office' })).body).toEqual({
      assignment: true,
      reopened: true,
      dueDateChanged: true,
      reviewDigest: true,
    });
    expect(
      (await t.call('PUT', '/api/notice-settings', { as: 'office', body: { assignment: false } })).status,
    ).toBe(403);
    const off = await t.call('PUT', '/api/notice-settings', { as: 'admin', body: { assignment: false } });
    expect(off.body).toMatchObject({ assignment: false, dueDateChanged: true });
    expect((await t.call('PUT', '/api/notice-settings', { as: 'admin', body: { other: true } })).status).toBe(
      400,
    );
    const [item] = await create([assigned('Cắt tỉa cây xanh', 'dc')]);
    await t.call('PATCH', `/api/recommendations/${item?.id}`, {
      as: 'office',
      body: { version: item?.version, dueDate: '2023-11-20', reason: 'Thời tiết' },
    });
    await deliver();
    expect((await sent()).map((m) => m.subject)).toEqual([
      `[Phường u1] Kiến nghị ${item?.ref} đổi hạn xử lý: 15/11/2023 → 20/11/2023`,
    ]);
  });
});

describe('delivery failures', () => {
  it('stay visible and are retried after a backoff, then sent once', async () => {
    await create([assigned('Sửa cống', 'dc')]);
    const down: Mailer = {
      send: async () => {
        throw Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' });
      },
    };
    expect(await deliver(down)).toEqual({ sent: 0, failed: 1 });
    const [pending] = await listMail(t.deps, 'u1');
    expect(pending).toMatchObject({
      kind: 'assignment',
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('Service Unavailable'),
    });
    // Not due again before its backoff.
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(await sent()).toHaveLength(1);
    expect(await listMail(t.deps, 'u1')).toEqual([]);
  });
});

describe("the Front's daily digest", () => {
  async function resolvedItems(n: number) {
    const items = await create(Array.from({ length: n }, (_, i) => assigned(`Việc số ${i + 1}`, 'dc')));
    for (const item of items) {
      const res = await t.call('POST', `/api/recommendations/${item.id}/resolve`, {
        as: 'department:dc',
        body: { answer: `Đã xử lý ${item.ref}` },
      });
      expect(res.status).toBe(200);
    }
    return items;
  }

  it('one mail per working day at 16:30 with the new answers, only when there are some', async () => {
    await t.call('PUT', '/api/recipients/supervision/mttq@u1.example', {
      as: 'admin',
      body: { name: 'MTTQ' },
    });
    const items = await resolvedItems(2);
    await deliver(); // the assignment notices
    const before = (await sent()).length;
    // Friday 20/10, 16:30.
    t.clock.set(new Date('2023-10-20T09:30:00Z'));
    expect(await sendReviewDigest(t.deps, 'u1', '2023-10-20')).toEqual({ items: 2, cleared: 2 });
    await deliver();
    const digest = (await sent()).slice(before);
    expect(digest.map((m) => [m.to, m.subject])).toEqual([
      [['mttq@u1.example'], '[Phường u1] 2 kiến nghị đã có trả lời, chờ MTTQ xem xét — ngày 20/10/2023'],
    ]);
    for (const item of items) expect(digest[0]?.text).toContain(item.ref);
    // Again the same day (a job delivered twice): nothing more.
    expect(await sendReviewDigest(t.deps, 'u1', '2023-10-20')).toMatchObject({
      skipped: 'already sent today',
    });
    // An answer after 16:30 on Friday: not on Saturday, on Monday — through the unit-work job.
    t.clock.set(new Date('2023-10-20T10:00:00Z'));
    const [late] = await resolvedItems(1);
    t.clock.set(new Date('2023-10-21T09:30:00Z'));
    expect(await sendReviewDigest(t.deps, 'u1', '2023-10-21')).toMatchObject({
      skipped: 'not a working day',
    });
    t.clock.set(new Date('2023-10-23T09:30:00Z'));
    await handleUnitJob(t.deps, {
      job: 'review-digest',
      unitId: 'u1',
      runId: 'review-digest#2023-10-23',
      date: '2023-10-23',
    });
    await deliver();
    const monday = (await sent()).filter((m) => m.subject.includes('ngày 23/10/2023'));
    expect(monday).toHaveLength(1);
    expect(monday[0]?.subject).toContain('1 kiến nghị đã có trả lời');
    expect(monday[0]?.text).toContain(late?.ref);
    // Tuesday, nothing new: no mail.
    t.clock.set(new Date('2023-10-24T09:30:00Z'));
    expect(await sendReviewDigest(t.deps, 'u1', '2023-10-24')).toMatchObject({ skipped: 'nothing new' });
  });

  it('leaves out answers already reviewed, and keeps no marks when turned off', async () => {
    await t.call('PUT', '/api/recipients/supervision/mttq@u1.example', { as: 'admin', body: {} });
    const [a] = await resolvedItems(1);
    const item = await t.call('GET', `/api/recommendations/${a?.id}`, { as: 'front' });
    await t.call('POST', `/api/recommendations/${a?.id}/review`, {
      as: 'front',
      body: { decision: 'confirm', version: item.body.version },
    });
    t.clock.set(new Date('2023-10-20T09:30:00Z'));
    expect(await sendReviewDigest(t.deps, 'u1', '2023-10-20')).toEqual({
      skipped: 'nothing new',
      items: 0,
      cleared: 1,
    });
    await t.call('PUT', '/api/notice-settings', { as: 'admin', body: { reviewDigest: false } });
    await resolvedItems(1);
    t.clock.set(new Date('2023-10-23T09:30:00Z'));
    expect(await sendReviewDigest(t.deps, 'u1', '2023-10-23')).toEqual({
      skipped: 'turned off',
      items: 0,
      cleared: 0,
    });
  });
});
