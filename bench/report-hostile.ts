/** The hostile-uploads part of docs/BENCHMARKS.md, which `npm run bench -- hostile` rewrites in place. */
import { IMPORT_LIMITS } from '../shared/import/limits.js';
import { fmt } from './lib/stats.js';
import { spliceMarked } from './report-splice.js';
import type { HostileResult, HostileRow } from './sections/hostile.js';

export const HOSTILE_START = '<!-- hostile:start -->';
export const HOSTILE_END = '<!-- hostile:end -->';
const MAX_DELAY_MS = 200;
const MAX_HEAP_MB = 100;

export interface HostileTarget {
  item: string;
  target: string;
  measured: string;
  met: boolean;
}

export function hostileTargets(h: HostileResult): HostileTarget[] {
  const refused = h.files.filter((f) => f.status >= 400 && f.status < 500 && f.status === f.expected);
  const worstDelay = h.files.reduce((a, b) => (b.maxDelayMs > a.maxDelayMs ? b : a));
  const worstHeap = h.files.reduce((a, b) => (b.heapMb > a.heapMb ? b : a));
  return [
    {
      item: '7. Hostile uploads refused with their 4xx',
      target: `${h.files.length} of ${h.files.length}`,
      measured: `${refused.length} of ${h.files.length}`,
      met: refused.length === h.files.length,
    },
    {
      item: '7. Largest event-loop delay while refusing one',
      target: `< ${MAX_DELAY_MS} ms`,
      measured: `${fmt.num(worstDelay.maxDelayMs, 0)} ms (${worstDelay.name})`,
      met: worstDelay.maxDelayMs < MAX_DELAY_MS,
    },
    {
      item: '7. Largest heap growth while refusing one',
      target: `< ${MAX_HEAP_MB} MB`,
      measured: `${fmt.num(worstHeap.heapMb, 1)} MB (${worstHeap.name})`,
      met: worstHeap.heapMb < MAX_HEAP_MB,
    },
  ];
}

const row = (r: HostileRow) => [
  `\`${r.name}\``,
  r.what,
  fmt.kb(r.bytes),
  `${r.status}${r.status === r.expected ? '' : ` (expected ${r.expected})`}${r.limit ? ` \`${r.limit}\`` : ''}`,
  fmt.num(r.ms, 0),
  fmt.num(r.maxDelayMs, 0),
  fmt.num(r.heapMb, 1),
  fmt.num(r.externalMb, 1),
];

export function hostileMarkdown(h: HostileResult, date: string): string {
  const header = [
    'File',
    'What',
    'Size',
    'Status (limit)',
    'Time ms',
    'Max loop delay ms',
    'Heap MB',
    'Outside heap MB',
  ];
  const lines = [
    HOSTILE_START,
    '## 7. Hostile uploads',
    '',
    `Measured ${date}. Each file of \`tests/import/hostile-corpus.ts\` (generated, none stored) posted to the import route in-process ` +
      '(`app.fetch`: the body limit then sees what a Lambda event carries, lying Content-Length included), timed until the refusal is read. ' +
      '"Max loop delay" is the largest event-loop delay `perf_hooks.monitorEventLoopDelay` saw meanwhile; "Heap" and "Outside heap" the peak ' +
      'growth of `heapUsed` and of `external` (Buffers, zlib output) over a baseline taken after a garbage collection, sampled every 5 ms. ' +
      `Median of ${h.runs} run${h.runs === 1 ? '' : 's'}. The first row is the valid 1,000-row file imported to its 201 (its DynamoDB writes included) for comparison.`,
    '',
    `Limits (shared/import/limits.ts): ${fmt.int(IMPORT_LIMITS.partBytes / 1024 / 1024)} MB inflated per zip part, ${fmt.int(IMPORT_LIMITS.inflatedBytes / 1024 / 1024)} MB in all, ` +
      `inflated/consumed ratio ${IMPORT_LIMITS.compressionRatio} after the first MB, ${fmt.int(IMPORT_LIMITS.rows)} rows, ${IMPORT_LIMITS.columns} columns read, ` +
      `${fmt.int(IMPORT_LIMITS.cellChars)} characters a cell, ${fmt.int(IMPORT_LIMITS.mergedRanges)} merged ranges, ${fmt.int(IMPORT_LIMITS.sharedStrings)} shared strings, ` +
      `XML depth ${IMPORT_LIMITS.xmlDepth}; request bodies 1 MB (JSON, forms) and 10 MB (uploads), counted as read.`,
    '',
    ['| Target | Goal | Measured | Result |', '|---|---|---|---|']
      .concat(
        hostileTargets(h).map(
          (t) => `| ${t.item} | ${t.target} | ${t.measured} | ${t.met ? '**met**' : '**not met**'} |`,
        ),
      )
      .join('\n'),
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...[h.valid, ...h.files].map((r) => `| ${row(r).join(' | ')} |`),
    '',
    HOSTILE_END,
  ];
  return lines.join('\n');
}

/** The document with its hostile part replaced (or added before "Running it"). */
export function spliceHostile(document: string, block: string): string {
  return spliceMarked(document, HOSTILE_START, HOSTILE_END, block);
}
