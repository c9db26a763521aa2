/** A list of items as a one-sheet workbook: exactly the rows of the filtered list, in its order. */
import type { Recommendation } from '../../domain/model.js';
import { STATUS_LABELS } from '../../domain/reports/quarterly-summary.js';
import { type Section, sectionsWorkbook } from './xlsx.js';

type ListedItem = Recommendation & { workingDaysOverdue: number | null };

export interface ListSheetNames {
  department: (id: string) => string;
  dialogue: (id: string) => string;
  link: (id: string) => string;
}

export function listSection(items: readonly ListedItem[], names: ListSheetNames): Section {
  return {
    name: 'Danh sách kiến nghị',
    headers: [
      'Số hiệu',
      'Hội nghị',
      'Nội dung',
      'Người kiến nghị',
      'Khu phố',
      'Lĩnh vực',
      'Trạng thái',
      'Đơn vị chủ trì',
      'Đơn vị phối hợp',
      'Hạn xử lý',
      'Quá hạn (ngày làm việc)',
      'Ngày giải quyết',
      'Nội dung trả lời',
    ],
    widths: [16, 30, 60, 20, 14, 18, 22, 24, 24, 12, 12, 12, 60],
    rows: items.map((r) => [
      { text: r.ref, hyperlink: names.link(r.id) },
      names.dialogue(r.dialogueId),
      r.content,
      r.raisedBy,
      r.residentialGroup,
      r.field,
      STATUS_LABELS[r.status] ?? r.status,
      r.departmentId ? names.department(r.departmentId) : null,
      r.cooperatingDepartmentIds.map(names.department).join(', ') || null,
      r.dueDate ? { date: r.dueDate } : null,
      r.workingDaysOverdue,
      r.resolvedOn ? { date: r.resolvedOn } : null,
      r.answer?.text ?? null,
    ]),
  };
}

export function listWorkbook(
  title: string,
  items: readonly ListedItem[],
  names: ListSheetNames,
): Promise<Buffer> {
  return sectionsWorkbook(title, [listSection(items, names)]);
}
