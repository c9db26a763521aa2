/**
 * The documents of a dialogue: the conclusion notice (read, its paragraphs edited) and the results
 * report. The DOCX and XLSX renderers are loaded on first use (`await import`), so a Lambda that never
 * renders one does not load the libraries at start.
 */
import { todayInVietnam } from '../domain/calendar/index.js';
import { buildConclusionNotice, type ConclusionNotice } from '../domain/documents/conclusion-notice.js';
import { renderNoticeHtml, renderResultsHtml, standaloneHtml } from '../domain/documents/render-html.js';
import { buildResultsReport, type ResultsReport } from '../domain/documents/results-report.js';
import { InvalidTransitionError, VersionConflictError } from '../domain/errors.js';
import type { Actor, Dialogue, NoticeText, Recommendation } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { normalizeText } from '../domain/text.js';
import type { TrackerDeps } from './context.js';
import { loadDialogue } from './dialogue-service.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

export interface RenderedDocument {
  body: string | Uint8Array;
  contentType: string;
  filename: string;
}

/** Every item of a dialogue, in reference order (the byDialogue index, page by page). */
export async function itemsOfDialogue(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
): Promise<Recommendation[]> {
  const items: Recommendation[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.recommendations.list(unitId, { dialogueId }, 200, cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

async function documentInputs(deps: TrackerDeps, unitId: string, dialogue: Dialogue) {
  const [unit, items, departments] = await Promise.all([
    deps.units.getUnit(unitId),
    itemsOfDialogue(deps, unitId, dialogue.id),
    deps.units.listDepartments(unitId),
  ]);
  return {
    unit: { name: unit?.name ?? unitId },
    dialogue,
    items,
    departments,
    today: todayInVietnam(deps.clock.now()),
  };
}

/** The notice as it stands (issued: with its number and date; before: with blanks for them). */
export async function conclusionNotice(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
  actor: Actor,
  dialogue?: Dialogue,
): Promise<ConclusionNotice> {
  authorize(actor, 'conclusionNotice.read');
  const d = dialogue ?? (await loadDialogue(deps, unitId, dialogueId));
  return buildConclusionNotice(await documentInputs(deps, unitId, d));
}

export async function resultsReport(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
  actor: Actor,
): Promise<ResultsReport> {
  authorize(actor, 'resultsReport.read');
  return buildResultsReport(await documentInputs(deps, unitId, await loadDialogue(deps, unitId, dialogueId)));
}

const asciiSlug = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export function noticeFilename(notice: ConclusionNotice, extension: string): string {
  const which = notice.number ? `so-${asciiSlug(notice.number)}` : `du-thao-${notice.dialogue.heldOn}`;
  return `thong-bao-ket-luan-${which}.${extension}`;
}

export async function renderNotice(
  notice: ConclusionNotice,
  format: 'docx' | 'html',
): Promise<RenderedDocument> {
  if (format === 'html') {
    return {
      body: standaloneHtml(`${notice.title} ${notice.subject}`, renderNoticeHtml(notice)),
      contentType: HTML_CONTENT_TYPE,
      filename: noticeFilename(notice, 'html'),
    };
  }
  const { conclusionNoticeDocx } = await import('../adapters/documents/notice-docx.js');
  return {
    body: await conclusionNoticeDocx(notice),
    contentType: DOCX_CONTENT_TYPE,
    filename: noticeFilename(notice, 'docx'),
  };
}

export async function renderResults(
  report: ResultsReport,
  format: 'docx' | 'xlsx' | 'html',
): Promise<RenderedDocument> {
  const filename = `bao-cao-ket-qua-${report.dialogue.heldOn}-${report.today}.${format}`;
  if (format === 'html')
    return {
      body: standaloneHtml(`${report.title} ${report.subject}`, renderResultsHtml(report)),
      contentType: HTML_CONTENT_TYPE,
      filename,
    };
  if (format === 'xlsx') {
    const { resultsReportXlsx } = await import('../adapters/documents/results-xlsx.js');
    return {
      body: new Uint8Array(await resultsReportXlsx(report)),
      contentType: XLSX_CONTENT_TYPE,
      filename,
    };
  }
  const { resultsReportDocx } = await import('../adapters/documents/results-docx.js');
  return { body: await resultsReportDocx(report), contentType: DOCX_CONTENT_TYPE, filename };
}

export interface NoticeTextInput {
  version: number;
  opening?: string | null | undefined;
  closing?: string | null | undefined;
  signerName?: string | null | undefined;
}

const textOrNull = (value: string | null | undefined, before: string | null): string | null =>
  value === undefined ? before : value === null || value.trim() === '' ? null : normalizeText(value);

/**
 * The office's own opening and closing paragraphs and signer (an empty one goes back to the default),
 * saved on the dialogue with its history. An issued notice is not edited any more.
 */
export async function saveNoticeText(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
  input: NoticeTextInput,
  actor: Actor,
): Promise<Dialogue> {
  authorize(actor, 'conclusionNotice.edit');
  const before = await loadDialogue(deps, unitId, dialogueId);
  if (input.version !== before.version) throw new VersionConflictError(before.version);
  if (before.status === 'concluded')
    throw new InvalidTransitionError('Thông báo kết luận đã ban hành; không sửa được nội dung');
  const was: NoticeText = before.noticeText ?? { opening: null, closing: null, signerName: null };
  const text: NoticeText = {
    opening: textOrNull(input.opening, was.opening),
    closing: textOrNull(input.closing, was.closing),
    signerName: textOrNull(input.signerName, was.signerName),
  };
  const after: Dialogue = {
    ...before,
    noticeText: text.opening || text.closing || text.signerName ? text : null,
    version: before.version + 1,
  };
  await deps.dialogues.save(unitId, before, after, actor, deps.clock.now(), 'conclusion_notice_text_edited');
  return after;
}
