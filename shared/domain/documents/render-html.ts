/**
 * The HTML twins of the administrative documents: the same parts as the DOCX, in the layout of
 * Decree 30 (issuing body and motto side by side, which stack on a phone), inline styles only (the
 * pages embed them under a strict CSP that allows inline styles, and mail clients drop <style>).
 */
import { escapeHtml as e } from '../escape-html.js';
import {
  type AdminHeader,
  finalParagraph,
  MOTTO,
  NATION,
  roman,
  type SignatureBlock,
  shortDate,
} from './admin-document.js';
import type { ConclusionNotice, NoticeGroup, NoticeItem } from './conclusion-notice.js';
import { type ResultsReport, summarySentences, TIMELINESS_LABELS } from './results-report.js';

const S = {
  doc: "max-width:820px;margin:0 auto;padding:24px 16px;background:#fff;color:#111;font-family:'Times New Roman',Times,'Liberation Serif',serif;font-size:17px;line-height:1.45;overflow-wrap:break-word",
  headerRow: 'display:flex;flex-wrap:wrap;gap:12px 24px;justify-content:space-between;text-align:center',
  headerCol: (basis: number) => `flex:1 1 ${basis}px;min-width:0`,
  line: 'margin:0',
  bold: 'margin:0;font-weight:700',
  rule: (width: string) => `width:${width};margin:2px auto 6px;border:0;border-top:1px solid #111`,
  italic: 'margin:6px 0 0;font-style:italic',
  title: 'text-align:center;font-size:19px;font-weight:700;margin:28px 0 0',
  subject: 'text-align:center;font-weight:700;margin:2px 0 0',
  section: 'font-size:17px;font-weight:700;margin:18px 0 6px',
  para: 'margin:0 0 8px;text-indent:2em;text-align:justify',
  list: 'margin:0 0 8px;padding-left:1.6em',
  item: 'margin:0 0 6px',
  note: 'font-style:italic',
  scroller: 'overflow-x:auto;margin:0 0 10px',
  table: 'border-collapse:collapse;width:100%;min-width:600px;font-size:15px',
  th: 'border:1px solid #111;padding:4px 6px;text-align:center;vertical-align:middle;font-weight:700',
  td: 'border:1px solid #111;padding:4px 6px;vertical-align:top;text-align:left',
  tdCenter: 'border:1px solid #111;padding:4px 6px;vertical-align:top;text-align:center;white-space:nowrap',
  foot: 'display:flex;flex-wrap:wrap;gap:16px 24px;justify-content:space-between;margin-top:24px',
  recipients: 'flex:1 1 240px;font-size:14px;line-height:1.35',
  signature: 'flex:1 1 260px;text-align:center',
  warn: 'margin:0 0 12px;padding:8px 12px;border:1px solid #8a5a00;background:#fff7e0;color:#3d2a00',
} as const;

const h = (level: number, style: string, text: string) =>
  `<h${level} style="${style}">${e(text)}</h${level}>`;

function header(head: AdminHeader): string {
  return `<div style="${S.headerRow}">
<div style="${S.headerCol(220)}"><p style="${S.bold}">${e(head.authority)}</p><p style="${S.bold}">${e(head.unitName)}</p><hr style="${S.rule('40%')}"><p style="${S.line};white-space:pre-wrap">${e(head.numberLine)}</p></div>
<div style="${S.headerCol(320)}"><p style="${S.bold}">${e(NATION)}</p><p style="${S.bold}">${e(MOTTO)}</p><hr style="${S.rule('60%')}"><p style="${S.italic};white-space:pre-wrap">${e(head.placeDateLine)}</p></div>
</div>`;
}

function footer(recipients: string[], signer: SignatureBlock): string {
  return `<div style="${S.foot}">
<div style="${S.recipients}"><p style="${S.line};font-weight:700;font-style:italic">Nơi nhận:</p>${recipients
    .map((r) => `<p style="${S.line}">- ${e(r)}</p>`)
    .join('')}</div>
<div style="${S.signature}"><p style="${S.bold}">${e(signer.authority)}</p><p style="${S.bold}">${e(signer.title)}</p><p style="margin:64px 0 0;font-weight:700">${e(signer.name ?? '')}</p></div>
</div>`;
}

const refNote = (i: NoticeItem) =>
  ` <span style="${S.note}">(${e(i.ref)}${i.residentialGroup ? `, ${e(i.residentialGroup)}` : ''})</span>`;

function groupBody(group: NoticeGroup): string {
  if (group.kind === 'assigned') {
    const rows = group.items
      .map(
        (i, n) =>
          `<tr><td style="${S.tdCenter}">${n + 1}</td><td style="${S.td}">${e(i.content)}${refNote(i)}</td><td style="${S.td}">${e(i.department ?? '')}</td><td style="${S.td}">${e(i.cooperating.join('; '))}</td><td style="${S.tdCenter}">${e(shortDate(i.dueDate))}</td></tr>`,
      )
      .join('');
    return `<div style="${S.scroller}" role="region" aria-label="${e(group.heading)}" tabindex="0"><table style="${S.table}"><thead><tr><th scope="col" style="${S.th}">STT</th><th scope="col" style="${S.th}">Nội dung kiến nghị</th><th scope="col" style="${S.th}">Đơn vị chủ trì</th><th scope="col" style="${S.th}">Đơn vị phối hợp</th><th scope="col" style="${S.th}">Thời hạn</th></tr></thead><tbody>${rows}</tbody></table></div>`;
  }
  const detail = (i: NoticeItem): string => {
    if (group.kind === 'answered_at_dialogue') return i.answer ? `<br><em>Trả lời:</em> ${e(i.answer)}` : '';
    if (group.kind === 'declined') return i.reason ? `<br><em>Lý do:</em> ${e(i.reason)}` : '';
    return `<br><em>Chuyển:</em> cấp có thẩm quyền xem xét, giải quyết${i.reason ? ` (${e(i.reason)})` : ''}`;
  };
  return `<ol style="${S.list}">${group.items
    .map((i) => `<li style="${S.item}">${e(i.content)}${refNote(i)}${detail(i)}</li>`)
    .join('')}</ol>`;
}

/** The notice as an HTML fragment; `level` is the heading level of its title (1 alone, 2 inside a page). */
export function renderNoticeHtml(notice: ConclusionNotice, level = 1): string {
  const warn = notice.unclassified.length
    ? `<p style="${S.warn}" role="note">Còn ${notice.unclassified.length} kiến nghị chưa phân loại (${notice.unclassified.map((i) => e(i.ref)).join(', ')}): chưa thể ban hành thông báo.</p>`
    : '';
  const groups = notice.groups
    .map(
      (g, i) =>
        `${h(level + 1, S.section, `${roman(i + 1)}. ${g.heading.toLocaleUpperCase('vi')}`)}${groupBody(g)}`,
    )
    .join('\n');
  return `<article style="${S.doc}" lang="vi">
${warn}${header(notice.header)}
${h(level, S.title, notice.title)}
<p style="${S.subject}">${e(notice.subject)}</p>
<hr style="${S.rule('25%')}">
<p style="${S.para}">${e(notice.opening)}</p>
${groups}
<p style="${S.para}">${e(finalParagraph(notice.closing))}</p>
${footer(notice.recipients, notice.signer)}
</article>`;
}

export function renderResultsHtml(report: ResultsReport, level = 1): string {
  const rows = report.rows
    .map(
      (r, n) =>
        `<tr><td style="${S.tdCenter}">${n + 1}</td><td style="${S.td}">${e(r.content)} <span style="${S.note}">(${e(r.ref)})</span></td><td style="${S.td}">${e(r.disposition)}${r.department ? `<br>${e(r.department)}` : ''}</td><td style="${S.tdCenter}">${e(shortDate(r.dueDate))}</td><td style="${S.td}">${e(r.answer ?? r.reason ?? '')}${r.documentRef ? `<br><em>Văn bản số ${e(r.documentRef)}</em>` : ''}${r.answeredOn ? `<br><em>Ngày ${e(shortDate(r.answeredOn))}</em>` : ''}</td><td style="${S.td}">${e(r.status)}${r.timeliness ? `<br><strong>${e(TIMELINESS_LABELS[r.timeliness])}</strong>` : ''}</td></tr>`,
    )
    .join('');
  return `<article style="${S.doc}" lang="vi">
${header(report.header)}
${h(level, S.title, report.title)}
<p style="${S.subject}">${e(report.subject)}</p>
<hr style="${S.rule('25%')}">
${summarySentences(report)
  .map((s) => `<p style="${S.para}">${e(s)}</p>`)
  .join('\n')}
${h(level + 1, S.section, 'CHI TIẾT TỪNG KIẾN NGHỊ')}
<div style="${S.scroller}" role="region" aria-label="Chi tiết từng kiến nghị" tabindex="0"><table style="${S.table}"><thead><tr><th scope="col" style="${S.th}">STT</th><th scope="col" style="${S.th}">Nội dung kiến nghị</th><th scope="col" style="${S.th}">Hướng xử lý</th><th scope="col" style="${S.th}">Thời hạn</th><th scope="col" style="${S.th}">Kết quả trả lời</th><th scope="col" style="${S.th}">Tình trạng</th></tr></thead><tbody>${rows}</tbody></table></div>
${footer(report.recipients, report.signer)}
</article>`;
}

/** A whole HTML page around a document fragment (the API's `format=html`). */
export function standaloneHtml(title: string, fragment: string): string {
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title></head>
<body style="margin:0;background:#e9eaec">${fragment}</body></html>`;
}
