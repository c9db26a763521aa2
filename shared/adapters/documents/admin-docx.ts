/**
 * The administrative document layout of Decree 30/2020/NĐ-CP in DOCX, with the `docx` library: A4,
 * margins 20/20/30/15 mm, Times New Roman 14 pt, the issuing body and the motto side by side in a
 * borderless table with their short rules, the title, the body, "Nơi nhận" and the signature block.
 * Heavy (the library is ~400 KB minified): callers load this module with `await import()`.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  type FileChild,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import {
  type AdminHeader,
  MOTTO,
  NATION,
  type SignatureBlock,
} from '../../domain/documents/admin-document.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const FONT = 'Times New Roman';
/** Millimetres to twips, rounded (the library's helper truncates: A4 would lose a twip). */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);
/** Half-points, as OOXML counts font sizes. */
export const pt = (points: number) => points * 2;
const MARGIN_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;
const A4_MM = { width: 210, height: 297 } as const;
/** Width of the text between the margins, in twips. */
export const TEXT_WIDTH = mm(A4_MM.width - MARGIN_MM.left - MARGIN_MM.right);
const HEADER_LEFT = Math.round(TEXT_WIDTH * 0.34);
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;

const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const NO_BORDERS = {
  top: NONE,
  bottom: NONE,
  left: NONE,
  right: NONE,
  insideHorizontal: NONE,
  insideVertical: NONE,
};
const SINGLE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const GRID = {
  top: SINGLE,
  bottom: SINGLE,
  left: SINGLE,
  right: SINGLE,
  insideHorizontal: SINGLE,
  insideVertical: SINGLE,
};

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

export const run = (text: string, style: RunStyle = {}) =>
  new TextRun({
    text,
    ...(style.bold ? { bold: true } : {}),
    ...(style.italics ? { italics: true } : {}),
    ...(style.size ? { size: pt(style.size) } : {}),
  });

export const centered = (text: string, style: RunStyle = {}, after = 0) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after, line: 240 },
    children: [run(text, style)],
  });

/** A body paragraph: justified, first line indented 1 cm, 6 pt after. */
export const bodyParagraph = (children: ParagraphChild[] | string) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(10) },
    spacing: { after: 120, line: 276 },
    children: typeof children === 'string' ? [run(children)] : children,
  });

export const sectionHeading = (text: string) =>
  new Paragraph({
    keepNext: true,
    indent: { firstLine: mm(10) },
    spacing: { before: 120, after: 120 },
    children: [run(text, { bold: true })],
  });

/** A short horizontal rule under a centred line: an empty paragraph's bottom border, narrowed by indents. */
export const rule = (columnWidth: number, ruleWidth: number) => {
  const side = Math.max(0, Math.round((columnWidth - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { after: 60, line: 120 },
    border: { bottom: SINGLE },
    children: [run('', { size: 2 })],
  });
};

const plainCell = (width: number, children: Paragraph[]) =>
  new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: { top: NONE, bottom: NONE, left: NONE, right: NONE },
    margins: { left: 0, right: 0, top: 0, bottom: 0 },
    children,
  });

function layoutTable(widths: number[], cells: Paragraph[][]): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: NO_BORDERS,
    rows: [new TableRow({ children: cells.map((c, i) => plainCell(widths[i] ?? 0, c)) })],
  });
}

/** Issuing body (left) and motto (right), each with its rule, the number under the body, place and date under the motto. */
export function headerTable(head: AdminHeader): Table {
  return layoutTable(
    [HEADER_LEFT, HEADER_RIGHT],
    [
      [
        centered(head.authority, { bold: true, size: 13 }),
        centered(head.unitName, { bold: true, size: 13 }),
        rule(HEADER_LEFT, Math.round(HEADER_LEFT / 3)),
        centered(head.numberLine, { size: 13 }),
      ],
      [
        // 12 pt (Decree 30 allows 12–13) keeps the national title on one line.
        centered(NATION, { bold: true, size: 12 }),
        centered(MOTTO, { bold: true, size: 14 }),
        rule(HEADER_RIGHT, Math.round(HEADER_RIGHT * 0.66)),
        centered(head.placeDateLine, { italics: true, size: 14 }),
      ],
    ],
  );
}

/** Title (e.g. THÔNG BÁO), subject and the short rule under it. */
export function titleBlock(title: string, subject: string): Paragraph[] {
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 360, after: 0 },
      children: [run(title, { bold: true, size: 14 })],
    }),
    centered(subject, { bold: true, size: 14 }),
    rule(TEXT_WIDTH, Math.round(TEXT_WIDTH / 4)),
  ];
}

/** "Nơi nhận" (left, 12/11 pt) and the signature block (right). */
export function footerTable(recipients: string[], signer: SignatureBlock): Table {
  const left = Math.round(TEXT_WIDTH * 0.45);
  const right = TEXT_WIDTH - left;
  const leftAligned = (text: string, style: RunStyle) =>
    new Paragraph({ spacing: { after: 0 }, children: [run(text, style)] });
  return layoutTable(
    [left, right],
    [
      [
        leftAligned('Nơi nhận:', { bold: true, italics: true, size: 12 }),
        ...recipients.map((r) => leftAligned(`- ${r}`, { size: 11 })),
      ],
      [
        centered(signer.authority, { bold: true, size: 14 }),
        centered(signer.title, { bold: true, size: 14 }, 1440),
        centered(signer.name ?? '', { bold: true, size: 14 }),
      ],
    ],
  );
}

export interface GridColumn {
  header: string;
  /** Share of the text width. */
  share: number;
  center?: boolean;
}

/** A bordered table with a bold header row that repeats on every page. */
export function gridTable(columns: GridColumn[], rows: (string | ParagraphChild[])[][], size = 13): Table {
  const total = columns.reduce((n, c) => n + c.share, 0);
  const widths = columns.map((c) => Math.floor((TEXT_WIDTH * c.share) / total));
  const cell = (content: string | ParagraphChild[], i: number, style: RunStyle, center: boolean) =>
    new TableCell({
      width: { size: widths[i] ?? 0, type: WidthType.DXA },
      verticalAlign: VerticalAlignTable.TOP,
      margins: { left: 80, right: 80, top: 40, bottom: 40 },
      children: [
        new Paragraph({
          alignment: center ? AlignmentType.CENTER : AlignmentType.LEFT,
          spacing: { after: 0 },
          children: typeof content === 'string' ? [run(content, { ...style, size })] : content,
        }),
      ],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: GRID,
    rows: [
      new TableRow({
        tableHeader: true,
        children: columns.map((c, i) => cell(c.header, i, { bold: true }, true)),
      }),
      ...rows.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: r.map((v, i) => cell(v, i, {}, columns[i]?.center === true)),
          }),
      ),
    ],
  });
}

/** The whole document: A4 portrait, Decree 30 margins, Times New Roman 14 pt. */
export async function packDocument(
  meta: { title: string; subject: string },
  children: FileChild[],
): Promise<Uint8Array> {
  const doc = new Document({
    creator: 'Theo dõi kiến nghị',
    title: meta.title,
    subject: meta.subject,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: pt(14) },
          paragraph: { spacing: { after: 0 } },
        },
      },
    },
    sections: [
      {
        // Decree 30: pages are numbered from the second on, centred in the header.
        headers: {
          first: new Header({ children: [] }),
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: pt(13) })],
              }),
            ],
          }),
        },
        properties: {
          titlePage: true,
          page: {
            size: {
              width: mm(A4_MM.width),
              height: mm(A4_MM.height),
            },
            margin: {
              top: mm(MARGIN_MM.top),
              bottom: mm(MARGIN_MM.bottom),
              left: mm(MARGIN_MM.left),
              right: mm(MARGIN_MM.right),
            },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
