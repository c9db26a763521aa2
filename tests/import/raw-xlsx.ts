/**
 * An xlsx written part by part, for the shapes other programs write and exceljs cannot produce: sheets
 * listed out of tab order, chartsheets, inline strings, phonetic runs, the 1904 date system, merged
 * ranges over cells that hold values, overlapping merges.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One zip entry, already compressed; `size` and `crc` are what the headers declare (a test may lie). */
export interface PackedEntry {
  name: string;
  packed: Uint8Array;
  crc: number;
  size: number;
  /** 8 deflate (default), 0 stored. */
  method?: number;
}

/** A zip of entries as given, with a central directory. */
export function zipPacked(entries: readonly PackedEntry[]): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const { name, packed, crc, size, method = 8 } of entries) {
    const nameBytes = encoder.encode(name);
    const local = new Uint8Array(30 + nameBytes.length + packed.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, packed.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(packed, 30 + nameBytes.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, packed.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, centrals.length, true);
  ev.setUint16(10, centrals.length, true);
  ev.setUint32(12, directorySize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + directorySize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** One part, deflated, with its true CRC and size. */
export function packed(name: string, content: string | Uint8Array): PackedEntry {
  const data = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return { name, packed: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/** A zip of the given parts (deflated), with a central directory. */
export function zip(parts: Record<string, string | Uint8Array>): Uint8Array {
  return zipPacked(Object.entries(parts).map(([name, content]) => packed(name, content)));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export interface RawSheet {
  name: string;
  /** `<row>` elements. */
  rows?: string;
  /** Markup after `</sheetData>`, e.g. `<mergeCells>`. */
  after?: string;
  /** A chartsheet has no cells. */
  chart?: boolean;
  hidden?: boolean;
}

export interface RawWorkbook {
  /** In tab order; part file names are numbered in the reverse order, to show the tab order decides. */
  sheets: RawSheet[];
  /** `<si>` elements of xl/sharedStrings.xml. */
  sharedStrings?: string[];
  date1904?: boolean;
}

/**
 * Cell styles: 0 General, 1 built-in date format 14, 2 custom `dd/mm/yyyy`, 3 `#,##0.00`,
 * 4 custom `[$-42A]dd/mm/yyyy;@`, 5 custom `#,##0 "đồng"`.
 */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="${MAIN}"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[$-42A]dd/mm/yyyy;@"/><numFmt numFmtId="166" formatCode="#,##0 &quot;đồng&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

export function rawXlsx(workbook: RawWorkbook): Uint8Array {
  return zip(rawXlsxParts(workbook));
}

/** The parts of `rawXlsx`, by name: the single sheet of a one-sheet workbook is `xl/worksheets/sheet1.xml`. */
export function rawXlsxParts(workbook: RawWorkbook): Record<string, string> {
  const n = workbook.sheets.length;
  const parts: Record<string, string> = {};
  const rels: string[] = [];
  const sheets: string[] = [];
  const overrides: string[] = [];
  workbook.sheets.forEach((sheet, i) => {
    const number = n - i;
    const folder = sheet.chart ? 'chartsheets' : 'worksheets';
    const path = `${folder}/sheet${number}.xml`;
    rels.push(
      `<Relationship Id="rIdSheet${i + 1}" Type="${REL}/${sheet.chart ? 'chartsheet' : 'worksheet'}" Target="${path}"/>`,
    );
    sheets.push(
      `<sheet name="${sheet.name}" sheetId="${number}"${sheet.hidden ? ' state="hidden"' : ''} r:id="rIdSheet${i + 1}"/>`,
    );
    overrides.push(
      `<Override PartName="/xl/${path}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.${sheet.chart ? 'chartsheet' : 'worksheet'}+xml"/>`,
    );
    parts[`xl/${path}`] = sheet.chart
      ? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><chartsheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>`
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${sheet.rows ?? ''}</sheetData>${sheet.after ?? ''}</worksheet>`;
  });
  rels.push(`<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>`);
  parts['xl/styles.xml'] = STYLES;
  if (workbook.sharedStrings) {
    rels.push(`<Relationship Id="rIdStrings" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    const count = workbook.sharedStrings.length;
    parts['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="${MAIN}" count="${count}" uniqueCount="${count}">${workbook.sharedStrings.join('')}</sst>`;
  }
  parts['[Content_Types].xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${overrides.join('')}</Types>`;
  parts['_rels/.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  parts['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${workbook.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets.join('')}</sheets></workbook>`;
  parts['xl/_rels/workbook.xml.rels'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`;
  return parts;
}
