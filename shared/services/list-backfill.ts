/**
 * Brings items stored by an earlier version up to date (scripts/backfill-lists.ts runs it for every
 * unit; `npm start` for the local table): the list attributes and cooperation entries (list-index.ts),
 * and two fields a later version keeps, derived from the item's history:
 *
 * - `firstDueDate` of a reopened item (the due date it is judged against: its assignment's, or the last
 *   extension's, not a reopen's) — only reopened items differ from their due date;
 * - `forwardedOn` of a forwarded item (the dialogue's date if forwarded when recorded).
 *
 * An item needing only the list attributes is rewritten under its own version (nothing users see
 * changes); an item given a derived field gets a new version and a history entry ('migrated'), and its
 * quarter aggregate moves by the change, in one transaction. Each write is conditioned on the version
 * read, so a concurrent change is never undone (the item is read again). Idempotent: a second run finds
 * nothing to do. Any change made by this version also writes the list attributes (lazy repair). Last, it
 * finishes the word postings a process left half written (word-index.ts), as the daily sweep does.
 */
import { todayInVietnam } from '../domain/calendar/index.js';
import { VersionConflictError } from '../domain/errors.js';
import { historyEntry } from '../domain/history.js';
import type { Actor, HistoryEntry, IsoDate, Recommendation } from '../domain/model.js';
import type { TrackerDeps } from './context.js';

export const BACKFILL_ACTOR: Actor = {
  sub: 'system:backfill',
  name: 'Hệ thống (nâng cấp dữ liệu)',
  roles: ['system'],
  departmentId: null,
};

const changed = (entry: HistoryEntry, name: string) => entry.after !== null && name in entry.after;

/** The due date set by the assignment or the last extension, ignoring reopens; null if never set. */
export function firstDueDateFromHistory(history: readonly HistoryEntry[]): IsoDate | null {
  let first: IsoDate | null = null;
  for (const entry of history) {
    if (entry.action === 'reopened' || !changed(entry, 'dueDate')) continue;
    first = (entry.after?.dueDate as IsoDate | null | undefined) ?? null;
  }
  return first;
}

/** When the item last became forwarded: the dialogue's date if it was recorded so, else that day. */
export function forwardedOnFromHistory(history: readonly HistoryEntry[], heldOn: IsoDate): IsoDate | null {
  let on: IsoDate | null = null;
  for (const entry of history) {
    if (!changed(entry, 'status') || entry.after?.status !== 'forwarded') continue;
    on = entry.action === 'created' ? heldOn : todayInVietnam(new Date(entry.at));
  }
  return on;
}

export interface BackfillResult {
  /** Items that needed something. */
  examined: number;
  /** Rewritten with the list attributes only. */
  reindexed: number;
  /** Given a derived field (new version, history entry). */
  repaired: number;
  /** Markers of word postings left half written, finished. */
  wordMarkers: number;
}

async function derivedFields(
  deps: TrackerDeps,
  unitId: string,
  rec: Recommendation,
  heldOn: (dialogueId: string) => Promise<IsoDate | undefined>,
): Promise<Partial<Pick<Recommendation, 'firstDueDate' | 'forwardedOn'>>> {
  const needsFirst = rec.reopenCount > 0 && rec.firstDueDate === null;
  const needsForwarded = rec.status === 'forwarded' && rec.forwardedOn === null;
  if (!needsFirst && !needsForwarded) return {};
  const history = await deps.recommendations.history(unitId, rec.id);
  const out: Partial<Pick<Recommendation, 'firstDueDate' | 'forwardedOn'>> = {};
  if (needsFirst) {
    const first = firstDueDateFromHistory(history);
    if (first) out.firstDueDate = first;
  }
  if (needsForwarded) {
    const date = await heldOn(rec.dialogueId);
    const on = date ? forwardedOnFromHistory(history, date) : null;
    if (on) out.forwardedOn = on;
  }
  return out;
}

/** Backfills one unit; safe to run while the unit is in use, and again. */
export async function backfillUnit(deps: TrackerDeps, unitId: string): Promise<BackfillResult> {
  const result: BackfillResult = { examined: 0, reindexed: 0, repaired: 0, wordMarkers: 0 };
  const dialogues = new Map<string, Promise<IsoDate | undefined>>();
  const heldOn = (id: string) => {
    let date = dialogues.get(id);
    if (!date) {
      date = deps.dialogues.get(unitId, id).then((d) => d?.heldOn);
      dialogues.set(id, date);
    }
    return date;
  };
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.recommendations.backfillPage(unitId, start);
    for (const found of page.items) {
      result.examined++;
      let { rec, indexed } = found;
      for (let attempt = 0; attempt < 10; attempt++) {
        const fields = await derivedFields(deps, unitId, rec, heldOn);
        try {
          if (Object.keys(fields).length > 0) {
            const next: Recommendation = { ...rec, ...fields, version: rec.version + 1 };
            await deps.recommendations.saveChange(
              unitId,
              rec,
              next,
              historyEntry(
                BACKFILL_ACTOR,
                deps.clock.now(),
                'migrated',
                rec,
                next,
                'Bổ sung dữ liệu khi nâng cấp hệ thống',
              ),
            );
            result.repaired++;
          } else if (!indexed) {
            const at = deps.clock.now().toISOString();
            if (!(await deps.recommendations.reindex(unitId, rec, at))) throw new VersionConflictError();
            result.reindexed++;
          }
          break;
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
          // Changed meanwhile: that change wrote the list attributes; derived fields may still be missing.
          const current = await deps.recommendations.get(unitId, rec.id, true);
          if (!current) break;
          rec = current;
          indexed = true;
        }
      }
    }
    start = page.lastKey;
  } while (start);
  result.wordMarkers = (await deps.recommendations.repairWordQueue(unitId)).markers;
  return result;
}

/** Backfills every unit of the registry, one after another. */
export async function backfillAll(
  deps: TrackerDeps,
  log: (line: string) => void = () => {},
): Promise<BackfillResult> {
  const total: BackfillResult = { examined: 0, reindexed: 0, repaired: 0, wordMarkers: 0 };
  for (const unit of await deps.units.listUnits()) {
    const r = await backfillUnit(deps, unit.id);
    log(
      `${unit.id}: ${r.examined} items looked at, ${r.reindexed} reindexed, ${r.repaired} repaired, ` +
        `${r.wordMarkers} half-written word postings finished`,
    );
    total.examined += r.examined;
    total.reindexed += r.reindexed;
    total.repaired += r.repaired;
    total.wordMarkers += r.wordMarkers;
  }
  return total;
}
