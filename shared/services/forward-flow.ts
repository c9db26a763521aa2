/**
 * A forwarded item's answer flowing back: each change of a parent's received item that the child's item
 * shows (its answer once resolved, its confirmation, a reopening) is written to the child's item, with
 * the child's history entry, in the same transaction as the parent's own change.
 */
import type { TxEntry } from '../adapters/dynamodb/table.js';
import { historyEntry } from '../domain/history.js';
import type { Actor, Answer, Recommendation } from '../domain/model.js';
import type { TrackerDeps } from './context.js';

/** The parent's answer as the child's item shows it: only once resolved (and while confirmed). */
function answerShown(parentItem: Recommendation): Answer | null {
  return parentItem.status === 'resolved' || parentItem.status === 'confirmed' ? parentItem.answer : null;
}

const FLOW_BACK_ACTION: Partial<Record<Recommendation['status'], string>> = {
  resolved: 'forward_answer_recorded',
  confirmed: 'forward_answer_confirmed',
};

/**
 * The writes that carry a change of a parent's received item back to the child's item it came from
 * (its answer once resolved, its confirmation, a reopening), with the child's history entry: to be
 * committed in the same transaction as the parent's change. None when nothing the child shows changes.
 */
export async function flowBackEntries(
  deps: TrackerDeps,
  before: Recommendation,
  after: Recommendation,
  actor: Actor,
  now: Date,
): Promise<TxEntry[]> {
  const from = after.forwardedFrom;
  if (!from || (before.status === after.status && before.answer === after.answer)) return [];
  const child = await deps.recommendations.get(from.unitId, from.recommendationId, true);
  if (!child?.forwardedTo || child.forwardedTo.recommendationId !== after.id) return [];
  const answer = answerShown(after);
  if (child.forwardedTo.status === after.status && JSON.stringify(child.answer) === JSON.stringify(answer))
    return [];
  const next: Recommendation = {
    ...child,
    answer,
    forwardedTo: { ...child.forwardedTo, status: after.status },
    updatedAt: now.toISOString(),
    version: child.version + 1,
  };
  const action = FLOW_BACK_ACTION[after.status] ?? 'forward_progress';
  return deps.recommendations.changeEntries(
    from.unitId,
    child,
    next,
    historyEntry(actor, now, action, child, next, after.status === 'assigned' ? after.reason : null),
  );
}
