/**
 * `npm start`'s stand-ins: the local ticker dispatches queued mail within a tick of its commit, the
 * daily jobs fan out per unit on the local queue to the same worker as in AWS, and the app's own jobs
 * (an import's word postings) go to that queue too.
 */
import { describe, expect, it } from 'vitest';
import { startLocalScheduling } from '../../scripts/local-scheduling.js';
import { RunStore } from '../../shared/adapters/dynamodb/run-store.js';
import { postingKeys } from '../../shared/adapters/dynamodb/word-index.js';
import { enqueueMail } from '../../shared/services/mail-outbox/enqueue.js';
import { createTestApp, seedUnit } from '../support/app.js';
import { numberedImportCsv } from '../support/import-csv.js';

describe('local scheduling', () => {
  it('sends queued mail within a tick, and runs the daily sweep of every unit through the local queue', async () => {
    // 07:30 on Friday 20/10/2023 in Vietnam: the daily jobs are due.
    const t = await createTestApp({ now: '2023-10-20T00:30:00Z' });
    for (const id of ['a', 'b']) await t.deps.units.putUnit({ id, code: id, name: `Phường ${id}` });
    await t.deps.table.transact([
      enqueueMail(
        t.deps.table,
        {
          unitId: 'a',
          id: 'hello',
          kind: 'notification',
          to: ['dc@demo.example'],
          subject: 'Thư thử',
          html: '<p>x</p>',
          text: 'x',
        },
        t.clock.now(),
      ),
    ]);
    const local = startLocalScheduling({
      client: t.client,
      tableName: t.tableName,
      clock: t.clock,
      intervalMs: 50,
    });
    const queue = local.attach(t.deps);
    try {
      const deadline = Date.now() + 10_000;
      const swept = new RunStore(t.deps.table);
      while (Date.now() < deadline) {
        const mails = await t.outbox.list();
        const done = await swept.doneUnits('sweep#2023-10-20');
        if (mails.length === 1 && done.size === 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await t.outbox.list()).map((m) => m.subject)).toEqual(['Thư thử']);
      expect([...(await swept.doneUnits('sweep#2023-10-20'))].sort()).toEqual(['a', 'b']);
      await queue.drain();
      expect(queue.deadLetters).toEqual([]);
    } finally {
      local.stop();
    }
  });

  it("takes the app's own jobs: an import's word postings are written by the local worker", async () => {
    const t = await createTestApp({ now: '2023-10-20T03:00:00Z', queue: false });
    const { dialogueId } = await seedUnit(t);
    const local = startLocalScheduling({ client: t.client, tableName: t.tableName, clock: t.clock });
    const queue = local.attach(t.deps);
    try {
      expect(t.deps.queue).toBe(queue);
      const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations/import`, {
        as: 'office',
        raw: numberedImportCsv('cuc-bo', 40),
        headers: { 'content-type': 'text/csv' },
      });
      expect(res.status).toBe(201);
      await queue.drain();
      expect(queue.deadLetters).toEqual([]);
      const markers = await t.deps.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        values: { ':pk': 'U#u1', ':p': 'WORDQ#' },
        ConsistentRead: true,
      });
      expect(markers).toEqual([]);
      const recs = await t.deps.recommendations.all('u1');
      const postings = recs.flatMap((r) => postingKeys('u1', r));
      expect(await t.deps.table.batchGet(postings, true)).toHaveLength(postings.length);
    } finally {
      local.stop();
    }
  });
});
