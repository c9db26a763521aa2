/** Vietnamese labels and date formats of the web pages. */
import { isIsoDate } from '../domain/calendar/index.js';
import type { DialogueStatus, Disposition, IsoDate, Role, Source, Status } from '../domain/model.js';

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function formatDate(date: IsoDate | null | undefined): string {
  if (!date) return '';
  const [y, m, d] = date.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** An instant → 'dd/mm/yyyy HH:mm' in Vietnam (UTC+7, no daylight saving time). */
export function formatDateTime(instant: string): string {
  const t = new Date(instant).getTime();
  if (Number.isNaN(t)) return instant;
  const v = new Date(t + 7 * 3600_000).toISOString();
  return `${formatDate(v.slice(0, 10))} ${v.slice(11, 16)}`;
}

/** What a person types: dd/mm/yyyy (also d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy) or yyyy-mm-dd. Null if not a real date. */
export function parseDateInput(text: string): IsoDate | null {
  const s = text.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (dmy) iso = `${dmy[3]}-${dmy[2]?.padStart(2, '0')}-${dmy[1]?.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
  return iso && isIsoDate(iso) ? iso : null;
}

export const STATUS_LABEL: Record<Status, string> = {
  received: 'Chờ phân loại',
  assigned: 'Đang giải quyết',
  resolved: 'Đã trả lời, chờ xem xét',
  confirmed: 'Đã giải quyết xong',
  answered_at_dialogue: 'Đã trả lời tại hội nghị',
  forwarded: 'Đã chuyển cấp trên',
  declined: 'Không trả lời (có lý do)',
};

export const DISPOSITION_LABEL: Record<Disposition, string> = {
  assigned: 'Giao đơn vị giải quyết',
  answered_at_dialogue: 'Trả lời tại hội nghị',
  forwarded: 'Chuyển cấp trên',
  declined: 'Không trả lời (nêu lý do)',
};

export const SOURCE_LABEL: Record<Source, string> = {
  at_dialogue: 'Trực tiếp tại hội nghị',
  pre_collected: 'Tổng hợp trước hội nghị',
};

export const DIALOGUE_STATUS_LABEL: Record<DialogueStatus, string> = {
  planned: 'Sắp tổ chức',
  held: 'Đã tổ chức',
  concluded: 'Đã có thông báo kết luận',
};

export const ROLE_LABEL: Record<Role, string> = {
  system: 'Quản trị hệ thống',
  admin: 'Quản trị',
  office: 'Văn phòng',
  front: 'Ủy ban MTTQ',
  standing: 'Ban Thường vụ',
  department: 'Đơn vị, phòng ban',
};

export const ACTION_LABEL: Record<string, string> = {
  created: 'Tiếp nhận kiến nghị',
  updated: 'Cập nhật',
  assigned: 'Giao đơn vị giải quyết',
  reassigned: 'Giao lại cho đơn vị khác',
  due_date_changed: 'Đổi hạn xử lý',
  answered_at_dialogue: 'Trả lời tại hội nghị',
  forwarded: 'Chuyển cấp trên',
  forward_answer_recorded: 'Ghi nhận trả lời của cấp trên',
  declined: 'Không trả lời (có lý do)',
  resolved: 'Đơn vị trả lời, đánh dấu đã giải quyết',
  confirmed: 'Mặt trận xác nhận đã giải quyết',
  reopened: 'Mặt trận mở lại',
  escalated: 'Nhắc nhở, đôn đốc',
  attachment_added: 'Đính kèm tệp',
  attachment_removed: 'Gỡ tệp đính kèm',
  attachment_published: 'Công khai tệp cùng trả lời',
  attachment_unpublished: 'Thôi công khai tệp',
  conclusion_notice_text_edited: 'Sửa nội dung thông báo kết luận',
  conclusion_notice_issued: 'Ban hành thông báo kết luận',
  reminded: 'Nhắc hạn',
  escalation_scheduled: 'Lên lịch nhắc hạn, đôn đốc',
  repeat_linked: 'Liên kết kiến nghị lặp lại',
  cooperation_note_added: 'Ý kiến phối hợp',
};

/** Fields worth showing in a history entry, with their Vietnamese names. */
export const FIELD_LABEL: Record<string, string> = {
  status: 'Trạng thái',
  disposition: 'Hướng xử lý',
  departmentId: 'Đơn vị chủ trì',
  cooperatingDepartmentIds: 'Đơn vị phối hợp',
  dueDate: 'Hạn xử lý',
  answer: 'Trả lời',
  reason: 'Lý do',
  content: 'Nội dung',
  residentialGroup: 'Khu phố',
  field: 'Lĩnh vực',
  raisedBy: 'Người kiến nghị',
  reopenCount: 'Số lần mở lại',
  escalationLevel: 'Mức đôn đốc',
  repeatOf: 'Lặp lại kiến nghị',
};

/** Domain messages name statuses by code ("(hiện: assigned)"); people read the Vietnamese label. */
export function humanizeMessage(message: string): string {
  return message.replace(
    /"?\b(received|assigned|resolved|confirmed|answered_at_dialogue|forwarded|declined)\b"?/g,
    (_m, s: Status) => `«${STATUS_LABEL[s]}»`,
  );
}

/** "3 ngày làm việc" */
export function workingDays(n: number): string {
  return `${n} ngày làm việc`;
}
