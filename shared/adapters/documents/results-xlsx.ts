/** The results report as a workbook: a summary sheet and one row per recommendation (write-excel-file). */
import { shortDate } from '../../domain/documents/admin-document.js';
import {
  type ResultsReport,
  summarySentences,
  TIMELINESS_LABELS,
} from '../../domain/documents/results-report.js';
import { sectionsWorkbook } from '../reports/xlsx.js';

export function resultsReportXlsx(report: ResultsReport): Promise<Buffer> {
  const s = report.summary;
  return sectionsWorkbook(`${report.title} ${report.subject}`, [
    {
      name: 'Tổng hợp',
      headers: ['Nội dung', 'Số lượng'],
      widths: [60, 14],
      rows: [
        ['Hội nghị', report.dialogue.title],
        ['Ngày tổ chức', shortDate(report.dialogue.heldOn)],
        ['Ngày báo cáo', shortDate(report.today)],
        ['Tổng số kiến nghị', s.total],
        ['Trả lời tại hội nghị', s.answeredAtDialogue],
        ['Giao cơ quan, đơn vị giải quyết', s.assigned],
        ['Chuyển cấp có thẩm quyền', s.forwarded],
        ['Không trả lời (có nêu lý do)', s.declined],
        ['Chưa phân loại', s.unclassified],
        ['Đã giải quyết xong', s.settled],
        ['Giải quyết đúng hạn', s.onTime],
        ['Giải quyết trễ hạn', s.late],
        ['Quá hạn, chưa trả lời', s.overdue],
        ['Đang giải quyết, chưa đến hạn', s.inProgress],
        ...summarySentences(report).map((line) => [line, null]),
      ],
    },
    {
      name: 'Chi tiết',
      headers: [
        'Số hiệu',
        'Nội dung kiến nghị',
        'Hướng xử lý',
        'Đơn vị chủ trì',
        'Thời hạn',
        'Trả lời',
        'Số, ký hiệu văn bản',
        'Ngày trả lời',
        'Tình trạng',
        'Đúng hạn / trễ hạn',
        'Lý do',
      ],
      widths: [16, 60, 22, 26, 12, 60, 18, 12, 24, 22, 40],
      rows: report.rows.map((r) => [
        r.ref,
        r.content,
        r.disposition,
        r.department,
        r.dueDate ? { date: r.dueDate } : null,
        r.answer,
        r.documentRef,
        r.answeredOn ? { date: r.answeredOn } : null,
        r.status,
        r.timeliness ? TIMELINESS_LABELS[r.timeliness] : null,
        r.reason,
      ]),
    },
  ]);
}
