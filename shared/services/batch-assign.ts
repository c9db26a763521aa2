/**
 * Assigning several items at once (giao hàng loạt): the office gives a list of items to one lead
 * department (with cooperating departments and a due date), all or nothing, in one transaction — and
 * each department gets one notice for the whole request.
 */
import { randomUUID } from 'node:crypto';
import { cooperationEntries } from '../adapters/dynamodb/list-index.js';
import { InvalidTransitionError, ValidationError, VersionConflictError } from '../domain/errors.js';
import { historyEntry } from '../domain/history.js';
import { patchRecommendation, type Transition } from '../domain/lifecycle.js';
import type { Actor, IsoDate, Recommendation } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { lifecycleContext, notifyListenersEach, prepareChanges, type TrackerDeps } from './context.js';
import { assignmentNotices } from './notices.js';
import {
  checkDepartments,
  type RecommendationView,
  TRANSACTION_LIMIT,
  view,
} from './recommendation-service.js';

/** Most items assigned by one request. */
export const MAX_BATCH_ASSIGN = 30;

export interface BatchAssignInput {
  items: { id: string; version: number }[];
  departmentId: string;
  cooperatingDepartmentIds?: string[] | undefined;
  dueDate?: IsoDate | undefined;
  /** Needed when an assigned item's due date changes. */
  reason?: string | undefined;
}

/**
 * Writes of saving `changes` together: each item, its history, its cooperation entries, the aggregates,
 * and a marker of word postings (an item stored before them gets them with its first change).
 */
function changeWrites(unitId: string, changes: { before: Recommendation; after: Recommendation }[]): number {
  const quarters = new Set(changes.flatMap((c) => [c.before.quarter, c.after.quarter]));
  return changes.reduce((n, { before, after }) => {
    const kept = new Set(cooperationEntries(unitId, after).map((e) => String(e.sk)));
    const dropped = cooperationEntries(unitId, before).filter((e) => !kept.has(String(e.sk))).length;
    return n + 2 + kept.size + dropped;
  }, quarters.size + 1);
}

/**
 * Assigns (or reassigns) every listed item as one change: any item missing, stale or not open for
 * assignment refuses the whole request, naming it.
 */
export async function batchAssign(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  input: BatchAssignInput,
): Promise<RecommendationView[]> {
  authorize(actor, 'recommendation.update');
  const seen = new Set<string>();
  input.items.forEach((item, i) => {
    if (seen.has(item.id))
      throw new ValidationError([
        { field: `body.items.${i}.id`, message: 'Kiến nghị bị lặp trong danh sách' },
      ]);
    seen.add(item.id);
  });
  const [recs, ctx] = await Promise.all([
    Promise.all(input.items.map((item) => deps.recommendations.get(unitId, item.id, true))),
    lifecycleContext(deps, unitId, actor),
    checkDepartments(deps, unitId, [{ path: 'body', ...input }]),
  ]);
  const patch = {
    departmentId: input.departmentId,
    ...(input.cooperatingDepartmentIds ? { cooperatingDepartmentIds: input.cooperatingDepartmentIds } : {}),
    ...(input.dueDate ? { dueDate: input.dueDate } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  };
  const transitions: { before: Recommendation; transition: Transition }[] = recs.map((rec, i) => {
    const field = `body.items.${i}`;
    if (!rec) throw new ValidationError([{ field: `${field}.id`, message: 'Không có kiến nghị này' }]);
    authorize(actor, 'recommendation.update', rec);
    if (rec.version !== input.items[i]?.version) throw new VersionConflictError(rec.version);
    try {
      return { before: rec, transition: patchRecommendation(rec, patch, ctx) };
    } catch (error) {
      if (error instanceof InvalidTransitionError)
        throw new InvalidTransitionError(`${rec.ref}: ${error.message}`);
      throw error;
    }
  });
  const prepared = await prepareChanges(
    deps,
    unitId,
    transitions.map(({ before, transition }) => ({ before, after: transition.next })),
  );
  const changes = transitions.map(({ before, transition }, i) => ({
    before,
    after: prepared[i] ?? transition.next,
    history: historyEntry(
      actor,
      ctx.now,
      transition.action,
      before,
      prepared[i] ?? transition.next,
      transition.reason,
    ),
  }));
  // One notice per department for the whole request.
  const more = await assignmentNotices(deps, unitId, changes, `batch.${randomUUID()}`);
  const writes = changeWrites(unitId, changes) + more.length;
  if (writes > TRANSACTION_LIMIT) {
    throw new ValidationError([
      {
        field: 'body.items',
        message: `Một lần giao được tối đa ${TRANSACTION_LIMIT} bản ghi (lần này cần ${writes}): hãy chọn ít kiến nghị hơn`,
      },
    ]);
  }
  await deps.recommendations.saveChanges(unitId, changes, more);
  const stored = await notifyListenersEach(deps, unitId, changes);
  return stored.map((rec) => view(rec, ctx.today));
}
