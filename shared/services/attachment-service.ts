/**
 * Files on an item's answer: added (uploaded through the API, or straight to the store with a
 * presigned URL and then checked), listed on the item, downloaded through a short-lived URL, removed,
 * marked public by the office. Each change is a versioned save of the item with its history entry.
 */
import { randomUUID } from 'node:crypto';
import {
  ATTACHMENT_TYPE_NAMES,
  ATTACHMENT_TYPES,
  type Attachment,
  attachmentKey,
  attachmentName,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  uploadKey,
} from '../domain/attachments.js';
import {
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
  VersionConflictError,
} from '../domain/errors.js';
import { historyEntry } from '../domain/history.js';
import { isRecordId } from '../domain/ids.js';
import type { Actor, Recommendation } from '../domain/model.js';
import { type Action, authorize } from '../domain/permissions.js';
import type { FileStore, PresignedUpload } from '../domain/ports.js';
import type { TrackerDeps } from './context.js';
import { getVisible } from './recommendation-service.js';

export interface AttachmentDeps extends TrackerDeps {
  files: FileStore;
}

const MB = 1024 * 1024;
const tooLarge = (field: string) =>
  new ValidationError([{ field, message: `Tệp lớn hơn ${MAX_ATTACHMENT_BYTES / MB} MB` }]);
const wrongType = (field: string) =>
  new ValidationError([
    { field, message: `Chỉ nhận tệp ${ATTACHMENT_TYPE_NAMES}; nội dung tệp này không thuộc các loại đó` },
  ]);

/** The type sniffer (file-type, ~70 KB minified) is loaded on first upload, not at start. */
async function sniff(bytes: Uint8Array): Promise<string | null> {
  const { sniffContentType } = await import('../adapters/files/sniff.js');
  return sniffContentType(bytes);
}

/** How many bytes of a stored upload are read to tell its type (a .docx names its parts first). */
const SNIFF_BYTES = 256 * 1024;

export const attachmentsOf = (rec: Pick<Recommendation, 'attachments'>): Attachment[] =>
  rec.attachments ?? [];

/**
 * Loads the item the actor may see, checks the action, applies `change` to its files and saves it with
 * its history. A concurrent change of the item (another version) is retried: file lists commute.
 */
async function changeFiles<T>(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  actor: Actor,
  action: Action,
  history: string,
  change: (files: Attachment[], rec: Recommendation) => { files: Attachment[]; result: T },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const rec = await getVisible(deps, unitId, id, actor, true);
    authorize(actor, action, rec);
    const { files, result } = change(attachmentsOf(rec), rec);
    const now = deps.clock.now();
    const after: Recommendation = {
      ...rec,
      attachments: files,
      version: rec.version + 1,
      updatedAt: now.toISOString(),
    };
    try {
      await deps.recommendations.saveChange(
        unitId,
        rec,
        after,
        historyEntry(actor, now, history, rec, after),
      );
      return result;
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= 4) throw error;
    }
  }
}

/** Checks the action before any byte is stored (the item, its visibility, the room for one more file). */
async function checkCanAdd(deps: AttachmentDeps, unitId: string, id: string, actor: Actor): Promise<void> {
  const rec = await getVisible(deps, unitId, id, actor, true);
  authorize(
    actor,
    'attachment.add',
    rec,
    'Chỉ đơn vị chủ trì, văn phòng hoặc quản trị mới được đính kèm tệp',
  );
  if (attachmentsOf(rec).length >= MAX_ATTACHMENTS)
    throw new InvalidTransitionError(`Mỗi kiến nghị có tối đa ${MAX_ATTACHMENTS} tệp đính kèm`);
}

async function record(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  actor: Actor,
  attachment: Attachment,
  key: string,
): Promise<Attachment> {
  try {
    return await changeFiles(deps, unitId, id, actor, 'attachment.add', 'attachment_added', (files) => {
      if (files.length >= MAX_ATTACHMENTS)
        throw new InvalidTransitionError(`Mỗi kiến nghị có tối đa ${MAX_ATTACHMENTS} tệp đính kèm`);
      return { files: [...files, attachment], result: attachment };
    });
  } catch (error) {
    await deps.files.delete(key).catch(() => undefined);
    throw error;
  }
}

const newAttachment = (
  id: string,
  name: string,
  size: number,
  contentType: string,
  actor: Actor,
  at: Date,
) => ({
  id,
  name: attachmentName(name, contentType),
  size,
  contentType,
  uploadedAt: at.toISOString(),
  uploadedBy: { sub: actor.sub, name: actor.name },
  public: false,
});

/** A file sent through the API (multipart): checked by its bytes, stored, recorded. */
export async function addAttachment(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  file: { bytes: Uint8Array; name: string },
  actor: Actor,
): Promise<Attachment> {
  await checkCanAdd(deps, unitId, id, actor);
  if (file.bytes.length === 0) throw new ValidationError([{ field: 'body.file', message: 'Tệp trống' }]);
  if (file.bytes.length > MAX_ATTACHMENT_BYTES) throw tooLarge('body.file');
  const contentType = await sniff(file.bytes);
  if (!contentType || !ATTACHMENT_TYPES[contentType]) throw wrongType('body.file');
  const attachmentId = randomUUID();
  const key = attachmentKey(unitId, id, attachmentId);
  await deps.files.put(key, file.bytes, contentType);
  return record(
    deps,
    unitId,
    id,
    actor,
    newAttachment(attachmentId, file.name, file.bytes.length, contentType, actor, deps.clock.now()),
    key,
  );
}

export interface UploadRequest {
  name: string;
  size: number;
  contentType: string;
}

/** A presigned upload straight to the store; `completeUpload` then checks and records the file. */
export async function startUpload(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  input: UploadRequest,
  actor: Actor,
): Promise<{ uploadId: string; upload: PresignedUpload }> {
  await checkCanAdd(deps, unitId, id, actor);
  if (input.size > MAX_ATTACHMENT_BYTES) throw tooLarge('body.size');
  if (!ATTACHMENT_TYPES[input.contentType]) throw wrongType('body.contentType');
  const uploadId = randomUUID();
  return { uploadId, upload: await deps.files.uploadUrl(uploadKey(unitId, uploadId), input) };
}

export async function completeUpload(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  uploadId: string,
  input: { name: string },
  actor: Actor,
): Promise<Attachment> {
  await checkCanAdd(deps, unitId, id, actor);
  const pending = uploadKey(unitId, uploadId);
  const stored = await deps.files.head(pending);
  if (!stored) throw new NotFoundError('tệp tải lên (chưa tải lên hoặc đã hết hạn)');
  const refuse = async (error: Error): Promise<never> => {
    await deps.files.delete(pending).catch(() => undefined);
    throw error;
  };
  if (stored.size > MAX_ATTACHMENT_BYTES) await refuse(tooLarge('body.size'));
  if (stored.size === 0) await refuse(new ValidationError([{ field: 'body.size', message: 'Tệp trống' }]));
  const contentType = await sniff(await deps.files.readStart(pending, SNIFF_BYTES));
  if (!contentType || !ATTACHMENT_TYPES[contentType]) await refuse(wrongType('body.file'));
  const key = attachmentKey(unitId, id, uploadId);
  await deps.files.move(pending, key);
  return record(
    deps,
    unitId,
    id,
    actor,
    newAttachment(uploadId, input.name, stored.size, contentType as string, actor, deps.clock.now()),
    key,
  );
}

function find(files: Attachment[], attachmentId: string): Attachment {
  const found = files.find((f) => f.id === attachmentId);
  if (!found) throw new NotFoundError('tệp đính kèm');
  return found;
}

export async function removeAttachment(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  attachmentId: string,
  actor: Actor,
): Promise<void> {
  await changeFiles(deps, unitId, id, actor, 'attachment.remove', 'attachment_removed', (files) => {
    find(files, attachmentId);
    return { files: files.filter((f) => f.id !== attachmentId), result: undefined };
  });
  // The record no longer names it; the bucket keeps the former version (versioning) for recovery.
  await deps.files.delete(attachmentKey(unitId, id, attachmentId)).catch(() => undefined);
}

export function setAttachmentPublic(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  attachmentId: string,
  isPublic: boolean,
  actor: Actor,
): Promise<Attachment> {
  return changeFiles(
    deps,
    unitId,
    id,
    actor,
    'attachment.publish',
    isPublic ? 'attachment_published' : 'attachment_unpublished',
    (files) => {
      const updated = { ...find(files, attachmentId), public: isPublic };
      return { files: files.map((f) => (f.id === attachmentId ? updated : f)), result: updated };
    },
  );
}

/** A short-lived download URL of a file of an item the actor may read. */
export async function attachmentDownload(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  attachmentId: string,
  actor: Actor,
): Promise<string> {
  const rec = await getVisible(deps, unitId, id, actor);
  authorize(actor, 'attachment.read', rec);
  const file = find(attachmentsOf(rec), attachmentId);
  return deps.files.downloadUrl(attachmentKey(unitId, id, attachmentId), {
    filename: file.name,
    contentType: file.contentType,
  });
}

/** The public page's download: only a file the office marked public, of a dialogue whose results are published. */
export async function publicAttachmentDownload(
  deps: AttachmentDeps,
  unitId: string,
  id: string,
  attachmentId: string,
): Promise<string> {
  if (![unitId, id, attachmentId].every(isRecordId)) throw new NotFoundError('tệp đính kèm');
  const rec = await deps.recommendations.get(unitId, id);
  const file = rec ? attachmentsOf(rec).find((f) => f.id === attachmentId && f.public) : undefined;
  const dialogue = rec ? await deps.dialogues.get(unitId, rec.dialogueId) : undefined;
  if (!rec || !file || !dialogue?.published) throw new NotFoundError('tệp đính kèm');
  return deps.files.downloadUrl(attachmentKey(unitId, id, attachmentId), {
    filename: file.name,
    contentType: file.contentType,
  });
}
