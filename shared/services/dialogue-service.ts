import { randomUUID } from 'node:crypto';
import { readHistory } from '../adapters/dynamodb/history-store.js';
import { todayInVietnam } from '../domain/calendar/index.js';
import {
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { isRecordId } from '../domain/ids.js';
import type { HistoryEntry } from '../domain/model.js';
import { type Actor, type Dialogue, type DialogueStatus, type IsoDate, quarterOf } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { normalizeText } from '../domain/text.js';
import type { TrackerDeps } from './context.js';

export interface NewDialogue {
  title: string;
  kind: string;
  heldOn: IsoDate;
  location: string;
  chairs: string[];
  status?: DialogueStatus;
}

export type DialoguePatch = Partial<Omit<Dialogue, 'id' | 'version'>> & { version: number };

export async function createDialogue(
  deps: TrackerDeps,
  unitId: string,
  input: NewDialogue,
  actor: Actor,
): Promise<Dialogue> {
  authorize(actor, 'dialogue.create');
  const now = deps.clock.now();
  const dialogue: Dialogue = {
    id: randomUUID(),
    title: normalizeText(input.title),
    kind: normalizeText(input.kind),
    heldOn: input.heldOn,
    location: normalizeText(input.location),
    chairs: input.chairs.map(normalizeText),
    // A dialogue recorded after the day it was held is already held.
    status: input.status ?? (input.heldOn <= todayInVietnam(now) ? 'held' : 'planned'),
    conclusionNoticeNumber: null,
    conclusionNoticeDate: null,
    published: false,
    noticeText: null,
    version: 1,
  };
  await deps.dialogues.save(unitId, null, dialogue, actor, now, 'created');
  return dialogue;
}

/** The dialogue, or "not found" (an id of the wrong shape included). */
export async function loadDialogue(deps: TrackerDeps, unitId: string, id: string): Promise<Dialogue> {
  const dialogue = isRecordId(id) ? await deps.dialogues.get(unitId, id) : undefined;
  if (!dialogue) throw new NotFoundError('hội nghị');
  return dialogue;
}

export async function listDialogues(deps: TrackerDeps, unitId: string, actor: Actor): Promise<Dialogue[]> {
  authorize(actor, 'dialogue.list');
  return deps.dialogues.list(unitId);
}

export async function getDialogue(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
): Promise<Dialogue> {
  authorize(actor, 'dialogue.read');
  return loadDialogue(deps, unitId, id);
}

export async function dialogueHistory(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
): Promise<HistoryEntry[]> {
  authorize(actor, 'dialogue.history');
  await loadDialogue(deps, unitId, id);
  return readHistory(deps.table, unitId, 'DLG', id);
}

export async function patchDialogue(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  patch: DialoguePatch,
  actor: Actor,
): Promise<Dialogue> {
  authorize(actor, 'dialogue.update');
  const before = await loadDialogue(deps, unitId, id);
  if (patch.version !== before.version) throw new VersionConflictError(before.version);
  const { version: _version, ...changes } = patch;
  const after: Dialogue = { ...before, version: before.version + 1 };
  for (const [key, value] of Object.entries(changes) as [keyof Dialogue, unknown][]) {
    if (value === undefined) continue;
    (after as unknown as Record<string, unknown>)[key] =
      typeof value === 'string'
        ? normalizeText(value)
        : Array.isArray(value)
          ? value.map((v) => normalizeText(String(v)))
          : value;
  }
  if (
    (changes.conclusionNoticeDate || changes.heldOn) &&
    after.conclusionNoticeDate &&
    after.conclusionNoticeDate < after.heldOn
  ) {
    throw new ValidationError([
      {
        field: changes.conclusionNoticeDate ? 'body.conclusionNoticeDate' : 'body.heldOn',
        message: 'Thông báo kết luận không thể ban hành trước ngày hội nghị',
      },
    ]);
  }
  if (after.heldOn !== before.heldOn && quarterOf(after.heldOn) !== quarterOf(before.heldOn)) {
    // Items are reported in their dialogue's quarter; moving them would silently rewrite past reports.
    if (await deps.dialogues.hasRecommendations(unitId, id)) {
      throw new InvalidTransitionError('Không thể chuyển ngày hội nghị sang quý khác khi đã có kiến nghị');
    }
  }
  if (after.conclusionNoticeNumber && after.conclusionNoticeDate && changes.status === undefined) {
    after.status = 'concluded';
  }
  await deps.dialogues.save(
    unitId,
    before,
    after,
    actor,
    deps.clock.now(),
    changes.conclusionNoticeNumber ? 'conclusion_notice_recorded' : 'updated',
  );
  return after;
}
