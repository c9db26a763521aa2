/**
 * 4. Quarterly summary of a unit with many items: time and read units of the report service's summary
 * (aggregate items + the overdue index) against a full recount (every item of the unit + sumCounters).
 * The items are loaded as images with BatchWriteItem (creating 100,000 through the API would take hours
 * here), with their per-quarter aggregates computed by sumCounters, as the API would have kept them.
 */

import type { Dialogue, Recommendation } from '../../shared/domain/model.js';
import { counter, sumCounters } from '../../shared/domain/reports/aggregate-counters.js';
import { quarterlySummary } from '../../shared/services/report-service.js';
import {
  type BenchEnv,
  batchWrite,
  DEPARTMENTS,
  type ImageStatus,
  loadImages,
  newDialogue,
  recommendationImage,
  TODAY,
} from '../lib/setup.js';
import { median, timeOnce } from '../lib/stats.js';

export interface SummaryResult {
  items: number;
  quarters: number;
  overdue: number;
  quarter: string;
  loadSeconds: number;
  summary: { ms: number; readUnits: number; calls: number };
  recount: { ms: number; readUnits: number; calls: number };
  /** The aggregate equals the recount of the quarter (the summary is right, not only fast). */
  consistent: boolean;
}

const UNIT = 'big';
const QUARTERS = Array.from({ length: 12 }, (_, i) => ({
  year: 2021 + Math.floor(i / 4),
  quarter: (i % 4) + 1,
}));

/** Closed items mostly; a few open, of which `overdue` past their due date. */
function statusOf(i: number): ImageStatus {
  const r = i % 100;
  if (r < 60) return 'confirmed';
  if (r < 75) return 'resolved';
  if (r < 85) return 'answered_at_dialogue';
  if (r < 92) return 'forwarded';
  if (r < 95) return 'declined';
  return 'confirmed';
}

export async function summarySection(
  env: BenchEnv,
  total: number,
  overdue: number,
  log: (s: string) => void,
): Promise<SummaryResult> {
  const { deps } = env;
  await deps.units.putUnit({ id: UNIT, code: 'BIG', name: 'Phường có 100.000 kiến nghị' });
  for (const d of DEPARTMENTS)
    await deps.units.createDepartment(
      UNIT,
      d,
      { sub: 'bench', name: 'bench', roles: ['admin'], departmentId: null },
      deps.clock.now(),
    );
  const dialogues: Dialogue[] = [];
  for (const q of QUARTERS)
    dialogues.push(
      await newDialogue(env, UNIT, `${q.year}-${String((q.quarter - 1) * 3 + 1).padStart(2, '0')}-10`),
    );

  log(`  building ${total} item images…`);
  const recs: Recommendation[] = [];
  const perQuarter = Math.floor(total / QUARTERS.length);
  let n = 0;
  for (const [qi, dialogue] of dialogues.entries()) {
    const count = qi === dialogues.length - 1 ? total - perQuarter * (QUARTERS.length - 1) : perQuarter;
    for (let i = 0; i < count; i++) {
      n++;
      const departmentId = DEPARTMENTS[n % DEPARTMENTS.length]?.id as string;
      // Open items: `overdue` of the previous quarter's items past due on TODAY, 2% of this quarter's due later.
      const open = qi === dialogues.length - 2 && i < overdue;
      const dueLater = qi === dialogues.length - 1 && i < count * 0.02;
      const dueDate = open ? '2023-10-02' : dueLater ? '2023-12-15' : undefined;
      const status: ImageStatus = open || dueLater ? 'assigned' : statusOf(n);
      recs.push(
        recommendationImage({
          unitCode: 'BIG',
          n,
          dialogue,
          status,
          departmentId,
          ...(dueDate ? { dueDate } : {}),
        }),
      );
    }
  }
  const counts = Object.fromEntries(QUARTERS.map((q) => [`${q.year}-Q${q.quarter}`, 1]));
  log(`  loading ${recs.length} items with BatchWriteItem…`);
  const load = await timeOnce(() =>
    batchWrite(env.raw, env.tableName, loadImages(UNIT, recs, { dialogues: counts }), 8),
  );
  const overdueCount = recs.filter(
    (r) => r.status === 'assigned' && r.dueDate !== null && r.dueDate < TODAY,
  ).length;

  const quarter = { year: 2023, quarter: 3 as const };
  const key = '2023-Q3';
  log(`  quarterly summary of ${key}…`);
  const runs: { ms: number; readUnits: number; calls: number }[] = [];
  for (let i = 0; i < 5; i++) {
    env.meter.reset();
    const { ms } = await timeOnce(() => quarterlySummary(deps, UNIT, quarter));
    runs.push({ ms, readUnits: env.meter.read, calls: env.meter.calls });
  }
  log('  full recount (every item of the unit)…');
  env.meter.reset();
  const recount = await timeOnce(async () =>
    sumCounters((await deps.recommendations.all(UNIT)).filter((r) => r.quarter === key)),
  );
  const recountUsage = { ms: recount.ms, readUnits: env.meter.read, calls: env.meter.calls };
  const stored = await deps.recommendations.aggregate(UNIT, key);
  const { [counter.dialogues]: _dialogues, ...storedItems } = stored;
  const consistent =
    JSON.stringify(Object.entries(storedItems).sort()) ===
    JSON.stringify(Object.entries(recount.value).sort());
  return {
    items: recs.length,
    quarters: QUARTERS.length,
    overdue: overdueCount,
    quarter: key,
    loadSeconds: load.ms / 1000,
    summary: {
      ms: median(runs.map((r) => r.ms)),
      readUnits: median(runs.map((r) => r.readUnits)),
      calls: median(runs.map((r) => r.calls)),
    },
    recount: recountUsage,
    consistent,
  };
}
