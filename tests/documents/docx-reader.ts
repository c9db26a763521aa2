/** Reads a generated DOCX back: its parts, the text of each paragraph, the rows of each table. */
import { strFromU8, unzipSync } from 'fflate';

export interface DocxContent {
  parts: Record<string, string>;
  document: string;
  /** Text of every paragraph of the body, in order (table cells' paragraphs included). */
  paragraphs: string[];
  /** Every table: rows of cell texts. */
  tables: string[][][];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Text of an XML fragment: the content of its <w:t> runs, tabs and breaks as spaces. */
export function textOf(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br)\b[^>]*\/>/g)) {
    out += m[1] !== undefined ? decode(m[1]) : ' ';
  }
  return out;
}

function outerBlocks(xml: string, tag: string): string[] {
  // Tables do not nest in our documents: a non-greedy match per block is enough.
  return [...xml.matchAll(new RegExp(`<${tag}[ >][\\s\\S]*?</${tag}>`, 'g'))].map((m) => m[0]);
}

export function readDocx(bytes: Uint8Array): DocxContent {
  const files = unzipSync(bytes);
  const parts: Record<string, string> = {};
  for (const [name, data] of Object.entries(files))
    if (/\.(xml|rels)$/.test(name)) parts[name] = strFromU8(data);
  const document = parts['word/document.xml'] ?? '';
  return {
    parts,
    document,
    paragraphs: outerBlocks(document, 'w:p').map(textOf),
    tables: outerBlocks(document, 'w:tbl').map((table) =>
      outerBlocks(table, 'w:tr').map((row) => outerBlocks(row, 'w:tc').map((cell) => textOf(cell).trim())),
    ),
  };
}
