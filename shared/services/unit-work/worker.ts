/**
 * The per-unit worker: handles one queued job for one unit. This is the entry point for work that must
 * reach every unit (`handleUnitJob`), used by the SQS-triggered Lambda (functions/unit-worker.ts) and the
 * local queue (`npm start`, the national simulation).
 */
import { RunStore } from '../../adapters/dynamodb/run-store.js';
import type { UnitJob } from '../../domain/ports.js';
import { isOnDemand, parseUnitJob } from './job-kinds.js';
import { UNIT_JOBS, type UnitWorkDeps } from './jobs.js';

/** Runs one job; records the unit as handled in its run (if it has one); throws if it must be retried. */
export async function handleUnitJob(deps: UnitWorkDeps, job: UnitJob): Promise<unknown> {
  const parsed = parseUnitJob(job);
  const result = await UNIT_JOBS[parsed.job](deps, parsed);
  if (!isOnDemand(parsed.job))
    await new RunStore(deps.table).unitDone(parsed.runId, parsed.unitId, deps.clock.now());
  return result;
}

/** One SQS record as Lambda delivers it (the fields the worker reads). */
export interface QueueRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: { ApproximateReceiveCount: string };
}

/** Seconds before a failed job is delivered again: 30 s, doubled per delivery, at most 15 minutes. */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(900, 30 * 2 ** Math.max(0, receiveCount - 1));
}

/**
 * Handles a batch of queued jobs at once (each one unit, independent of the others) and returns the ones
 * that failed, for the SQS partial batch response; each failed one is first made visible again only after
 * its backoff (`retryLater`). A malformed message fails too and ends in the dead-letter queue.
 */
export async function processUnitMessages(
  deps: UnitWorkDeps,
  records: QueueRecord[],
  retryLater?: (receiptHandle: string, seconds: number) => Promise<void>,
): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const failures: { itemIdentifier: string }[] = [];
  await Promise.all(
    records.map(async (record) => {
      const started = Date.now();
      let job: UnitJob | undefined;
      try {
        job = parseUnitJob(JSON.parse(record.body));
        await handleUnitJob(deps, job);
        console.log(
          JSON.stringify({ level: 'INFO', message: 'unit job done', ...job, ms: Date.now() - started }),
        );
      } catch (error) {
        const receives = Number(record.attributes.ApproximateReceiveCount) || 1;
        failures.push({ itemIdentifier: record.messageId });
        console.error(
          JSON.stringify({
            level: 'ERROR',
            message: 'unit job failed; retried later',
            ...(job ?? { body: record.body.slice(0, 500) }),
            receives,
            error: String(error),
          }),
        );
        try {
          await retryLater?.(record.receiptHandle, retryDelaySeconds(receives));
        } catch (visibilityError) {
          // The queue's own visibility timeout applies instead.
          console.warn(
            JSON.stringify({
              level: 'WARN',
              message: 'could not delay the retry',
              error: String(visibilityError),
            }),
          );
        }
      }
    }),
  );
  return { batchItemFailures: failures };
}
