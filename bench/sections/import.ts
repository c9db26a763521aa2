/**
 * 3. Import of an office spreadsheet (XLSX) end to end over HTTP, against raw BatchWriteItem of the same
 * records (each item and its history entry, 25 per call, one call at a time as the import writes). The
 * import leaves its word postings to one unit-work job: run after the 201, as the worker would, and timed.
 */
import { randomUUID } from 'node:crypto';
import { historyItem } from '../../shared/adapters/dynamodb/history-store.js';
import { recommendationToItem } from '../../shared/adapters/dynamodb/recommendation-store.js';
import type { Item } from '../../shared/adapters/dynamodb/table.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { historyEntry } from '../../shared/domain/history.js';
import { newRecommendation } from '../../shared/domain/lifecycle.js';
import { parseRecommendationSheet } from '../../shared/import/index.js';
import { buildXlsx } from '../../tests/import/fixtures.js';
import { httpCall, serveApp } from '../lib/http.js';
import { ACTOR, type BenchEnv, batchWrite, DEPARTMENTS, newDialogue, seedUnit, TODAY } from '../lib/setup.js';
import { timeOnce } from '../lib/stats.js';

export interface ImportRow {
  rows: number;
  fileBytes: number;
  importMs: number;
  rawMs: number;
  /** Items and history entries written by the baseline. */
  rawItems: number;
  scheduleCalls: number;
  /** Time the import spent inside its TransactWriteItems calls, and how many. */
  transactMs: number;
  transactions: number;
  /** The `words` job the import queued (its word postings), run after the 201: time, deliveries, BatchWriteItem calls. */
  jobMs: number;
  jobDeliveries: number;
  jobBatchWrites: number;
}

const HEADER = [
  'STT',
  'Nội dung kiến nghị',
  'Người kiến nghị',
  'Khu phố',
  'Lĩnh vực',
  'Nguồn',
  'Hướng xử lý',
  'Đơn vị chủ trì',
  'Đơn vị phối hợp',
  'Hạn xử lý',
  'Nội dung trả lời / Lý do',
];
const FIELDS = ['Giao thông', 'Môi trường', 'Đất đai', 'An ninh trật tự', 'Y tế', 'Văn hóa'];

/** A spreadsheet like the sample of Phường IV: 75% assigned with a due date, the rest answered, forwarded or declined. */
export async function officeSpreadsheet(rows: number): Promise<Uint8Array> {
  const grid: (string | number | Date | null)[][] = [HEADER];
  for (let i = 1; i <= rows; i++) {
    const kind = i % 20;
    const lead = DEPARTMENTS[i % DEPARTMENTS.length]?.name ?? null;
    const coop = i % 5 === 0 ? (DEPARTMENTS[(i + 1) % DEPARTMENTS.length]?.name ?? null) : null;
    const base = [
      i,
      `Kiến nghị số ${i}: đề nghị sửa chữa mặt đường hẻm ${i % 97}, mưa xuống ngập sâu, người dân đi lại khó khăn`,
      `Người dân ${i}`,
      `Khu phố ${(i % 9) + 1}`,
      FIELDS[i % FIELDS.length] ?? null,
      i % 3 ? 'Tổng hợp trước' : 'Trực tiếp tại hội nghị',
    ];
    if (kind < 15)
      grid.push([...base, 'Giao đơn vị', lead, coop, new Date(Date.UTC(2023, 10, 1 + (i % 28))), null]);
    else if (kind < 17)
      grid.push([...base, 'Trả lời tại hội nghị', null, null, null, 'Đã trả lời trực tiếp tại hội nghị']);
    else if (kind < 19) grid.push([...base, 'Chuyển cấp trên', null, null, null, null]);
    else grid.push([...base, 'Không trả lời', null, null, null, 'Không thuộc thẩm quyền của phường']);
  }
  return buildXlsx(grid);
}

const UNIT = 'imp';
/** Rows of the untimed import that warms DynamoDB Local and the app up. */
const WARM_UP_ROWS = 300;

/** Sums the time the app's Table spends in transactions until stop() (which restores the method). */
function timeTransactions(env: BenchEnv) {
  const table = env.deps.table;
  const original = table.transact;
  let ms = 0;
  let calls = 0;
  table.transact = async function (this: typeof table, ...args: Parameters<typeof original>) {
    const start = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      ms += performance.now() - start;
      calls++;
    }
  } as typeof original;
  return {
    stop() {
      table.transact = original;
      return { ms, calls };
    },
  };
}

export async function importSection(
  env: BenchEnv,
  sizes: number[],
  log: (s: string) => void,
): Promise<ImportRow[]> {
  await seedUnit(env, UNIT);
  const served = await serveApp(env.app.fetch);
  const token = await env.token('office', UNIT);
  const departments = DEPARTMENTS.map((d) => ({ id: d.id, name: d.name }));
  const post = (dialogueId: string, file: Uint8Array) =>
    httpCall(
      `${served.url}/api/dialogues/${dialogueId}/recommendations/import`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        body: file,
      },
      [201],
    );
  // Alone (BENCH_SECTIONS=import), the section would time DynamoDB Local's and the app's warm-up in its
  // first size; in a full run sections 1 and 2 warm them. So one untimed import first, and its job.
  log(`  warm-up: ${WARM_UP_ROWS} rows, untimed…`);
  await post((await newDialogue(env, UNIT)).id, await officeSpreadsheet(WARM_UP_ROWS));
  await env.queue.run();
  const out: ImportRow[] = [];
  for (const rows of sizes) {
    log(`  ${rows} rows: building the XLSX…`);
    const file = await officeSpreadsheet(rows);
    const dialogue = await newDialogue(env, UNIT);
    env.meter.reset();
    env.scheduler.reset();
    const tx = timeTransactions(env);
    const jobsBefore = env.queue.sent.length;
    log(`  ${rows} rows: importing over HTTP…`);
    const imported = await timeOnce(() => post(dialogue.id, file));
    const scheduleCalls = env.scheduler.calls;
    const { ms: transactMs, calls: transactions } = tx.stop();

    // The worker's part: the postings job the import queued, run now (the queue held it).
    const queued = env.queue.sent.length - jobsBefore;
    if (queued !== 1 || env.queue.size !== 1)
      throw new Error(`expected the import's one job, found ${queued}`);
    log(`  ${rows} rows: the worker's job (word postings)…`);
    const batchWritesBefore = env.meter.batchWrites;
    const job = await timeOnce(() => env.queue.run());
    const [run] = job.value;
    if (!run || run.error !== undefined) throw new Error(`the words job failed: ${String(run?.error)}`);
    const jobBatchWrites = env.meter.batchWrites - batchWritesBefore;

    // Baseline: the same records (parsed and built before the clock starts) written with BatchWriteItem.
    const parsed = await parseRecommendationSheet({ bytes: file }, { departments });
    if (!parsed.ok) throw new Error(`baseline parse failed: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
    const rawDialogue = await newDialogue(env, UNIT);
    const calendar = new WorkingCalendar([]);
    const now = new Date(`${TODAY}T02:00:00Z`);
    const items: Item[] = [];
    parsed.rows.forEach(({ row: _row, ...input }, i) => {
      const rec = newRecommendation(
        input,
        { id: randomUUID(), ref: `RAW-2023-${String(i + 1).padStart(6, '0')}` },
        rawDialogue,
        {
          actor: ACTOR,
          now,
          today: TODAY,
          calendar,
          defaultAnswerWorkingDays: 15,
        },
      );
      items.push(
        recommendationToItem(UNIT, rec),
        historyItem(UNIT, 'REC', rec.id, rec.version, historyEntry(ACTOR, now, 'created', null, rec)),
      );
    });
    log(`  ${rows} rows: raw BatchWriteItem of ${items.length} items…`);
    const raw = await timeOnce(() => batchWrite(env.raw, env.tableName, items, 1));
    out.push({
      rows,
      fileBytes: file.length,
      importMs: imported.ms,
      rawMs: raw.ms,
      rawItems: items.length,
      scheduleCalls,
      transactMs,
      transactions,
      jobMs: job.ms,
      jobDeliveries: run.deliveries,
      jobBatchWrites,
    });
    log(
      `  ${rows} rows: import ${(imported.ms / 1000).toFixed(1)} s, raw ${(raw.ms / 1000).toFixed(1)} s, ` +
        `postings job ${(job.ms / 1000).toFixed(1)} s`,
    );
  }
  await served.close();
  return out;
}
