/**
 * What an import reads per chunk: the dialogue, the unit and its departments once, the first chunk's
 * idempotency record and reference counter, then nothing but each chunk's transaction (the next chunk's
 * key is new and the counter is where the previous chunk left it: guesses the transaction checks). Two
 * deliveries of the same import at once still write every row once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_CHUNK, importChunks } from '../../shared/services/import-service.js';
import { createWrites, MAX_BATCH, TRANSACTION_LIMIT } from '../../shared/services/recommendation-service.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { numberedImportCsv } from '../support/import-csv.js';

const ROWS = 100; // 4 chunks of ≤ 30 rows
const csv = (tag: string) => numberedImportCsv(tag, ROWS);

let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  t = await createTestApp({ escalation: true });
  await seedUnit(t);
});

async function newDialogue(title: string) {
  const res = await t.call('POST', '/api/dialogues', {
    as: 'office',
    body: { title, heldOn: '2023-10-12', location: 'Hội trường UBND' },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const importFile = (dialogue: string, file: string, key: string) =>
  t.call('POST', `/api/dialogues/${dialogue}/recommendations/import`, {
    as: 'office',
    raw: file,
    headers: { 'content-type': 'text/csv', 'idempotency-key': key },
  });

describe('import chunks', () => {
  it('read nothing beyond their transaction after the first', async () => {
    const dialogue = await newDialogue('Hội nghị nhập tệp');
    const chunks = Math.ceil(ROWS / IMPORT_CHUNK);
    t.deps.units.clearCache();
    t.deps.national.clearCache();
    const meter = t.deps.table.meter;
    meter.reset();
    const res = await importFile(dialogue, csv('a'), 'chunks-0001');
    expect(res.status).toBe(201);
    expect(res.body.imported).toBe(ROWS);
    // dialogue + departments + unit; the first chunk: idempotency record + counter, then the calendar (the
    // unit's and the national overrides) and the policy (cold caches); the last chunk: the notice
    // settings (cold cache) for the file's one assignment notice; every chunk: its transaction. The
    // items' word postings are left to the worker (one job on the queue, tests/api/import-postings.test.ts).
    expect(meter.calls).toBe(3 + 2 + 3 + 1 + chunks);
    expect(meter.batchWrites).toBe(0);
    const items = (await t.deps.recommendations.all('u1')).filter((r) => r.dialogueId === dialogue);
    expect(items.map((i) => i.ref).sort()).toEqual(
      Array.from({ length: ROWS }, (_, i) => `U1-2023-${String(i + 1).padStart(4, '0')}`),
    );
    expect(items.every((i) => i.nextEscalationAt === '2023-11-13T08:00:00')).toBe(true);
  });

  it('write every row once when the same import is delivered twice at once', async () => {
    const dialogue = await newDialogue('Hội nghị nhập tệp hai lần');
    const file = csv('b');
    const [a, b] = await Promise.all([
      importFile(dialogue, file, 'chunks-0002'),
      importFile(dialogue, file, 'chunks-0002'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.imported + a.body.alreadyImported).toBe(ROWS);
    expect(b.body.imported + b.body.alreadyImported).toBe(ROWS);
    expect(a.body.imported + b.body.imported).toBe(ROWS);
    const items = (await t.deps.recommendations.all('u1')).filter((r) => r.dialogueId === dialogue);
    expect(items).toHaveLength(ROWS);
    expect(new Set(items.map((i) => i.ref)).size).toBe(ROWS);
    const ids = (r: typeof a) => r.body.items.map((i: { id: string }) => i.id);
    expect(ids(a)).toEqual(ids(b));
    expect(new Set(ids(a))).toEqual(new Set(items.map((i) => i.id)));
  });
});

describe('chunks fit one transaction', () => {
  it('rows with cooperating departments make smaller chunks, every row imported once', async () => {
    const dialogue = await newDialogue('Hội nghị nhập tệp có đơn vị phối hợp');
    const rows = 40;
    const file = [
      'STT,Nội dung kiến nghị,Nguồn,Hướng xử lý,Đơn vị chủ trì,Đơn vị phối hợp,Hạn xử lý',
      ...Array.from(
        { length: rows },
        (_, i) =>
          `${i + 1},Kiến nghị phối hợp số ${i + 1},Tổng hợp trước,Giao đơn vị,Địa chính - Xây dựng,"Văn hóa - Xã hội, Công an phường",15/11/2023`,
      ),
    ].join('\n');
    const res = await importFile(dialogue, file, 'chunks-coop-0001');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.imported).toBe(rows);
    // 4 writes per row, 4 per chunk: 24 rows fit in 100.
    expect(
      importChunks(
        Array.from({ length: rows }, () => ({
          departmentId: 'dc',
          cooperatingDepartmentIds: ['vhxh', 'ca'],
        })),
      ).map((c) => c.length),
    ).toEqual([24, 16]);
    const listed = await t.call('GET', '/api/recommendations?departmentRole=cooperating&limit=200', {
      as: 'department:ca',
    });
    expect(listed.body.items.filter((i: { dialogueId: string }) => i.dialogueId === dialogue)).toHaveLength(
      rows,
    );
  });

  it('are each a batch that createRecommendations takes: at most MAX_BATCH rows, within one transaction', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      departmentId: i % 4 === 0 ? undefined : 'dc',
      cooperatingDepartmentIds: i % 7 === 0 ? ['vhxh'] : [],
    }));
    const chunks = importChunks(rows, 5);
    expect(chunks.flat()).toHaveLength(rows.length);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(MAX_BATCH);
    expect(Math.max(...chunks.map(createWrites))).toBeLessThanOrEqual(TRANSACTION_LIMIT);
    expect(createWrites(chunks.at(-1) ?? []) + 5).toBeLessThanOrEqual(TRANSACTION_LIMIT);
  });

  it('a request too large for one transaction is refused whole, naming why', async () => {
    const dialogue = await newDialogue('Hội nghị ghi quá nhiều');
    const body = Array.from({ length: 40 }, (_, i) => ({
      content: `Kiến nghị ${i}`,
      source: 'pre_collected',
      disposition: 'assigned',
      departmentId: 'dc',
      cooperatingDepartmentIds: ['vhxh'],
    }));
    const res = await t.call('POST', `/api/dialogues/${dialogue}/recommendations`, { as: 'office', body });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'body' });
    // 4 + 40 × 3 writes.
    expect(res.body.errors[0].message).toContain('124');
    const items = (await t.deps.recommendations.all('u1')).filter((r) => r.dialogueId === dialogue);
    expect(items).toEqual([]);
    // 31 items: 4 + 31 × 3 writes, and one assignment notice for each of the two departments.
    const fits = await t.call('POST', `/api/dialogues/${dialogue}/recommendations`, {
      as: 'office',
      body: body.slice(0, 31),
    });
    expect(fits.status, JSON.stringify(fits.body)).toBe(201);
  });
});
