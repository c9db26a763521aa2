/**
 * Báo cáo kết quả giải quyết kiến nghị: every recommendation of a dialogue with its status, answer,
 * document reference and dates, on time or late, and a summary — for the Front, the People's Council
 * and the public. Same administrative layout as the conclusion notice.
 */
import { isOverdue } from '../lifecycle.js';
import type { Department, Dialogue, IsoDate, Recommendation } from '../model.js';
import { DISPOSITION_LABELS, STATUS_LABELS } from '../reports/quarterly-summary.js';
import { type AdminHeader, adminHeader, type SignatureBlock, shortDate, upper } from './admin-document.js';

export const REPORT_SYMBOL = 'BC-UBND';

/** For items given to a department: answered by the due date, after it, past it without answer, or not yet due. */
export type Timeliness = 'on_time' | 'late' | 'overdue' | 'in_progress';

export const TIMELINESS_LABELS: Record<Timeliness, string> = {
  on_time: 'Đúng hạn',
  late: 'Trễ hạn',
  overdue: 'Quá hạn, chưa trả lời',
  in_progress: 'Đang giải quyết, chưa đến hạn',
};

export interface ResultsRow {
  id: string;
  ref: string;
  content: string;
  disposition: string;
  status: string;
  department: string | null;
  dueDate: IsoDate | null;
  answer: string | null;
  documentRef: string | null;
  answeredOn: IsoDate | null;
  timeliness: Timeliness | null;
  /** Public reason of a decline or of the last reopen. */
  reason: string | null;
}

export interface ResultsSummary {
  total: number;
  answeredAtDialogue: number;
  assigned: number;
  forwarded: number;
  declined: number;
  unclassified: number;
  /** Items closed: answered at the dialogue, resolved, confirmed, declined, forwarded with an answer. */
  settled: number;
  onTime: number;
  late: number;
  overdue: number;
  inProgress: number;
}

export interface ResultsReport {
  kind: 'results-report';
  header: AdminHeader;
  title: string;
  subject: string;
  dialogue: { id: string; title: string; heldOn: IsoDate; location: string };
  today: IsoDate;
  conclusionNotice: { number: string; date: IsoDate | null } | null;
  rows: ResultsRow[];
  summary: ResultsSummary;
  recipients: string[];
  signer: SignatureBlock;
}

export function timelinessOf(rec: Recommendation, today: IsoDate): Timeliness | null {
  if (rec.disposition !== 'assigned' || !rec.dueDate) return null;
  if ((rec.status === 'resolved' || rec.status === 'confirmed') && rec.resolvedOn)
    return rec.resolvedOn <= rec.dueDate ? 'on_time' : 'late';
  return isOverdue(rec, today) ? 'overdue' : 'in_progress';
}

const SETTLED = new Set(['answered_at_dialogue', 'resolved', 'confirmed', 'declined']);

export function buildResultsReport(input: {
  unit: { name: string };
  dialogue: Dialogue;
  items: Recommendation[];
  departments: Department[];
  today: IsoDate;
}): ResultsReport {
  const { unit, dialogue, today } = input;
  const names = new Map(input.departments.map((d) => [d.id, d.name]));
  const items = [...input.items].sort((a, b) => a.ref.localeCompare(b.ref));
  const rows: ResultsRow[] = items.map((r) => ({
    id: r.id,
    ref: r.ref,
    content: r.content,
    disposition: DISPOSITION_LABELS[r.disposition ?? 'none'] ?? String(r.disposition),
    status: STATUS_LABELS[r.status] ?? r.status,
    department: r.departmentId ? (names.get(r.departmentId) ?? r.departmentId) : null,
    dueDate: r.dueDate,
    answer: r.answer?.text ?? null,
    documentRef: r.answer?.documentRef ?? null,
    answeredOn: r.answer?.date ?? null,
    timeliness: timelinessOf(r, today),
    reason: r.status === 'declined' || r.reopenCount > 0 ? r.reason : null,
  }));
  const count = (f: (r: Recommendation) => boolean) => items.filter(f).length;
  const timely = (t: Timeliness) => rows.filter((r) => r.timeliness === t).length;
  return {
    kind: 'results-report',
    header: adminHeader(unit.name, null, REPORT_SYMBOL, today, today.slice(0, 4)),
    title: 'BÁO CÁO',
    subject: `Kết quả giải quyết kiến nghị của Nhân dân tại ${dialogue.title} ngày ${shortDate(dialogue.heldOn)}`,
    dialogue: {
      id: dialogue.id,
      title: dialogue.title,
      heldOn: dialogue.heldOn,
      location: dialogue.location,
    },
    today,
    conclusionNotice: dialogue.conclusionNoticeNumber
      ? { number: dialogue.conclusionNoticeNumber, date: dialogue.conclusionNoticeDate }
      : null,
    rows,
    summary: {
      total: items.length,
      answeredAtDialogue: count((r) => r.disposition === 'answered_at_dialogue'),
      assigned: count((r) => r.disposition === 'assigned'),
      forwarded: count((r) => r.disposition === 'forwarded'),
      declined: count((r) => r.disposition === 'declined'),
      unclassified: count((r) => r.disposition === null),
      settled: count((r) => SETTLED.has(r.status) || (r.status === 'forwarded' && r.answer !== null)),
      onTime: timely('on_time'),
      late: timely('late'),
      overdue: timely('overdue'),
      inProgress: timely('in_progress'),
    },
    recipients: [
      'Thường trực Đảng ủy (để báo cáo);',
      `Thường trực HĐND ${unit.name};`,
      `Ủy ban MTTQ Việt Nam ${unit.name};`,
      'Lưu: VT.',
    ],
    signer: {
      authority: `TM. ${upper('Ủy ban nhân dân')}`,
      title: 'CHỦ TỊCH',
      name: dialogue.noticeText?.signerName ?? null,
    },
  };
}

/** The summary as the report's sentences. */
export function summarySentences(report: ResultsReport): string[] {
  const s = report.summary;
  const notice = report.conclusionNotice
    ? ` theo Thông báo kết luận số ${report.conclusionNotice.number}${report.conclusionNotice.date ? ` ngày ${shortDate(report.conclusionNotice.date)}` : ''}`
    : '';
  return [
    `${report.dialogue.title} tổ chức ngày ${shortDate(report.dialogue.heldOn)} tại ${report.dialogue.location} đã tiếp nhận ${s.total} ý kiến, kiến nghị của Nhân dân.`,
    `Trả lời trực tiếp tại hội nghị: ${s.answeredAtDialogue}; giao cơ quan, đơn vị giải quyết${notice}: ${s.assigned}; chuyển cấp có thẩm quyền: ${s.forwarded}; không trả lời (có nêu lý do): ${s.declined}${s.unclassified ? `; chưa phân loại: ${s.unclassified}` : ''}.`,
    `Đến ngày ${shortDate(report.today)}, đã giải quyết xong ${s.settled}/${s.total} kiến nghị. Trong số kiến nghị giao giải quyết: đúng hạn ${s.onTime}, trễ hạn ${s.late}, quá hạn chưa trả lời ${s.overdue}, đang giải quyết chưa đến hạn ${s.inProgress}.`,
  ];
}
