/**
 * The e-mails of an issued conclusion notice: each department named in it gets its own items (lead and
 * cooperating) in the body, the Front's recipients the whole notice; the DOCX is attached to both.
 */
import { escapeHtml as e } from '../escape-html.js';
import { shortDate } from './admin-document.js';
import type { ConclusionNotice, NoticeDepartment, NoticeItem } from './conclusion-notice.js';
import { renderNoticeHtml } from './render-html.js';

export interface NoticeMailContent {
  subject: string;
  html: string;
  text: string;
}

const FONT =
  "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;color:#1f2933;font-size:15px;line-height:1.5";
const TD = 'border:1px solid #c9ced6;padding:6px;vertical-align:top;text-align:left';

const heading = (notice: ConclusionNotice) =>
  `Thông báo kết luận số ${notice.number ?? ''} ngày ${shortDate(notice.date)}`;

function itemsTable(items: NoticeItem[], link: (id: string) => string): string {
  const rows = items
    .map(
      (i) =>
        `<tr><td style="${TD};white-space:nowrap"><a href="${e(link(i.id))}">${e(i.ref)}</a></td><td style="${TD}">${e(i.content)}</td><td style="${TD}">${e(i.department ?? '')}${i.cooperating.length ? `<br><small>Phối hợp: ${e(i.cooperating.join('; '))}</small>` : ''}</td><td style="${TD};white-space:nowrap">${e(shortDate(i.dueDate))}</td></tr>`,
    )
    .join('');
  return `<table style="border-collapse:collapse;width:100%;margin:8px 0 16px"><thead><tr><th style="${TD}">Số hiệu</th><th style="${TD}">Nội dung kiến nghị</th><th style="${TD}">Chủ trì</th><th style="${TD}">Thời hạn</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const itemLines = (items: NoticeItem[], link: (id: string) => string) =>
  items.map((i) => `- ${i.ref}: ${i.content} — hạn ${shortDate(i.dueDate)}\n  ${link(i.id)}`).join('\n');

export function departmentNoticeMail(
  notice: ConclusionNotice,
  department: NoticeDepartment,
  unitName: string,
  link: (id: string) => string,
): NoticeMailContent {
  const lead = department.lead;
  const coop = department.cooperating;
  const counts = [lead.length ? `chủ trì ${lead.length}` : '', coop.length ? `phối hợp ${coop.length}` : '']
    .filter(Boolean)
    .join(', ');
  const intro = `Ủy ban nhân dân ${unitName} ban hành ${heading(notice)} (đính kèm): ${notice.subject}. ${department.name} được giao ${counts} kiến nghị dưới đây.`;
  const ask =
    'Đề nghị đơn vị giải quyết, trả lời bằng văn bản trước thời hạn và cập nhật kết quả, đính kèm văn bản trả lời trên hệ thống theo các đường dẫn trên.';
  return {
    subject: `${heading(notice)}: ${department.name} được giao ${lead.length + coop.length} kiến nghị`,
    html: `<div style="${FONT}"><p>Kính gửi: <strong>${e(department.name)}</strong></p><p>${e(intro)}</p>${
      lead.length
        ? `<h2 style="font-size:17px;margin:16px 0 4px">Chủ trì giải quyết (${lead.length})</h2>${itemsTable(lead, link)}`
        : ''
    }${
      coop.length
        ? `<h2 style="font-size:17px;margin:16px 0 4px">Phối hợp giải quyết (${coop.length})</h2>${itemsTable(coop, link)}`
        : ''
    }<p>${e(ask)}</p></div>`,
    text: [
      `Kính gửi: ${department.name}`,
      '',
      intro,
      ...(lead.length ? ['', `CHỦ TRÌ GIẢI QUYẾT (${lead.length}):`, itemLines(lead, link)] : []),
      ...(coop.length ? ['', `PHỐI HỢP GIẢI QUYẾT (${coop.length}):`, itemLines(coop, link)] : []),
      '',
      ask,
    ].join('\n'),
  };
}

export function frontNoticeMail(notice: ConclusionNotice, unitName: string): NoticeMailContent {
  const intro = `Ủy ban nhân dân ${unitName} gửi Ủy ban Mặt trận Tổ quốc Việt Nam ${unitName} ${heading(notice)} (đính kèm, toàn văn dưới đây) để giám sát việc thực hiện.`;
  const groups = notice.groups.map((g) => `${g.heading}: ${g.items.length}`).join('; ');
  return {
    subject: `${heading(notice)}: ${notice.subject}`,
    html: `<div style="${FONT}"><p>${e(intro)}</p></div>${renderNoticeHtml(notice)}`,
    text: [
      intro,
      '',
      notice.subject,
      '',
      `${notice.dialogue.total} kiến nghị. ${groups}.`,
      '',
      'Toàn văn: tệp đính kèm.',
    ].join('\n'),
  };
}
