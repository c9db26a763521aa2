/**
 * Issuing the conclusion notice: number and date stored, dialogue concluded, history, and through the
 * durable outbox one e-mail per department named in it (its own items) plus one to the Front (the whole
 * notice), each with the DOCX attached — sent once, parsed back with mailparser.
 */
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mailer } from '../../shared/domain/ports.js';
import { listMail } from '../../shared/services/mail-outbox/deliver.js';
import { deliverUnitMails } from '../../shared/services/mail-outbox/dispatch.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { readDocx } from './docx-reader.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
let t: TestApp;
let dialogueId: string;
let unclassifiedId: string;

async function mails() {
  const entries = await t.outbox.list();
  return Promise.all(entries.map(async (e) => simpleParser(await t.outbox.read(e.file))));
}

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
  // Only the notice's own mails are looked at here: the assignment notices (tests/api/notices.test.ts) are off.
  expect(
    (await t.call('PUT', '/api/notice-settings', { as: 'admin', body: { assignment: false } })).status,
  ).toBe(200);
  expect(
    (
      await t.call('POST', '/api/departments', {
        as: 'admin',
        body: { id: 'tp', name: 'Tư pháp - Hộ tịch', emails: [] },
      })
    ).status,
  ).toBe(201);
  for (const email of ['mttq@demo.example', 'chutich.mttq@demo.example'])
    await t.call('PUT', `/api/recipients/supervision/${email}`, { as: 'admin', body: {} });
  const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
    as: 'office',
    body: [
      {
        content: 'Sửa đường hẻm 12 bị sụt lún',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        cooperatingDepartmentIds: ['vhxh'],
        dueDate: '2023-11-15',
      },
      {
        content: 'Tăng cường tuần tra chợ đêm',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'ca',
        dueDate: '2023-11-20',
      },
      {
        content: 'Hướng dẫn thủ tục hộ tịch',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'tp',
        dueDate: '2023-11-10',
      },
      {
        content: 'Giải thích phí vệ sinh',
        source: 'at_dialogue',
        disposition: 'answered_at_dialogue',
        answer: 'Theo quyết định của thành phố',
      },
      { content: 'Kiến nghị chưa phân loại', source: 'pre_collected' },
    ],
  });
  expect(res.status).toBe(201);
  unclassifiedId = res.body.items[4].id;
});

describe('issuing the conclusion notice', () => {
  it('is refused while an item is unclassified: nothing stored, nothing queued', async () => {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
      as: 'office',
      body: { number: '125', date: '2023-10-20' },
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('chưa phân loại');
    expect((await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' })).body.status).toBe('held');
    expect(await listMail(t.deps, 'u1', { statuses: ['pending', 'sent', 'failed'] })).toEqual([]);
    expect(await t.outbox.list()).toEqual([]);
  });

  it('names bad fields: a date before the dialogue or in the future, a malformed number; office and admin only', async () => {
    const bad = await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
      as: 'office',
      body: { number: '<b>1</b>', date: '2023-02-30' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.date',
      'body.number',
    ]);
    for (const date of ['2023-10-09', '2023-10-21']) {
      const res = await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
        as: 'office',
        body: { number: '125', date },
      });
      expect(res.status, date).toBe(400);
      expect(res.body.errors[0].field).toBe('body.date');
    }
    for (const as of ['front', 'standing', 'department:dc'] as const)
      expect(
        (
          await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
            as,
            body: { number: '1', date: '2023-10-20' },
          })
        ).status,
      ).toBe(403);
  });

  it('stores number and date, concludes the dialogue, and e-mails each department its items and the Front the whole notice, DOCX attached', async () => {
    const item = await t.call('GET', `/api/recommendations/${unclassifiedId}`, { as: 'office' });
    const patched = await t.call('PATCH', `/api/recommendations/${unclassifiedId}`, {
      as: 'office',
      body: {
        version: item.body.version,
        disposition: 'declined',
        reason: 'Đã được giải quyết trước hội nghị',
      },
    });
    expect(patched.status).toBe(200);

    const res = await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
      as: 'office',
      body: { number: '125', date: '2023-10-20' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dialogue).toMatchObject({
      status: 'concluded',
      conclusionNoticeNumber: '125/TB-UBND',
      conclusionNoticeDate: '2023-10-20',
    });
    expect(res.body.document.filename).toBe('thong-bao-ket-luan-so-125-TB-UBND.docx');
    expect(res.body.mails.map((m: { to: string[]; sent: boolean }) => [m.to, m.sent])).toEqual([
      [['dc@demo.example'], true],
      [['vhxh@demo.example'], true],
      [['ca@demo.example'], true],
      [['chutich.mttq@demo.example', 'mttq@demo.example'], true],
    ]);
    expect(res.body.notMailed).toEqual([
      { name: 'Tư pháp - Hộ tịch', reason: 'Đơn vị chưa có địa chỉ thư điện tử' },
    ]);

    const sent = await mails();
    expect(sent).toHaveLength(4);
    const to = (m: (typeof sent)[number]) =>
      (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value.map((v) => v.address) ?? []).sort();
    const byRecipient = new Map(sent.map((m) => [to(m).join(','), m]));
    const dc = byRecipient.get('dc@demo.example');
    const vhxh = byRecipient.get('vhxh@demo.example');
    const ca = byRecipient.get('ca@demo.example');
    const front = byRecipient.get('chutich.mttq@demo.example,mttq@demo.example');
    expect(dc?.subject).toBe(
      'Thông báo kết luận số 125/TB-UBND ngày 20/10/2023: Địa chính - Xây dựng được giao 1 kiến nghị',
    );
    expect(dc?.text).toContain('CHỦ TRÌ GIẢI QUYẾT (1):');
    expect(dc?.text).toContain('Sửa đường hẻm 12 bị sụt lún — hạn 15/11/2023');
    expect(dc?.text).not.toContain('tuần tra');
    expect(vhxh?.text).toContain('PHỐI HỢP GIẢI QUYẾT (1):');
    expect(vhxh?.text).not.toContain('CHỦ TRÌ');
    expect(ca?.text).toContain('Tăng cường tuần tra chợ đêm');
    expect(ca?.text).not.toContain('Sửa đường hẻm');
    expect(front?.html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(front?.html).toContain('Hướng dẫn thủ tục hộ tịch');
    for (const m of sent) {
      expect(m.attachments).toHaveLength(1);
      const [docx] = m.attachments;
      expect(docx?.filename).toBe('thong-bao-ket-luan-so-125-TB-UBND.docx');
      expect(docx?.contentType).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const doc = readDocx(new Uint8Array(docx?.content ?? []));
      expect(doc.tables[0]?.[0]?.[0]).toBe('ỦY BAN NHÂN DÂNPHƯỜNG U1Số: 125/TB-UBND');
      expect(doc.tables[0]?.[0]?.[1]).toContain('Phường u1, ngày 20 tháng 10 năm 2023');
    }
    // The DOCX is stored once, in the unit's documents.
    expect(
      await t.files.head(`units/u1/documents/${dialogueId}/v2-thong-bao-ket-luan-so-125-TB-UBND.docx`),
    ).toBeDefined();
  });

  it('sends each mail once: the outbox has nothing left, issuing again is refused, the text is no longer editable', async () => {
    expect(await deliverUnitMails(t.deps, 'u1', { mode: 'due' })).toEqual({ sent: 0, failed: 0 });
    expect(await deliverUnitMails(t.deps, 'u1', { mode: 'sweep' })).toEqual({ sent: 0, failed: 0 });
    const queued = await listMail(t.deps, 'u1', { statuses: ['pending', 'failed', 'sent'] });
    expect(queued.map((m) => m.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const again = await t.call('POST', `/api/dialogues/${dialogueId}/conclusion-notice/issue`, {
      as: 'office',
      body: { number: '126', date: '2023-10-20' },
    });
    expect(again.status).toBe(409);
    expect(await t.outbox.list()).toHaveLength(4);
    const d = await t.call('GET', `/api/dialogues/${dialogueId}`, { as: 'office' });
    const edit = await t.call('PUT', `/api/dialogues/${dialogueId}/conclusion-notice/text`, {
      as: 'office',
      body: { version: d.body.version, opening: 'Sửa sau khi ban hành' },
    });
    expect(edit.status).toBe(409);
    const history = await t.call('GET', `/api/dialogues/${dialogueId}/history`, { as: 'office' });
    const entry = history.body.items.find((h: { action: string }) => h.action === 'conclusion_notice_issued');
    expect(entry.after).toMatchObject({ status: 'concluded', conclusionNoticeNumber: '125/TB-UBND' });
  });

  it('keeps a mail that could not be sent in the outbox, and the outbox sends it later, once', async () => {
    const d = await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title: 'Hội nghị chuyên đề', heldOn: '2023-10-12', location: 'Hội trường' },
    });
    await t.call('POST', `/api/dialogues/${d.body.id}/recommendations`, {
      as: 'office',
      body: { content: 'Dọn rác kênh', source: 'at_dialogue', disposition: 'assigned', departmentId: 'dc' },
    });
    const working = t.deps.mailer;
    const down: Mailer = { send: async () => Promise.reject(new Error('Service Unavailable')) };
    t.deps.mailer = down;
    const res = await t.call('POST', `/api/dialogues/${d.body.id}/conclusion-notice/issue`, {
      as: 'admin',
      body: { number: '130/TB-UBND', date: '2023-10-20' },
    });
    t.deps.mailer = working;
    expect(res.status).toBe(200);
    expect(res.body.mails.map((m: { sent: boolean }) => m.sent)).toEqual([false, false]);
    const before = (await t.outbox.list()).length;
    // Due again after its backoff: the outbox's next pass sends both.
    t.clock.set(new Date(t.clock.now().getTime() + 2 * 60_000));
    expect(await deliverUnitMails(t.deps, 'u1', { mode: 'due' })).toEqual({ sent: 2, failed: 0 });
    expect(await deliverUnitMails(t.deps, 'u1', { mode: 'due' })).toEqual({ sent: 0, failed: 0 });
    expect((await t.outbox.list()).length).toBe(before + 2);
  });
});
