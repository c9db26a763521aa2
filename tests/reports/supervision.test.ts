/**
 * The supervision report against a hand-computed fixture. Calendar: October–November 2023 has no
 * public holiday, so working days are Monday–Friday.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { historyEntry } from '../../shared/domain/history.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { at, patch, raw, record, resolve, review, sheetRows, type TestApp } from './helpers.js';

let t: TestApp;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const { dialogueId } = await seedUnit(t);
  at(t, '2023-10-20');
  const assigned = (content: string, departmentId: string, dueDate: string) => ({
    content,
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId,
    dueDate,
  });
  const add = async (key: string, body: Record<string, unknown>) => {
    const item = await record(t, dialogueId, body);
    ids[key] = item.id;
    refs[key] = item.ref;
  };
  await add('A', assigned('Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp', 'dc', '2023-10-16'));
  await add('B', assigned('Lấn chiếm vỉa hè đường Lê Lợi', 'dc', '2023-10-18'));
  await add('C', assigned('Hỗ trợ hộ nghèo khu phố 3 sửa nhà', 'vhxh', '2023-10-25'));
  await add('D', assigned('Tụ tập đua xe ban đêm tại khu phố 2', 'ca', '2023-11-06'));
  await add('E', assigned('Cấp thẻ bảo hiểm y tế cho người cao tuổi', 'vhxh', '2023-10-30'));
  await add('F', assigned('Cống thoát nước hẻm 12 bị tắc', 'dc', '2023-10-19'));
  await add('G', {
    content: 'Điều chỉnh quy hoạch khu dân cư Bình Minh',
    source: 'pre_collected',
    disposition: 'forwarded',
  });
  await add('H', {
    content: 'Bồi thường giải phóng mặt bằng dự án đường vành đai',
    source: 'pre_collected',
    disposition: 'forwarded',
  });
  await add('I', {
    content: 'Giờ làm việc của bộ phận một cửa',
    source: 'at_dialogue',
    disposition: 'answered_at_dialogue',
    answer: 'Đã giải thích tại hội nghị',
  });
  await add('J', { content: 'Lắp camera an ninh tại ngã tư', source: 'pre_collected' });
  await add('K', assigned('Kiểm tra cơ sở karaoke gây ồn', 'ca', '2023-10-24'));
  await add('L', assigned('Trật tự tại chợ khu phố 4', 'ca', '2023-11-02'));

  // 20/10: E resolved on time, F resolved late then reopened by the Front, K resolved and confirmed,
  // the higher level answered H.
  await resolve(t, ids.E as string, 'vhxh');
  await resolve(t, ids.F as string, 'dc');
  await review(t, ids.F as string, {
    decision: 'reopen',
    reason: 'Cống vẫn tắc sau mưa',
    dueDate: '2023-10-27',
  });
  await resolve(t, ids.K as string, 'ca');
  await review(t, ids.K as string, { decision: 'confirm' });
  await patch(t, ids.H as string, { answer: 'UBND quận đã trả lời bằng văn bản số 88/UBND' });

  // The escalation handler (another module) raised A to level 2.
  const a = await t.deps.recommendations.get('u1', ids.A as string, true);
  if (!a) throw new Error('A missing');
  const escalated = { ...a, escalationLevel: 2, version: a.version + 1 };
  await t.deps.recommendations.saveChange(
    'u1',
    a,
    escalated,
    historyEntry(
      { sub: 'system', name: 'Hệ thống', roles: ['admin'], departmentId: null },
      t.clock.now(),
      'escalated',
      a,
      escalated,
    ),
  );
});

describe('supervision report', () => {
  it('on 26/10/2023, before any report was sent: every list and figure', async () => {
    at(t, '2023-10-26', '08:00');
    const res = await t.call('GET', '/api/reports/supervision', { as: 'front' });
    expect(res.status).toBe(200);
    const r = res.body;
    expect(r.today).toBe('2023-10-26');
    expect(r.since).toBeNull();
    // 5 working days after Thu 26/10: 27, 30, 31/10, 1, 2/11.
    expect(r.dueSoonUntil).toBe('2023-11-02');

    // Overdue: A (due 16/10: 17,18,19,20,23,24,25,26 → 8), B (18/10 → 6) at dc; C (25/10 → 1) at vhxh.
    expect(r.overdue).toEqual([
      {
        departmentId: 'dc',
        name: 'Địa chính - Xây dựng',
        items: [
          expect.objectContaining({
            id: ids.A,
            ref: refs.A,
            dueDate: '2023-10-16',
            workingDaysOverdue: 8,
            escalationLevel: 2,
            departmentId: 'dc',
          }),
          expect.objectContaining({
            id: ids.B,
            ref: refs.B,
            dueDate: '2023-10-18',
            workingDaysOverdue: 6,
            escalationLevel: 0,
          }),
        ],
      },
      {
        departmentId: 'vhxh',
        name: 'Văn hóa - Xã hội',
        items: [
          expect.objectContaining({
            id: ids.C,
            ref: refs.C,
            dueDate: '2023-10-25',
            workingDaysOverdue: 1,
            escalationLevel: 0,
          }),
        ],
      },
    ]);
    expect(r.overdue[0].items[0].link).toBe(`http://localhost:3000/items/${ids.A}`);
    expect(r.overdue[0].items[0].content).toBe('Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp');

    // Awaiting review: E only (F was reopened, K confirmed).
    expect(r.awaitingReview.map((i: { id: string }) => i.id)).toEqual([ids.E]);
    expect(r.awaitingReview[0]).toMatchObject({
      ref: refs.E,
      resolvedOn: '2023-10-20',
      late: false,
      documentRef: '15/UBND-VP',
      departmentName: 'Văn hóa - Xã hội',
    });
    expect(r.awaitingReviewOlder).toEqual([]);

    // Reopened: F, new due date 27/10, not overdue yet.
    expect(r.reopened).toEqual([
      expect.objectContaining({
        id: ids.F,
        ref: refs.F,
        reopenCount: 1,
        reason: 'Cống vẫn tắc sau mưa',
        dueDate: '2023-10-27',
        overdue: false,
      }),
    ]);

    // Due by 02/11: F (27/10, 1 working day left) and L (02/11, 5 left); D (06/11) is later.
    expect(r.dueSoon.map((i: { id: string; workingDaysLeft: number }) => [i.id, i.workingDaysLeft])).toEqual([
      [ids.F, 1],
      [ids.L, 5],
    ]);

    // Forwarded without an answer: G (H has the higher level's answer). Forwarded at the dialogue (10/10),
    // though typed in on 20/10: waiting 12 working days.
    expect(r.forwardedWithoutAnswer).toEqual([
      expect.objectContaining({
        id: ids.G,
        ref: refs.G,
        forwardedOn: '2023-10-10',
        workingDaysWaiting: 12,
        dueDate: null,
      }),
    ]);
    expect(r.counts).toEqual({
      overdue: 3,
      awaitingReview: 1,
      awaitingReviewOlder: 0,
      reopened: 1,
      dueSoon: 2,
      forwardedWithoutAnswer: 1,
    });
  });

  it('"since the last report": after a send on 26/10, items resolved before it move to the older list', async () => {
    at(t, '2023-10-26', '08:00');
    await t.call('PUT', '/api/recipients/supervision/mttq@u1.example', {
      as: 'admin',
      body: { name: 'MTTQ' },
    });
    const sent = await t.call('POST', '/api/reports/supervision/send', { as: 'office' });
    expect(sent.status).toBe(202);
    expect(sent.body.outcome).toBe('sent');

    at(t, '2023-10-30', '10:00');
    await resolve(t, ids.C as string, 'vhxh');
    const r = (await t.call('GET', '/api/reports/supervision', { as: 'office' })).body;
    expect(r.since).toBe('2023-10-26');
    expect(r.awaitingReview.map((i: { id: string }) => i.id)).toEqual([ids.C]);
    // C was due 25/10 and resolved 30/10: late.
    expect(r.awaitingReview[0]).toMatchObject({ resolvedOn: '2023-10-30', late: true });
    expect(r.awaitingReviewOlder.map((i: { id: string }) => i.id)).toEqual([ids.E]);
    // 30/10: A (16/10 → 10 working days), B (18/10 → 8), F (27/10 → 1), all at dc.
    expect(r.overdue).toHaveLength(1);
    expect(
      r.overdue[0].items.map((i: { id: string; workingDaysOverdue: number }) => [i.id, i.workingDaysOverdue]),
    ).toEqual([
      [ids.A, 10],
      [ids.B, 8],
      [ids.F, 1],
    ]);
    expect(r.reopened[0]).toMatchObject({ id: ids.F, overdue: true });
    // Due by 06/11 (31/10, 1, 2, 3, 6/11): L and D.
    expect(r.dueSoonUntil).toBe('2023-11-06');
    expect(r.dueSoon.map((i: { id: string }) => i.id)).toEqual([ids.L, ids.D]);
    // An explicit ?since= overrides the stored date.
    const all = (await t.call('GET', '/api/reports/supervision?since=2023-10-01', { as: 'front' })).body;
    expect(all.awaitingReview.map((i: { id: string }) => i.id)).toEqual([ids.E, ids.C]);
  });

  it('XLSX has one sheet per section with the same figures; CSV has a BOM; HTML is the shared rendering', async () => {
    at(t, '2023-10-30', '10:00');
    const xlsx = await raw(t, 'GET', '/api/reports/supervision?format=xlsx', 'front');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(xlsx.headers.get('content-disposition')).toContain('bao-cao-giam-sat-u1-2023-10-30.xlsx');
    const overdue = await sheetRows(xlsx.bytes, 'Quá hạn');
    expect(overdue[0]).toEqual([
      'Số hiệu',
      'Nội dung',
      'Đơn vị chủ trì',
      'Hạn xử lý',
      'Số ngày làm việc quá hạn',
      'Mức đôn đốc',
    ]);
    expect(overdue.slice(1)).toEqual([
      [
        refs.A,
        'Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp',
        'Địa chính - Xây dựng',
        '2023-10-16',
        10,
        'Mức 2',
      ],
      [refs.B, 'Lấn chiếm vỉa hè đường Lê Lợi', 'Địa chính - Xây dựng', '2023-10-18', 8, 'Chưa nhắc'],
      [refs.F, 'Cống thoát nước hẻm 12 bị tắc', 'Địa chính - Xây dựng', '2023-10-27', 1, 'Chưa nhắc'],
    ]);
    const summary = await sheetRows(xlsx.bytes, 'Tổng hợp');
    expect(summary).toContainEqual(['Quá hạn chưa giải quyết', 3]);
    expect(summary).toContainEqual(['Đã giải quyết, chờ MTTQ xem xét', 1]);
    expect(summary).toContainEqual(['Đã giải quyết từ trước, vẫn chờ xem xét', 1]);
    expect(summary).toContainEqual(['Bị mở lại', 1]);
    expect(summary).toContainEqual(['Đến hạn trong 5 ngày làm việc tới', 2]);
    expect(summary).toContainEqual(['Chuyển cấp trên chưa có trả lời', 1]);
    expect((await sheetRows(xlsx.bytes, 'Chờ MTTQ xem xét')).slice(1).map((r) => [r[0], r[9]])).toEqual([
      [refs.C, 'Có'],
      [refs.E, 'Không'],
    ]);
    expect((await sheetRows(xlsx.bytes, 'Mở lại')).slice(1).map((r) => r[0])).toEqual([refs.F]);
    expect((await sheetRows(xlsx.bytes, 'Sắp đến hạn')).slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      [refs.L, '2023-11-02', 3],
      [refs.D, '2023-11-06', 5],
    ]);
    expect((await sheetRows(xlsx.bytes, 'Chuyển cấp trên')).slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
      [refs.G, '2023-10-10', 14],
    ]);

    const csv = await raw(t, 'GET', '/api/reports/supervision?format=csv', 'front');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8');
    expect(text).toContain(
      'Số hiệu,Nội dung,Đơn vị chủ trì,Hạn xử lý,Số ngày làm việc quá hạn,Mức đôn đốc,Liên kết\r\n',
    );
    expect(text).toContain(
      `${refs.A},Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp,Địa chính - Xây dựng,16/10/2023,10,Mức 2,http://localhost:3000/items/${ids.A}\r\n`,
    );

    const html = await raw(t, 'GET', '/api/reports/supervision?format=html', 'front');
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = html.bytes.toString('utf8');
    expect(page).toContain('<html lang="vi">');
    expect(page).toContain('Báo cáo giám sát việc giải quyết kiến nghị');
    expect(page).toContain('ngày 30/10/2023');
    expect(page).toContain(
      `<a href="http://localhost:3000/items/${ids.A}" style="color:#0b5cad;text-decoration:underline;">${refs.A}</a>`,
    );
    expect(page).toContain('kể từ báo cáo trước (26/10/2023)');
  });

  it('roles: front, office and admin read it; standing and departments get 403', async () => {
    for (const role of ['front', 'office', 'admin'] as const) {
      expect((await t.call('GET', '/api/reports/supervision', { as: role })).status).toBe(200);
    }
    expect((await t.call('GET', '/api/reports/supervision', { as: 'standing' })).status).toBe(403);
    expect((await t.call('GET', '/api/reports/supervision', { as: 'department:dc' })).status).toBe(403);
    expect((await t.call('POST', '/api/reports/supervision/send', { as: 'front' })).status).toBe(403);
    expect((await t.call('GET', '/api/reports/supervision')).status).toBe(401);
    const bad = await t.call('GET', '/api/reports/supervision?format=pdf', { as: 'front' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.format');
  });

  it('another unit sees only its own items', async () => {
    await t.deps.units.putUnit({ id: 'u2', code: 'U2', name: 'Phường u2' });
    const r = (await t.call('GET', '/api/reports/supervision', { as: 'front', unit: 'u2' })).body;
    expect(r.unit).toEqual({ id: 'u2', name: 'Phường u2' });
    expect(r.counts).toEqual({
      overdue: 0,
      awaitingReview: 0,
      awaitingReviewOlder: 0,
      reopened: 0,
      dueSoon: 0,
      forwardedWithoutAnswer: 0,
    });
  });
});
