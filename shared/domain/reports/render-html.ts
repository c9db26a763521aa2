/**
 * HTML of both reports, shared by the email body and the web page: Vietnamese, simple tables with
 * inline styles (mail clients drop <style> blocks), readable on a phone, dates dd/mm/yyyy, and bar
 * charts as inline SVG (clients that drop SVG still show the same figures in the tables).
 */

import { escapeHtml } from '../escape-html.js';
import type { IsoDate } from '../model.js';
import {
  type CountRow,
  DISPOSITION_LABELS,
  type QuarterlySummary,
  STATUS_LABELS,
  TOTAL_LABELS,
  type Totals,
} from './quarterly-summary.js';
import type { ReportItem, SupervisionReport } from './supervision-report.js';

export { escapeHtml };

/** 2023-10-05 → 05/10/2023. */
import { formatDate } from '../format-date.js';

export { formatDate };

/** A ratio as a Vietnamese percentage: 0.6667 → "66,7%". */
export function formatPercent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(Math.round(rate * 1000) / 10).toLocaleString('vi-VN')}%`;
}

export function formatNumber(n: number | null): string {
  if (n === null) return '—';
  return n.toLocaleString('vi-VN');
}

export function signed(n: number): string {
  return n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '0';
}

export const truncate = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

export const ESCALATION_LABELS = ['Chưa nhắc', 'Mức 1', 'Mức 2', 'Mức 3'];
export const escalationLabel = (level: number) => ESCALATION_LABELS[level] ?? `Mức ${level}`;

// ── building blocks ───────────────────────────────────────────────────────────

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif";
export const S = {
  body: `margin:0;padding:0;background:#f4f5f7;${FONT};color:#1f2933;`,
  wrap: 'max-width:680px;margin:0 auto;padding:12px;background:#ffffff;',
  h1: `font-size:20px;line-height:1.3;margin:8px 0 4px;color:#7a1f1f;${FONT}`,
  h2: `font-size:17px;line-height:1.3;margin:20px 0 8px;padding-bottom:4px;border-bottom:2px solid #c62828;color:#1f2933;${FONT}`,
  h3: `font-size:15px;margin:14px 0 6px;color:#1f2933;${FONT}`,
  p: `font-size:14px;line-height:1.5;margin:4px 0;${FONT}`,
  muted: `font-size:13px;line-height:1.5;margin:4px 0;color:#52606d;${FONT}`,
  table: 'width:100%;border-collapse:collapse;margin:4px 0 8px;',
  th: `text-align:left;font-size:13px;padding:6px;background:#f0f0f0;border-bottom:1px solid #cbd2d9;${FONT}`,
  thNum: `text-align:right;font-size:13px;padding:6px;background:#f0f0f0;border-bottom:1px solid #cbd2d9;${FONT}`,
  td: `font-size:14px;padding:6px;border-bottom:1px solid #e4e7eb;vertical-align:top;${FONT}`,
  tdNum: `font-size:14px;padding:6px;border-bottom:1px solid #e4e7eb;vertical-align:top;text-align:right;white-space:nowrap;${FONT}`,
  link: 'color:#0b5cad;text-decoration:underline;',
  late: 'color:#b71c1c;font-weight:bold;',
  small: 'font-size:12px;line-height:1.4;color:#52606d;',
};

export interface Column<T> {
  header: string;
  numeric?: boolean;
  cell: (row: T) => string;
}

export function table<T>(columns: Column<T>[], rows: readonly T[], empty = 'Không có.'): string {
  if (rows.length === 0) return `<p style="${S.muted}">${escapeHtml(empty)}</p>`;
  const head = columns
    .map((c) => `<th style="${c.numeric ? S.thNum : S.th}">${escapeHtml(c.header)}</th>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns.map((c) => `<td style="${c.numeric ? S.tdNum : S.td}">${c.cell(row)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table role="presentation" style="${S.table}" cellpadding="0" cellspacing="0"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const refLink = (item: Pick<ReportItem, 'ref' | 'link'>) =>
  `<a href="${escapeHtml(item.link)}" style="${S.link}">${escapeHtml(item.ref)}</a>`;
const content = (item: Pick<ReportItem, 'content'>) => escapeHtml(truncate(item.content, 220));

/**
 * One item in one cell, so a table keeps two or three columns on a phone: the reference (a link) on
 * its own line, the content, then small details (already escaped HTML) separated by " · ".
 */
export function itemCell(item: Pick<ReportItem, 'ref' | 'link' | 'content'>, details: string[] = []): string {
  const extra = details.filter(Boolean);
  return (
    `<strong>${refLink(item)}</strong><br>${content(item)}` +
    (extra.length ? `<br><span style="${S.small}">${extra.join(' · ')}</span>` : '')
  );
}

export interface BarRow {
  label: string;
  value: number;
  /** Text shown after the bar (defaults to the value). */
  display?: string;
}

/** A horizontal bar chart as inline SVG, scaled to the container width. */
export function barChart(
  title: string,
  rows: readonly BarRow[],
  options: { max?: number; color?: string } = {},
): string {
  if (rows.length === 0) return '';
  // 360 units wide: about the width of a phone, so 12-unit text stays readable when scaled.
  const rowHeight = 22;
  const top = 4;
  const height = top + rows.length * rowHeight + 4;
  const labelWidth = 150;
  const barWidth = 160;
  const max = options.max ?? Math.max(1, ...rows.map((r) => r.value));
  const color = options.color ?? '#c62828';
  const bars = rows
    .map((row, i) => {
      const y = top + i * rowHeight;
      const w = max > 0 ? Math.max(0, Math.round((row.value / max) * barWidth)) : 0;
      return (
        `<text x="${labelWidth - 6}" y="${y + 15}" text-anchor="end" font-size="12" fill="#1f2933">${escapeHtml(truncate(row.label, 24))}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${barWidth}" height="14" fill="#eef0f2"/>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="14" fill="${color}"/>` +
        `<text x="${labelWidth + barWidth + 6}" y="${y + 15}" font-size="12" fill="#1f2933">${escapeHtml(row.display ?? formatNumber(row.value))}</text>`
      );
    })
    .join('');
  return (
    `<p style="${S.muted}">${escapeHtml(title)}</p>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 360 ${height}" width="100%" style="max-width:420px;font-family:Arial,sans-serif">` +
    `<title>${escapeHtml(title)}</title>${bars}</svg>`
  );
}

export function documentOf(title: string, body: string): string {
  return (
    '<!doctype html><html lang="vi"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)}</title></head>` +
    `<body style="${S.body}"><div style="${S.wrap}">${body}` +
    `<p style="${S.muted}">Thư được gửi tự động từ hệ thống theo dõi kiến nghị sau hội nghị tiếp xúc, đối thoại. Vui lòng không trả lời thư này.</p>` +
    '</div></body></html>'
  );
}

// ── supervision report ────────────────────────────────────────────────────────

export function supervisionTitle(report: Pick<SupervisionReport, 'today' | 'unit'>): string {
  return `Báo cáo giám sát việc giải quyết kiến nghị — ${report.unit.name} — ngày ${formatDate(report.today)}`;
}

export function supervisionSubject(report: Pick<SupervisionReport, 'today' | 'unit'>): string {
  return `[${report.unit.name}] Báo cáo giám sát giải quyết kiến nghị ngày ${formatDate(report.today)}`;
}

/** The report's body (no <html>): to embed in a web page. */
export function supervisionFragment(r: SupervisionReport): string {
  const since = r.since
    ? `kể từ báo cáo trước (${formatDate(r.since)})`
    : 'từ trước đến nay (chưa có báo cáo trước)';
  const c = r.counts;
  const summary = [
    ['Quá hạn chưa giải quyết', c.overdue],
    [`Đã giải quyết, chờ MTTQ xem xét (${since})`, c.awaitingReview],
    ['Đã giải quyết từ trước, vẫn chờ MTTQ xem xét', c.awaitingReviewOlder],
    ['Bị mở lại, đang xử lý', c.reopened],
    [`Đến hạn trong 5 ngày làm việc tới (đến ${formatDate(r.dueSoonUntil)})`, c.dueSoon],
    ['Đã chuyển cấp trên, chưa có trả lời', c.forwardedWithoutAnswer],
  ] as const;
  const parts: string[] = [
    `<h1 style="${S.h1}">Báo cáo giám sát việc giải quyết kiến nghị</h1>`,
    `<p style="${S.p}"><strong>${escapeHtml(r.unit.name)}</strong> — ngày ${formatDate(r.today)}</p>`,
    table<(typeof summary)[number]>(
      [
        { header: 'Nội dung', cell: ([label]) => escapeHtml(label) },
        { header: 'Số lượng', numeric: true, cell: ([, n]) => formatNumber(n) },
      ],
      summary,
    ),
    `<h2 style="${S.h2}">1. Kiến nghị quá hạn theo đơn vị chủ trì</h2>`,
  ];
  if (r.overdue.length === 0) parts.push(`<p style="${S.muted}">Không có kiến nghị quá hạn.</p>`);
  for (const group of r.overdue) {
    parts.push(`<h3 style="${S.h3}">${escapeHtml(group.name)} (${group.items.length})</h3>`);
    parts.push(
      table(
        [
          {
            header: 'Kiến nghị',
            cell: (i) =>
              itemCell(i, [`Hạn ${formatDate(i.dueDate)}`, escapeHtml(escalationLabel(i.escalationLevel))]),
          },
          {
            header: 'Quá hạn (ngày làm việc)',
            numeric: true,
            cell: (i) => `<span style="${S.late}">${formatNumber(i.workingDaysOverdue)}</span>`,
          },
        ],
        group.items,
      ),
    );
  }
  const reviewColumns: Column<SupervisionReport['awaitingReview'][number]>[] = [
    {
      header: 'Kiến nghị',
      cell: (i) =>
        itemCell(i, [
          escapeHtml(i.departmentName ?? ''),
          i.answer ? `Trả lời: ${escapeHtml(truncate(i.answer, 200))}` : '',
          i.documentRef ? `Văn bản ${escapeHtml(i.documentRef)}` : '',
        ]),
    },
    {
      header: 'Ngày giải quyết',
      numeric: true,
      cell: (i) =>
        formatDate(i.resolvedOn) +
        (i.late
          ? `<br><span style="${S.late}">trễ hạn</span>` +
            (i.firstDueDate && i.firstDueDate !== i.dueDate
              ? `<br><span style="${S.small}">so với hạn ban đầu ${formatDate(i.firstDueDate)}</span>`
              : '')
          : ''),
    },
  ];
  parts.push(
    `<h2 style="${S.h2}">2. Đã giải quyết, chờ MTTQ xem xét</h2>`,
    `<p style="${S.muted}">Các kiến nghị đơn vị đã trả lời ${escapeHtml(since)}: đề nghị Ủy ban MTTQ xác nhận hoặc mở lại (nêu lý do).</p>`,
    table(reviewColumns, r.awaitingReview),
  );
  if (r.awaitingReviewOlder.length > 0) {
    parts.push(
      `<h3 style="${S.h3}">Đã giải quyết từ trước, vẫn chờ xem xét (${r.awaitingReviewOlder.length})</h3>`,
      table(reviewColumns, r.awaitingReviewOlder),
    );
  }
  parts.push(
    `<h2 style="${S.h2}">3. Kiến nghị bị mở lại</h2>`,
    table(
      [
        {
          header: 'Kiến nghị',
          cell: (i) =>
            itemCell(i, [
              escapeHtml(i.departmentName ?? ''),
              `Mở lại ${formatNumber(i.reopenCount)} lần`,
              i.reason ? `Lý do: ${escapeHtml(truncate(i.reason, 200))}` : '',
            ]),
        },
        {
          header: 'Hạn mới',
          numeric: true,
          cell: (i) =>
            formatDate(i.dueDate) + (i.overdue ? `<br><span style="${S.late}">quá hạn</span>` : ''),
        },
      ],
      r.reopened,
    ),
    `<h2 style="${S.h2}">4. Sắp đến hạn (5 ngày làm việc tới)</h2>`,
    table(
      [
        { header: 'Kiến nghị', cell: (i) => itemCell(i, [escapeHtml(i.departmentName ?? '')]) },
        {
          header: 'Hạn',
          numeric: true,
          cell: (i) =>
            `${formatDate(i.dueDate)}<br><span style="${S.small}">còn ${formatNumber(i.workingDaysLeft)} ngày làm việc</span>`,
        },
      ],
      r.dueSoon,
    ),
    `<h2 style="${S.h2}">5. Đã chuyển cấp trên, chưa có trả lời</h2>`,
    table(
      [
        {
          header: 'Kiến nghị',
          cell: (i) => itemCell(i, [`Chuyển cấp trên ngày ${formatDate(i.forwardedOn)}`]),
        },
        {
          header: 'Đã chờ kể từ ngày chuyển (ngày làm việc)',
          numeric: true,
          cell: (i) => formatNumber(i.workingDaysWaiting),
        },
      ],
      r.forwardedWithoutAnswer,
    ),
  );
  return parts.join('');
}

export function renderSupervisionHtml(report: SupervisionReport): string {
  return documentOf(supervisionTitle(report), supervisionFragment(report));
}

/** The plain-text alternative of the email. */
export function supervisionText(r: SupervisionReport): string {
  const lines = [
    'BÁO CÁO GIÁM SÁT VIỆC GIẢI QUYẾT KIẾN NGHỊ',
    `${r.unit.name} — ngày ${formatDate(r.today)}`,
    r.since ? `Kể từ báo cáo trước: ${formatDate(r.since)}` : 'Chưa có báo cáo trước',
    '',
    `1. Quá hạn: ${r.counts.overdue}`,
  ];
  for (const g of r.overdue) {
    lines.push(`  ${g.name} (${g.items.length}):`);
    for (const i of g.items) {
      lines.push(
        `  - ${i.ref}, hạn ${formatDate(i.dueDate)}, quá ${i.workingDaysOverdue} ngày làm việc, ${escalationLabel(i.escalationLevel)}: ${truncate(i.content, 120)} <${i.link}>`,
      );
    }
  }
  const list = (title: string, items: readonly ReportItem[], detail: (i: never) => string) => {
    lines.push('', `${title}: ${items.length}`);
    for (const i of items)
      lines.push(`  - ${i.ref}${detail(i as never)}: ${truncate(i.content, 120)} <${i.link}>`);
  };
  list(
    '2. Đã giải quyết, chờ MTTQ xem xét',
    r.awaitingReview,
    (i: SupervisionReport['awaitingReview'][number]) => `, giải quyết ngày ${formatDate(i.resolvedOn)}`,
  );
  if (r.awaitingReviewOlder.length) {
    list(
      '   Đã giải quyết từ trước, vẫn chờ xem xét',
      r.awaitingReviewOlder,
      (i: SupervisionReport['awaitingReview'][number]) => `, giải quyết ngày ${formatDate(i.resolvedOn)}`,
    );
  }
  list(
    '3. Bị mở lại',
    r.reopened,
    (i: SupervisionReport['reopened'][number]) => `, hạn mới ${formatDate(i.dueDate)}`,
  );
  list(
    `4. Đến hạn trong 5 ngày làm việc tới (đến ${formatDate(r.dueSoonUntil)})`,
    r.dueSoon,
    (i: SupervisionReport['dueSoon'][number]) => `, hạn ${formatDate(i.dueDate)}`,
  );
  list(
    '5. Đã chuyển cấp trên, chưa có trả lời',
    r.forwardedWithoutAnswer,
    (i: SupervisionReport['forwardedWithoutAnswer'][number]) =>
      `, chuyển ngày ${formatDate(i.forwardedOn)}, đã chờ ${i.workingDaysWaiting} ngày làm việc`,
  );
  return lines.join('\n');
}

// ── quarterly summary ─────────────────────────────────────────────────────────

/** What "on time" means, in the words of the report. */
export const ON_TIME_RULE =
  'Đúng hạn: trả lời không muộn hơn hạn xử lý ban đầu. Hạn được gia hạn có lý do thì tính theo hạn mới; kiến nghị bị MTTQ mở lại vẫn tính theo hạn ban đầu.';

export const HALF_WITHIN_HEADER = 'Một nửa số kiến nghị xong trong vòng';

/** What the "half within" column says (in place of a statistical term). */
export const HALF_WITHIN_NOTE =
  '“Một nửa số kiến nghị xong trong vòng N ngày làm việc”: trong các kiến nghị đơn vị đã giải quyết, ít nhất một nửa được trả lời trong vòng N ngày làm việc kể từ khi được giao; số còn lại mất nhiều thời gian hơn.';

export const halfWithinText = (days: number | null): string =>
  days === null ? '—' : `${formatNumber(days)} ngày làm việc`;

function departmentsNote(ranked: boolean): string {
  return ranked
    ? `${HALF_WITHIN_NOTE} Đơn vị chưa có kiến nghị nào đã giải quyết thì chưa xếp hạng.`
    : 'Chưa xếp hạng: chưa đơn vị nào có kiến nghị đã giải quyết trong quý.';
}

export function quarterlyTitle(s: Pick<QuarterlySummary, 'label' | 'unit'>): string {
  return `Báo cáo tổng hợp kết quả giải quyết kiến nghị — ${s.unit.name} — ${s.label}`;
}

export function quarterlySubject(s: Pick<QuarterlySummary, 'label' | 'unit'>): string {
  return `[${s.unit.name}] Tổng hợp kết quả giải quyết kiến nghị ${s.label}`;
}

/** Order and labels of the overview table. */
export const TOTAL_ROWS: (keyof Totals)[] = [
  'received',
  'answeredAtDialogue',
  'assigned',
  'forwarded',
  'declined',
  'undecided',
  'resolvedOnTime',
  'resolvedLate',
  'awaitingReview',
  'confirmed',
  'open',
  'overdue',
  'reopened',
];

function countTable(rows: readonly CountRow[], header: string, label: string, previousLabel: string): string {
  return table<CountRow>(
    [
      { header, cell: (r) => escapeHtml(r.label) },
      { header: label, numeric: true, cell: (r) => formatNumber(r.count) },
      { header: previousLabel, numeric: true, cell: (r) => formatNumber(r.previous) },
    ],
    rows,
  );
}

export function quarterlyFragment(s: QuarterlySummary): string {
  const prev = s.previous.label;
  const overview: { label: string; now: number; before: number; change: number }[] = [
    {
      label: 'Hội nghị đã tổ chức',
      now: s.dialoguesHeld,
      before: s.previous.dialoguesHeld,
      change: s.change.dialoguesHeld,
    },
    ...TOTAL_ROWS.map((k) => ({
      label: TOTAL_LABELS[k],
      now: s.totals[k],
      before: s.previous.totals[k],
      change: s.change[k],
    })),
  ];
  const resolved = s.totals.resolvedOnTime + s.totals.resolvedLate;
  const ranked = s.departments.some((d) => d.rank !== null);
  const parts = [
    `<h1 style="${S.h1}">Báo cáo tổng hợp kết quả giải quyết kiến nghị ${escapeHtml(s.label)}</h1>`,
    `<p style="${S.p}"><strong>${escapeHtml(s.unit.name)}</strong> — từ ${formatDate(s.period.from)} đến ${formatDate(s.period.to)}</p>`,
    `<p style="${S.muted}">Kiến nghị tính theo quý tổ chức hội nghị. Số chưa giải quyết và quá hạn tính đến ngày ${formatDate(s.asOf)}. ${escapeHtml(ON_TIME_RULE)}</p>`,
    `<h2 style="${S.h2}">1. Tổng quan</h2>`,
    table<(typeof overview)[number]>(
      [
        { header: 'Chỉ tiêu', cell: (r) => escapeHtml(r.label) },
        { header: s.label, numeric: true, cell: (r) => formatNumber(r.now) },
        { header: prev, numeric: true, cell: (r) => formatNumber(r.before) },
        { header: 'Tăng/giảm', numeric: true, cell: (r) => signed(r.change) },
      ],
      overview,
    ),
    `<p style="${S.p}">Tỷ lệ giải quyết đúng hạn: <strong>${formatPercent(resolved ? s.totals.resolvedOnTime / resolved : null)}</strong>.</p>`,
    `<h2 style="${S.h2}">2. Kiến nghị theo nguồn, lĩnh vực và hướng xử lý</h2>`,
    `<h3 style="${S.h3}">Theo nguồn</h3>`,
    countTable(s.bySource, 'Nguồn', s.label, prev),
    `<h3 style="${S.h3}">Theo lĩnh vực</h3>`,
    barChart(
      'Số kiến nghị tiếp nhận theo lĩnh vực',
      s.byField.filter((r) => r.count > 0).map((r) => ({ label: r.label, value: r.count })),
      { color: '#1565c0' },
    ),
    countTable(s.byField, 'Lĩnh vực', s.label, prev),
    `<h3 style="${S.h3}">Theo hướng xử lý</h3>`,
    countTable(s.byDisposition, 'Hướng xử lý', s.label, prev),
    `<h2 style="${S.h2}">3. Kết quả giải quyết của các đơn vị${ranked ? ' (xếp hạng theo tỷ lệ đúng hạn)' : ''}</h2>`,
    `<p style="${S.muted}">${escapeHtml(departmentsNote(ranked))}</p>`,
    barChart(
      'Tỷ lệ giải quyết đúng hạn theo đơn vị',
      s.departments
        .filter((d) => d.onTimeRate !== null)
        .map((d) => ({ label: d.name, value: d.onTimeRate ?? 0, display: formatPercent(d.onTimeRate) })),
      { max: 1, color: '#2e7d32' },
    ),
    table<QuarterlySummary['departments'][number]>(
      [
        {
          header: 'Đơn vị',
          cell: (d) =>
            `<strong>${d.rank === null ? '' : `${d.rank}. `}${escapeHtml(d.name)}</strong><br><span style="${S.small}">` +
            `Được giao ${formatNumber(d.assigned)} · đúng hạn ${formatNumber(d.resolvedOnTime)} · trễ hạn ${formatNumber(d.resolvedLate)} · ` +
            (d.overdue ? `<span style="${S.late}">quá hạn ${formatNumber(d.overdue)}</span>` : 'quá hạn 0') +
            '</span>',
        },
        { header: 'Tỷ lệ đúng hạn', numeric: true, cell: (d) => formatPercent(d.onTimeRate) },
        {
          header: HALF_WITHIN_HEADER,
          numeric: true,
          cell: (d) => halfWithinText(d.halfResolvedWithinWorkingDays),
        },
      ],
      s.departments,
      'Chưa có kiến nghị nào được giao cho đơn vị.',
    ),
    `<h2 style="${S.h2}">4. Kiến nghị chuyển cấp trên</h2>`,
    `<p style="${S.p}">Đã chuyển: <strong>${formatNumber(s.forwardedUpward.total)}</strong>; cấp trên đã trả lời: <strong>${formatNumber(s.forwardedUpward.answered)}</strong>; đang chờ trả lời: <strong>${formatNumber(s.forwardedUpward.awaitingAnswer)}</strong>.</p>`,
    `<h2 style="${S.h2}">5. Kiến nghị lặp lại nhiều lần</h2>`,
    `<p style="${S.p}">Số kiến nghị trong quý nêu lại vấn đề đã kiến nghị trước đây: <strong>${formatNumber(s.repeats.count)}</strong>, trong đó chưa giải quyết dứt điểm: <strong>${formatNumber(s.repeats.unsettled)}</strong>.</p>`,
    table<QuarterlySummary['repeats']['items'][number]>(
      [
        {
          header: 'Kiến nghị',
          cell: (r) =>
            itemCell(r, [
              `Lặp lại ${escapeHtml(r.repeatOfRef)}: ${escapeHtml(truncate(r.repeatOfContent, 120))}`,
              escapeHtml(STATUS_LABELS[r.status] ?? r.status),
            ]),
        },
        { header: 'Số lần nêu', numeric: true, cell: (r) => formatNumber(r.timesRaised) },
      ],
      s.repeats.items,
    ),
  ];
  return parts.join('');
}

export function renderQuarterlyHtml(summary: QuarterlySummary): string {
  return documentOf(quarterlyTitle(summary), quarterlyFragment(summary));
}

export function quarterlyText(s: QuarterlySummary): string {
  const lines = [
    `BÁO CÁO TỔNG HỢP KẾT QUẢ GIẢI QUYẾT KIẾN NGHỊ ${s.label.toUpperCase()}`,
    `${s.unit.name} — từ ${formatDate(s.period.from)} đến ${formatDate(s.period.to)} (số liệu đến ${formatDate(s.asOf)})`,
    '',
    `Hội nghị đã tổ chức: ${s.dialoguesHeld} (${s.previous.label}: ${s.previous.dialoguesHeld})`,
    ...TOTAL_ROWS.map(
      (k) =>
        `${TOTAL_LABELS[k]}: ${s.totals[k]} (${s.previous.label}: ${s.previous.totals[k]}, ${signed(s.change[k])})`,
    ),
    '',
    'Theo hướng xử lý:',
    ...s.byDisposition.map((r) => `  - ${DISPOSITION_LABELS[r.key] ?? r.label}: ${r.count}`),
    '',
    s.departments.some((d) => d.rank !== null)
      ? 'Kết quả của các đơn vị (xếp hạng theo tỷ lệ đúng hạn):'
      : 'Kết quả của các đơn vị:',
    ...s.departments.map(
      (d) =>
        `  ${d.rank === null ? '-' : `${d.rank}.`} ${d.name}: giao ${d.assigned}, đúng hạn ${d.resolvedOnTime}, trễ hạn ${d.resolvedLate}, quá hạn ${d.overdue}, tỷ lệ đúng hạn ${formatPercent(d.onTimeRate)}` +
        (d.halfResolvedWithinWorkingDays === null
          ? ', chưa có kiến nghị đã giải quyết'
          : `, một nửa số kiến nghị xong trong vòng ${halfWithinText(d.halfResolvedWithinWorkingDays)}`),
    ),
    '',
    ON_TIME_RULE,
    HALF_WITHIN_NOTE,
    '',
    `Chuyển cấp trên: ${s.forwardedUpward.total}; đã trả lời: ${s.forwardedUpward.answered}; chờ trả lời: ${s.forwardedUpward.awaitingAnswer}`,
    `Kiến nghị lặp lại: ${s.repeats.count}; chưa giải quyết dứt điểm: ${s.repeats.unsettled}`,
    ...s.repeats.items.map(
      (r) => `  - ${r.ref} (lặp lại ${r.repeatOfRef}, nêu ${r.timesRaised} lần): ${truncate(r.content, 120)}`,
    ),
    '',
    'Chi tiết xem tệp Excel đính kèm.',
  ];
  return lines.join('\n');
}
