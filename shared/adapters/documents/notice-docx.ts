/** The conclusion notice as a DOCX (Decree 30 layout, admin-docx.ts). Load with `await import()`. */
import { type FileChild, Paragraph } from 'docx';
import { finalParagraph, roman, shortDate } from '../../domain/documents/admin-document.js';
import type { ConclusionNotice, NoticeGroup, NoticeItem } from '../../domain/documents/conclusion-notice.js';
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

const itemLine = (n: number, item: NoticeItem, detail: { label: string; text: string } | null) =>
  bodyParagraph([
    run(`${n}. ${item.content} `),
    run(`(${item.ref}${item.residentialGroup ? `, ${item.residentialGroup}` : ''})`, { italics: true }),
    ...(detail ? [run(` ${detail.label}: `, { italics: true }), run(detail.text)] : []),
  ]);

function groupBody(group: NoticeGroup): FileChild[] {
  if (group.kind === 'assigned') {
    return [
      gridTable(
        [
          { header: 'STT', share: 7, center: true },
          { header: 'Nội dung kiến nghị', share: 41 },
          { header: 'Đơn vị chủ trì', share: 18 },
          { header: 'Đơn vị phối hợp', share: 18 },
          { header: 'Thời hạn', share: 16, center: true },
        ],
        group.items.map((i, n) => [
          String(n + 1),
          [run(`${i.content} `, { size: 13 }), run(`(${i.ref})`, { italics: true, size: 13 })],
          i.department ?? '',
          i.cooperating.join('; '),
          shortDate(i.dueDate),
        ]),
      ),
      new Paragraph({ spacing: { after: 120 }, children: [] }),
    ];
  }
  return group.items.map((item, n) => {
    if (group.kind === 'answered_at_dialogue')
      return itemLine(n + 1, item, item.answer ? { label: 'Trả lời', text: item.answer } : null);
    if (group.kind === 'declined')
      return itemLine(n + 1, item, item.reason ? { label: 'Lý do', text: item.reason } : null);
    return itemLine(n + 1, item, {
      label: 'Chuyển',
      text: `cấp có thẩm quyền xem xét, giải quyết${item.reason ? ` (${item.reason})` : ''}`,
    });
  });
}

export function conclusionNoticeDocx(notice: ConclusionNotice): Promise<Uint8Array> {
  return packDocument({ title: `${notice.title} ${notice.subject}`, subject: notice.subject }, [
    headerTable(notice.header),
    ...titleBlock(notice.title, notice.subject),
    bodyParagraph(notice.opening),
    ...notice.groups.flatMap((g, i) => [
      sectionHeading(`${roman(i + 1)}. ${g.heading.toLocaleUpperCase('vi')}`),
      ...groupBody(g),
    ]),
    bodyParagraph(finalParagraph(notice.closing)),
    new Paragraph({ spacing: { after: 240 }, children: [] }),
    footerTable(notice.recipients, notice.signer),
  ]);
}
