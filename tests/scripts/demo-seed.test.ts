/**
 * The demo seed is resumable: a start that dies at any write of the seed (before the write reaches
 * DynamoDB, or after it committed but before the start saw the answer) is completed by the next start,
 * which ends with exactly the demo a start without interruption makes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_UNIT, demoPeople, seedDemo } from '../../scripts/demo-data.js';
import { generateLocalKeys, localVerifier } from '../../shared/adapters/auth/local-keys.js';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { LocalFileStore } from '../../shared/adapters/files/local-file-store.js';
import { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.js';
import { buildDeps } from '../../shared/deps.js';
import { ClientProbe } from '../reliability/support.js';
import { RecordingScheduler } from '../support/recording-scheduler.js';
import { createTestTable } from '../support/table.js';

const keys = await generateLocalKeys();

/** A process of the local stack on the table: its own caches, as a new start would have. */
function processOn(table: Awaited<ReturnType<typeof createTestTable>>) {
  return buildDeps({
    client: table.client,
    tableName: table.tableName,
    clock: new FixedClock(new Date('2024-03-01T02:00:00Z')),
    verifier: localVerifier(keys),
    mailer: new OutboxMailer(mkdtempSync(join(tmpdir(), 'seed-outbox-'))),
    scheduler: new RecordingScheduler(),
    files: new LocalFileStore(mkdtempSync(join(tmpdir(), 'seed-files-'))),
  });
}

/** What the demo is made of, without generated ids and times. */
async function demoOf(deps: ReturnType<typeof processOn>) {
  const [unit, departments, people, dialogues, items, policy, marker] = await Promise.all([
    deps.units.getUnit(DEMO_UNIT.id, true),
    deps.units.listDepartments(DEMO_UNIT.id),
    deps.users.list(DEMO_UNIT.id),
    deps.dialogues.list(DEMO_UNIT.id),
    deps.recommendations.all(DEMO_UNIT.id),
    deps.units.getSetting(DEMO_UNIT.id, 'escalation-policy', true),
    deps.units.getSetting(DEMO_UNIT.id, 'demo-seed', true),
  ]);
  const [communes, communeItems, provinceItems] = await Promise.all([
    deps.units.listChildren('demo-tinh'),
    deps.recommendations.all('demo-binh-an'),
    deps.recommendations.all('demo-tinh'),
  ]);
  return {
    unit: unit && { id: unit.id, code: unit.code, name: unit.name, parentId: unit.parentId },
    communes: communes.map((u) => u.id),
    communeItems: communeItems.map((r) => `${r.ref}|${r.status}|${r.forwardedTo?.ref ?? ''}`).sort(),
    provinceItems: provinceItems.map((r) => `${r.ref}|${r.status}|${r.forwardedFrom?.ref ?? ''}`),
    departments: departments.map((d) => `${d.id}|${d.name}|${d.emails.join()}|${d.active}`),
    people: people.map((p) => `${p.email}|${p.name}|${p.role}|${p.departmentId}|${p.disabled}`),
    dialogues: dialogues.map((d) => `${d.title}|${d.conclusionNoticeNumber}|${d.published}`),
    items: items.map((r) => `${r.ref}|${r.content}|${r.status}|${r.departmentId}|${r.dueDate}`).sort(),
    policy,
    marker,
  };
}

describe('demo seed', () => {
  let complete: Awaited<ReturnType<typeof demoOf>>;
  let writes = 0;

  it('makes the demo unit: departments, one person per role and department, the dialogue and its 20 items', async () => {
    const table = await createTestTable();
    const deps = processOn(table);
    const probe = new ClientProbe(table.client);
    expect(await seedDemo(deps)).toEqual({ seeded: true, recommendations: 20 });
    writes = probe.log.filter((r) => r.command === 'TransactWriteItemsCommand' && r.ok).length;
    complete = await demoOf(deps);
    expect(complete.unit).toEqual({ id: 'demo', code: 'DEMO', name: DEMO_UNIT.name, parentId: 'demo-tinh' });
    // A province with two communes, one item forwarded from the second to the province.
    expect(complete.communes).toEqual(['demo', 'demo-binh-an']);
    expect(complete.communeItems).toEqual([
      'BINH-AN-2023-0001|resolved|',
      'BINH-AN-2023-0002|assigned|',
      'BINH-AN-2023-0003|assigned|',
      'BINH-AN-2023-0004|forwarded|TINH-MAU-2023-0001',
    ]);
    expect(complete.provinceItems).toEqual(['TINH-MAU-2023-0001|received|BINH-AN-2023-0004']);
    expect(complete.people).toHaveLength(demoPeople().length);
    expect(complete.items).toHaveLength(20);
    expect(new Set(complete.items.map((i) => i.split('|')[0]))).toHaveProperty('size', 20);
    expect(complete.dialogues).toEqual([expect.stringContaining('|125/TB-UBND|true')]);
    // A second start finds it complete and writes nothing.
    const mark = probe.log.length;
    expect(await seedDemo(processOn(table))).toEqual({ seeded: false, recommendations: 0 });
    expect(probe.committedWrites(mark)).toEqual([]);
  });

  for (const when of ['before', 'after'] as const) {
    it(`is completed by the next start after dying at any write (${when} it commits)`, async () => {
      expect(writes).toBeGreaterThan(10);
      for (let n = 1; n <= writes; n++) {
        const table = await createTestTable();
        const probe = new ClientProbe(table.client);
        probe.addFault({
          command: 'TransactWriteItemsCommand',
          when,
          fault: (seen) => (seen === n ? new Error(`start killed at write ${n}`) : undefined),
        });
        await expect(seedDemo(processOn(table)), `write ${n}`).rejects.toThrow(`start killed at write ${n}`);
        probe.clearFaults();
        const next = processOn(table);
        await seedDemo(next);
        expect(await demoOf(next), `after dying at write ${n} (${when})`).toEqual(complete);
      }
    }, 600_000);
  }
});
