/** The lists part of docs/BENCHMARKS.md, which `npm run bench -- lists` rewrites in place. */
import { fmt } from './lib/stats.js';
import { spliceMarked } from './report-splice.js';
import type { ListsResult } from './sections/lists.js';

export const LISTS_START = '<!-- lists:start -->';
export const LISTS_END = '<!-- lists:end -->';
/** A department's first page (its own view, or the office's list of one role) reads at most this many items per item it returns. */
const MAX_READ_RATIO = 3;

const isDepartmentList = (operation: string) =>
  operation.startsWith("Department's list") || operation.startsWith('Items a department');

export interface ListsTarget {
  item: string;
  target: string;
  measured: string;
  met: boolean;
}

export function listsTargets(r: ListsResult): ListsTarget[] {
  return r.rows
    .filter((row) => isDepartmentList(row.operation) && row.status === 200)
    .map((row) => {
      const ratio = row.itemsRead / Math.max(1, row.returned);
      return {
        item: `8. ${row.operation}, ${fmt.int(row.unitItems)} items: items read / items returned`,
        target: `≤ ${MAX_READ_RATIO}`,
        measured: `${fmt.ratio(ratio)} (${fmt.int(row.itemsRead)} / ${fmt.int(row.returned)}; ${fmt.num(row.readUnits)} RCU, ${fmt.ms(row.ms)} ms)`,
        met: ratio <= MAX_READ_RATIO,
      };
    });
}

const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

export function listsMarkdown(r: ListsResult, date: string): string {
  return [
    LISTS_START,
    '## 8. Lists and search',
    '',
    `Measured ${date}. First page (50 items unless said) of \`GET /api/recommendations\` (or its counts) in-process, median of the timed runs ` +
      'after one untimed. Units of mostly closed items over 8 dialogues and 4 departments (a third with a cooperating department, every ' +
      '100th mentioning "tranh chấp đất đai", one the words "Vĩnh Lộc"), plus a department with no items, loaded as the store\'s item ' +
      `images with BatchWriteItem (${fmt.num(r.loadSeconds, 0)} s). Read units as DynamoDB Local reports them (ConsumedCapacity); items ` +
      'read: examined by the queries before their filters, or fetched by key.',
    '',
    table(
      ['Target', 'Goal', 'Measured', 'Result'],
      listsTargets(r).map((t) => [t.item, t.target, t.measured, t.met ? '**met**' : '**not met**']),
    ),
    '',
    table(
      ['Unit items', 'Request', 'As', 'Returned', 'Time ms', 'Read units', 'Items read', 'Calls'],
      r.rows.map((row) => [
        fmt.int(row.unitItems),
        `${row.operation}${row.query ? ` (\`${row.query}\`)` : ''}`,
        row.as,
        row.status === 200 ? fmt.int(row.returned) : `HTTP ${row.status}`,
        fmt.ms(row.ms),
        fmt.num(row.readUnits),
        fmt.int(row.itemsRead),
        fmt.int(row.calls),
      ]),
    ),
    '',
    LISTS_END,
  ].join('\n');
}

/** The document with its lists part replaced (or added before "Running it"). */
export function spliceLists(document: string, block: string): string {
  return spliceMarked(document, LISTS_START, LISTS_END, block);
}
