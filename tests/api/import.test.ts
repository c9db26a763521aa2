import { beforeAll, describe, expect, it } from 'vitest';
import { buildXlsx, SAMPLE_DEPARTMENT_NAMES, sampleCsvBytes } from '../import/fixtures.js';
import { createTestApp } from '../support/app.js';

type T = Awaited<ReturnType<typeof createTestApp>>;

async function unitWithSampleDepartments(t: T, unitId: string) {
  await t.deps.units.putUnit({ id: unitId, code: 'P4', name: 'Phường IV' });
  for (const name of SAMPLE_DEPARTMENT_NAMES) {
    const res = await t.call('POST', '/api/departments', { as: 'admin', unit: unitId, body: { name } });
    expect(res.status).toBe(201);
  }
  const d = await t.call('POST', '/api/dialogues', {
    as: 'office',
    unit: unitId,
    body: { title: 'Đối thoại 2023', heldOn: '2023-10-13', location: 'Hội trường UBND phường' },
  });
  return d.body.id as string;
}

const importPath = (id: string) => `/api/dialogues/${id}/recommendations/import`;
const count = async (t: T, unit: string, dialogueId: string) =>
  (await t.call('GET', `/api/recommendations?dialogueId=${dialogueId}&limit=200`, { as: 'office', unit }))
    .body.items.length as number;

let t: T;
beforeAll(async () => {
  t = await createTestApp();
});

describe('spreadsheet import', () => {
  it('imports the sample CSV sent as multipart/form-data, and a second import of the same file adds nothing', async () => {
    const dialogueId = await unitWithSampleDepartments(t, 'csv');
    const form = new FormData();
    form.append('file', new File([await sampleCsvBytes()], 'kien-nghi.csv', { type: 'text/csv' }));
    const res = await t.call('POST', importPath(dialogueId), { as: 'office', unit: 'csv', raw: form });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ imported: 20, alreadyImported: 0 });
    expect(res.body.items[0]).toMatchObject({ row: 2, ref: 'P4-2023-0001' });

    const items = (
      await t.call('GET', `/api/recommendations?dialogueId=${dialogueId}&limit=200`, {
        as: 'office',
        unit: 'csv',
      })
    ).body.items;
    const byRef = Object.fromEntries(items.map((i: { ref: string }) => [i.ref, i]));
    expect(byRef['P4-2023-0004']).toMatchObject({
      status: 'forwarded',
      source: 'at_dialogue',
      field: 'Đất đai',
    });
    expect(byRef['P4-2023-0012']).toMatchObject({
      status: 'declined',
      reason: expect.stringContaining('thẩm quyền Trung ương'),
    });
    expect(byRef['P4-2023-0009']).toMatchObject({
      status: 'assigned',
      dueDate: '2023-10-25',
      departmentId: 'cong-an-phuong',
      cooperatingDepartmentIds: ['van-hoa-xa-hoi'],
    });

    const form2 = new FormData();
    form2.append('file', new File([await sampleCsvBytes()], 'kien-nghi.csv', { type: 'text/csv' }));
    const again = await t.call('POST', importPath(dialogueId), { as: 'office', unit: 'csv', raw: form2 });
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 20 });
    expect(await count(t, 'csv', dialogueId)).toBe(20);
  });

  it('takes the raw body with its content type, with a BOM and NFD text', async () => {
    const dialogueId = await unitWithSampleDepartments(t, 'raw');
    const text = new TextDecoder().decode(await sampleCsvBytes()).normalize('NFD');
    const bytes = new TextEncoder().encode(`\uFEFF${text}`);
    const res = await t.call('POST', importPath(dialogueId), {
      as: 'office',
      unit: 'raw',
      raw: bytes,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(20);
    const first = await t.call('GET', `/api/recommendations/${res.body.items[0].id}`, {
      as: 'office',
      unit: 'raw',
    });
    expect(first.body.content).toBe(first.body.content.normalize('NFC'));
    expect(first.body.content.startsWith('Đề nghị sửa chữa mặt đường')).toBe(true);
  });

  it('imports an XLSX with title rows above the header', async () => {
    const dialogueId = await unitWithSampleDepartments(t, 'xlsx');
    const bytes = await buildXlsx([
      ['ỦY BAN NHÂN DÂN PHƯỜNG IV'],
      ['TỔNG HỢP Ý KIẾN, KIẾN NGHỊ CỦA NHÂN DÂN'],
      [
        'STT',
        'Nội dung ý kiến, kiến nghị',
        'Tổ dân phố',
        'Nguồn',
        'Hướng xử lý',
        'Đơn vị chủ trì',
        'Thời hạn',
        'Ghi chú',
      ],
      [
        1,
        'Đề nghị sửa đèn đường',
        'Tổ 3',
        'Trực tiếp',
        'Giao đơn vị',
        'Địa chính - Xây dựng',
        new Date(Date.UTC(2023, 10, 15)),
        null,
      ],
      [
        2,
        'Đề nghị công khai quy hoạch',
        'Tổ 1',
        'Tổng hợp trước',
        'Trả lời tại hội nghị',
        null,
        null,
        'Đã niêm yết tại trụ sở',
      ],
      ['Tổng cộng', null, null, null, null, null, null, null],
    ]);
    const res = await t.call('POST', importPath(dialogueId), {
      as: 'office',
      unit: 'xlsx',
      raw: bytes,
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.status).toBe(201);
    expect(res.body.items.map((i: { row: number }) => i.row)).toEqual([4, 5]);
    const rec = await t.call('GET', `/api/recommendations/${res.body.items[0].id}`, {
      as: 'office',
      unit: 'xlsx',
    });
    expect(rec.body).toMatchObject({ dueDate: '2023-11-15', residentialGroup: 'Tổ 3', status: 'assigned' });
  });

  it('rejects a file with bad rows with 422, every row error listed, and writes nothing', async () => {
    const dialogueId = await unitWithSampleDepartments(t, 'bad');
    const csv = [
      'Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Hạn xử lý,Ghi chú',
      'Đề nghị A,Trực tiếp,Giao đơn vị,Phòng Không Có,15/11/2023,',
      'Đề nghị B,Trực tiếp,Giao đơn vị,Công an phường,31/02/2023,',
      'Đề nghị C,Trực tiếp,Không trả lời,,,',
      'Đề nghị D,Trực tiếp,Giao đơn vị,Công an phường,15/11/2023,',
    ].join('\n');
    const res = await t.call('POST', importPath(dialogueId), {
      as: 'office',
      unit: 'bad',
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'Đơn vị chủ trì'],
      [3, 'Hạn xử lý'],
      [4, 'Ghi chú'],
    ]);
    expect(
      res.body.errors.every(
        (e: { field: string; message: string }) => e.field.startsWith('file.row.') && e.message.length > 0,
      ),
    ).toBe(true);
    expect(await count(t, 'bad', dialogueId)).toBe(0);
  });

  it('refuses what is not a spreadsheet (415), an empty body, unknown dialogues and other roles', async () => {
    const dialogueId = await unitWithSampleDepartments(t, 'misc');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const res = await t.call('POST', importPath(dialogueId), {
      as: 'office',
      unit: 'misc',
      raw: png,
      headers: { 'content-type': 'image/png' },
    });
    expect(res.status).toBe(415);
    expect(res.body.errors[0].field).toBe('file');
    expect(
      (
        await t.call('POST', importPath(dialogueId), {
          as: 'office',
          unit: 'misc',
          raw: '',
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await t.call('POST', importPath('nope'), {
          as: 'office',
          unit: 'misc',
          raw: 'a,b',
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await t.call('POST', importPath(dialogueId), {
          as: 'front',
          unit: 'misc',
          raw: 'a,b',
          headers: { 'content-type': 'text/csv' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('the import checks what the write checks, every row at once', () => {
  it('lists sheet errors and item errors (due date before the dialogue) of different rows together', async () => {
    const dialogueId = await unitWithSampleDepartments(t, 'mixed');
    const csv = [
      'STT,Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Hạn xử lý',
      '1,Sửa đường hẻm 27,Trực tiếp,Giao đơn vị,Địa chính - Xây dựng,01/10/2023',
      '2,Nạo vét cống,Không rõ,Giao đơn vị,Địa chính - Xây dựng,15/11/2023',
      '3,Đèn đường hẻm 12,Trực tiếp,Giao đơn vị,Địa chính - Xây dựng,12/10/2023',
      '4,Cây xanh gãy đổ,Trực tiếp,Giao đơn vị,Địa chính - Xây dựng,15/11/2023',
    ].join('\n');
    const res = await t.call('POST', importPath(dialogueId), {
      as: 'office',
      unit: 'mixed',
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [2, 'Hạn xử lý'],
      [3, 'Nguồn'],
      [4, 'Hạn xử lý'],
    ]);
    expect(res.body.errors[0].message).toBe('Hạn xử lý không được trước ngày hội nghị');
    expect(await count(t, 'mixed', dialogueId)).toBe(0);
  });
});
