/**
 * Forwarding upward (chuyển cấp trên) through the tracker: a commune's item goes to its province as a new
 * item there, in one transaction with the history of both; the province assigns, escalates and answers it
 * as its own, and each step of its answer (resolved, confirmed, reopened) flows back to the commune's item
 * in the same transaction as the province's own change.
 */
import { randomUUID } from 'node:crypto';
import { RetryTransactionError } from '../adapters/dynamodb/table.js';
import { InvalidTransitionError, ValidationError, VersionConflictError } from '../domain/errors.js';
import { historyEntry } from '../domain/history.js';
import type { Actor, Recommendation } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { normalizeText } from '../domain/text.js';
import { lifecycleContext, notifyListeners, prepareChanges, type TrackerDeps } from './context.js';
import { getVisible, type RecommendationView, view } from './recommendation-service.js';

/** What the office may still forward: an item not yet closed, not already forwarded through the tracker. */
const FORWARDABLE = new Set(['received', 'assigned', 'forwarded']);

export interface ForwardInput {
  toUnitId: string;
  note?: string | null | undefined;
  version?: number | undefined;
}

const refOf = (code: string, year: string, n: number) => `${code}-${year}-${String(n).padStart(4, '0')}`;

/**
 * Forwards an item of `unitId` to its parent unit: the item becomes `forwarded` with `forwardedTo`, and
 * a new `received` item with `forwardedFrom` is created in the parent, both with their history, in one
 * transaction. Only the direct parent may receive it.
 */
export async function forwardItem(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  input: ForwardInput,
): Promise<RecommendationView> {
  authorize(actor, 'recommendation.forward');
  const [rec, ctx, unit] = await Promise.all([
    getVisible(deps, unitId, id, actor, true),
    lifecycleContext(deps, unitId, actor),
    deps.units.getUnit(unitId, true),
  ]);
  authorize(actor, 'recommendation.forward', rec);
  const parentId = unit?.parentId ?? null;
  if (!parentId)
    throw new ValidationError([
      { field: 'body.toUnitId', message: 'Đơn vị của bạn không có đơn vị cấp trên trong hệ thống' },
    ]);
  const parent = await deps.units.getUnit(parentId, true);
  if (input.toUnitId !== parentId || !parent)
    throw new ValidationError([
      {
        field: 'body.toUnitId',
        message: `Chỉ chuyển được lên đơn vị cấp trên trực tiếp (${parent?.name ?? parentId})`,
      },
    ]);
  if (input.version !== undefined && input.version !== rec.version)
    throw new VersionConflictError(rec.version);
  if (rec.forwardedTo)
    throw new InvalidTransitionError(`Kiến nghị đã được chuyển lên ${parent.name} (${rec.forwardedTo.ref})`);
  if (!FORWARDABLE.has(rec.status))
    throw new InvalidTransitionError(`Không thể chuyển cấp trên kiến nghị ở trạng thái "${rec.status}"`);

  const note = input.note ? normalizeText(input.note) || null : null;
  const year = rec.quarter.slice(0, 4);
  const newId = randomUUID();
  const now = ctx.now.toISOString();
  for (let attempt = 0; ; attempt++) {
    const from = await deps.recommendations.currentRefNumber(parentId, year);
    const ref = refOf(parent.code, year, from + 1);
    const received: Recommendation = {
      ...rec,
      id: newId,
      ref,
      disposition: null,
      status: 'received',
      departmentId: null,
      cooperatingDepartmentIds: [],
      dueDate: null,
      firstDueDate: null,
      answer: null,
      cooperationNotes: [],
      attachments: [],
      reason: null,
      reopenCount: 0,
      escalationLevel: 0,
      nextEscalationAt: null,
      assignedOn: null,
      forwardedOn: null,
      resolvedOn: null,
      workingDaysToResolve: null,
      repeatOf: null,
      forwardedTo: null,
      forwardedFrom: { unitId, recommendationId: rec.id, ref: rec.ref, unitName: unit?.name ?? unitId, note },
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const forwarded: Recommendation = {
      ...rec,
      disposition: 'forwarded',
      status: 'forwarded',
      dueDate: null,
      firstDueDate: null,
      answer: null,
      escalationLevel: 0,
      nextEscalationAt: null,
      // Lists count the waiting time from here (an item already marked forwarded keeps its date).
      forwardedOn: rec.status === 'forwarded' ? (rec.forwardedOn ?? ctx.today) : ctx.today,
      forwardedTo: { unitId: parentId, recommendationId: newId, ref, status: 'received' },
      updatedAt: now,
      version: rec.version + 1,
    };
    const [next = forwarded] = await prepareChanges(deps, unitId, [{ before: rec, after: forwarded }]);
    const parentEntries = deps.recommendations.creationEntries(parentId, year, from, [
      { rec: received, history: historyEntry(actor, ctx.now, 'received_forwarded', null, received, note) },
    ]);
    try {
      await deps.recommendations.saveChange(
        unitId,
        rec,
        next,
        historyEntry(actor, ctx.now, 'forwarded_up', rec, next, note),
        parentEntries,
      );
    } catch (error) {
      // Another item took the parent's next reference number first: read the counter again.
      if (!(error instanceof RetryTransactionError) || attempt > 30) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * Math.min(attempt + 1, 10)));
      continue;
    }
    await notifyListeners(deps, parentId, null, received);
    return view(await notifyListeners(deps, unitId, rec, next), ctx.today);
  }
}
