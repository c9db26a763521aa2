import { beforeAll, describe, expect, it } from 'vitest';
import {
  findRepeatCandidates,
  REPEAT_THRESHOLD,
  similarity,
  topicWords,
} from '../../shared/domain/reports/repeats.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { at, dialogue, record, type TestApp } from './helpers.js';

describe('similarity (pure)', () => {
  it('folds diacritics, expands abbreviations and drops topic-less syllables', () => {
    expect(topicWords('Đề nghị sửa đường hẻm 27 KP6')).toEqual([
      'sua',
      'duong',
      'hem',
      '27',
      'khu',
      'pho',
      '6',
    ]);
    expect(similarity('De nghi sua duong hem 27 khu pho 6', 'Đề nghị sửa đường hẻm 27 khu phố 6')).toBe(1);
  });

  it('scores the same problem above the threshold and other problems below it', () => {
    const same = [
      [
        'Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp',
        'Đường hẻm 27 KP6 xuống cấp nghiêm trọng, đề nghị sớm sửa chữa',
      ],
      [
        'Tình trạng ngập nước khi mưa lớn tại đường Nguyễn Trãi',
        'Đường Nguyễn Trãi thường xuyên ngập úng mỗi khi mưa, đề nghị nạo vét cống thoát nước',
      ],
      [
        'Cấp giấy chứng nhận quyền sử dụng đất cho hộ dân tổ 5 còn chậm',
        'Đề nghị đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân tổ 5',
      ],
      [
        'Rác thải ven kênh Ba Bò gây ô nhiễm môi trường',
        'Đề nghị thu gom rác thải tồn đọng dọc kênh Ba Bò, gây ô nhiễm',
      ],
    ];
    const different = [
      ['Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp', 'Đề nghị lắp đèn chiếu sáng hẻm 12 khu phố 3'],
      // Same wording, another alley: likely another place.
      ['Sửa chữa đường hẻm 27 khu phố 6 bị xuống cấp', 'Sửa chữa đường hẻm 12 khu phố 3 bị xuống cấp'],
      [
        'Tình trạng ngập nước khi mưa lớn tại đường Nguyễn Trãi',
        'Cấp giấy chứng nhận quyền sử dụng đất cho các hộ tổ 5',
      ],
      [
        'Xử lý tình trạng tụ tập thanh thiếu niên đua xe ban đêm',
        'Đề nghị xử lý việc kinh doanh lấn chiếm vỉa hè',
      ],
    ];
    for (const [a, b] of same)
      expect(similarity(a as string, b as string), `${a} ~ ${b}`).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
    for (const [a, b] of different)
      expect(similarity(a as string, b as string), `${a} ≁ ${b}`).toBeLessThan(REPEAT_THRESHOLD);
  });

  it('candidates: other dialogues only, best first, dismissed pairs and linked items left out', () => {
    const item = (id: string, dialogueId: string, content: string, repeatOf: string | null = null) => ({
      id,
      ref: id.toUpperCase(),
      dialogueId,
      content,
      repeatOf,
    });
    const earlier = [
      item('a1', 'd0', 'Ngập nước đường Nguyễn Trãi khi mưa lớn'),
      item('a2', 'd0', 'Đường Nguyễn Trãi ngập khi mưa'),
      item('a3', 'd0', 'Lắp camera an ninh'),
      item('b9', 'd1', 'Đường Nguyễn Trãi ngập nước khi mưa lớn'), // same dialogue as the item
    ];
    const items = [
      item('b1', 'd1', 'Đường Nguyễn Trãi ngập nước khi mưa lớn'),
      item('b2', 'd1', 'Ngập nước Nguyễn Trãi', 'A1'),
    ];
    const [c1, c2] = findRepeatCandidates(items, earlier);
    expect(c1?.map((c) => c.earlier.id)).toEqual(['a1', 'a2']);
    expect(c1?.[0]?.score).toBeGreaterThan(c1?.[1]?.score ?? 1);
    expect(c2).toEqual([]);
    const [d1] = findRepeatCandidates(items, earlier, { dismissed: new Set(['b1#a1']) });
    expect(d1?.map((c) => c.earlier.id)).toEqual(['a2']);
  });
});

describe('repeats API', () => {
  let t: TestApp;
  let d0: string;
  let d1: string;
  let d2: string;
  const ids: Record<string, string> = {};
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    ({ dialogueId: d1 } = await seedUnit(t));
    at(t, '2024-01-20');
    d0 = await dialogue(t, '2023-08-15', 'Hội nghị quý III');
    d2 = await dialogue(t, '2024-01-15', 'Hội nghị quý I/2024');
    const add = async (key: string, dlg: string, content: string) => {
      const item = await record(t, dlg, {
        content,
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
        dueDate: '2024-02-28',
      });
      ids[key] = item.id;
      refs[key] = item.ref;
    };
    await add('a1', d0, 'Tình trạng ngập nước khi mưa lớn tại đường Nguyễn Trãi');
    await add('a2', d0, 'Cấp giấy chứng nhận quyền sử dụng đất cho hộ dân tổ 5 còn chậm');
    await add('a3', d0, 'Lắp đèn chiếu sáng hẻm 12');
    await add(
      'b1',
      d1,
      'Đường Nguyễn Trãi thường xuyên ngập úng mỗi khi mưa, đề nghị nạo vét cống thoát nước',
    );
    await add('b2', d1, 'Đề nghị đẩy nhanh việc cấp giấy chứng nhận quyền sử dụng đất cho các hộ dân tổ 5');
    await add('b3', d1, 'Xử lý tụ tập đua xe ban đêm');
    await add('c1', d2, 'Đường Nguyễn Trãi vẫn ngập nước mỗi khi mưa lớn, cống thoát nước chưa được nạo vét');
  });

  it('lists candidates among earlier dialogues only', async () => {
    const res = await t.call('GET', `/api/repeats/candidates?dialogueId=${d1}`, { as: 'office' });
    expect(res.status).toBe(200);
    expect(res.body.threshold).toBe(REPEAT_THRESHOLD);
    expect(
      res.body.items.map((i: { id: string; candidates: { id: string }[] }) => [
        i.id,
        i.candidates.map((c) => c.id),
      ]),
    ).toEqual([
      [ids.b1, [ids.a1]],
      [ids.b2, [ids.a2]],
    ]);
    expect(res.body.items[0].candidates[0]).toMatchObject({
      ref: refs.a1,
      dialogueId: d0,
      dialogueTitle: 'Hội nghị quý III',
      heldOn: '2023-08-15',
      status: 'assigned',
    });
    // The earliest dialogue has nothing earlier to repeat.
    expect(
      (await t.call('GET', `/api/repeats/candidates?dialogueId=${d0}`, { as: 'admin' })).body.items,
    ).toEqual([]);
  });

  it('dismiss hides the pair; confirm links with history and aggregates; re-confirm changes nothing', async () => {
    const dismissed = await t.call('POST', '/api/repeats', {
      as: 'office',
      body: { recommendationId: ids.b2, repeatOfId: ids.a2, decision: 'dismiss' },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.recommendation.repeatOf).toBeNull();
    const b2History = (await t.call('GET', `/api/recommendations/${ids.b2}/history`, { as: 'office' })).body
      .items;
    expect(b2History.map((h: { action: string }) => h.action)).toEqual(['created', 'repeat_dismissed']);

    const confirmed = await t.call('POST', '/api/repeats', {
      as: 'office',
      body: { recommendationId: ids.b1, repeatOfId: ids.a1, decision: 'confirm' },
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recommendation).toMatchObject({ id: ids.b1, repeatOf: refs.a1, version: 2 });
    expect(confirmed.body.link).toMatchObject({
      ref: refs.b1,
      repeatOfRef: refs.a1,
      timesRaised: 2,
      quarter: '2023-Q4',
    });
    const history = (await t.call('GET', `/api/recommendations/${ids.b1}/history`, { as: 'office' })).body
      .items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'repeat_linked']);
    expect(history[1].after).toEqual({ repeatOf: refs.a1 });
    expect(
      (await t.call('GET', `/api/repeats/candidates?dialogueId=${d1}`, { as: 'office' })).body.items,
    ).toEqual([]);
    expect((await t.deps.recommendations.aggregate('u1', '2023-Q4')).repeats).toBe(1);

    const again = await t.call('POST', '/api/repeats', {
      as: 'office',
      body: { recommendationId: ids.b1, repeatOfId: ids.a1, decision: 'confirm' },
    });
    expect(again.status).toBe(200);
    expect(again.body.recommendation.version).toBe(2);
    expect(
      (await t.call('GET', `/api/recommendations/${ids.b1}/history`, { as: 'office' })).body.items,
    ).toHaveLength(2);
  });

  it('refuses links that make no sense', async () => {
    const post = (body: Record<string, unknown>) =>
      t.call('POST', '/api/repeats', { as: 'office', body: { decision: 'confirm', ...body } });
    expect((await post({ recommendationId: ids.b1, repeatOfId: ids.a3 })).status).toBe(409); // already linked to a1
    const backwards = await post({ recommendationId: ids.a3, repeatOfId: ids.b3 });
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors[0].field).toBe('body.repeatOfId');
    expect((await post({ recommendationId: ids.b3, repeatOfId: ids.b2 })).status).toBe(400); // same dialogue
    expect((await post({ recommendationId: ids.b3, repeatOfId: ids.b3 })).status).toBe(400);
    expect((await post({ recommendationId: 'nope', repeatOfId: ids.a1 })).status).toBe(404);
    expect((await post({ recommendationId: ids.b3, repeatOfId: 'nope' })).status).toBe(400);
    expect(
      (
        await t.call('POST', '/api/repeats', {
          as: 'office',
          body: { recommendationId: ids.b3, repeatOfId: ids.a1, decision: 'maybe' },
        })
      ).status,
    ).toBe(400);
    expect((await t.call('GET', '/api/repeats/candidates?dialogueId=unknown', { as: 'office' })).status).toBe(
      404,
    );
    expect((await t.call('GET', '/api/repeats/candidates', { as: 'office' })).status).toBe(400);
  });

  it('a problem raised a third time counts three, and shows in its quarter', async () => {
    const candidates = (await t.call('GET', `/api/repeats/candidates?dialogueId=${d2}`, { as: 'office' }))
      .body.items;
    expect(candidates).toHaveLength(1);
    expect(candidates[0].candidates.map((c: { id: string }) => c.id).sort()).toEqual([ids.a1, ids.b1].sort());
    const linked = await t.call('POST', '/api/repeats', {
      as: 'office',
      body: { recommendationId: ids.c1, repeatOfId: ids.b1, decision: 'confirm' },
    });
    expect(linked.body.link).toMatchObject({ timesRaised: 3, quarter: '2024-Q1' });
    const summary = (await t.call('GET', '/api/reports/quarterly?year=2024&quarter=1', { as: 'standing' }))
      .body;
    expect(summary.repeats).toMatchObject({
      count: 1,
      unsettled: 1,
      items: [{ ref: refs.c1, repeatOfRef: refs.b1, timesRaised: 3, status: 'assigned' }],
    });
  });

  it('office and admin only', async () => {
    for (const role of ['front', 'standing', 'department:dc'] as const) {
      expect((await t.call('GET', `/api/repeats/candidates?dialogueId=${d1}`, { as: role })).status).toBe(
        403,
      );
      expect(
        (
          await t.call('POST', '/api/repeats', {
            as: role,
            body: { recommendationId: ids.b3, repeatOfId: ids.a3, decision: 'dismiss' },
          })
        ).status,
      ).toBe(403);
    }
  });
});
