/**
 * Finding queued mail to send (contract in ./enqueue.ts): the units with mail due anywhere (the
 * dispatcher), and one unit's pass (the per-unit worker, the daily sweep).
 */
import { MailOutboxStore, type OutboxMail } from '../../adapters/dynamodb/mail-outbox-store.js';
import { claimAndSend, type OutboxDeps } from './deliver.js';

/** Mails read per dispatcher run from the due partition (the next run, a minute later, reads on). */
export const DISPATCH_PAGE = 500;
/** Mails of one unit in flight at once (the mailer paces the sends themselves). */
const UNIT_CONCURRENCY = 4;

/** Units that have mail due by now, the one waiting longest first (one query of the due partition). */
export async function unitsWithDueMail(deps: Pick<OutboxDeps, 'table' | 'clock'>, limit = DISPATCH_PAGE) {
  const due = await new MailOutboxStore(deps.table).due(deps.clock.now().toISOString(), limit);
  return [...new Set(due.map((m) => m.unitId))];
}

export interface UnitMailOptions {
  /**
   * `due` (the worker): pending mails whose next attempt has come. `sweep` (the daily safety net): every
   * mail not sent, failed ones included, at least `minAgeMs` old, whatever its next attempt.
   */
  mode: 'due' | 'sweep';
  minAgeMs?: number;
}

export interface UnitMailResult {
  sent: number;
  failed: number;
}

/** Sends the unit's mails that `options` selects; each is claimed first, so concurrent passes send once. */
export async function deliverUnitMails(
  deps: OutboxDeps,
  unitId: string,
  options: UnitMailOptions,
): Promise<UnitMailResult> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const olderThan = new Date(now.getTime() - (options.minAgeMs ?? 0)).toISOString();
  const free = (m: OutboxMail) => m.leaseUntil === null || m.leaseUntil < nowIso;
  const all = await new MailOutboxStore(deps.table).list(unitId, {
    statuses: options.mode === 'due' ? ['pending'] : ['pending', 'failed'],
  });
  const chosen = all.filter((m) =>
    options.mode === 'due'
      ? free(m) && (m.nextAttemptAt ?? '') <= nowIso
      : free(m) && m.createdAt <= olderThan,
  );
  const result: UnitMailResult = { sent: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const mail = chosen[next++] as OutboxMail;
      try {
        const out = await claimAndSend(deps, unitId, mail.id);
        if (!out.claimed) continue;
        if (out.ok) result.sent++;
        else result.failed++;
      } catch (error) {
        result.failed++;
        console.error(
          JSON.stringify({
            level: 'ERROR',
            message: 'could not send a queued e-mail',
            unitId,
            mailId: mail.id,
            error: String(error),
          }),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(UNIT_CONCURRENCY, chosen.length) }, worker));
  return result;
}

/**
 * One dispatcher run: every unit with mail due gets `run(unitId)` — in AWS, a message on the unit-work
 * queue; locally, its pass right here. A unit whose run fails does not stop the others.
 */
export async function dispatchDueMail(
  deps: Pick<OutboxDeps, 'table' | 'clock'>,
  run: (unitId: string) => Promise<unknown>,
): Promise<{ units: number; failed: number }> {
  const units = await unitsWithDueMail(deps);
  let failed = 0;
  for (const unitId of units) {
    try {
      await run(unitId);
    } catch (error) {
      failed++;
      console.error(
        JSON.stringify({
          level: 'ERROR',
          message: 'mail dispatch of unit failed',
          unitId,
          error: String(error),
        }),
      );
    }
  }
  return { units: units.length, failed };
}
