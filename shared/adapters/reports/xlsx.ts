/**
 * Spreadsheet forms of both reports: an XLSX workbook (write-excel-file) with Vietnamese headers and one sheet
 * per section, and a CSV (UTF-8 with BOM so that Excel reads Vietnamese correctly; sections one after
 * another, separated by an empty line).
 */
import writeXlsxFile, { type Cell } from 'write-excel-file/node';
import {
  getCellAddress,
  getOrderOfSiblings,
  getSelfClosingTagMarkup,
  insertElementMarkupAccordingToOrderOfSiblings,
} from 'write-excel-file/utility';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from '../../domain/content-types.js';
import type { QuarterlySummary } from '../../domain/reports/quarterly-summary.js';
import { STATUS_LABELS, TOTAL_LABELS } from '../../domain/reports/quarterly-summary.js';
import {
  escalationLabel,
  formatDate,
  HALF_WITHIN_HEADER,
  TOTAL_ROWS,
} from '../../domain/reports/render-html.js';
import type { SupervisionReport } from '../../domain/reports/supervision-report.js';

export { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE };

type CellValue = string | number | null | { date: string } | { text: string; hyperlink: string };

export interface Section {
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
        'Hạn ban đầu (tính trễ hạn)',
        'Ngày giải quyết',
        'Trễ hạn',
        'Trả lời',
        'Số văn bản',
        'Kể từ báo cáo trước',
      ],
      widths: [...itemWidths, 14, 14, 8, 60, 16, 12],
      rows: [
        ...r.awaitingReview.map((i) => [i, 'Có'] as const),
        ...r.awaitingReviewOlder.map((i) => [i, 'Không'] as const),
      ].map(([i, isNew]) => [
        link(i.ref, i.link),
        i.content,
        i.departmentName,
        date(i.dueDate),
        date(i.firstDueDate),
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
      headers: ['Số hiệu', 'Nội dung', 'Ngày chuyển cấp trên', 'Đã chờ kể từ ngày chuyển (ngày làm việc)'],
      widths: [16, 60, 14, 14],
      rows: r.forwardedWithoutAnswer.map((i) => [
        link(i.ref, i.link),
        i.content,
        date(i.forwardedOn),
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
        `${HALF_WITHIN_HEADER} (ngày làm việc)`,
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
        d.halfResolvedWithinWorkingDays,
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

/** Author in the workbook's properties. */
export const WORKBOOK_CREATOR = 'Theo dõi kiến nghị';
const LINK_COLOR = '#0B5CAD';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

type Link = { ref: string; target: string };
/** A write-excel-file feature for files written in Node (the overload writing several sheets). */
type Feature = NonNullable<NonNullable<Parameters<typeof writeXlsxFile>[1]>['features']>[number];

function xlsxCell(value: CellValue): Cell {
  if (value === null) return null;
  if (typeof value === 'object' && 'date' in value) {
    const [y, m, d] = value.date.split('-').map(Number);
    return { value: new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)), type: Date, format: 'dd/mm/yyyy' };
  }
  if (typeof value === 'object') {
    return { value: value.text, textColor: LINK_COLOR, textDecoration: { underline: true } };
  }
  if (typeof value === 'string' && value.length > 60) return { value, wrap: true, alignVertical: 'top' };
  return value;
}

const xmlText = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * Hyperlinks of each sheet (write-excel-file writes none: they are added to each sheet's XML and its
 * relationships) and the workbook's core properties (author, title, a fixed creation date).
 */
function linksAndProperties(links: Link[][], title: string): Feature {
  const relId = (i: number) => `rId-link-${i + 1}`;
  return {
    files: {
      transform: {
        'xl/worksheets/sheet{id}.xml': {
          transform: (xml, _options, { sheetIndex }) => {
            const sheetLinks = links[sheetIndex] ?? [];
            if (sheetLinks.length === 0) return xml;
            const markup = `<hyperlinks>${sheetLinks
              .map(({ ref }, i) => getSelfClosingTagMarkup('hyperlink', { ref, 'r:id': relId(i) }))
              .join('')}</hyperlinks>`;
            return insertElementMarkupAccordingToOrderOfSiblings(
              xml,
              markup,
              getOrderOfSiblings('xl/worksheets/sheet{id}.xml', 'worksheet') ?? [],
              'worksheet',
            );
          },
        },
        'xl/worksheets/_rels/sheet{id}.xml.rels': {
          insert: (_options, { sheetIndex }) =>
            (links[sheetIndex] ?? [])
              .map(({ target }, i) =>
                getSelfClosingTagMarkup('Relationship', {
                  Id: relId(i),
                  Type: `${REL}/hyperlink`,
                  Target: target,
                  TargetMode: 'External',
                }),
              )
              .join(''),
        },
        '_rels/.rels': {
          insert: () =>
            getSelfClosingTagMarkup('Relationship', {
              Id: 'rId-core-1',
              Type: `${PACKAGE_REL}/metadata/core-properties`,
              Target: 'docProps/core.xml',
            }),
        },
        '[Content_Types].xml': {
          insert: () =>
            getSelfClosingTagMarkup('Override', {
              PartName: '/docProps/core.xml',
              ContentType: 'application/vnd.openxmlformats-package.core-properties+xml',
            }),
        },
      },
      write: {
        files: () => ({
          'docProps/core.xml':
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
            `<dc:creator>${xmlText(WORKBOOK_CREATOR)}</dc:creator><dc:title>${xmlText(title)}</dc:title>` +
            '<dcterms:created xsi:type="dcterms:W3CDTF">1970-01-01T00:00:00Z</dcterms:created>' +
            '</cp:coreProperties>',
        }),
      },
    },
  };
}

/** One sheet per section: bold header row (frozen), dates as dd/mm/yyyy date cells, links to the items. */
export async function sectionsWorkbook(title: string, sections: Section[]): Promise<Buffer> {
  const links: Link[][] = [];
  const sheets = sections.map((section) => {
    const sheetLinks: Link[] = [];
    section.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value !== null && typeof value === 'object' && 'hyperlink' in value) {
          sheetLinks.push({ ref: getCellAddress(r + 1, c), target: value.hyperlink });
        }
      });
    });
    links.push(sheetLinks);
    return {
      sheet: section.name.slice(0, 31),
      data: [
        section.headers.map((header): Cell => ({ value: header, fontWeight: 'bold' })),
        ...section.rows.map((row) => row.map(xlsxCell)),
      ],
      columns: section.widths?.map((width) => ({ width })),
      stickyRowsCount: 1,
    };
  });
  return writeXlsxFile(sheets, {
    fontFamily: 'Calibri',
    fontSize: 11,
    features: [linksAndProperties(links, title)],
  }).toBuffer();
}

export function supervisionWorkbook(report: SupervisionReport): Promise<Buffer> {
  return sectionsWorkbook(`Báo cáo giám sát ${formatDate(report.today)}`, supervisionSections(report));
}

export function quarterlyWorkbook(summary: QuarterlySummary): Promise<Buffer> {
  return sectionsWorkbook(`Tổng hợp kiến nghị ${summary.label}`, quarterlySections(summary));
}

// ── CSV ───────────────────────────────────────────────────────────────────────

/** A text a spreadsheet program would run as a formula (= + - @, tab, carriage return first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell made inert: a leading apostrophe makes a spreadsheet program show the text as typed
 * instead of running it (CSV injection). Numbers stay numbers; the XLSX keeps typed text cells.
 */
export function inertText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvField(value: CellValue): string {
  if (value === null) return '';
  const text =
    typeof value === 'object'
      ? 'date' in value
        ? formatDate(value.date)
        : inertText(value.text)
      : typeof value === 'number'
        ? String(value)
        : inertText(value);
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
