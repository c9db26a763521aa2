/**
 * Spreadsheet forms of both reports: an XLSX workbook (exceljs) with Vietnamese headers and one sheet
 * per section, and a CSV (UTF-8 with BOM so that Excel reads Vietnamese correctly; sections one after
 * another, separated by an empty line).
 */
import ExcelJS from 'exceljs';
import type { QuarterlySummary } from '../../domain/reports/quarterly-summary.js';
import { STATUS_LABELS, TOTAL_LABELS } from '../../domain/reports/quarterly-summary.js';
import { escalationLabel, formatDate, TOTAL_ROWS } from '../../domain/reports/render-html.js';
import type { SupervisionReport } from '../../domain/reports/supervision-report.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

type CellValue = string | number | null | { date: string } | { text: string; hyperlink: string };

interface Section {
  /** Sheet name (≤ 31 characters) and CSV section title. */
  name: string;
  headers: string[];
  rows: CellValue[][];
  /** Column widths in characters. */
  widths?: number[];
}

const date = (iso: string | null | undefined): CellValue => (iso ? { date: iso } : null);
const link = (text: string, hyperlink: string): CellValue => ({ text, hyperlink });
const rate = (r: number | null): number | null => (r === null ? null : Math.round(r * 1000) / 10);

// ── sections ──────────────────────────────────────────────────────────────────

export function supervisionSections(r: SupervisionReport): Section[] {
  const itemWidths = [16, 60, 28, 12];
  return [
    {
      name: 'Tổng hợp',
      headers: ['Nội dung', 'Số lượng'],
      widths: [60, 12],
      rows: [
        ['Đơn vị', r.unit.name],
        ['Ngày báo cáo', formatDate(r.today)],
        ['Kể từ báo cáo trước', r.since ? formatDate(r.since) : 'Chưa có'],
        ['Quá hạn chưa giải quyết', r.counts.overdue],
        ['Đã giải quyết, chờ MTTQ xem xét', r.counts.awaitingReview],
        ['Đã giải quyết từ trước, vẫn chờ xem xét', r.counts.awaitingReviewOlder],
        ['Bị mở lại', r.counts.reopened],
        ['Đến hạn trong 5 ngày làm việc tới', r.counts.dueSoon],
        ['Chuyển cấp trên chưa có trả lời', r.counts.forwardedWithoutAnswer],
      ],
    },
    {
      name: 'Quá hạn',
      headers: [
        'Số hiệu',
        'Nội dung',
        'Đơn vị chủ trì',
        'Hạn xử lý',
        'Số ngày làm việc quá hạn',
        'Mức đôn đốc',
      ],
      widths: [...itemWidths, 14, 14],
      rows: r.overdue.flatMap((g) =>
        g.items.map((i) => [
          link(i.ref, i.link),
          i.content,
          g.name,
          date(i.dueDate),
          i.workingDaysOverdue,
          escalationLabel(i.escalationLevel),
        ]),
      ),
    },
    {
      name: 'Chờ MTTQ xem xét',
      headers: [
        'Số hiệu',
        'Nội dung',
        'Đơn vị chủ trì',
        'Hạn xử lý',
        'Ngày giải quyết',
        'Trễ hạn',
        'Trả lời',
        'Số văn bản',
        'Kể từ báo cáo trước',
      ],
      widths: [...itemWidths, 14, 8, 60, 16, 12],
      rows: [
        ...r.awaitingReview.map((i) => [i, 'Có'] as const),
        ...r.awaitingReviewOlder.map((i) => [i, 'Không'] as const),
      ].map(([i, isNew]) => [
        link(i.ref, i.link),
        i.content,
        i.departmentName,
        date(i.dueDate),
        date(i.resolvedOn),
        i.late ? 'Có' : 'Không',
        i.answer,
        i.documentRef,
        isNew,
      ]),
    },
    {
      name: 'Mở lại',
      headers: ['Số hiệu', 'Nội dung', 'Đơn vị chủ trì', 'Hạn mới', 'Số lần mở lại', 'Lý do', 'Quá hạn'],
      widths: [...itemWidths, 10, 50, 8],
      rows: r.reopened.map((i) => [
        link(i.ref, i.link),
        i.content,
        i.departmentName,
        date(i.dueDate),
        i.reopenCount,
        i.reason,
        i.overdue ? 'Có' : 'Không',
      ]),
    },
    {
      name: 'Sắp đến hạn',
      headers: ['Số hiệu', 'Nội dung', 'Đơn vị chủ trì', 'Hạn xử lý', 'Còn (ngày làm việc)'],
      widths: [...itemWidths, 12],
      rows: r.dueSoon.map((i) => [
        link(i.ref, i.link),
        i.content,
        i.departmentName,
        date(i.dueDate),
        i.workingDaysLeft,
      ]),
    },
    {
      name: 'Chuyển cấp trên',
      headers: ['Số hiệu', 'Nội dung', 'Cập nhật lần cuối', 'Đã chờ (ngày làm việc)'],
      widths: [16, 60, 14, 12],
      rows: r.forwardedWithoutAnswer.map((i) => [
        link(i.ref, i.link),
        i.content,
        date(i.lastUpdatedOn),
        i.workingDaysWaiting,
      ]),
    },
  ];
}

export function quarterlySections(s: QuarterlySummary): Section[] {
  const counts = (rows: QuarterlySummary['bySource']) => rows.map((r) => [r.label, r.count, r.previous]);
  return [
    {
      name: 'Tổng quan',
      headers: ['Chỉ tiêu', s.label, s.previous.label, 'Tăng/giảm'],
      widths: [40, 14, 14, 12],
      rows: [
        ['Hội nghị đã tổ chức', s.dialoguesHeld, s.previous.dialoguesHeld, s.change.dialoguesHeld],
        ...TOTAL_ROWS.map((k) => [TOTAL_LABELS[k], s.totals[k], s.previous.totals[k], s.change[k]]),
      ],
    },
    {
      name: 'Theo nguồn',
      headers: ['Nguồn', s.label, s.previous.label],
      widths: [36, 14, 14],
      rows: counts(s.bySource),
    },
    {
      name: 'Theo lĩnh vực',
      headers: ['Lĩnh vực', s.label, s.previous.label],
      widths: [36, 14, 14],
      rows: counts(s.byField),
    },
    {
      name: 'Theo hướng xử lý',
      headers: ['Hướng xử lý', s.label, s.previous.label],
      widths: [36, 14, 14],
      rows: counts(s.byDisposition),
    },
    {
      name: 'Đơn vị',
      headers: [
        'Hạng',
        'Mã đơn vị',
        'Đơn vị',
        'Được giao',
        'Đúng hạn',
        'Trễ hạn',
        'Chưa giải quyết',
        'Quá hạn',
        'Tỷ lệ đúng hạn (%)',
        'Trung vị ngày làm việc',
      ],
      widths: [6, 14, 36, 10, 10, 10, 12, 10, 14, 14],
      rows: s.departments.map((d) => [
        d.rank,
        d.departmentId,
        d.name,
        d.assigned,
        d.resolvedOnTime,
        d.resolvedLate,
        d.open,
        d.overdue,
        rate(d.onTimeRate),
        d.medianWorkingDaysToResolve,
      ]),
    },
    {
      name: 'Chuyển cấp trên',
      headers: ['Chỉ tiêu', 'Số lượng'],
      widths: [36, 12],
      rows: [
        ['Đã chuyển cấp trên', s.forwardedUpward.total],
        ['Cấp trên đã trả lời', s.forwardedUpward.answered],
        ['Đang chờ trả lời', s.forwardedUpward.awaitingAnswer],
      ],
    },
    {
      name: 'Lặp lại',
      headers: [
        'Số hiệu',
        'Nội dung',
        'Lặp lại kiến nghị',
        'Nội dung kiến nghị trước',
        'Số lần nêu',
        'Tình trạng',
      ],
      widths: [16, 60, 16, 60, 10, 24],
      rows: s.repeats.items.map((r) => [
        link(r.ref, r.link),
        r.content,
        r.repeatOfRef,
        r.repeatOfContent,
        r.timesRaised,
        STATUS_LABELS[r.status] ?? r.status,
      ]),
    },
  ];
}

// ── XLSX ──────────────────────────────────────────────────────────────────────

function excelValue(value: CellValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === 'object' && 'date' in value) {
    const [y, m, d] = value.date.split('-').map(Number);
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  }
  return value;
}

async function workbookOf(title: string, sections: Section[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Theo dõi kiến nghị';
  workbook.title = title;
  workbook.created = new Date(0);
  for (const section of sections) {
    const sheet = workbook.addWorksheet(section.name.slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.addRow(section.headers).font = { bold: true };
    for (const row of section.rows) {
      const added = sheet.addRow(row.map(excelValue));
      row.forEach((value, i) => {
        const cell = added.getCell(i + 1);
        if (value && typeof value === 'object' && 'date' in value) cell.numFmt = 'dd/mm/yyyy';
        if (value && typeof value === 'object' && 'hyperlink' in value)
          cell.font = { color: { argb: 'FF0B5CAD' }, underline: true };
        if (typeof value === 'string' && value.length > 60)
          cell.alignment = { wrapText: true, vertical: 'top' };
      });
    }
    section.widths?.forEach((width, i) => {
      sheet.getColumn(i + 1).width = width;
    });
  }
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

export function supervisionWorkbook(report: SupervisionReport): Promise<Buffer> {
  return workbookOf(`Báo cáo giám sát ${formatDate(report.today)}`, supervisionSections(report));
}

export function quarterlyWorkbook(summary: QuarterlySummary): Promise<Buffer> {
  return workbookOf(`Tổng hợp kiến nghị ${summary.label}`, quarterlySections(summary));
}

// ── CSV ───────────────────────────────────────────────────────────────────────

function csvField(value: CellValue): string {
  if (value === null) return '';
  const text =
    typeof value === 'object'
      ? 'date' in value
        ? formatDate(value.date)
        : value.text
      : typeof value === 'number'
        ? String(value)
        : value;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const isLink = (value: CellValue): value is { text: string; hyperlink: string } =>
  value !== null && typeof value === 'object' && 'hyperlink' in value;

/** Sections one after another; a section whose first column links to items gets a "Liên kết" column. */
function csvOf(sections: Section[]): string {
  const lines: string[] = [];
  for (const [i, section] of sections.entries()) {
    if (i > 0) lines.push('');
    const linked = section.rows.some((row) => isLink(row[0] ?? null));
    lines.push(csvField(section.name));
    lines.push([...section.headers, ...(linked ? ['Liên kết'] : [])].map(csvField).join(','));
    for (const row of section.rows) {
      const first = row[0] ?? null;
      lines.push(
        [...row, ...(linked ? [isLink(first) ? first.hyperlink : null] : [])].map(csvField).join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export const supervisionCsv = (report: SupervisionReport): string => csvOf(supervisionSections(report));
export const quarterlyCsv = (summary: QuarterlySummary): string => csvOf(quarterlySections(summary));
