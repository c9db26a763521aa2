/**
 * The word postings of a bulk write (an import), after its request: its items were committed with their
 * word markers (shared/adapters/dynamodb/word-index.ts) and one `words` job on the unit-work queue writes
 * the postings; the search reads the markers meanwhile. Without a queue, or when it refuses the job, they
 * are written here instead (slow, nothing lost); if that fails too, the markers wait for the daily sweep.
 */
import { todayInVietnam } from '../domain/calendar/index.js';
import type { UnitWorkQueue } from '../domain/ports.js';
import type { TrackerDeps } from './context.js';

export type PostingsLaterDeps = Pick<TrackerDeps, 'recommendations' | 'clock'> & { queue?: UnitWorkQueue };

/** Where the unit's postings went: to the worker, written here, or left to the sweep. Never throws. */
export async function postingsLater(
  deps: PostingsLaterDeps,
  unitId: string,
): Promise<'queued' | 'written' | 'left'> {
  const date = todayInVietnam(deps.clock.now());
  if (deps.queue) {
    try {
      await deps.queue.send([{ job: 'words', unitId, runId: `words#${date}`, date }]);
      return 'queued';
    } catch (error) {
      log('WARN', 'word postings job not queued: written in the request', unitId, error);
    }
  } else log('INFO', 'no unit-work queue: word postings written in the request', unitId);
  try {
    await deps.recommendations.repairWordQueue(unitId);
    return 'written';
  } catch (error) {
    log('WARN', 'word postings left to the repair', unitId, error);
    return 'left';
  }
}

function log(level: 'INFO' | 'WARN', message: string, unitId: string, error?: unknown): void {
  const line = JSON.stringify({
    level,
    message,
    unitId,
    ...(error === undefined ? {} : { error: error instanceof Error ? error.message : String(error) }),
  });
  if (level === 'WARN') console.warn(line);
  else console.log(line);
}
