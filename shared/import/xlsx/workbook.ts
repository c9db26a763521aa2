/**
 * The workbook-level parts of an xlsx: which part is the first worksheet in tab order (a chartsheet is
 * not one), the date system, the cell formats that show dates, and the shared strings.
 */
import { limitExceeded, unreadableXlsx } from '../errors.js';
import { IMPORT_LIMITS } from '../limits.js';
import { isDateFormat } from './date-formats.js';
import type { XmlHandlers } from './xml.js';

/** Reads one part of the zip through an XML reader; false when the zip has no such part. */
export type PartReader = (name: string, handlers: XmlHandlers) => Promise<boolean>;

export interface WorkbookInfo {
  /** The first worksheet's part, e.g. `xl/worksheets/sheet1.xml`. */
  sheetPath: string;
  date1904: boolean;
  stylesPath: string;
  sharedStringsPath: string;
}

const WORKSHEET_TYPES = new Set([
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet',
  'http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet',
]);

/** An attribute by local name, whatever its prefix (`r:id` is `id`). */
export function attribute(attributes: Record<string, string>, local: string): string | undefined {
  if (attributes[local] !== undefined) return attributes[local];
  for (const [name, value] of Object.entries(attributes)) {
    if (name.slice(name.indexOf(':') + 1) === local && !name.startsWith('xmlns:')) return value;
  }
  return undefined;
}

const partPath = (target: string) => (target.startsWith('/') ? target.slice(1) : `xl/${target}`);

/** Null when the workbook has no worksheet (or no workbook part at all). */
export async function readWorkbook(read: PartReader): Promise<WorkbookInfo | null> {
  const worksheets = new Map<string, string>();
  let stylesPath = 'xl/styles.xml';
  let sharedStringsPath = 'xl/sharedStrings.xml';
  const hasRels = await read('xl/_rels/workbook.xml.rels', {
    open(name, attributes) {
      if (name !== 'Relationship') return;
      const id = attribute(attributes, 'Id');
      const type = attribute(attributes, 'Type') ?? '';
      const target = attribute(attributes, 'Target');
      if (id === undefined || target === undefined) return;
      if (WORKSHEET_TYPES.has(type)) worksheets.set(id, partPath(target));
      else if (type.endsWith('/styles')) stylesPath = partPath(target);
      else if (type.endsWith('/sharedStrings')) sharedStringsPath = partPath(target);
    },
  });
  if (!hasRels) return null;
  let sheetPath: string | undefined;
  let date1904 = false;
  const hasWorkbook = await read('xl/workbook.xml', {
    open(name, attributes) {
      if (name === 'workbookPr') {
        const value = attribute(attributes, 'date1904');
        date1904 = value === '1' || value === 'true';
      } else if (name === 'sheet' && sheetPath === undefined && attribute(attributes, 'name')) {
        sheetPath = worksheets.get(attribute(attributes, 'id') ?? '');
      }
    },
  });
  if (!hasWorkbook || sheetPath === undefined) return null;
  return { sheetPath, date1904, stylesPath, sharedStringsPath };
}

/** Excel's own limit is 64,000 cell formats. */
const MAX_CELL_FORMATS = 65_536;

/** For each cell format index (`<c s>`), whether it shows a date. */
export async function readDateStyles(read: PartReader, path: string): Promise<boolean[]> {
  const codes = new Map<number, string>();
  const base: (number | undefined)[] = [];
  const cellFormats: { numFmtId?: number; xfId?: number }[] = [];
  let within: 'cellStyleXfs' | 'cellXfs' | null = null;
  const id = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  await read(path, {
    open(name, attributes) {
      if (name === 'numFmt') {
        const numFmtId = Number(attribute(attributes, 'numFmtId'));
        const code = attribute(attributes, 'formatCode');
        if (numFmtId >= 100 && code !== undefined) codes.set(numFmtId, code);
      } else if (name === 'cellStyleXfs' || name === 'cellXfs') within = name;
      else if (name === 'xf' && (base.length >= MAX_CELL_FORMATS || cellFormats.length >= MAX_CELL_FORMATS))
        throw unreadableXlsx();
      else if (name === 'xf' && within === 'cellStyleXfs') base.push(id(attribute(attributes, 'numFmtId')));
      else if (name === 'xf' && within === 'cellXfs') {
        cellFormats.push({
          numFmtId: id(attribute(attributes, 'numFmtId')),
          xfId: id(attribute(attributes, 'xfId')),
        });
      }
    },
    close(name) {
      if (name === within) within = null;
    },
  });
  const cache = new Map<number, boolean>();
  return cellFormats.map(({ numFmtId, xfId }) => {
    const format = numFmtId ?? (xfId !== undefined ? base[xfId] : undefined);
    if (format === undefined || !Number.isFinite(format)) return false;
    let isDate = cache.get(format);
    if (isDate === undefined) {
      isDate = isDateFormat(format, codes.get(format));
      cache.set(format, isDate);
    }
    return isDate;
  });
}

/** `_xHHHH_` escapes of characters XML cannot hold (`_x000D_` is a carriage return). */
export function unescapeXlsx(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** The shared string table: each `<si>`'s text runs joined, phonetic runs left out. */
export async function readSharedStrings(read: PartReader, path: string): Promise<string[]> {
  const strings: string[] = [];
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  await read(path, {
    open(name) {
      if (name === 'si') {
        if (strings.length >= IMPORT_LIMITS.sharedStrings) throw limitExceeded('sharedStrings');
        current = '';
      } else if (name === 't') inText = true;
      else if (name === 'rPh') phonetic++;
    },
    close(name) {
      if (name === 'si' && current !== null) {
        strings.push(unescapeXlsx(current));
        current = null;
      } else if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
    },
    text(text) {
      if (current === null || !inText || phonetic > 0) return;
      current += text;
      if (current.length > IMPORT_LIMITS.cellChars) throw limitExceeded('cellChars');
    },
  });
  return strings;
}
