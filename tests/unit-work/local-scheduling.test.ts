/**
 * `npm start`'s stand-ins: the local ticker dispatches queued mail within a tick of its commit, and the
 * daily jobs fan out per unit on the local queue to the same worker as in AWS.
 */
import { describe, expect, it } from 'vitest';
import { startLocalScheduling } from '../../scripts/local-scheduling.js';
import { RunStore } from '../../shared/adapters/dynamodb/run-store.js';
import { enqueueMail } from '../../shared/services/mail-outbox/enqueue.js';
import { createTestApp } from '../support/app.js';

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
});
