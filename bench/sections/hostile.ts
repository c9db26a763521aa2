/**
 * 7. Hostile uploads: each file of tests/import/hostile-corpus.ts posted to the import route (in-process,
 * `app.fetch`, so a lying Content-Length reaches the app as a Lambda event would), timed until the refusal
 * is read, with the peak growth of the heap and of the memory outside it and the largest event-loop delay,
 * beside the same figures for importing the valid 1,000-row file (to its 201, DynamoDB writes included).
 * Median of `runs` for each figure.
 */

import { type HostileFile, hostileCorpus, XLSX_TYPE } from '../../tests/import/hostile-corpus.js';
import { measure } from '../../tests/reliability/measure.js';
import { chunkedBody } from '../../tests/support/chunked.js';
import { type BenchEnv, newDialogue, seedUnit } from '../lib/setup.js';
import { median } from '../lib/stats.js';
import { officeSpreadsheet } from './import.js';

export interface HostileRow {
  name: string;
  what: string;
  bytes: number;
  status: number;
  expected: number;
  /** The limit the problem named, if any. */
  limit: string | null;
  ms: number;
  maxDelayMs: number;
  heapMb: number;
  externalMb: number;
}

export interface HostileResult {
  runs: number;
  valid: HostileRow;
  files: HostileRow[];
}

const UNIT = 'hostile';

function request(file: HostileFile, dialogueId: string, token: string): () => Request {
  const path =
    file.route === 'json'
      ? `/api/dialogues/${dialogueId}/recommendations`
      : `/api/dialogues/${dialogueId}/recommendations/import`;
  return () => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'content-type': file.contentType,
    };
    if (!file.send) return new Request(`http://bench${path}`, { method: 'POST', headers, body: file.bytes });
    if (file.send === 'lying-length') headers['content-length'] = '1000';
    const { pulled: _, ...body } = chunkedBody(file.bytes);
    return new Request(`http://bench${path}`, { method: 'POST', headers, ...body } as RequestInit);
  };
}

async function run(
  env: BenchEnv,
  file: HostileFile,
  runs: number,
  make: () => Promise<() => Request>,
): Promise<HostileRow> {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const next = await make();
    samples.push(await measure(() => env.app.fetch(next())));
  }
  const first = samples[0];
  let limit: string | null = null;
  try {
    limit = (JSON.parse(first?.body ?? '{}') as { limit?: { name: string } }).limit?.name ?? null;
  } catch {
    // not a problem document
  }
  return {
    name: file.name,
    what: file.what,
    bytes: file.bytes.length,
    status: first?.status ?? 0,
    expected: file.status,
    limit,
    ms: median(samples.map((s) => s.ms)),
    maxDelayMs: median(samples.map((s) => s.maxDelayMs)),
    heapMb: median(samples.map((s) => s.heapGrowthMb)),
    externalMb: median(samples.map((s) => s.externalGrowthMb)),
  };
}

export async function hostileSection(
  env: BenchEnv,
  runs: number,
  log: (s: string) => void,
): Promise<HostileResult> {
  await seedUnit(env, UNIT);
  const token = await env.token('office', UNIT);
  log('  generating the hostile corpus…');
  const corpus = await hostileCorpus();

  const validFile: HostileFile = {
    name: 'valid-1000-rows',
    what: 'the benchmark’s valid 1,000-row file, imported (201)',
    bytes: await officeSpreadsheet(1000),
    contentType: XLSX_TYPE,
    status: 422, // not used: the row's expected status is set to 201 below
  };
  // Each run imports into a new dialogue (an import into the same dialogue would be a replay).
  const valid = {
    ...(await run(env, validFile, runs, async () =>
      request(validFile, (await newDialogue(env, UNIT)).id, token),
    )),
    expected: 201,
  };
  log(`  ${valid.name}: ${valid.status} in ${valid.ms.toFixed(0)} ms`);

  const dialogue = await newDialogue(env, UNIT);
  const files: HostileRow[] = [];
  for (const file of corpus) {
    const row = await run(env, file, runs, async () => request(file, dialogue.id, token));
    files.push(row);
    log(
      `  ${file.name}: ${row.status} in ${row.ms.toFixed(0)} ms, loop ≤ ${row.maxDelayMs.toFixed(0)} ms, heap +${row.heapMb.toFixed(1)} MB`,
    );
  }
  return { runs, valid, files };
}
