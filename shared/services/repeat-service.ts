/**
 * Repeated recommendations: candidates for one dialogue, and the office's decision on each.
 * Cost: the dialogue's items, the items of the unit's earlier dialogues (one byDialogue query each) and
 * the dismissed pairs of the dialogue; comparisons are in memory. Fine for a unit (hundreds to a few
 * thousand items); it is an office action, not a report.
 */
import { keys } from '../adapters/dynamodb/keys.js';
import { itemToRecommendation } from '../adapters/dynamodb/recommendation-store.js';
import { type RepeatLink, ReportStore } from '../adapters/dynamodb/report-store.js';
import type { Table } from '../adapters/dynamodb/table.js';
import { INDEXES } from '../adapters/dynamodb/table-definition.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { historyEntry } from '../domain/history.js';
import type { Actor, Dialogue, Recommendation } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { findRepeatCandidates, linkRepeat, REPEAT_THRESHOLD } from '../domain/reports/repeats.js';
import { notifyListeners, type TrackerDeps } from './context.js';
import { itemLink } from './report-service.js';

export interface CandidateView {
  id: string;
  ref: string;
  content: string;
  dialogueId: string;
  dialogueTitle: string;
  heldOn: string;
  status: Recommendation['status'];
  repeatOf: string | null;
  score: number;
  link: string;
}

export interface RepeatCandidatesResult {
  dialogueId: string;
  threshold: number;
  items: { id: string; ref: string; content: string; link: string; candidates: CandidateView[] }[];
}

/** Items of one dialogue (byDialogue index). */
async function dialogueItems(table: Table, unitId: string, dialogueId: string): Promise<Recommendation[]> {
  const items = await table.queryAll({
    IndexName: INDEXES.byDialogue.indexName,
    KeyConditionExpression: 'gsi1pk = :pk',
    values: { ':pk': keys.dialogueIndex(unitId, dialogueId) },
  });
  return items.map(itemToRecommendation);
}

export async function repeatCandidates(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
  actor: Actor,
  threshold = REPEAT_THRESHOLD,
): Promise<RepeatCandidatesResult> {
  authorize(actor, 'repeats.read');
  const store = new ReportStore(deps.table);
  const dialogues = await deps.dialogues.list(unitId);
  const dialogue = dialogues.find((d) => d.id === dialogueId);
  if (!dialogue) throw new NotFoundError('hội nghị');
  const earlierDialogues = dialogues.filter((d) => d.id !== dialogueId && d.heldOn <= dialogue.heldOn);
  const byId = new Map<string, Dialogue>(earlierDialogues.map((d) => [d.id, d]));
  const [items, dismissed, ...earlierLists] = await Promise.all([
    dialogueItems(deps.table, unitId, dialogueId),
    store.dismissedPairs(unitId, dialogueId),
    ...earlierDialogues.map((d) => dialogueItems(deps.table, unitId, d.id)),
  ]);
  const earlier = earlierLists.flat();
  const sorted = [...items].sort((a, b) => a.ref.localeCompare(b.ref));
  const found = findRepeatCandidates(sorted, earlier, { dismissed, threshold });
  return {
    dialogueId,
    threshold,
    items: sorted
      .map((item, i) => ({
        id: item.id,
        ref: item.ref,
        content: item.content,
        link: itemLink(deps, item.id),
        candidates: (found[i] ?? []).map(({ earlier: e, score }) => {
          const d = byId.get(e.dialogueId);
          return {
            id: e.id,
            ref: e.ref,
            content: e.content,
            dialogueId: e.dialogueId,
            dialogueTitle: d?.title ?? '',
            heldOn: d?.heldOn ?? '',
            status: e.status,
            repeatOf: e.repeatOf,
            score,
            link: itemLink(deps, e.id),
          };
        }),
      }))
      .filter((i) => i.candidates.length > 0),
  };
}

export interface RepeatDecision {
  recommendationId: string;
  repeatOfId: string;
  decision: 'confirm' | 'dismiss';
}

/**
 * Confirm: the item records the earlier ref (history 'repeat_linked', aggregates through saveChange)
 * and a link record joins the quarter's repeats, in one transaction. Dismiss: the pair is no longer
 * proposed (history 'repeat_dismissed').
 */
export async function decideRepeat(
  deps: TrackerDeps,
  unitId: string,
  input: RepeatDecision,
  actor: Actor,
): Promise<{ decision: 'confirm' | 'dismiss'; recommendation: Recommendation; link: RepeatLink | null }> {
  authorize(actor, 'repeats.decide');
  const store = new ReportStore(deps.table);
  if (input.recommendationId === input.repeatOfId) {
    throw new ValidationError([
      { field: 'body.repeatOfId', message: 'Một kiến nghị không thể lặp lại chính nó' },
    ]);
  }
  const [rec, earlier] = await Promise.all([
    deps.recommendations.get(unitId, input.recommendationId, true),
    deps.recommendations.get(unitId, input.repeatOfId, true),
  ]);
  if (!rec) throw new NotFoundError('kiến nghị');
  if (!earlier)
    throw new ValidationError([{ field: 'body.repeatOfId', message: 'Không có kiến nghị trước này' }]);
  const now = deps.clock.now();
  if (input.decision === 'dismiss') {
    await store.dismissRepeat(unitId, rec, earlier, actor, now);
    return { decision: 'dismiss', recommendation: rec, link: null };
  }
  const [itemDialogue, earlierDialogue] = await Promise.all([
    deps.dialogues.get(unitId, rec.dialogueId),
    deps.dialogues.get(unitId, earlier.dialogueId),
  ]);
  const next = linkRepeat(
    rec,
    earlier,
    { itemHeldOn: itemDialogue?.heldOn ?? '', earlierHeldOn: earlierDialogue?.heldOn ?? '' },
    now,
  );
  if (rec.repeatOf === earlier.ref) {
    // Already linked: confirming again changes nothing.
    return {
      decision: 'confirm',
      recommendation: rec,
      link: (await store.getRepeatLink(unitId, rec.quarter, rec.id)) ?? null,
    };
  }
  const earlierLink = earlier.repeatOf
    ? await store.getRepeatLink(unitId, earlier.quarter, earlier.id)
    : undefined;
  const link: RepeatLink = {
    id: rec.id,
    ref: rec.ref,
    quarter: rec.quarter,
    dialogueId: rec.dialogueId,
    content: rec.content,
    repeatOfId: earlier.id,
    repeatOfRef: earlier.ref,
    repeatOfContent: earlier.content,
    timesRaised: (earlierLink?.timesRaised ?? 1) + 1,
    linkedAt: now.toISOString(),
    linkedBy: actor.sub,
  };
  await deps.recommendations.saveChange(
    unitId,
    rec,
    next,
    historyEntry(actor, now, 'repeat_linked', rec, next),
    [store.repeatLinkEntry(unitId, link)],
  );
  await notifyListeners(deps, unitId, rec, next);
  return { decision: 'confirm', recommendation: next, link };
}
