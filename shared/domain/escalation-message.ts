/** The e-mail of a reminder or an escalation, in Vietnamese: subject, HTML and plain text. */
import { levelAudience, REMINDER } from './escalation-policy.js';
import type { IsoDate, Recommendation } from './model.js';

export interface EscalationNotice {
  level: number;
  unitName: string;
  item: Pick<Recommendation, 'id' | 'ref' | 'content'> & { dueDate: IsoDate };
  departmentName: string | null;
  /** Working days from the due date to today: > 0 late, ≤ 0 for a reminder (days left, negated). */
  workingDaysLate: number;
  publicBaseUrl: string;
}

export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'. */
export function vietnameseDate(date: IsoDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export function itemLink(publicBaseUrl: string, id: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/items/${encodeURIComponent(id)}`;
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch,
  );
}

function lateness(notice: EscalationNotice): string {
  if (notice.level !== REMINDER) return `Đã quá hạn ${notice.workingDaysLate} ngày làm việc`;
  const left = -notice.workingDaysLate;
  return left > 0 ? `Còn ${left} ngày làm việc đến hạn` : 'Đến hạn xử lý hôm nay';
}

export function escalationMessage(notice: EscalationNotice): RenderedMessage {
  const { item, level } = notice;
  const due = vietnameseDate(item.dueDate);
  const link = itemLink(notice.publicBaseUrl, item.id);
  const department = notice.departmentName ?? 'Chưa giao đơn vị chủ trì';
  const status = lateness(notice);
  const subject =
    level === REMINDER
      ? `[Nhắc hạn] Kiến nghị ${item.ref} đến hạn xử lý ngày ${due}`
      : `[Quá hạn - cấp ${level}] Kiến nghị ${item.ref} quá hạn ${notice.workingDaysLate} ngày làm việc`;
  const intro =
    level === REMINDER
      ? `Kiến nghị dưới đây sắp đến hạn xử lý. Đề nghị đơn vị chủ trì trả lời bằng văn bản và cập nhật kết quả trước hạn.`
      : `Kiến nghị dưới đây đã quá hạn xử lý và được chuyển cấp ${level}, gửi ${levelAudience(level)}. Đề nghị chỉ đạo giải quyết dứt điểm và cập nhật kết quả.`;
  const rows: [string, string][] = [
    ['Số hiệu', item.ref],
    ['Nội dung', item.content],
    ['Đơn vị chủ trì', department],
    ['Hạn xử lý', due],
    ['Tình trạng', status],
  ];
  const text = [
    notice.unitName,
    '',
    intro,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    `Xem và cập nhật: ${link}`,
    '',
    'Thư này được gửi tự động từ hệ thống theo dõi kiến nghị; vui lòng không trả lời thư này.',
  ].join('\n');
  const html = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 15px; color: #1a1a1a; max-width: 640px; margin: 0 auto; padding: 12px;">
<p style="font-weight: bold;">${escapeHtml(notice.unitName)}</p>
<p>${escapeHtml(intro)}</p>
<table style="border-collapse: collapse; width: 100%;">
${rows
  .map(
    ([k, v]) =>
      `<tr><th style="text-align: left; vertical-align: top; padding: 6px; border-bottom: 1px solid #ddd; width: 35%;">${escapeHtml(k)}</th><td style="padding: 6px; border-bottom: 1px solid #ddd; white-space: pre-wrap;">${escapeHtml(v)}</td></tr>`,
  )
  .join('\n')}
</table>
<p><a href="${escapeHtml(link)}" style="display: inline-block; padding: 10px 16px; background: #b71c1c; color: #fff; text-decoration: none; border-radius: 4px;">Xem kiến nghị ${escapeHtml(item.ref)}</a></p>
<p style="font-size: 12px; color: #666;">Thư này được gửi tự động từ hệ thống theo dõi kiến nghị; vui lòng không trả lời thư này.</p>
</body></html>`;
  return { subject, html, text };
}
