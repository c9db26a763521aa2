/**
 * The quarterly summary of 2023-Q4 (and its comparison with Q3) against a hand-computed fixture.
 * October–November 2023 has no public holiday: working days are Monday–Friday.
 * Items assigned when recorded count their time to resolve from the dialogue (10/10/2023):
 * resolved 20/10 → 8 working days, resolved 26/10 → 12, resolved 06/11 → 19.
 * "On time" is against the first due date: q6, due 20/10, answered late (26/10), reopened with a new
 * due date (10/11) and answered again by it (06/11), stays late.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { quarterlySummary } from '../../shared/services/report-service.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { at, dialogue, patch, raw, record, resolve, review, sheetRows, type TestApp } from './helpers.js';

let t: TestApp;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  const { dialogueId } = await seedUnit(t);
  at(t, '2023-10-20');
  const q3 = await dialogue(t, '2023-08-15', 'Hội nghị đối thoại quý III');
  const add = async (key: string, dlg: string, body: Record<string, unknown>) => {
    const item = await record(t, dlg, body);
    ids[key] = item.id;
    refs[key] = item.ref;
  };
  const assigned = (content: string, field: string, departmentId: string, dueDate: string) => ({
    content,
    field,
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId,
    dueDate,
  });
  // Q3: one assigned item still open (and overdue), one answered at the dialogue.
  await add(
    'p1',
    q3,
    assigned('Tình trạng ngập nước khi mưa lớn tại đường Nguyễn Trãi', 'Giao thông', 'dc', '2023-09-15'),
  );
  await add('p2', q3, {
    content: 'Thủ tục tách thửa đất',
    field: 'Đất đai',
    source: 'pre_collected',
    disposition: 'answered_at_dialogue',
    answer: 'Đã hướng dẫn',
  });

  // Q4.
  await add(
    'q1',
    dialogueId,
    assigned('Cấp giấy chứng nhận quyền sử dụng đất tổ 5', 'Đất đai', 'dc', '2023-10-24'),
  );
  await add('q2', dialogueId, assigned('Tranh chấp ranh giới đất khu phố 2', 'Đất đai', 'dc', '2023-10-19'));
  await add(
    'q3',
    dialogueId,
    assigned('Công trình xây dựng không phép hẻm 40', 'Trật tự xây dựng', 'dc', '2023-10-31'),
  );
  await add(
    'q4',
    dialogueId,
    assigned(
      'Đường Nguyễn Trãi thường xuyên ngập úng mỗi khi mưa, đề nghị nạo vét cống thoát nước',
      'Giao thông',
      'dc',
      '2023-10-25',
    ),
  );
  await add('q5', dialogueId, assigned('Tiêm chủng cho trẻ em khu phố 6', 'Y tế', 'vhxh', '2023-11-03'));
  await add(
    'q6',
    dialogueId,
    assigned('Sửa mái trường tiểu học Bình Minh', 'Giáo dục', 'vhxh', '2023-10-20'),
  );
  await add('q7', dialogueId, assigned('Tuần tra ban đêm khu phố 1', 'An ninh trật tự', 'ca', '2023-11-30'));
  await add('q8', dialogueId, {
    content: 'Biển báo tốc độ đường Lê Lợi',
    field: 'Giao thông',
    source: 'at_dialogue',
    disposition: 'answered_at_dialogue',
    answer: 'Sẽ lắp trong tháng',
  });
  await add('q9', dialogueId, {
    content: 'Bồi thường dự án đường vành đai',
    field: 'Đất đai',
    source: 'pre_collected',
    disposition: 'forwarded',
  });
  await add('q10', dialogueId, {
    content: 'Nâng cấp tỉnh lộ 10',
    source: 'pre_collected',
    disposition: 'forwarded',
  });
  await add('q11', dialogueId, {
    content: 'Di dời nghĩa trang',
    field: 'Môi trường',
    source: 'pre_collected',
    disposition: 'declined',
    reason: 'Không thuộc thẩm quyền; đã có quy hoạch',
  });
  await add('q12', dialogueId, {
    content: 'Thu gom rác khu chợ',
    field: 'Môi trường',
    source: 'pre_collected',
  });

  await resolve(t, ids.q1 as string, 'dc'); // 20/10, due 24/10: on time, 8 days
  await resolve(t, ids.q5 as string, 'vhxh'); // 20/10, due 03/11: on time, 8 days
  await patch(t, ids.q9 as string, { answer: 'UBND quận trả lời tại văn bản 120/UBND' });
  at(t, '2023-10-26');
  await resolve(t, ids.q2 as string, 'dc'); // 26/10, due 19/10: late, 12 days
  await resolve(t, ids.q3 as string, 'dc'); // 26/10, due 31/10: on time, 12 days
  await review(t, ids.q3 as string, { decision: 'confirm' });
  await resolve(t, ids.q6 as string, 'vhxh'); // 26/10, due 20/10: late…
  at(t, '2023-10-30');
  await review(t, ids.q6 as string, { decision: 'reopen', reason: 'Mái vẫn dột', dueDate: '2023-11-10' }); // …then reopened

  const linked = await t.call('POST', '/api/repeats', {
    as: 'office',
    body: { recommendationId: ids.q4, repeatOfId: ids.p1, decision: 'confirm' },
  });
  if (linked.status !== 200) throw new Error(`repeat: ${linked.status} ${JSON.stringify(linked.body)}`);
  at(t, '2023-11-06');
  await resolve(t, ids.q6 as string, 'vhxh'); // 06/11, by the new due date 10/11, but first due 20/10: late, 19 days
});

const Q4_TOTALS = {
  received: 12,
  answeredAtDialogue: 1,
  assigned: 7,
  forwarded: 2,
  declined: 1,
  undecided: 1,
  resolvedOnTime: 3,
  resolvedLate: 2,
  awaitingReview: 4,
  confirmed: 1,
  open: 3,
  overdue: 1,
  reopened: 1,
};
const Q3_TOTALS = {
  received: 2,
  answeredAtDialogue: 1,
  assigned: 1,
  forwarded: 0,
  declined: 0,
  undecided: 0,
  resolvedOnTime: 0,
  resolvedLate: 0,
  awaitingReview: 0,
  confirmed: 0,
  open: 1,
  overdue: 1,
  reopened: 0,
};
const DEPARTMENTS = [
  {
    rank: 1,
    departmentId: 'dc',
    name: 'Địa chính - Xây dựng',
    assigned: 4,
    resolvedOnTime: 2,
    resolvedLate: 1,
    open: 1,
    overdue: 1,
    onTimeRate: 0.6667,
    // 8, 12, 12 working days: half (or more) within 12.
    halfResolvedWithinWorkingDays: 12,
  },
  {
    rank: 2,
    departmentId: 'vhxh',
    name: 'Văn hóa - Xã hội',
    assigned: 2,
    resolvedOnTime: 1,
    resolvedLate: 1,
    open: 0,
    overdue: 0,
    onTimeRate: 0.5,
    // 8 and 19 working days: half within 8.
    halfResolvedWithinWorkingDays: 8,
  },
  {
    // Nothing resolved: no rate, so no place in the ranking.
    rank: null,
    departmentId: 'ca',
    name: 'Công an phường',
    assigned: 1,
    resolvedOnTime: 0,
    resolvedLate: 0,
    open: 1,
    overdue: 0,
    onTimeRate: null,
    halfResolvedWithinWorkingDays: null,
  },
];

describe('quarterly summary', () => {
  it('every figure of 2023-Q4, compared with Q3', async () => {
    const res = await t.call('GET', '/api/reports/quarterly?year=2023&quarter=4', { as: 'standing' });
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({
      kind: 'quarterly',
      unit: { id: 'u1', name: 'Phường u1' },
      quarter: '2023-Q4',
      label: 'Quý IV/2023',
      period: { from: '2023-10-01', to: '2023-12-31' },
      asOf: '2023-11-06',
    });
    expect(s.dialoguesHeld).toBe(1);
    expect(s.totals).toEqual(Q4_TOTALS);
    expect(s.bySource).toEqual([
      { key: 'pre_collected', label: 'Tổng hợp trước hội nghị', count: 4, previous: 1 },
      { key: 'at_dialogue', label: 'Trực tiếp tại hội nghị', count: 8, previous: 1 },
    ]);
    expect(
      s.byField.map((r: { key: string; count: number; previous: number }) => [r.key, r.count, r.previous]),
    ).toEqual([
      ['Đất đai', 3, 1],
      ['Giao thông', 2, 1],
      ['Môi trường', 2, 0],
      ['An ninh trật tự', 1, 0],
      ['Chưa phân loại', 1, 0],
      ['Giáo dục', 1, 0],
      ['Trật tự xây dựng', 1, 0],
      ['Y tế', 1, 0],
    ]);
    expect(
      s.byDisposition.map((r: { key: string; label: string; count: number; previous: number }) => [
        r.key,
        r.label,
        r.count,
        r.previous,
      ]),
    ).toEqual([
      ['answered_at_dialogue', 'Trả lời tại hội nghị', 1, 1],
      ['assigned', 'Giao đơn vị xử lý', 7, 1],
      ['forwarded', 'Chuyển cấp trên', 2, 0],
      ['declined', 'Không trả lời (có lý do)', 1, 0],
      ['none', 'Chưa quyết định', 1, 0],
    ]);
    expect(s.departments).toEqual(DEPARTMENTS);
    expect(s.forwardedUpward).toEqual({ total: 2, answered: 1, awaitingAnswer: 1 });
    expect(s.repeats).toEqual({
      count: 1,
      unsettled: 1,
      items: [
        {
          id: ids.q4,
          ref: refs.q4,
          content: 'Đường Nguyễn Trãi thường xuyên ngập úng mỗi khi mưa, đề nghị nạo vét cống thoát nước',
          status: 'assigned',
          repeatOfRef: refs.p1,
          repeatOfContent: 'Tình trạng ngập nước khi mưa lớn tại đường Nguyễn Trãi',
          timesRaised: 2,
          link: `http://localhost:3000/items/${ids.q4}`,
        },
      ],
    });
    expect(s.previous).toEqual({
      quarter: '2023-Q3',
      label: 'Quý III/2023',
      dialoguesHeld: 1,
      totals: Q3_TOTALS,
    });
    expect(s.change).toEqual({
      received: 10,
      answeredAtDialogue: 0,
      assigned: 6,
      forwarded: 2,
      declined: 1,
      undecided: 1,
      resolvedOnTime: 3,
      resolvedLate: 2,
      awaitingReview: 4,
      confirmed: 1,
      open: 2,
      overdue: 0,
      reopened: 1,
      dialoguesHeld: 0,
    });
  });

  it('reads the aggregates and the overdue index, not the items: its reads do not grow with the items', async () => {
    // A separate unit: 40 items, then 120, none overdue.
    await t.deps.units.putUnit({ id: 'u3', code: 'U3', name: 'Phường u3' });
    await t.call('POST', '/api/departments', {
      as: 'admin',
      unit: 'u3',
      body: { id: 'dc', name: 'Địa chính', emails: [] },
    });
    const dlg = await dialogue(t, '2023-10-10', 'Hội nghị quý IV', 'u3');
    const batch = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        content: `Kiến nghị số ${i}: ${'nội dung dài về đường sá, thoát nước và chiếu sáng công cộng '.repeat(15)}`,
        field: 'Giao thông',
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2023-12-29',
      }));
    const add = async (n: number) => {
      const res = await t.call('POST', `/api/dialogues/${dlg}/recommendations`, {
        as: 'office',
        unit: 'u3',
        body: batch(n),
      });
      expect(res.status).toBe(201);
    };
    const meter = t.deps.table.meter;
    const measure = async () => {
      meter.reset();
      const summary = await quarterlySummary(t.deps, 'u3', { year: 2023, quarter: 4 });
      return { calls: meter.calls, read: meter.read, received: summary.totals.received };
    };
    await add(40);
    const small = await measure();
    for (let i = 0; i < 2; i++) await add(40);
    const large = await measure();
    // unit, 2 aggregates, overdue index, departments, repeat links.
    expect(small).toEqual({ calls: 6, read: small.read, received: 40 });
    expect(large).toEqual({ calls: 6, read: small.read, received: 120 });
    meter.reset();
    await t.deps.recommendations.all('u3');
    expect(meter.read).toBeGreaterThan(10 * large.read);
  });

  it('defaults to the current quarter; year and quarter go together; Q3 on its own', async () => {
    const current = await t.call('GET', '/api/reports/quarterly', { as: 'front' });
    expect(current.body.quarter).toBe('2023-Q4');
    const bad = await t.call('GET', '/api/reports/quarterly?year=2023', { as: 'front' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('query.quarter');
    const future = await t.call('GET', '/api/reports/quarterly?year=2024&quarter=1', { as: 'front' });
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toEqual({ field: 'query.quarter', message: 'Quý này chưa bắt đầu' });
    const q5 = await t.call('GET', '/api/reports/quarterly?year=2023&quarter=5', { as: 'front' });
    expect(q5.status).toBe(400);
    const q3 = (await t.call('GET', '/api/reports/quarterly?year=2023&quarter=3', { as: 'office' })).body;
    expect(q3.totals).toEqual(Q3_TOTALS);
    expect(q3.departments).toEqual([
      {
        rank: null,
        departmentId: 'dc',
        name: 'Địa chính - Xây dựng',
        assigned: 1,
        resolvedOnTime: 0,
        resolvedLate: 0,
        open: 1,
        overdue: 1,
        onTimeRate: null,
        halfResolvedWithinWorkingDays: null,
      },
    ]);
    expect(q3.previous.totals.received).toBe(0);
  });

  it('roles: standing, front, office, admin; departments get 403', async () => {
    for (const role of ['standing', 'front', 'office', 'admin'] as const) {
      expect((await t.call('GET', '/api/reports/quarterly', { as: role })).status).toBe(200);
    }
    expect((await t.call('GET', '/api/reports/quarterly', { as: 'department:vhxh' })).status).toBe(403);
    expect((await t.call('POST', '/api/reports/quarterly/send', { as: 'standing' })).status).toBe(403);
  });

  it('XLSX read back holds the same numbers', async () => {
    const xlsx = await raw(t, 'GET', '/api/reports/quarterly?year=2023&quarter=4&format=xlsx', 'standing');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-disposition')).toContain('tong-hop-kien-nghi-u1-2023-Q4.xlsx');
    const overview = await sheetRows(xlsx.bytes, 'Tổng quan');
    expect(overview).toEqual([
      ['Chỉ tiêu', 'Quý IV/2023', 'Quý III/2023', 'Tăng/giảm'],
      ['Hội nghị đã tổ chức', 1, 1, 0],
      ['Tổng số kiến nghị', 12, 2, 10],
      ['Trả lời tại hội nghị', 1, 1, 0],
      ['Giao đơn vị xử lý', 7, 1, 6],
      ['Chuyển cấp trên', 2, 0, 2],
      ['Không trả lời (có lý do)', 1, 0, 1],
      ['Chưa quyết định hướng xử lý', 1, 0, 1],
      ['Giải quyết đúng hạn', 3, 0, 3],
      ['Giải quyết trễ hạn', 2, 0, 2],
      ['Chờ MTTQ xem xét', 4, 0, 4],
      ['MTTQ đã xác nhận', 1, 0, 1],
      ['Chưa giải quyết xong', 3, 1, 2],
      ['Quá hạn', 1, 1, 0],
      ['Bị mở lại', 1, 0, 1],
    ]);
    expect(await sheetRows(xlsx.bytes, 'Đơn vị')).toEqual([
      [
        'Hạng',
        'Mã đơn vị',
        'Đơn vị',
        'Được giao',
        'Đúng hạn',
        'Trễ hạn',
        'Chưa giải quyết',
        'Quá hạn',
        'Tỷ lệ đúng hạn (%)',
        'Một nửa số kiến nghị xong trong vòng (ngày làm việc)',
      ],
      [1, 'dc', 'Địa chính - Xây dựng', 4, 2, 1, 1, 1, 66.7, 12],
      [2, 'vhxh', 'Văn hóa - Xã hội', 2, 1, 1, 0, 0, 50, 8],
      [undefined, 'ca', 'Công an phường', 1, 0, 0, 1, 0, null, null],
    ]);
    expect(await sheetRows(xlsx.bytes, 'Theo nguồn')).toEqual([
      ['Nguồn', 'Quý IV/2023', 'Quý III/2023'],
      ['Tổng hợp trước hội nghị', 4, 1],
      ['Trực tiếp tại hội nghị', 8, 1],
    ]);
    expect((await sheetRows(xlsx.bytes, 'Theo lĩnh vực')).slice(1, 3)).toEqual([
      ['Đất đai', 3, 1],
      ['Giao thông', 2, 1],
    ]);
    expect((await sheetRows(xlsx.bytes, 'Theo hướng xử lý')).slice(1)).toHaveLength(5);
    expect(await sheetRows(xlsx.bytes, 'Chuyển cấp trên')).toEqual([
      ['Chỉ tiêu', 'Số lượng'],
      ['Đã chuyển cấp trên', 2],
      ['Cấp trên đã trả lời', 1],
      ['Đang chờ trả lời', 1],
    ]);
    expect((await sheetRows(xlsx.bytes, 'Lặp lại')).slice(1)).toEqual([
      [
        refs.q4,
        'Đường Nguyễn Trãi thường xuyên ngập úng mỗi khi mưa, đề nghị nạo vét cống thoát nước',
        refs.p1,
        'Tình trạng ngập nước khi mưa lớn tại đường Nguyễn Trãi',
        2,
        'Đang xử lý',
      ],
    ]);
  });

  it('CSV (BOM, sections) and HTML (tables, inline SVG charts, dd/mm/yyyy)', async () => {
    const csv = await raw(t, 'GET', '/api/reports/quarterly?year=2023&quarter=4&format=csv', 'standing');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines.slice(0, 4)).toEqual([
      'Tổng quan',
      'Chỉ tiêu,Quý IV/2023,Quý III/2023,Tăng/giảm',
      'Hội nghị đã tổ chức,1,1,0',
      'Tổng số kiến nghị,12,2,10',
    ]);
    expect(lines).toContain('1,dc,Địa chính - Xây dựng,4,2,1,1,1,66.7,12');
    expect(lines).toContain(',ca,Công an phường,1,0,0,1,0,,');
    expect(lines).toContain('Đơn vị');

    const html = (
      await raw(t, 'GET', '/api/reports/quarterly?year=2023&quarter=4&format=html', 'standing')
    ).bytes.toString('utf8');
    expect(html).toContain('Báo cáo tổng hợp kết quả giải quyết kiến nghị Quý IV/2023');
    expect(html).toContain('từ 01/10/2023 đến 31/12/2023');
    expect(html).toContain('tính đến ngày 06/11/2023');
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain('aria-label="Tỷ lệ giải quyết đúng hạn theo đơn vị"');
    expect(html).toContain('66,7%');
    // Tỷ lệ đúng hạn of the quarter: 3 / 5.
    expect(html).toContain('Tỷ lệ giải quyết đúng hạn: <strong>60%</strong>');
    // Plain words, not statistical terms; places only for departments with a rate.
    expect(html).not.toMatch(/trung vị/i);
    expect(html).toContain('Một nửa số kiến nghị xong trong vòng');
    expect(html).toContain('12 ngày làm việc');
    expect(html).toContain('<strong>1. Địa chính - Xây dựng</strong>');
    expect(html).toContain('<strong>Công an phường</strong>');
    expect(html).toContain('kiến nghị bị MTTQ mở lại vẫn tính theo hạn ban đầu');
    expect(html).toContain('aria-label="Số kiến nghị tiếp nhận theo lĩnh vực"');
  });
});
