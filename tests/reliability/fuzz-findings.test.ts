/**
 * Defects the fuzzing found, each reduced to one deterministic request. They stay as regression tests.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';
import { ClientProbe, expectProblem } from './support.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let probe: ClientProbe;
let dialogueId: string;

const HEADER = 'STT,Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Hạn xử lý';

beforeAll(async () => {
  t = await createTestApp();
  probe = new ClientProbe(t.client);
  ({ dialogueId } = await seedUnit(t));
});

describe('spreadsheet values named like Object.prototype members', () => {
  // Found by fuzz-write-endpoints: a "Nguồn" cell reading `constructor` was accepted and the item stored
  // without a source (the lookup table is a plain object, so `constructor` finds Object.prototype.constructor).
  for (const [column, row] of [
    ['Nguồn', '1,Đề nghị sửa đường hẻm 27,constructor,Giao đơn vị,Địa chính - Xây dựng,15/11/2023'],
    ['Hướng xử lý', '1,Đề nghị sửa đường hẻm 27,Trực tiếp,constructor,Địa chính - Xây dựng,15/11/2023'],
  ] as const) {
    it(`rejects "constructor" in ${column} with 422 naming the row, and writes nothing`, async () => {
      const mark = probe.log.length;
      const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations/import`, {
        as: 'office',
        raw: `${HEADER}\n${row}\n`,
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      expectProblem(res, `import with constructor in ${column}`);
      expect(res.body.errors).toContainEqual(expect.objectContaining({ row: 2, column }));
      expect(probe.committedWrites(mark)).toEqual([]);
    });
  }
});
