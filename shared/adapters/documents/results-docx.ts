/** The results report as a DOCX (Decree 30 layout, admin-docx.ts). Load with `await import()`. */
import { Paragraph } from 'docx';
import { shortDate } from '../../domain/documents/admin-document.js';
import {
  type ResultsReport,
  summarySentences,
  TIMELINESS_LABELS,
} from '../../domain/documents/results-report.js';
import {
  bodyParagraph,
  footerTable,
  gridTable,
  headerTable,
  packDocument,
  run,
  sectionHeading,
  titleBlock,
} from './admin-docx.js';

export function resultsReportDocx(report: ResultsReport): Promise<Uint8Array> {
  const size = 12;
  return packDocument({ title: `${report.title} ${report.subject}`, subject: report.subject }, [
    headerTable(report.header),
    ...titleBlock(report.title, report.subject),
    ...summarySentences(report).map((s) => bodyParagraph(s)),
    sectionHeading('CHI TIẾT TỪNG KIẾN NGHỊ'),
    gridTable(
      [
        { header: 'STT', share: 5, center: true },
        { header: 'Nội dung kiến nghị', share: 30 },
        { header: 'Hướng xử lý', share: 15 },
        { header: 'Thời hạn', share: 11, center: true },
        { header: 'Kết quả trả lời', share: 25 },
        { header: 'Tình trạng', share: 14 },
      ],
      report.rows.map((r, n) => [
        String(n + 1),
        [run(`${r.content} `, { size }), run(`(${r.ref})`, { italics: true, size })],
        `${r.disposition}${r.department ? `: ${r.department}` : ''}`,
        shortDate(r.dueDate),
        [
          run(r.answer ?? r.reason ?? '', { size }),
          ...(r.documentRef ? [run(` Văn bản số ${r.documentRef}`, { italics: true, size })] : []),
          ...(r.answeredOn ? [run(` ngày ${shortDate(r.answeredOn)}.`, { italics: true, size })] : []),
        ],
        [
          run(r.status, { size }),
          ...(r.timeliness ? [run(` ${TIMELINESS_LABELS[r.timeliness]}`, { bold: true, size })] : []),
        ],
      ]),
      size,
    ),
    new Paragraph({ spacing: { after: 240 }, children: [] }),
    footerTable(report.recipients, report.signer),
  ]);
}
