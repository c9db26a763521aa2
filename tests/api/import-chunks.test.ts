/**
 * What an import reads per chunk: the dialogue, the unit and its departments once, the first chunk's
 * idempotency record and reference counter, then nothing but each chunk's transaction (the next chunk's
 * key is new and the counter is where the previous chunk left it: guesses the transaction checks). Two
 * deliveries of the same import at once still write every row once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { IMPORT_CHUNK } from '../../shared/services/import-service.js';
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
    // unit's and the national overrides) and the policy (cold caches); every chunk: its transaction.
    expect(meter.calls).toBe(3 + 2 + 3 + chunks);
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
