import { createHash, randomUUID } from 'node:crypto';
import {
  IdempotencyKeyUsedError,
  type IdempotencyRecord,
} from '../adapters/dynamodb/recommendation-store.js';
import { RetryTransactionError } from '../adapters/dynamodb/table.js';
import { expiresAfterDays } from '../adapters/dynamodb/table-definition.js';
import {
  type FieldError,
  IdempotencyMismatchError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { historyEntry } from '../domain/history.js';
import { isRecordId } from '../domain/ids.js';
import {
  addCooperationNote,
  isOverdue,
  type LifecycleContext,
  newRecommendation,
  patchRecommendation,
  type RecommendationPatch,
  resolveRecommendation,
  reviewRecommendation,
  type Transition,
} from '../domain/lifecycle.js';
import type {
  Actor,
  Department,
  Dialogue,
  HistoryEntry,
  IsoDate,
  NewRecommendation,
  Recommendation,
  Status,
  Unit,
} from '../domain/model.js';
import { authorize, can } from '../domain/permissions.js';
import {
  lifecycleContext,
  notifyListeners,
  notifyListenersEach,
  prepareChanges,
  type TrackerDeps,
} from './context.js';
import { flowBackEntries } from './forward-flow.js';
import { assignmentNotices, changeNotices, type NoticeChange } from './notices.js';

/** Largest batch written in one transaction (2 writes per item + counter, aggregate, idempotency, word marker ≤ 100). */
export const MAX_BATCH = 40;
/** An Idempotency-Key is remembered this long (its record then expires by TTL). */
export const IDEMPOTENCY_RETENTION_DAYS = 30;

/** Writes one DynamoDB transaction may hold. */
export const TRANSACTION_LIMIT = 100;

/**
 * Writes of creating `inputs` in one transaction: the reference counter, the quarter aggregate, the
 * idempotency record and the marker of the items' word postings, then per item the item, its history
 * entry and one cooperation entry per cooperating department.
 */
export function createWrites(
  inputs: readonly Pick<NewRecommendation, 'departmentId' | 'cooperatingDepartmentIds'>[],
): number {
  const cooperating = (i: (typeof inputs)[number]) =>
    new Set((i.cooperatingDepartmentIds ?? []).filter((id) => id !== i.departmentId)).size;
  return 4 + inputs.reduce((n, i) => n + 2 + cooperating(i), 0);
}

export interface RecommendationView extends Recommendation {
  overdue: boolean;
}

export function view(rec: Recommendation, today: IsoDate): RecommendationView {
  return { ...rec, attachments: rec.attachments ?? [], overdue: isOverdue(rec, today) };
}

export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

async function loadDialogue(deps: TrackerDeps, unitId: string, dialogueId: string): Promise<Dialogue> {
  const dialogue = isRecordId(dialogueId) ? await deps.dialogues.get(unitId, dialogueId) : undefined;
  if (!dialogue) throw new NotFoundError('hội nghị');
  return dialogue;
}

/** Department references in a create or change, for checkDepartments. */
type DepartmentRefs = { path: string; departmentId?: string | null; cooperatingDepartmentIds?: string[] };

const namesDepartments = (items: DepartmentRefs[]) =>
  items.some((i) => i.departmentId || i.cooperatingDepartmentIds?.length);

/**
 * Every department id named must be an active department of the unit (`departments`: the unit's, if
 * already read); a deactivated one is accepted only where the item already names it (`kept`).
 */
export async function checkDepartments(
  deps: TrackerDeps,
  unitId: string,
  items: DepartmentRefs[],
  departments?: readonly Department[],
  kept: readonly (string | null)[] = [],
): Promise<void> {
  if (!namesDepartments(items)) return;
  const known = new Map((departments ?? (await deps.units.listDepartments(unitId))).map((d) => [d.id, d]));
  const problem = (id: string) => {
    const department = known.get(id);
    if (!department) return `Không có đơn vị "${id}"`;
    if (department.active === false && !kept.includes(id))
      return `Đơn vị "${department.name}" đã ngừng hoạt động`;
    return null;
  };
  const errors: FieldError[] = [];
  for (const item of items) {
    const lead = item.departmentId ? problem(item.departmentId) : null;
    if (lead) errors.push({ field: `${item.path}.departmentId`, message: lead });
    for (const [i, id] of (item.cooperatingDepartmentIds ?? []).entries()) {
      const message = problem(id);
      if (message) errors.push({ field: `${item.path}.cooperatingDepartmentIds.${i}`, message });
    }
  }
  if (errors.length) throw new ValidationError(errors);
}

function refOf(unitCode: string, year: string, n: number): string {
  return `${unitCode}-${year}-${String(n).padStart(4, '0')}`;
}

/**
 * Creates items of one dialogue atomically (≤ MAX_BATCH). With an idempotency key, a retry of the same
 * request returns the items created the first time and creates nothing.
 */
export async function createRecommendations(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
  inputs: NewRecommendation[],
  actor: Actor,
  options: {
    idempotencyKey?: string;
    requestHash?: string;
    fieldPrefix?: (index: number) => string;
    ids?: string[];
    /**
     * What the caller has already read for this unit and dialogue (an import reads them once for all its
     * chunks); each one given is not read again.
     */
    preloaded?: { dialogue?: Dialogue; unit?: Unit | null; departments?: readonly Department[] };
    /**
     * The caller expects the key to be unused and the year's reference counter to stand at `refNumber`
     * (an import after writing its previous chunk): neither is read first. The transaction checks both
     * anyway; if either guess is wrong the counter is read again, or the first result replayed.
     */
    expected?: { newKey: boolean; refNumber: number };
    /**
     * The departments' assignment notices: by default one per department for this batch; false for none
     * (an import's chunks but the last); or the request's id and the items its earlier transactions
     * created (an import's last chunk: one notice for the whole file).
     */
    notify?: false | { requestId: string; earlier: readonly Recommendation[] };
    /** The action performed: typing items in (default) or importing a spreadsheet. */
    action?: 'recommendation.create' | 'recommendation.import';
    /** The items' word postings are left in their marker for the caller (an import: postings-later.ts). */
    deferPostings?: boolean;
  } = {},
): Promise<{ items: RecommendationView[]; replayed: boolean; refNumber?: number }> {
  authorize(actor, options.action ?? 'recommendation.create');
  if (inputs.length > MAX_BATCH) throw new Error(`batch of ${inputs.length} exceeds ${MAX_BATCH}`);
  if (createWrites(inputs) > TRANSACTION_LIMIT) {
    throw new ValidationError([
      {
        field: 'body',
        message:
          `Một lần ghi được tối đa ${TRANSACTION_LIMIT} bản ghi (mỗi kiến nghị 2, thêm 1 cho mỗi đơn vị phối hợp; ` +
          `lần này cần ${createWrites(inputs)}): hãy gửi ít kiến nghị hơn mỗi lần`,
      },
    ]);
  }
  const prefix = options.fieldPrefix ?? ((i: number) => (inputs.length === 1 ? 'body' : `body.${i}`));
  const idem = options.idempotencyKey
    ? { key: options.idempotencyKey, hash: options.requestHash ?? requestHash(inputs) }
    : undefined;
  const refs = inputs.map((input, i) => ({ path: prefix(i), ...input }));
  const pre = options.preloaded ?? {};
  // Independent reads, at the same time; the reference counter follows the dialogue (its year).
  const dialoguePromise = pre.dialogue
    ? Promise.resolve(pre.dialogue)
    : loadDialogue(deps, unitId, dialogueId);
  const [dialogue, ctx, done, departments, unit, firstFrom] = await Promise.all([
    dialoguePromise,
    lifecycleContext(deps, unitId, actor),
    idem && !options.expected?.newKey ? deps.recommendations.getIdempotency(unitId, idem.key) : undefined,
    pre.departments ?? (namesDepartments(refs) ? deps.units.listDepartments(unitId) : []),
    pre.unit !== undefined ? pre.unit : deps.units.cachedUnit(unitId),
    options.expected
      ? options.expected.refNumber
      : dialoguePromise.then((d) => deps.recommendations.currentRefNumber(unitId, d.heldOn.slice(0, 4))),
  ]);

  if (idem && done) return { items: await replay(deps, unitId, idem, done, ctx.today), replayed: true };
  await checkDepartments(deps, unitId, refs, departments);
  const code = unit?.code ?? unitId.toUpperCase();
  const year = dialogue.heldOn.slice(0, 4);
  const ids = options.ids ?? inputs.map(() => randomUUID());
  for (let attempt = 0; ; attempt++) {
    const from = attempt === 0 ? firstFrom : await deps.recommendations.currentRefNumber(unitId, year);
    const built = inputs.map((input, i) =>
      newRecommendation(
        input,
        { id: ids[i] ?? randomUUID(), ref: refOf(code, year, from + i + 1) },
        dialogue,
        ctx,
        prefix(i),
      ),
    );
    const prepared = await prepareChanges(
      deps,
      unitId,
      built.map((after) => ({ before: null, after })),
    );
    const recs = prepared.map((rec) => ({
      rec,
      history: historyEntry(actor, ctx.now, 'created', null, rec),
    }));
    const notices =
      options.notify === false
        ? []
        : await assignmentNotices(
            deps,
            unitId,
            [...(options.notify?.earlier ?? []), ...prepared].map(
              (after): NoticeChange => ({ before: null, after }),
            ),
            options.notify?.requestId ?? `create.${ids[0]}`,
            { unitName: unit?.name, departments },
          );
    const writes = createWrites(inputs) + notices.length;
    if (writes > TRANSACTION_LIMIT) {
      throw new ValidationError([
        {
          field: 'body',
          message: `Một lần ghi được tối đa ${TRANSACTION_LIMIT} bản ghi (kể cả thư báo cho các đơn vị; lần này cần ${writes}): hãy gửi ít kiến nghị hơn mỗi lần`,
        },
      ]);
    }
    try {
      await deps.recommendations.createBatch({
        unitId,
        year,
        counterFrom: from,
        recs,
        extra: notices,
        ...(options.deferPostings ? { deferPostings: true } : {}),
        ...(idem
          ? {
              idempotency: {
                key: idem.key,
                record: { requestHash: idem.hash, ids: recs.map((r) => r.rec.id) },
                expiresAt: expiresAfterDays(ctx.now, IDEMPOTENCY_RETENTION_DAYS),
              },
            }
          : {}),
      });
      const stored = await notifyListenersEach(
        deps,
        unitId,
        recs.map(({ rec }) => ({ before: null, after: rec })),
      );
      return {
        items: stored.map((rec) => view(rec, ctx.today)),
        replayed: false,
        refNumber: from + recs.length,
      };
    } catch (error) {
      if (error instanceof IdempotencyKeyUsedError && idem) {
        const replay = await replayIfDone(deps, unitId, idem, ctx.today);
        if (replay) return { items: replay, replayed: true };
      }
      // Another writer took the next reference numbers first: read the counter again.
      if (!(error instanceof RetryTransactionError) || attempt > 30) throw error;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * Math.min(attempt + 1, 10)));
    }
  }
}

async function replayIfDone(
  deps: TrackerDeps,
  unitId: string,
  idem: { key: string; hash: string },
  today: IsoDate,
): Promise<RecommendationView[] | undefined> {
  const done = await deps.recommendations.getIdempotency(unitId, idem.key);
  return done ? replay(deps, unitId, idem, done, today) : undefined;
}

/** The items a request with this key created the first time (a different request with it: 422). */
async function replay(
  deps: TrackerDeps,
  unitId: string,
  idem: { key: string; hash: string },
  done: IdempotencyRecord,
  today: IsoDate,
): Promise<RecommendationView[]> {
  if (done.requestHash !== idem.hash) throw new IdempotencyMismatchError();
  const recs = await Promise.all(done.ids.map((id) => deps.recommendations.get(unitId, id, true)));
  return recs.filter((r): r is Recommendation => r !== undefined).map((r) => view(r, today));
}

/**
 * Loads an item the actor may see; another unit's item, a department's foreign item or an id of the
 * wrong shape is "not found".
 */
export async function getVisible(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  consistent = false,
): Promise<Recommendation> {
  authorize(actor, 'recommendation.read');
  const rec = isRecordId(id) ? await deps.recommendations.get(unitId, id, consistent) : undefined;
  if (!rec || !canSee(actor, rec)) throw new NotFoundError('kiến nghị');
  return rec;
}

/** The item's history, oldest first. */
export async function recommendationHistory(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
): Promise<HistoryEntry[]> {
  const rec = await getVisible(deps, unitId, id, actor);
  authorize(actor, 'recommendation.history', rec);
  return deps.recommendations.history(unitId, id);
}

export function canSee(actor: Actor, rec: Recommendation): boolean {
  return can(actor, 'recommendation.read', rec);
}

async function applyTransition(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  expectedVersion: number | undefined,
  check: (rec: Recommendation) => void,
  /** The next record; `departments`: the unit's, if the transition read them (its notices reuse them). */
  transition: (
    rec: Recommendation,
    ctx: LifecycleContext,
  ) => Transition | Promise<Transition & { departments?: readonly Department[] }>,
): Promise<RecommendationView> {
  // The calendar (usually cached) is loaded beside the item, not after it.
  const [rec, ctx] = await Promise.all([
    getVisible(deps, unitId, id, actor, true),
    lifecycleContext(deps, unitId, actor),
  ]);
  check(rec);
  if (expectedVersion !== undefined && expectedVersion !== rec.version) {
    throw new VersionConflictError(rec.version);
  }
  const transitioned = await transition(rec, ctx);
  const [next = transitioned.next] = await prepareChanges(deps, unitId, [
    { before: rec, after: transitioned.next },
  ]);
  const { action, reason, recorded } = transitioned;
  const entry = historyEntry(actor, ctx.now, action, rec, next, reason);
  // The change's notices (e-mails, the digest mark) commit with it.
  const departments = 'departments' in transitioned ? transitioned.departments : undefined;
  const notices = await changeNotices(
    deps,
    unitId,
    { before: rec, after: next, action, reason },
    { departments },
  );
  const flowBack = await flowBackEntries(deps, rec, next, actor, ctx.now);
  const history = recorded ? { ...entry, ...recorded } : entry;
  await deps.recommendations.saveChange(unitId, rec, next, history, [...notices, ...flowBack]);
  return view(await notifyListeners(deps, unitId, rec, next), ctx.today);
}

export function patchItem(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  patch: RecommendationPatch & { version: number },
): Promise<RecommendationView> {
  const { version, ...changes } = patch;
  return applyTransition(
    deps,
    unitId,
    id,
    actor,
    version,
    (rec) => authorize(actor, 'recommendation.update', rec),
    async (rec, ctx) => {
      const refs = [{ path: 'body', ...changes }];
      const [dialogue, departments] = await Promise.all([
        changes.disposition === 'answered_at_dialogue'
          ? deps.dialogues.get(unitId, rec.dialogueId)
          : undefined,
        namesDepartments(refs) ? deps.units.listDepartments(unitId) : undefined,
      ]);
      await checkDepartments(deps, unitId, refs, departments, [
        rec.departmentId,
        ...rec.cooperatingDepartmentIds,
      ]);
      return { ...patchRecommendation(rec, changes, ctx, dialogue), ...(departments ? { departments } : {}) };
    },
  );
}

export function resolveItem(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  input: { answer: string; documentRef?: string | null; version?: number },
): Promise<RecommendationView> {
  return applyTransition(
    deps,
    unitId,
    id,
    actor,
    input.version,
    (rec) =>
      authorize(
        actor,
        'recommendation.resolve',
        rec,
        'Chỉ đơn vị chủ trì, văn phòng hoặc quản trị mới được trả lời và đánh dấu đã giải quyết',
      ),
    (rec, ctx) => resolveRecommendation(rec, input, ctx),
  );
}

export function reviewItem(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  input: { decision: 'confirm' | 'reopen'; reason?: string; dueDate?: IsoDate; version?: number },
): Promise<RecommendationView> {
  return applyTransition(
    deps,
    unitId,
    id,
    actor,
    input.version,
    (rec) => authorize(actor, 'recommendation.review', rec),
    (rec, ctx) => reviewRecommendation(rec, input, ctx),
  );
}

/** A cooperating department adds its contribution note (ý kiến phối hợp) to an item. */
export function addNote(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
  input: { text: string; version?: number },
): Promise<RecommendationView> {
  return applyTransition(
    deps,
    unitId,
    id,
    actor,
    input.version,
    (rec) =>
      authorize(
        actor,
        'recommendation.cooperate',
        rec,
        'Chỉ đơn vị phối hợp của kiến nghị mới gửi ý kiến phối hợp',
      ),
    (rec, ctx) => addCooperationNote(rec, input, ctx, randomUUID()),
  );
}

export type { Status };
