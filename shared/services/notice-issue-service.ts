/**
 * Issuing the conclusion notice: its number and date are stored, the dialogue becomes `concluded`, the
 * history records it, and its e-mails are queued in the same transaction (the durable outbox) — one to
 * each department named in it with its own items, one to the Front's recipients with the whole notice —
 * the DOCX stored once in the file store and attached to each by reference. The mails are then sent
 * at once from this process under the lease it holds; one that fails stays queued for the outbox.
 */
import { ReportStore } from '../adapters/dynamodb/report-store.js';
import type { TxEntry } from '../adapters/dynamodb/table.js';
import { documentKey } from '../domain/attachments.js';
import { todayInVietnam } from '../domain/calendar/index.js';
import { shortDate, withSymbol } from '../domain/documents/admin-document.js';
import { type ConclusionNotice, NOTICE_SYMBOL } from '../domain/documents/conclusion-notice.js';
import { departmentNoticeMail, frontNoticeMail } from '../domain/documents/notice-mail.js';
import { InvalidTransitionError, ValidationError, VersionConflictError } from '../domain/errors.js';
import type { Actor, Dialogue, IsoDate } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { FileStore, Mailer } from '../domain/ports.js';
import type { TrackerDeps } from './context.js';
import { loadDialogue } from './dialogue-service.js';
import { conclusionNotice, DOCX_CONTENT_TYPE, renderNotice } from './document-service.js';
import { newLease, sendHeldMail } from './mail-outbox/deliver.js';
import { enqueueMail, MAX_RECIPIENTS, type MailToQueue } from './mail-outbox/enqueue.js';

export interface IssueDeps extends TrackerDeps {
  files: FileStore;
  mailer: Mailer;
}

export interface IssueInput {
  number: string;
  date: IsoDate;
  version?: number | undefined;
}

export interface IssuedMail {
  id: string;
  to: string[];
  recipient: 'department' | 'front';
  departmentId: string | null;
  /** Sent at once; false: queued, the outbox retries it. */
  sent: boolean;
}

export interface IssueResult {
  dialogue: Dialogue;
  document: { filename: string; size: number };
  mails: IssuedMail[];
  /** Who gets nothing, and why (a department without an address, no Front recipient). */
  notMailed: { name: string; reason: string }[];
}

/** Who the notice's e-mails go to: the departments named in it that have an address, the Front's recipients. */
export interface NoticeMailPlan {
  departments: { id: string; name: string; emails: string[] }[];
  front: string[];
  notMailed: { name: string; reason: string }[];
}

export async function noticeMailPlan(
  deps: TrackerDeps,
  unitId: string,
  notice: Pick<ConclusionNotice, 'departments'>,
): Promise<NoticeMailPlan> {
  const recipients = await new ReportStore(deps.table).recipients(unitId, 'supervision');
  const front = recipients.filter((r) => r.status === 'active').map((r) => r.email);
  const notMailed = notice.departments
    .filter((d) => d.emails.length === 0)
    .map((d) => ({ name: d.name, reason: 'Đơn vị chưa có địa chỉ thư điện tử' }));
  if (front.length === 0)
    notMailed.push({ name: 'Ủy ban MTTQ', reason: 'Chưa có người nhận báo cáo giám sát' });
  return {
    departments: notice.departments
      .filter((d) => d.emails.length > 0)
      .map((d) => ({ id: d.id, name: d.name, emails: d.emails.slice(0, MAX_RECIPIENTS) })),
    front: front.slice(0, MAX_RECIPIENTS),
    notMailed,
  };
}

const link = (deps: TrackerDeps, id: string) =>
  `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/items/${encodeURIComponent(id)}`;

export async function issueConclusionNotice(
  deps: IssueDeps,
  unitId: string,
  dialogueId: string,
  input: IssueInput,
  actor: Actor,
): Promise<IssueResult> {
  authorize(actor, 'conclusionNotice.issue');
  const before = await loadDialogue(deps, unitId, dialogueId);
  if (input.version !== undefined && input.version !== before.version)
    throw new VersionConflictError(before.version);
  if (before.status === 'concluded')
    throw new InvalidTransitionError(
      `Thông báo kết luận đã ban hành (số ${before.conclusionNoticeNumber ?? ''} ngày ${shortDate(before.conclusionNoticeDate)})`,
    );
  if (before.status === 'planned') throw new InvalidTransitionError('Hội nghị chưa tổ chức');
  const now = deps.clock.now();
  const today = todayInVietnam(now);
  if (input.date < before.heldOn)
    throw new ValidationError([
      { field: 'body.date', message: 'Ngày ban hành không được trước ngày hội nghị' },
    ]);
  if (input.date > today)
    throw new ValidationError([{ field: 'body.date', message: 'Ngày ban hành không được sau hôm nay' }]);

  const after: Dialogue = {
    ...before,
    status: 'concluded',
    conclusionNoticeNumber: withSymbol(input.number, NOTICE_SYMBOL),
    conclusionNoticeDate: input.date,
    version: before.version + 1,
  };
  const notice = await conclusionNotice(deps, unitId, dialogueId, actor, after);
  if (notice.dialogue.total === 0) throw new InvalidTransitionError('Hội nghị chưa có kiến nghị nào');
  if (notice.unclassified.length)
    throw new InvalidTransitionError(
      `Còn ${notice.unclassified.length} kiến nghị chưa phân loại (${notice.unclassified.map((i) => i.ref).join(', ')}); hãy phân loại trước khi ban hành`,
    );

  const [docx, unit, plan] = await Promise.all([
    renderNotice(notice, 'docx'),
    deps.units.getUnit(unitId),
    noticeMailPlan(deps, unitId, notice),
  ]);
  const unitName = unit?.name ?? unitId;
  const bytes = docx.body as Uint8Array;
  // Stored once; each mail names it. A key per version: a failed commit leaves an unreferenced file.
  const fileKey = documentKey(unitId, dialogueId, `v${after.version}-${docx.filename}`);
  await deps.files.put(fileKey, bytes, DOCX_CONTENT_TYPE);
  const attachment = { filename: docx.filename, contentType: DOCX_CONTENT_TYPE, fileKey };

  const mails: { mail: MailToQueue; recipient: IssuedMail['recipient']; departmentId: string | null }[] = [];
  const base = `notice#${dialogueId}#v${after.version}`;
  for (const department of notice.departments) {
    if (department.emails.length === 0) continue;
    mails.push({
      recipient: 'department',
      departmentId: department.id,
      mail: {
        unitId,
        id: `${base}#dep#${department.id}`,
        kind: 'conclusion-notice',
        about: { dialogueId, departmentId: department.id },
        to: plan.departments.find((d) => d.id === department.id)?.emails ?? [],
        ...departmentNoticeMail(notice, department, unitName, (id) => link(deps, id)),
        attachments: [attachment],
      },
    });
  }
  if (plan.front.length > 0)
    mails.push({
      recipient: 'front',
      departmentId: null,
      mail: {
        unitId,
        id: `${base}#front`,
        kind: 'conclusion-notice',
        about: { dialogueId, recipient: 'front' },
        to: plan.front,
        ...frontNoticeMail(notice, unitName),
        attachments: [attachment],
      },
    });

  const lease = newLease(now);
  const entries: TxEntry[] = mails.map(({ mail }) => enqueueMail(deps.table, mail, now, { lease }));
  await deps.dialogues.save(unitId, before, after, actor, now, 'conclusion_notice_issued', entries);

  const issued: IssuedMail[] = [];
  for (const { mail, recipient, departmentId } of mails) {
    const result = await sendHeldMail(
      deps,
      {
        unitId,
        id: mail.id,
        kind: mail.kind,
        about: mail.about ?? {},
        message: {
          to: mail.to,
          cc: [],
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: mail.attachments ?? [],
        },
        attempts: 0,
      },
      lease.id,
    ).catch(() => ({ ok: false }));
    issued.push({ id: mail.id, to: mail.to, recipient, departmentId, sent: result.ok === true });
  }
  return {
    dialogue: after,
    document: { filename: docx.filename, size: bytes.length },
    mails: issued,
    notMailed: plan.notMailed,
  };
}
