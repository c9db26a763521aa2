import { beforeAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../shared/adapters/dynamodb/history-store.js';
import { EMAIL_MESSAGE } from '../../shared/domain/email.js';
import { DEFAULT_ESCALATION_POLICY } from '../../shared/domain/escalation-policy.js';
import { createApp } from '../../shared/http/app.js';
import { createTestApp, seedUnit, tokenFor } from '../support/app.js';

let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  t = await createTestApp();
  await seedUnit(t);
});

describe('GET/PUT /api/escalation-policy', () => {
  it('gives the defaults to the office, the Front and the admin, and refuses other roles', async () => {
    for (const as of ['office', 'front', 'admin'] as const) {
      const res = await t.call('GET', '/api/escalation-policy', { as });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(DEFAULT_ESCALATION_POLICY);
    }
    expect((await t.call('GET', '/api/escalation-policy', { as: 'department:dc' })).status).toBe(403);
    expect((await t.call('GET', '/api/escalation-policy', { as: 'standing' })).status).toBe(403);
    expect((await t.call('GET', '/api/escalation-policy')).status).toBe(401);
  });

  it('lets only the admin replace it, validates it and records the change', async () => {
    const body = {
      reminderWorkingDaysBefore: 3,
      level3Enabled: true,
      recipients: { chair: ['chutich@u1.example'] },
    };
    expect((await t.call('PUT', '/api/escalation-policy', { as: 'office', body })).status).toBe(403);
    const bad = await t.call('PUT', '/api/escalation-policy', {
      as: 'admin',
      body: { recipients: { chair: ['chủ tịch'] }, level2AfterWorkingDays: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.level2AfterWorkingDays',
      'body.recipients.chair.0',
    ]);

    const saved = await t.call('PUT', '/api/escalation-policy', { as: 'admin', body });
    expect(saved.status).toBe(200);
    const expected = {
      ...DEFAULT_ESCALATION_POLICY,
      reminderWorkingDaysBefore: 3,
      level3Enabled: true,
      recipients: { ...DEFAULT_ESCALATION_POLICY.recipients, chair: ['chutich@u1.example'] },
    };
    expect(saved.body).toEqual(expected);
    expect((await t.call('GET', '/api/escalation-policy', { as: 'front' })).body).toEqual(expected);
    // Another unit keeps its own (default) policy.
    expect((await t.call('GET', '/api/escalation-policy', { as: 'office', unit: 'u2' })).body).toEqual(
      DEFAULT_ESCALATION_POLICY,
    );
    const history = await readHistory(t.deps.table, 'u1', 'SET', 'escalation-policy');
    expect(history.at(-1)).toMatchObject({
      action: 'setting_changed',
      actor: { sub: 'user-admin' },
      after: { value: expected },
    });
  });

  it('tells the administrator, in Vietnamese, each field it refuses and why', async () => {
    const bad = await t.call('PUT', '/api/escalation-policy', {
      as: 'admin',
      body: {
        reminderWorkingDaysBefore: 1.5,
        level2AfterWorkingDays: 61,
        level3Enabled: 'có',
        level3AfterWorkingDays: 0,
        recipients: { chair: ['chủ tịch'], office: Array(21).fill('vp@u1.example'), other: [] },
        extra: 1,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: 'body.reminderWorkingDaysBefore',
        message: 'Đầu vào không hợp lệ: mong đợi int, nhận được số',
      },
      { field: 'body.level2AfterWorkingDays', message: 'Quá lớn: mong đợi number <=60' },
      { field: 'body.level3Enabled', message: 'Đầu vào không hợp lệ: mong đợi boolean, nhận được string' },
      { field: 'body.level3AfterWorkingDays', message: 'Quá nhỏ: mong đợi number >=1' },
      { field: 'body.recipients.office', message: 'Quá lớn: mong đợi array có <=20 phần tử' },
      { field: 'body.recipients.chair.0', message: EMAIL_MESSAGE },
      { field: 'body.recipients.other', message: 'Trường không được hỗ trợ' },
      { field: 'body.extra', message: 'Trường không được hỗ trợ' },
    ]);
  });
});

describe('local dev tools', () => {
  it('moves the clock for an admin only', async () => {
    expect(
      (await t.call('POST', '/api/dev/clock', { as: 'office', body: { now: '2023-11-01T08:00:00+07:00' } }))
        .status,
    ).toBe(403);
    expect((await t.call('POST', '/api/dev/clock', { as: 'admin', body: { now: 'hôm qua' } })).status).toBe(
      400,
    );
    const res = await t.call('POST', '/api/dev/clock', {
      as: 'admin',
      body: { now: '2023-11-01T08:00:00+07:00' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ now: '2023-11-01T01:00:00.000Z' });
    expect(t.deps.clock.now().toISOString()).toBe('2023-11-01T01:00:00.000Z');
  });

  it('lists the outbox and serves each .eml without a token', async () => {
    await t.deps.mailer.send({
      to: ['dc@demo.example'],
      subject: 'Thử <nghiệm> hộp thư',
      html: '<p>Xin chào</p>',
      text: 'Xin chào',
    });
    const page = await t.app.request('/dev/outbox');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Thử &lt;nghiệm&gt; hộp thư');
    expect(html).toContain('dc@demo.example');
    const file = /href="\/dev\/outbox\/([^"]+\.eml)"/.exec(html)?.[1];
    expect(file).toBeDefined();
    const eml = await t.app.request(`/dev/outbox/${file}`);
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    expect(await eml.text()).toMatch(/^To: dc@demo\.example$/m);
    expect((await t.app.request('/dev/outbox/khong-co.eml')).status).toBe(404);
    expect((await t.app.request('/dev/outbox/..%2Fsecret.eml')).status).toBe(404);
  });

  it('does not exist in an app built without dev tools (AWS)', async () => {
    const aws = createApp({ ...t.deps, dev: null });
    const res = await aws.request('/api/dev/clock', {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor('admin')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ now: '2023-11-01T08:00:00+07:00' }),
    });
    expect(res.status).toBe(404);
    expect((await aws.request('/dev/outbox')).status).toBe(404);
  });
});
