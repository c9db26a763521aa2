/**
 * Rendering of the reports (HTML, the XLSX workbook, CSV) and their email. Loaded on first use through
 * report-service.ts (`renderReport`, `reportMessage`): the XLSX writer and the report HTML are not part
 * of any function's start-up.
 */
import {
  CSV_CONTENT_TYPE,
  quarterlyCsv,
  quarterlyWorkbook,
  supervisionCsv,
  supervisionWorkbook,
  XLSX_CONTENT_TYPE,
} from '../adapters/reports/xlsx.js';
import type { MailMessage } from '../domain/ports.js';
import type { QuarterlySummary } from '../domain/reports/quarterly-summary.js';
import {
  quarterlySubject,
  quarterlyText,
  renderQuarterlyHtml,
  renderSupervisionHtml,
  supervisionSubject,
  supervisionText,
} from '../domain/reports/render-html.js';
import type { SupervisionReport } from '../domain/reports/supervision-report.js';

export type ReportFormat = 'json' | 'xlsx' | 'csv' | 'html';

export interface RenderedReport {
  body: string | Buffer;
  contentType: string;
  filename: string;
}

export function reportFilename(report: SupervisionReport | QuarterlySummary, extension: string): string {
  return report.kind === 'supervision'
    ? `bao-cao-giam-sat-${report.unit.id}-${report.today}.${extension}`
    : `tong-hop-kien-nghi-${report.unit.id}-${report.quarter}.${extension}`;
}

export async function renderReport(
  report: SupervisionReport | QuarterlySummary,
  format: Exclude<ReportFormat, 'json'>,
): Promise<RenderedReport> {
  const filename = reportFilename(report, format);
  switch (format) {
    case 'xlsx':
      return {
        body:
          report.kind === 'supervision' ? await supervisionWorkbook(report) : await quarterlyWorkbook(report),
        contentType: XLSX_CONTENT_TYPE,
        filename,
      };
    case 'csv':
      return {
        body: report.kind === 'supervision' ? supervisionCsv(report) : quarterlyCsv(report),
        contentType: CSV_CONTENT_TYPE,
        filename,
      };
    case 'html':
      return {
        body: report.kind === 'supervision' ? renderSupervisionHtml(report) : renderQuarterlyHtml(report),
        contentType: 'text/html; charset=utf-8',
        filename,
      };
  }
}

/** The email of a report: HTML body, text alternative, the XLSX attached. */
export async function reportMessage(
  report: SupervisionReport | QuarterlySummary,
  to: string[],
): Promise<MailMessage> {
  const xlsx = await renderReport(report, 'xlsx');
  const isSupervision = report.kind === 'supervision';
  return {
    to,
    subject: isSupervision ? supervisionSubject(report) : quarterlySubject(report),
    html: isSupervision ? renderSupervisionHtml(report) : renderQuarterlyHtml(report),
    text: isSupervision ? supervisionText(report) : quarterlyText(report),
    attachments: [
      {
        filename: xlsx.filename,
        contentType: xlsx.contentType,
        content: new Uint8Array(xlsx.body as Buffer),
      },
    ],
  };
}
