/**
 * What read-excel-file does not tell about an xlsx: which `<sheet>` of the workbook is its first worksheet
 * (a chartsheet is not one) and the merged ranges of that worksheet. Reads the zip's central directory
 * and inflates only the three parts it needs (node:zlib); anything malformed throws.
 */
import { inflateRawSync } from 'node:zlib';

/** 1-based, inclusive. */
export interface CellRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface FirstWorksheet {
  /** 1-based position among the workbook's `<sheet>` elements: read-excel-file's `sheet` argument. */
  position: number;
  /** Merged ranges in file order. */
  merges: CellRange[];
}

interface ZipEntry {
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_32 = 0xffffffff;
/** A part larger than this is not a recommendation list (Excel's own limit is far above any real file). */
const MAX_PART_BYTES = 512 * 1024 * 1024;

function fail(message: string): never {
  throw new Error(`xlsx: ${message}`);
}

function zipDirectory(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number) => Number(view.getBigUint64(at, true));
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) fail('no zip directory');
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if ((offset === MAX_32 || count === 0xffff) && eocd >= 20 && u32(eocd - 20) === ZIP64_LOCATOR) {
    const zip64 = u64(eocd - 20 + 8);
    if (zip64 + 56 > bytes.length || u32(zip64) !== ZIP64_EOCD) fail('bad zip64 directory');
    count = u64(zip64 + 32);
    offset = u64(zip64 + 48);
  }
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== CENTRAL_HEADER) fail('bad zip directory entry');
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const entry: ZipEntry = {
      method: u16(at + 10),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localHeaderOffset: u32(at + 42),
    };
    // Sizes and offset too large for 32 bits are in the zip64 extra field, in this order.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = u16(extra);
      const length = u16(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        for (const key of ['size', 'compressedSize', 'localHeaderOffset'] as const) {
          if (entry[key] === MAX_32 && field + 8 <= extra + 4 + length) {
            entry[key] = u64(field);
            field += 8;
          }
        }
      }
      extra += 4 + length;
    }
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)).replace(/^\/+/, '');
    if (!entries.has(name)) entries.set(name, entry);
    at = extraEnd + commentLength;
  }
  return entries;
}

function readPart(bytes: Uint8Array, entries: Map<string, ZipEntry>, name: string): string | null {
  const entry = entries.get(name);
  if (!entry) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) fail(`bad zip entry ${name}`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) fail(`truncated zip entry ${name}`);
  if (entry.size > MAX_PART_BYTES) fail(`zip entry ${name} too large`);
  let content: Uint8Array;
  if (entry.method === 0) content = data;
  else if (entry.method === 8) content = inflateRawSync(data, { maxOutputLength: Math.max(entry.size, 1) });
  else fail(`zip compression method ${entry.method}`);
  return new TextDecoder().decode(content);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name.toLowerCase()] ?? whole;
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Attributes of every element with this local name (any namespace prefix), in document order. */
function elements(xml: string, localName: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const tag = new RegExp(`<(?:[\\w.-]+:)?${localName}(?=[\\s/>])([^>]*)>`, 'g');
  const attribute = /([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (const match of xml.matchAll(tag)) {
    const attributes: Record<string, string> = {};
    for (const [, name = '', double, single] of (match[1] ?? '').matchAll(attribute)) {
      // `r:id` is `id`, as read-excel-file reads it.
      const local = name.startsWith('xmlns:') ? name : name.slice(name.indexOf(':') + 1);
      attributes[local] = decodeEntities(double ?? single ?? '');
    }
    found.push(attributes);
  }
  return found;
}

const WORKSHEET_TYPES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet',
]);

function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters.toUpperCase()) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

function parseRange(ref: string): CellRange {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?$/.exec(ref.trim());
  if (!m) fail(`bad merged range ${ref}`);
  const [r1, c1] = [Number(m[2]), columnNumber(m[1] ?? '')];
  const [r2, c2] = m[3] ? [Number(m[4]), columnNumber(m[3])] : [r1, c1];
  if (r1 < 1 || r2 < 1) fail(`bad merged range ${ref}`);
  return { top: Math.min(r1, r2), left: Math.min(c1, c2), bottom: Math.max(r1, r2), right: Math.max(c1, c2) };
}

/**
 * The first worksheet in tab order and its merged ranges; null when the workbook has no worksheet.
 * Overlapping merged ranges make the file unreadable (Excel never writes them; exceljs refused them).
 */
export function firstWorksheet(bytes: Uint8Array): FirstWorksheet | null {
  const entries = zipDirectory(bytes);
  const workbook = readPart(bytes, entries, 'xl/workbook.xml');
  const rels = readPart(bytes, entries, 'xl/_rels/workbook.xml.rels');
  if (workbook === null || rels === null) return null;
  const worksheetPaths = new Map<string, string>();
  for (const rel of elements(rels, 'Relationship')) {
    if (rel.Id !== undefined && rel.Target !== undefined && WORKSHEET_TYPES.has(rel.Type ?? '')) {
      worksheetPaths.set(rel.Id, rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`);
    }
  }
  const sheets = elements(workbook, 'sheet').filter((sheet) => sheet.name);
  const index = sheets.findIndex((sheet) => worksheetPaths.has(sheet.id ?? ''));
  if (index < 0) return null;
  const path = worksheetPaths.get(sheets[index]?.id ?? '') ?? '';
  const xml = readPart(bytes, entries, path);
  if (xml === null) fail(`missing ${path}`);
  const merges: CellRange[] = [];
  if (xml.includes('mergeCell')) {
    for (const { ref } of elements(xml, 'mergeCell')) if (ref !== undefined) merges.push(parseRange(ref));
    assertDisjoint(merges);
  }
  return { position: index + 1, merges };
}

/** Top to bottom, each range against the ranges still open at its top row. */
function assertDisjoint(merges: readonly CellRange[]): void {
  let open: CellRange[] = [];
  for (const range of [...merges].sort((a, b) => a.top - b.top)) {
    open = open.filter((other) => other.bottom >= range.top);
    if (open.some((other) => other.left <= range.right && range.left <= other.right)) {
      fail('overlapping merged ranges');
    }
    open.push(range);
  }
}
