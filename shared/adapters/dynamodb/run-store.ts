/**
 * Progress of the scheduled runs that fan out to every unit (deployment-wide, not a unit's data):
 *   pk `RUN#<runId>`, sk `RUN`        the run: kind, date, units queued so far (`cursor` = the last unit id
 *                                     queued, in the order of the unit registry), whether queueing is done
 *   pk `RUN#<runId>`, sk `U#<unitId>` the unit's job was handled (written by the worker)
 * All kept RUN_RETENTION_DAYS (TTL `expiresAt`).
 */
import { RetryTransactionError, type Table } from './table.js';
import { expiresAfterDays } from './table-definition.js';

export const RUN_RETENTION_DAYS = 35;

export interface RunRecord {
  runId: string;
  kind: string;
  date: string;
  startedAt: string;
  /** The last unit id queued ('' before the first). */
  cursor: string;
  queued: number;
  /** Every unit has been queued. */
  complete: boolean;
}

const runPk = (runId: string) => `RUN#${runId}`;
const expiresAt = (now: Date) => expiresAfterDays(now, RUN_RETENTION_DAYS);

function toRun(item: Record<string, unknown>): RunRecord {
  return {
    runId: String(item.runId),
    kind: String(item.kind),
    date: String(item.date),
    startedAt: String(item.startedAt),
    cursor: String(item.cursor ?? ''),
    queued: Number(item.queued ?? 0),
    complete: item.complete === true,
  };
}

export class RunStore {
  constructor(private readonly table: Table) {}

  async get(runId: string): Promise<RunRecord | undefined> {
    const item = await this.table.get({ pk: runPk(runId), sk: 'RUN' }, true);
    return item ? toRun(item) : undefined;
  }

  /** The run as stored, created if it does not exist yet (a second start resumes it). */
  async begin(runId: string, kind: string, date: string, now: Date): Promise<RunRecord> {
    const run: RunRecord = {
      runId,
      kind,
      date,
      startedAt: now.toISOString(),
      cursor: '',
      queued: 0,
      complete: false,
    };
    try {
      await this.table.transact([
        {
          write: this.table.put(
            { pk: runPk(runId), sk: 'RUN', type: 'RUN', ...run, expiresAt: expiresAt(now) },
            { expression: 'attribute_not_exists(pk)' },
          ),
        },
      ]);
      return run;
    } catch (error) {
      if (!(error instanceof RetryTransactionError)) throw error;
      return (await this.get(runId)) as RunRecord;
    }
  }

  /**
   * Moves the cursor after a batch was queued, if nobody else moved it meanwhile (two starts of the same
   * run: the one that loses stops). Returns false if it was moved.
   */
  async advance(
    before: RunRecord,
    after: Pick<RunRecord, 'cursor' | 'queued' | 'complete'>,
  ): Promise<boolean> {
    try {
      await this.table.transact([
        {
          write: this.table.put(
            {
              pk: runPk(before.runId),
              sk: 'RUN',
              type: 'RUN',
              ...before,
              ...after,
              expiresAt: expiresAt(new Date()),
            },
            {
              expression: '#cursor = :c AND queued = :q',
              names: { '#cursor': 'cursor' },
              values: { ':c': before.cursor, ':q': before.queued },
            },
          ),
        },
      ]);
      return true;
    } catch (error) {
      if (error instanceof RetryTransactionError) return false;
      throw error;
    }
  }

  /** Records that a unit's job of the run was handled (idempotent). */
  async unitDone(runId: string, unitId: string, now: Date): Promise<void> {
    await this.table.transact([
      {
        write: this.table.put({
          pk: runPk(runId),
          sk: `U#${unitId}`,
          type: 'RUN_UNIT',
          unitId,
          at: now.toISOString(),
          expiresAt: expiresAt(now),
        }),
      },
    ]);
  }

  /** Units whose job of the run was handled. */
  async doneUnits(runId: string): Promise<Set<string>> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :u)',
      values: { ':pk': runPk(runId), ':u': 'U#' },
      ProjectionExpression: 'unitId',
    });
    return new Set(items.map((i) => String(i.unitId)));
  }
}
