/**
 * The e-mail notices, rendered (HTML with inline styles, as the reports, and a text alternative):
 * a department's new items, a reopen, a due-date change, the Front's daily digest of answers to review.
 * Pure: the service gives the items, names and links.
 */

import { escapeHtml } from '../escape-html.js';
import type { IsoDate } from '../model.js';
import { documentOf, formatDate, itemCell, S, table, truncate } from '../reports/render-html.js';

export interface RenderedNotice {
  subject: string;
  html: string;
  text: string;
}

export interface NoticeItem {
  id: string;
  ref: string;
  content: string;
  dueDate: IsoDate | null;
  link: string;
}

/** Most items listed in one notice; the rest are counted, with a link to the full list. */
export const NOTICE_MAX_ITEMS = 100;

const link = (href: string, text: string) =>
  `<a href="${escapeHtml(href)}" style="${S.link}">${escapeHtml(text)}</a>`;

const p = (html: string) => `<p style="${S.p}">${html}</p>`;

function itemsTable(items: readonly NoticeItem[], details: (i: NoticeItem) => string[] = () => []): string {
  return table<NoticeItem>(
    [
      { header: 'Kiến nghị', cell: (i) => itemCell(i, details(i)) },
      { header: 'Hạn xử lý', numeric: true, cell: (i) => formatDate(i.dueDate) || '—' },
    ],
    items.slice(0, NOTICE_MAX_ITEMS),
  );
}

const more = (items: readonly unknown[], listLink: string) =>
  items.length > NOTICE_MAX_ITEMS
    ? p(`… và ${items.length - NOTICE_MAX_ITEMS} kiến nghị khác: ${link(listLink, 'xem đầy đủ danh sách')}.`)
    : '';

const textItems = (items: readonly NoticeItem[], extra: (i: NoticeItem) => string = () => '') =>
  items
    .slice(0, NOTICE_MAX_ITEMS)
    .map(
      (i) =>
        `  - ${i.ref}, hạn ${formatDate(i.dueDate) || 'chưa có'}${extra(i)}: ${truncate(i.content, 160)} <${i.link}>`,
    );

/** A department's new items of one request: those it leads, then those it cooperates on. */
export function assignmentNotice(input: {
  unitName: string;
  departmentName: string;
  lead: readonly NoticeItem[];
  cooperating: readonly (NoticeItem & { leadName: string })[];
  /** The department's list (all its items). */
  listLink: string;
}): RenderedNotice {
  const { lead, cooperating } = input;
  const parts = [
    lead.length ? `${lead.length} kiến nghị mới giao chủ trì` : '',
    cooperating.length ? `${cooperating.length} kiến nghị cần phối hợp` : '',
  ].filter(Boolean);
  const subject = `[${input.unitName}] ${parts.join(', ')} — ${input.departmentName}`;
  const html = documentOf(
    subject,
    [
      `<h1 style="${S.h1}">Kiến nghị mới giao cho đơn vị</h1>`,
      p(`<strong>${escapeHtml(input.departmentName)}</strong> — ${escapeHtml(input.unitName)}`),
      lead.length
        ? `<h2 style="${S.h2}">Đơn vị chủ trì giải quyết (${lead.length})</h2>` +
          p('Đề nghị đơn vị trả lời bằng văn bản trước hạn xử lý và cập nhật kết quả trên hệ thống.') +
          itemsTable(lead) +
          more(lead, input.listLink)
        : '',
      cooperating.length
        ? `<h2 style="${S.h2}">Đơn vị phối hợp (${cooperating.length})</h2>` +
          p('Đề nghị đơn vị phối hợp với đơn vị chủ trì và gửi ý kiến phối hợp trên hệ thống.') +
          itemsTable(cooperating, (i) => [
            `Chủ trì: ${escapeHtml((i as NoticeItem & { leadName: string }).leadName)}`,
          ]) +
          more(cooperating, input.listLink)
        : '',
      p(`Danh sách kiến nghị của đơn vị: ${link(input.listLink, input.listLink)}`),
    ].join(''),
  );
  const text = [
    `KIẾN NGHỊ MỚI GIAO CHO ĐƠN VỊ — ${input.departmentName.toUpperCase()}`,
    input.unitName,
    ...(lead.length ? ['', `Đơn vị chủ trì giải quyết (${lead.length}):`, ...textItems(lead)] : []),
    ...(lead.length > NOTICE_MAX_ITEMS ? [`  … và ${lead.length - NOTICE_MAX_ITEMS} kiến nghị khác`] : []),
    ...(cooperating.length
      ? [
          '',
          `Đơn vị phối hợp (${cooperating.length}):`,
          ...textItems(cooperating, (i) => `, chủ trì ${(i as NoticeItem & { leadName: string }).leadName}`),
        ]
      : []),
    ...(cooperating.length > NOTICE_MAX_ITEMS
      ? [`  … và ${cooperating.length - NOTICE_MAX_ITEMS} kiến nghị khác`]
      : []),
    '',
    `Danh sách kiến nghị của đơn vị: ${input.listLink}`,
  ].join('\n');
  return { subject, html, text };
}

/** The lead department is told at once that the Front reopened its item. */
export function reopenedNotice(input: {
  unitName: string;
  departmentName: string;
  item: NoticeItem;
  reason: string | null;
}): RenderedNotice {
  const { item } = input;
  const subject = `[${input.unitName}] Kiến nghị ${item.ref} bị MTTQ mở lại, hạn mới ${formatDate(item.dueDate)}`;
  const html = documentOf(
    subject,
    [
      `<h1 style="${S.h1}">Kiến nghị bị mở lại</h1>`,
      p(`<strong>${escapeHtml(input.departmentName)}</strong> — ${escapeHtml(input.unitName)}`),
      p(
        `Ủy ban MTTQ chưa đồng ý với câu trả lời và đã mở lại kiến nghị ${link(item.link, item.ref)}. Đề nghị đơn vị giải quyết và trả lời lại trước ngày <strong>${formatDate(item.dueDate)}</strong>.`,
      ),
      input.reason ? p(`Lý do: ${escapeHtml(input.reason)}`) : '',
      itemsTable([item]),
    ].join(''),
  );
  const text = [
    `KIẾN NGHỊ BỊ MỞ LẠI — ${input.departmentName}`,
    input.unitName,
    '',
    `Ủy ban MTTQ đã mở lại kiến nghị ${item.ref}; hạn mới ${formatDate(item.dueDate)}.`,
    ...(input.reason ? [`Lý do: ${input.reason}`] : []),
    '',
    ...textItems([item]),
  ].join('\n');
  return { subject, html, text };
}

/** The lead department is told at once that its item's due date changed. */
export function dueDateChangedNotice(input: {
  unitName: string;
  departmentName: string;
  item: NoticeItem;
  previousDueDate: IsoDate | null;
  reason: string | null;
}): RenderedNotice {
  const { item } = input;
  const from = formatDate(input.previousDueDate) || 'chưa có';
  const subject = `[${input.unitName}] Kiến nghị ${item.ref} đổi hạn xử lý: ${from} → ${formatDate(item.dueDate)}`;
  const html = documentOf(
    subject,
    [
      `<h1 style="${S.h1}">Hạn xử lý đã thay đổi</h1>`,
      p(`<strong>${escapeHtml(input.departmentName)}</strong> — ${escapeHtml(input.unitName)}`),
      p(
        `Hạn xử lý của kiến nghị ${link(item.link, item.ref)} đổi từ ${from} sang <strong>${formatDate(item.dueDate)}</strong>.`,
      ),
      input.reason ? p(`Lý do: ${escapeHtml(input.reason)}`) : '',
      itemsTable([item]),
    ].join(''),
  );
  const text = [
    `HẠN XỬ LÝ ĐÃ THAY ĐỔI — ${input.departmentName}`,
    input.unitName,
    '',
    `Kiến nghị ${item.ref}: hạn xử lý đổi từ ${from} sang ${formatDate(item.dueDate)}.`,
    ...(input.reason ? [`Lý do: ${input.reason}`] : []),
    '',
    ...textItems([item]),
  ].join('\n');
  return { subject, html, text };
}

export interface DigestItem extends NoticeItem {
  departmentName: string;
  resolvedOn: IsoDate | null;
  answer: string | null;
  /** Answered after the due date it is judged against. */
  late: boolean;
}

/** The Front's digest of one working day: answers given since the last digest, awaiting its review. */
export function reviewDigestNotice(input: {
  unitName: string;
  date: IsoDate;
  items: readonly DigestItem[];
  reviewLink: string;
}): RenderedNotice {
  const { items } = input;
  const subject = `[${input.unitName}] ${items.length} kiến nghị đã có trả lời, chờ MTTQ xem xét — ngày ${formatDate(input.date)}`;
  const html = documentOf(
    subject,
    [
      `<h1 style="${S.h1}">Trả lời mới chờ MTTQ xem xét</h1>`,
      p(`<strong>${escapeHtml(input.unitName)}</strong> — ngày ${formatDate(input.date)}`),
      p(
        `Các đơn vị đã trả lời ${items.length} kiến nghị kể từ thư trước. Đề nghị Ủy ban MTTQ xem xét, xác nhận hoặc mở lại (nêu lý do): ${link(input.reviewLink, 'trang xem xét')}.`,
      ),
      table<DigestItem>(
        [
          {
            header: 'Kiến nghị',
            cell: (i) =>
              itemCell(i, [
                escapeHtml(i.departmentName),
                i.answer ? `Trả lời: ${escapeHtml(truncate(i.answer, 200))}` : '',
              ]),
          },
          {
            header: 'Ngày trả lời',
            numeric: true,
            cell: (i) =>
              formatDate(i.resolvedOn) + (i.late ? `<br><span style="${S.late}">trễ hạn</span>` : ''),
          },
        ],
        items.slice(0, NOTICE_MAX_ITEMS),
      ),
      more(items, input.reviewLink),
    ].join(''),
  );
  const text = [
    `TRẢ LỜI MỚI CHỜ MTTQ XEM XÉT — ${input.unitName}, ngày ${formatDate(input.date)}`,
    '',
    ...items
      .slice(0, NOTICE_MAX_ITEMS)
      .map(
        (i) =>
          `  - ${i.ref} (${i.departmentName}), trả lời ngày ${formatDate(i.resolvedOn)}${i.late ? ', trễ hạn' : ''}: ${truncate(i.content, 160)} <${i.link}>`,
      ),
    ...(items.length > NOTICE_MAX_ITEMS ? [`  … và ${items.length - NOTICE_MAX_ITEMS} kiến nghị khác`] : []),
    '',
    `Xem xét: ${input.reviewLink}`,
  ].join('\n');
  return { subject, html, text };
}
