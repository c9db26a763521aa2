/**
 * Hostile uploads (tests/import/hostile-corpus.ts) are refused with a 4xx problem naming the limit, and
 * none of them stalls the event loop (every other unit shares this process) or grows the heap much: per
 * file, the largest event-loop delay (perf_hooks.monitorEventLoopDelay) must stay under 200 ms and the
 * heap's growth under 100 MB.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../../shared/http/body-limit.js';
import { type HostileFile, hostileCorpus } from '../import/hostile-corpus.js';
import { createTestApp, seedUnit, tokenFor } from '../support/app.js';
import { chunkedBody } from '../support/chunked.js';
import { measure } from './measure.js';

const MAX_DELAY_MS = 200;
const MAX_HEAP_GROWTH_MB = 100;

let t: Awaited<ReturnType<typeof createTestApp>>;
let dialogueId: string;
let token: string;
let corpus: HostileFile[];

beforeAll(async () => {
  t = await createTestApp();
  ({ dialogueId } = await seedUnit(t));
  token = await tokenFor('office');
  corpus = await hostileCorpus();
}, 300_000);

function send(file: HostileFile) {
  const path =
    file.route === 'json'
      ? `/api/dialogues/${dialogueId}/recommendations`
      : `/api/dialogues/${dialogueId}/recommendations/import`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    'content-type': file.contentType,
  };
  if (!file.send)
    return { pulled: null, run: () => t.app.request(path, { method: 'POST', headers, body: file.bytes }) };
  const { pulled, ...body } = chunkedBody(file.bytes);
  if (file.send === 'lying-length') headers['content-length'] = '1000';
  const init = { method: 'POST', headers, ...body } as RequestInit;
  return { pulled, run: () => t.app.request(path, init) };
}

describe('hostile uploads', () => {
  it('the corpus covers every kind of hostile file the issue lists', () => {
    const names = corpus.map((f) => f.name);
    for (const kind of [
      'sparse-far-cell',
      'zip-bomb-150mb',
      'zip-bomb-1gb-declared-4gb',
      'long-attribute-name',
      'unterminated-tag',
      'merged-100k',
      'shared-strings-1m',
      'deep-nesting',
      'entity-expansion',
      'csv-digits-60k',
      'csv-header-parens-40k',
      'chunked-12mb',
    ]) {
      expect(names).toContain(kind);
    }
  });

  it('refuses each with its 4xx problem, under 200 ms of event-loop delay and 100 MB of heap growth', async () => {
    const rows: string[] = [];
    const failures: string[] = [];
    for (const file of corpus) {
      let { pulled, run } = send(file);
      let m = await measure(run);
      // The machine is shared: a delay from another process or a garbage collection is noise, a delay
      // the parser causes comes back every time. Best of five before calling it a failure.
      for (
        let attempt = 1;
        attempt < 5 && (m.maxDelayMs >= MAX_DELAY_MS || m.heapGrowthMb >= MAX_HEAP_GROWTH_MB);
        attempt++
      ) {
        ({ pulled, run } = send(file));
        const again = await measure(run);
        if (again.maxDelayMs < m.maxDelayMs) m = again;
      }
      rows.push(
        `${file.name.padEnd(28)} ${String(file.bytes.length).padStart(9)} B → ${m.status} in ${m.ms.toFixed(0)} ms, ` +
          `loop delay ≤ ${m.maxDelayMs.toFixed(0)} ms, heap +${m.heapGrowthMb.toFixed(1)} MB`,
      );
      const problem = JSON.parse(m.body) as {
        status: number;
        errors: { field: string }[];
        limit?: { name: string };
      };
      if (m.status !== file.status)
        failures.push(`${file.name}: status ${m.status}, expected ${file.status}: ${m.body.slice(0, 200)}`);
      if (problem.status !== m.status || !problem.errors?.length)
        failures.push(`${file.name}: not a problem: ${m.body.slice(0, 200)}`);
      if (file.limit && problem.limit?.name !== file.limit)
        failures.push(`${file.name}: limit ${problem.limit?.name}, expected ${file.limit}`);
      if (m.maxDelayMs >= MAX_DELAY_MS)
        failures.push(`${file.name}: event loop delayed ${m.maxDelayMs.toFixed(0)} ms`);
      if (m.heapGrowthMb >= MAX_HEAP_GROWTH_MB)
        failures.push(`${file.name}: heap grew ${m.heapGrowthMb.toFixed(0)} MB`);
      // Refused as soon as the count passed the limit: not read to the end.
      if (pulled && file.route !== 'json' && pulled.bytes > MAX_UPLOAD_BYTES + 128 * 1024)
        failures.push(`${file.name}: ${pulled.bytes} bytes read past the limit`);
    }
    console.log(rows.join('\n'));
    expect(failures).toEqual([]);
  }, 600_000);
});
