/**
 * Thông báo kết luận: what the chair concluded at a dialogue, built from its recommendations and
 * grouped by disposition (answered at the dialogue, given to departments, forwarded, not answered).
 * The office may replace the opening and closing paragraphs and name the signer before issuing.
 */
import type { Department, Dialogue, Disposition, IsoDate, NoticeText, Recommendation } from '../model.js';
import {
  type AdminHeader,
  adminHeader,
  type SignatureBlock,
  shortDate,
  upper,
  vietnameseDate,
  withSymbol,
} from './admin-document.js';

export const NOTICE_SYMBOL = 'TB-UBND';

export type { NoticeText };

export interface NoticeItem {
  id: string;
  ref: string;
  content: string;
  residentialGroup: string | null;
  /** Answer given at the dialogue. */
  answer: string | null;
  departmentId: string | null;
  department: string | null;
  cooperating: string[];
  dueDate: IsoDate | null;
  /** Public reason of a decline; note of a forward. */
  reason: string | null;
}

export type NoticeGroupKind = Disposition;

export interface NoticeGroup {
  kind: NoticeGroupKind;
  heading: string;
  items: NoticeItem[];
}

/** One department named in the notice, with the items it leads or cooperates on (its e-mail). */
export interface NoticeDepartment {
  id: string;
  name: string;
  emails: string[];
  lead: NoticeItem[];
  cooperating: NoticeItem[];
}

export interface ConclusionNotice {
  kind: 'conclusion-notice';
  header: AdminHeader;
  title: string;
  subject: string;
  dialogue: {
    id: string;
    title: string;
    heldOn: IsoDate;
    location: string;
    chairs: string[];
    total: number;
  };
  opening: string;
  /** Non-empty groups in the order of the notice. */
  groups: NoticeGroup[];
  /** Items not classified yet: the notice cannot be issued while there are any. */
  unclassified: NoticeItem[];
  closing: string;
  recipients: string[];
  signer: SignatureBlock;
  departments: NoticeDepartment[];
  /** Number with symbol and date once issued. */
  number: string | null;
  date: IsoDate | null;
  issued: boolean;
}

const GROUP_ORDER: { kind: NoticeGroupKind; heading: string }[] = [
  { kind: 'answered_at_dialogue', heading: 'Các kiến nghị đã được trả lời trực tiếp tại hội nghị' },
  { kind: 'assigned', heading: 'Các kiến nghị giao cơ quan, đơn vị giải quyết' },
  { kind: 'forwarded', heading: 'Các kiến nghị chuyển cấp có thẩm quyền xem xét, giải quyết' },
  { kind: 'declined', heading: 'Các kiến nghị không trả lời (có nêu lý do)' },
];

export function defaultOpening(unitName: string, dialogue: Dialogue, total: number): string {
  const chairs = dialogue.chairs.length ? `, do ${dialogue.chairs.join(', ')} chủ trì` : '';
  return (
    `${capitalize(vietnameseDate(dialogue.heldOn))}, tại ${dialogue.location}, Ủy ban nhân dân ${unitName} ` +
    `tổ chức ${dialogue.title}${chairs}. Hội nghị đã tiếp nhận ${total} ý kiến, kiến nghị của Nhân dân. ` +
    `Sau khi nghe ý kiến của các cơ quan, đơn vị, Chủ tịch Ủy ban nhân dân ${unitName} kết luận như sau:`
  );
}

export function defaultClosing(unitName: string): string {
  return (
    'Đề nghị các cơ quan, đơn vị được giao chủ trì khẩn trương giải quyết các kiến nghị trên đúng thời hạn, ' +
    `trả lời bằng văn bản cho công dân và báo cáo kết quả về Ủy ban nhân dân ${unitName} (qua Văn phòng) để ` +
    `tổng hợp; đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam ${unitName} giám sát việc thực hiện.`
  );
}

export function noticeSubject(unitName: string, dialogue: Pick<Dialogue, 'title' | 'heldOn'>): string {
  return `Kết luận của Chủ tịch Ủy ban nhân dân ${unitName} tại ${dialogue.title} ngày ${shortDate(dialogue.heldOn)}`;
}

const capitalize = (s: string) => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

export interface NoticeInput {
  unit: { name: string };
  dialogue: Dialogue;
  items: Recommendation[];
  departments: Department[];
  /** The date the notice is dated (before issuing: none, the line keeps blanks). */
  today: IsoDate;
}

export function buildConclusionNotice(input: NoticeInput): ConclusionNotice {
  const { unit, dialogue } = input;
  const byId = new Map(input.departments.map((d) => [d.id, d]));
  const name = (id: string | null) => (id ? (byId.get(id)?.name ?? id) : null);
  const items = [...input.items].sort((a, b) => a.ref.localeCompare(b.ref));
  const toItem = (r: Recommendation): NoticeItem => ({
    id: r.id,
    ref: r.ref,
    content: r.content,
    residentialGroup: r.residentialGroup,
    answer: r.disposition === 'answered_at_dialogue' ? (r.answer?.text ?? null) : null,
    departmentId: r.disposition === 'assigned' ? r.departmentId : null,
    department: r.disposition === 'assigned' ? name(r.departmentId) : null,
    cooperating: r.disposition === 'assigned' ? r.cooperatingDepartmentIds.map((id) => name(id) ?? id) : [],
    dueDate: r.disposition === 'assigned' ? r.dueDate : null,
    reason: r.disposition === 'declined' || r.disposition === 'forwarded' ? r.reason : null,
  });
  const groups = GROUP_ORDER.map(({ kind, heading }) => ({
    kind,
    heading,
    items: items.filter((r) => r.disposition === kind).map(toItem),
  })).filter((g) => g.items.length > 0);

  // Departments in the order they first appear in the notice.
  const departments = new Map<string, NoticeDepartment>();
  const entry = (id: string) => {
    let d = departments.get(id);
    if (!d) {
      const dep = byId.get(id);
      d = { id, name: dep?.name ?? id, emails: dep?.emails ?? [], lead: [], cooperating: [] };
      departments.set(id, d);
    }
    return d;
  };
  for (const r of items) {
    if (r.disposition !== 'assigned') continue;
    const item = toItem(r);
    if (r.departmentId) entry(r.departmentId).lead.push(item);
    for (const id of r.cooperatingDepartmentIds) entry(id).cooperating.push(item);
  }

  const text: NoticeText | null = dialogue.noticeText ?? null;
  const number = dialogue.conclusionNoticeNumber
    ? withSymbol(dialogue.conclusionNoticeNumber, NOTICE_SYMBOL)
    : null;
  const date = dialogue.conclusionNoticeDate;
  return {
    kind: 'conclusion-notice',
    header: adminHeader(unit.name, number, NOTICE_SYMBOL, date, (date ?? input.today).slice(0, 4)),
    title: 'THÔNG BÁO',
    subject: noticeSubject(unit.name, dialogue),
    dialogue: {
      id: dialogue.id,
      title: dialogue.title,
      heldOn: dialogue.heldOn,
      location: dialogue.location,
      chairs: dialogue.chairs,
      total: items.length,
    },
    opening: text?.opening || defaultOpening(unit.name, dialogue, items.length),
    groups,
    unclassified: items.filter((r) => r.disposition === null).map(toItem),
    closing: text?.closing || defaultClosing(unit.name),
    recipients: [
      'Thường trực Đảng ủy (để báo cáo);',
      `Ủy ban MTTQ Việt Nam ${unit.name} (để giám sát);`,
      ...[...departments.values()].map((d) => `${d.name} (để thực hiện);`),
      'Lưu: VT.',
    ],
    signer: {
      authority: `TM. ${upper('Ủy ban nhân dân')}`,
      title: 'CHỦ TỊCH',
      name: text?.signerName ?? null,
    },
    departments: [...departments.values()],
    number,
    date,
    issued: dialogue.status === 'concluded' && number !== null && date !== null,
  };
}
