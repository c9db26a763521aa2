/**
 * Sending reports by email: recipients, the MIME message with its XLSX attachment, every send
 * recorded, retried with backoff, kept as failed and retried by the next run, never dropped;
 * scheduled runs are idempotent; SES bounces and complaints mark recipients.
 */
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportStore, type SendRecord } from '../../shared/adapters/dynamodb/report-store.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { seedDemoRecipients } from '../../shared/services/recipient-service.js';
import { firstWorkingDayOfQuarter, runUnitReports } from '../../shared/services/report-schedule.js';
import {
  type ReportDeps,
  recordMailEvent,
  retryPendingSends,
  SENDING_LEASE_MS,
  sendReport,
} from '../../shared/services/report-service.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { at, FlakyMailer, record, sheetRows, type TestApp } from './helpers.js';

let t: TestApp;
const noSleep = async () => {};
const withMailer = (mailer: FlakyMailer): ReportDeps => ({ ...t.deps, mailer });
const store = () => new ReportStore(t.deps.table);

async function lastEmail() {
  const [entry] = await t.outbox.list();
  if (!entry) throw new Error('outbox empty');
  return { entry, mail: await simpleParser(await t.outbox.read(entry.file)) };
}

beforeAll(async () => {
  t = await createTestApp();
  const { dialogueId } = await seedUnit(t);
  at(t, '2023-10-20');
  await record(t, dialogueId, {
    content: 'Sửa đèn chiếu sáng hẻm 9',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'dc',
    dueDate: '2023-10-18',
  });
  await record(t, dialogueId, {
    content: 'Nạo vét kênh Ba Bò',
    source: 'pre_collected',
    disposition: 'assigned',
    departmentId: 'vhxh',
    dueDate: '2023-11-20',
  });
});

describe('recipients', () => {
  it('the demo recipients, then admin CRUD; office reads; others get 403', async () => {
    await seedDemoRecipients(t.deps, 'u1');
    await seedDemoRecipients(t.deps, 'u1'); // idempotent
    const list = await t.call('GET', '/api/recipients', { as: 'admin' });
    expect(list.status).toBe(200);
    expect(
      list.body.items.map((r: { kind: string; email: string; status: string }) => [
        r.kind,
        r.email,
        r.status,
      ]),
    ).toEqual([
      ['quarterly', 'bantv.dangu@demo.example', 'active'],
      ['quarterly', 'vanphong@demo.example', 'active'],
      ['supervision', 'mttq@demo.example', 'active'],
      ['supervision', 'vanphong@demo.example', 'active'],
    ]);
    expect(
      (await t.call('GET', '/api/recipients?kind=supervision', { as: 'office' })).body.items,
    ).toHaveLength(2);
    for (const role of ['front', 'standing', 'department:dc'] as const) {
      expect((await t.call('GET', '/api/recipients', { as: role })).status).toBe(403);
    }
    expect(
      (await t.call('PUT', '/api/recipients/quarterly/chutich@u1.example', { as: 'office', body: {} }))
        .status,
    ).toBe(403);

    const added = await t.call('PUT', '/api/recipients/quarterly/ChuTich@u1.example', {
      as: 'admin',
      body: { name: 'Chủ tịch UBND' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      kind: 'quarterly',
      email: 'chutich@u1.example',
      name: 'Chủ tịch UBND',
      status: 'active',
      statusAt: null,
      statusDetail: null,
    });
    expect(
      (await t.call('PUT', '/api/recipients/quarterly/chutich@u1.example', { as: 'admin' })).status,
    ).toBe(200);
    const bad = await t.call('PUT', '/api/recipients/quarterly/not-an-email', { as: 'admin', body: {} });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('path.email');
    expect(
      (await t.call('PUT', '/api/recipients/weekly/a@b.example', { as: 'admin', body: {} })).status,
    ).toBe(400);
    expect(
      (await t.call('DELETE', '/api/recipients/quarterly/chutich@u1.example', { as: 'admin' })).status,
    ).toBe(204);
    expect(
      (await t.call('DELETE', '/api/recipients/quarterly/chutich@u1.example', { as: 'admin' })).status,
    ).toBe(404);
    expect((await t.call('GET', '/api/recipients?kind=quarterly', { as: 'admin' })).body.items).toHaveLength(
      2,
    );
  });
});

describe('sending', () => {
  it('supervision: 202 with the record; the MIME message parses, with the XLSX attached', async () => {
    at(t, '2023-10-23', '07:30');
    const res = await t.call('POST', '/api/reports/supervision/send', { as: 'office' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'supervision',
      period: '2023-10-23',
      trigger: 'manual',
      requestedBy: 'user-office',
      recipients: ['mttq@demo.example', 'vanphong@demo.example'],
      skippedRecipients: [],
      outcome: 'sent',
      attempts: 1,
      lastError: null,
      subject: '[Phường u1] Báo cáo giám sát giải quyết kiến nghị ngày 23/10/2023',
      sentAt: '2023-10-23T00:30:00.000Z',
    });
    const { entry, mail } = await lastEmail();
    expect(res.body.messageId).toBe(entry.messageId);
    expect(mail.subject).toBe('[Phường u1] Báo cáo giám sát giải quyết kiến nghị ngày 23/10/2023');
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.flatMap((a) => a?.value.map((v) => v.address))).toEqual([
      'mttq@demo.example',
      'vanphong@demo.example',
    ]);
    expect(mail.html).toContain('Báo cáo giám sát việc giải quyết kiến nghị');
    expect(mail.html).toContain('Phường u1');
    expect(mail.text).toContain('BÁO CÁO GIÁM SÁT VIỆC GIẢI QUYẾT KIẾN NGHỊ');
    expect(mail.text).toContain('1. Quá hạn: 1');
    expect(mail.attachments).toHaveLength(1);
    const attachment = mail.attachments[0];
    expect(attachment?.filename).toBe('bao-cao-giam-sat-u1-2023-10-23.xlsx');
    expect(attachment?.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const rows = await sheetRows(attachment?.content as Buffer, 'Quá hạn');
    // Due 18/10, on 23/10: 19, 20, 23 → 3 working days.
    expect(rows.slice(1).map((r) => [r[1], r[3], r[4]])).toEqual([
      ['Sửa đèn chiếu sáng hẻm 9', '2023-10-18', 3],
    ]);

    const sends = await t.call('GET', '/api/reports/sends', { as: 'admin' });
    expect(sends.body.items[0]).toMatchObject({ id: res.body.id, outcome: 'sent' });
    expect((await t.call('GET', '/api/reports/sends', { as: 'front' })).status).toBe(403);
  });

  it('quarterly: subject with the quarter, summary attached', async () => {
    const res = await t.call('POST', '/api/reports/quarterly/send', {
      as: 'admin',
      body: { year: 2023, quarter: 4 },
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      kind: 'quarterly',
      period: '2023-Q4',
      outcome: 'sent',
      recipients: ['bantv.dangu@demo.example', 'vanphong@demo.example'],
    });
    const { mail } = await lastEmail();
    expect(mail.subject).toBe('[Phường u1] Tổng hợp kết quả giải quyết kiến nghị Quý IV/2023');
    expect(mail.attachments[0]?.filename).toBe('tong-hop-kien-nghi-u1-2023-Q4.xlsx');
    const overview = await sheetRows(mail.attachments[0]?.content as Buffer, 'Tổng quan');
    expect(overview[2]).toEqual(['Tổng số kiến nghị', 2, 0, 2]);
    expect(mail.html).toContain('<svg');
    // Without a body: the current quarter.
    const current = await t.call('POST', '/api/reports/quarterly/send', { as: 'admin' });
    expect(current.body.period).toBe('2023-Q4');
    const half = await t.call('POST', '/api/reports/quarterly/send', { as: 'admin', body: { year: 2023 } });
    expect(half.status).toBe(400);
    expect(half.body.errors[0].field).toBe('body.quarter');
    const future = await t.call('POST', '/api/reports/quarterly/send', {
      as: 'admin',
      body: { year: 2024, quarter: 1 },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].field).toBe('body.quarter');
  });

  it('a failing mailer is retried with exponential backoff within the run', async () => {
    const mailer = new FlakyMailer(2, t.outbox);
    const sleeps: number[] = [];
    const sent = await sendReport(
      withMailer(mailer),
      'u1',
      { kind: 'supervision', trigger: 'manual' },
      { attempts: 3, baseDelayMs: 100, sleep: async (ms) => void sleeps.push(ms) },
    );
    expect(sleeps).toEqual([100, 200]);
    expect(mailer.calls).toBe(3);
    expect(sent).toMatchObject({
      outcome: 'sent',
      attempts: 3,
      lastError: 'Throttling: Throttling: Maximum sending rate exceeded.',
    });
    expect(await store().pendingSends('u1')).toEqual([]);
  });

  it('still failing: recorded as failed, visible, and the next run retries it first', async () => {
    at(t, '2023-10-24', '10:00');
    const down = new FlakyMailer(100);
    const failed = await sendReport(
      withMailer(down),
      'u1',
      { kind: 'supervision', trigger: 'manual' },
      { attempts: 3, sleep: noSleep },
    );
    at(t, '2023-10-24', '10:05');
    const failedQuarterly = await sendReport(
      withMailer(down),
      'u1',
      { kind: 'quarterly', quarter: { year: 2023, quarter: 4 }, trigger: 'manual' },
      { attempts: 3, sleep: noSleep },
    );
    expect(down.calls).toBe(6);
    expect(failed).toMatchObject({
      outcome: 'failed',
      attempts: 3,
      messageId: null,
      lastError: expect.stringContaining('Maximum sending rate exceeded'),
    });
    expect(failedQuarterly).toMatchObject({ outcome: 'failed', attempts: 3 });
    const listed = (await t.call('GET', '/api/reports/sends?limit=2', { as: 'office' })).body.items;
    expect(listed.map((s: SendRecord) => [s.id, s.outcome])).toEqual([
      [failedQuarterly?.id, 'failed'],
      [failed?.id, 'failed'],
    ]);
    expect((await store().pendingSends('u1')).map((s) => s.id)).toEqual([failed?.id, failedQuarterly?.id]);

    // Monday 30/10 07:30, the weekly run, SES back.
    at(t, '2023-10-30', '07:30');
    const up = new FlakyMailer(0, t.outbox);
    const run = await runUnitReports(withMailer(up), 'supervision', 'u1', { sleep: noSleep });
    expect(run.unitId).toBe('u1');
    expect(run?.retried.map((s) => [s.id, s.outcome, s.attempts])).toEqual([
      [failed?.id, 'sent', 4],
      [failedQuarterly?.id, 'sent', 4],
    ]);
    expect(run?.sent).toMatchObject({
      kind: 'supervision',
      period: '2023-10-30',
      trigger: 'schedule',
      outcome: 'sent',
      attempts: 1,
    });
    // Retries went out before the new report.
    expect(up.sent.map((m) => m.subject)).toEqual([
      '[Phường u1] Báo cáo giám sát giải quyết kiến nghị ngày 30/10/2023',
      '[Phường u1] Tổng hợp kết quả giải quyết kiến nghị Quý IV/2023',
      '[Phường u1] Báo cáo giám sát giải quyết kiến nghị ngày 30/10/2023',
    ]);
    expect(await store().pendingSends('u1')).toEqual([]);
    expect(await store().getSend('u1', failed?.id as string)).toMatchObject({ outcome: 'sent', attempts: 4 });

    // The schedule delivered twice: nothing more is sent.
    const again = await runUnitReports(withMailer(up), 'supervision', 'u1', { sleep: noSleep });
    expect(again).toMatchObject({ retried: [], sent: null, due: true });
    expect(up.calls).toBe(3);
  });

  it('a failed supervision send older than a delivered one is marked superseded, not resent', async () => {
    at(t, '2023-10-31', '10:00');
    const failed = await sendReport(
      withMailer(new FlakyMailer(100)),
      'u1',
      { kind: 'supervision', trigger: 'manual' },
      { attempts: 2, sleep: noSleep },
    );
    expect(failed?.outcome).toBe('failed');
    at(t, '2023-11-01', '10:00');
    expect((await t.call('POST', '/api/reports/supervision/send', { as: 'office' })).body.outcome).toBe(
      'sent',
    );
    at(t, '2023-11-06', '07:30');
    const mailer = new FlakyMailer(0);
    const retried = await retryPendingSends(withMailer(mailer), 'u1', { sleep: noSleep });
    expect(retried.map((s) => [s.id, s.outcome])).toEqual([[failed?.id, 'superseded']]);
    expect(mailer.calls).toBe(0);
    const history = (await t.call('GET', '/api/reports/sends?kind=supervision&limit=200', { as: 'admin' }))
      .body.items;
    expect(history.find((s: SendRecord) => s.id === failed?.id)).toMatchObject({
      outcome: 'superseded',
      attempts: 2,
    });
  });

  it('a send interrupted while sending (crashed run) is taken over once its lease expires', async () => {
    at(t, '2023-11-07', '09:00');
    const now = t.clock.now().toISOString();
    const crashed: SendRecord = {
      id: `${now.replace(/[-:.]/g, '')}-crashed0`,
      unitId: 'u1',
      kind: 'quarterly',
      period: '2023-Q3',
      trigger: 'schedule',
      requestedBy: null,
      recipients: [],
      skippedRecipients: [],
      subject: null,
      messageId: null,
      outcome: 'sending',
      attempts: 0,
      lastError: null,
      createdAt: now,
      updatedAt: now,
      sentAt: null,
      version: 1,
    };
    expect(await store().createSend(crashed, true)).toBe(true);
    expect(await store().createSend({ ...crashed, id: `${crashed.id}-dup` }, true)).toBe(false); // claimed
    const mailer = new FlakyMailer(0);
    expect(await retryPendingSends(withMailer(mailer), 'u1', { sleep: noSleep })).toEqual([]);
    t.clock.set(new Date(Date.parse(now) + SENDING_LEASE_MS + 1000));
    const retried = await retryPendingSends(withMailer(mailer), 'u1', { sleep: noSleep });
    expect(retried.map((s) => [s.id, s.outcome, s.period])).toEqual([[crashed.id, 'sent', '2023-Q3']]);
    expect(mailer.sent[0]?.subject).toBe('[Phường u1] Tổng hợp kết quả giải quyết kiến nghị Quý III/2023');
  });

  it('no recipients: recorded as skipped with the reason, not retried', async () => {
    await t.deps.units.putUnit({ id: 'u2', code: 'U2', name: 'Phường u2' });
    const skipped = await sendReport(
      withMailer(new FlakyMailer(0)),
      'u2',
      { kind: 'supervision', trigger: 'manual' },
      { sleep: noSleep },
    );
    expect(skipped).toMatchObject({
      outcome: 'skipped',
      attempts: 0,
      lastError: 'Chưa có người nhận cho loại báo cáo này',
    });
    expect(await store().pendingSends('u2')).toEqual([]);
    expect((await t.call('GET', '/api/reports/sends', { as: 'admin', unit: 'u2' })).body.items).toHaveLength(
      1,
    );
  });
});

describe('quarterly schedule', () => {
  it('first working day of a quarter, from the unit calendar', () => {
    const calendar = new WorkingCalendar();
    expect(firstWorkingDayOfQuarter('2024-01-01', calendar)).toBe('2024-01-02'); // 1/1 holiday
    expect(firstWorkingDayOfQuarter('2026-01-03', calendar)).toBe('2026-01-05'); // 1–4/1/2026 off
    expect(firstWorkingDayOfQuarter('2025-04-01', calendar)).toBe('2025-04-01');
    expect(firstWorkingDayOfQuarter('2023-07-05', calendar)).toBe('2023-07-03'); // 1/7/2023 is a Saturday
  });

  it('sends the previous quarter once, from the first working day on', async () => {
    const mailer = new FlakyMailer(0);
    at(t, '2024-01-01', '07:30');
    const run = (unitId: string) =>
      runUnitReports(withMailer(mailer), 'quarterly', unitId, { sleep: noSleep });
    expect(await run('u1')).toMatchObject({ due: false, sent: null });
    at(t, '2024-01-02', '07:30');
    expect((await run('u1')).sent).toMatchObject({
      kind: 'quarterly',
      period: '2023-Q4',
      trigger: 'schedule',
      outcome: 'sent',
    });
    expect((await run('u2')).sent).toMatchObject({ outcome: 'skipped' });
    at(t, '2024-01-03', '07:30');
    expect(await run('u1')).toMatchObject({ due: true, sent: null });
    expect(mailer.sent.map((m) => m.subject)).toEqual([
      '[Phường u1] Tổng hợp kết quả giải quyết kiến nghị Quý IV/2023',
    ]);
  });
});

describe('SES bounces and complaints', () => {
  it('mark the recipients of the report; later sends leave them out; the admin can reactivate', async () => {
    at(t, '2024-01-08', '07:30');
    const sent = await t.call('POST', '/api/reports/supervision/send', { as: 'office' });
    const messageId = sent.body.messageId as string;
    const bounce = await recordMailEvent(t.deps, {
      notificationType: 'Bounce',
      mail: { messageId, timestamp: '2024-01-08T00:30:05.000Z' },
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'General',
        timestamp: '2024-01-08T00:30:09.000Z',
        bouncedRecipients: [
          { emailAddress: 'MTTQ@demo.example', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
        ],
      },
    });
    expect(bounce).toEqual({ type: 'Bounce', messageId, unitId: 'u1', marked: ['mttq@demo.example'] });
    const complaint = await recordMailEvent(t.deps, {
      eventType: 'Complaint',
      mail: { messageId },
      complaint: {
        timestamp: '2024-01-08T01:00:00.000Z',
        complaintFeedbackType: 'abuse',
        complainedRecipients: [{ emailAddress: 'vanphong@demo.example' }],
      },
    });
    expect(complaint.marked).toEqual(['vanphong@demo.example']);
    const transient = await recordMailEvent(t.deps, {
      notificationType: 'Bounce',
      mail: { messageId },
      bounce: {
        bounceType: 'Transient',
        bounceSubType: 'MailboxFull',
        bouncedRecipients: [{ emailAddress: 'bantv.dangu@demo.example' }],
      },
    });
    expect(transient.marked).toEqual([]); // btv receives the quarterly summary, not this report
    expect(
      await recordMailEvent(t.deps, {
        notificationType: 'Bounce',
        mail: { messageId: 'unknown' },
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'x@y.example' }] },
      }),
    ).toMatchObject({ unitId: null, marked: [] });
    expect(
      await recordMailEvent(t.deps, { notificationType: 'Delivery', mail: { messageId } }),
    ).toMatchObject({ marked: [] });

    const recipients = (await t.call('GET', '/api/recipients?kind=supervision', { as: 'admin' })).body.items;
    expect(recipients).toEqual([
      {
        kind: 'supervision',
        email: 'mttq@demo.example',
        name: 'Ủy ban MTTQ phường',
        status: 'bounced',
        statusAt: '2024-01-08T00:30:09.000Z',
        statusDetail: 'Permanent — General — smtp; 550 5.1.1 user unknown',
      },
      {
        kind: 'supervision',
        email: 'vanphong@demo.example',
        name: 'Văn phòng Đảng ủy',
        status: 'complained',
        statusAt: '2024-01-08T01:00:00.000Z',
        statusDetail: 'abuse',
      },
    ]);
    const none = await t.call('POST', '/api/reports/supervision/send', { as: 'office' });
    expect(none.body).toMatchObject({
      outcome: 'skipped',
      recipients: [],
      skippedRecipients: ['mttq@demo.example', 'vanphong@demo.example'],
    });

    await t.call('PUT', '/api/recipients/supervision/mttq@demo.example', {
      as: 'admin',
      body: { name: 'Ủy ban MTTQ phường' },
    });
    const again = await t.call('POST', '/api/reports/supervision/send', { as: 'office' });
    expect(again.body).toMatchObject({
      outcome: 'sent',
      recipients: ['mttq@demo.example'],
      skippedRecipients: ['vanphong@demo.example'],
    });
  });
});
