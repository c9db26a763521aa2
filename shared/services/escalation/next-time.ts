/** The time of an item's scheduled step (`nextEscalationAt`), stored next to its fields. */
import { VersionConflictError } from '../../domain/errors.js';
import { isTracked } from '../../domain/escalation-policy.js';
import { historyEntry } from '../../domain/history.js';
import { ESCALATION_ACTOR, type EscalationDeps, MAX_ATTEMPTS, type Tracked } from './unit-context.js';

/** Same cycle, and no step fired: the stored next time is still this code's to set. */
function sameProgress(a: Tracked, b: Tracked): boolean {
  return (
    isTracked(b) &&
    a.dueDate === b.dueDate &&
    a.reopenCount === b.reopenCount &&
    a.escalationLevel === b.escalationLevel &&
    (a.remindedFor ?? null) === (b.remindedFor ?? null)
  );
}

/**
 * Stores the time of the item's scheduled step (`nextEscalationAt`) by a versioned save, only if it
 * differs. When another change won the race, reads the item again and retries while it is in the same
 * cycle with the same progress (a step that fired meanwhile stored its own next time). Returns the item
 * as stored.
 */
export async function storeNextAt(
  deps: EscalationDeps,
  unitId: string,
  rec: Tracked,
  at: string,
): Promise<Tracked> {
  let current = rec;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    if (current.nextEscalationAt === at) return current;
    const now = deps.clock.now();
    const updated: Tracked = {
      ...current,
      nextEscalationAt: at,
      version: current.version + 1,
      updatedAt: now.toISOString(),
    };
    try {
      await deps.recommendations.saveChange(
        unitId,
        current,
        updated,
        historyEntry(ESCALATION_ACTOR, now, 'escalation_scheduled', current, updated),
      );
      return updated;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      const fresh = (await deps.recommendations.get(unitId, rec.id, true)) as Tracked | undefined;
      if (!fresh || !sameProgress(rec, fresh)) return fresh ?? rec;
      current = fresh;
    }
  }
  return current;
}
