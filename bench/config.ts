/** Sizes and durations of the benchmark; BENCH_QUICK=1 shrinks them for development runs. */

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
};

const list = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  return raw ? raw.split(',').map((v) => Number(v.trim())) : fallback;
};

export const QUICK = process.env.BENCH_QUICK === '1';

const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));

export const SECTIONS = [
  'latency',
  'throughput',
  'import',
  'hostile',
  'summary',
  'bundles',
  'first-requests',
  'costs',
  'lists',
] as const;
export type Section = (typeof SECTIONS)[number];

export const config = {
  quick: QUICK,
  /** Requests per latency series (each of in-process, HTTP and raw). */
  latencyRequests: num('BENCH_LATENCY_N', QUICK ? 200 : 2000),
  loadSeconds: num('BENCH_LOAD_SECONDS', QUICK ? 5 : 20),
  loadConnections: num('BENCH_CONNECTIONS', 50),
  importRows: list('BENCH_IMPORT_ROWS', QUICK ? [200, 1000] : [1000, 10000]),
  summaryItems: num('BENCH_SUMMARY_ITEMS', QUICK ? 10000 : 100000),
  /** Items of the 100k unit awaiting an answer past their due date (what the summary reads beside its aggregates). */
  summaryOverdue: num('BENCH_SUMMARY_OVERDUE', QUICK ? 50 : 500),
  coldRuns: num('BENCH_COLD_RUNS', QUICK ? 3 : 10),
  /** Fresh processes per lazily loaded route (first request after a cold start). */
  firstRequestRuns: num('BENCH_FIRST_RUNS', QUICK ? 2 : 5),
  costRepeats: num('BENCH_COST_REPEATS', QUICK ? 3 : 10),
  /** Items per unit of the lists section. */
  listItems: list('BENCH_LIST_ITEMS', QUICK ? [3000] : [3000, 30000]),
  /** Timed runs per list request (after one untimed). */
  listRuns: num('BENCH_LIST_RUNS', 5),
  /** Runs per hostile file (the median is reported). */
  hostileRuns: num('BENCH_HOSTILE_RUNS', QUICK ? 1 : 3),
  /** `npm run bench -- hostile import` or BENCH_SECTIONS=hostile,import; all sections by default. */
  sections: (args.length > 0
    ? args
    : process.env.BENCH_SECTIONS
      ? process.env.BENCH_SECTIONS.split(',').map((s) => s.trim())
      : [...SECTIONS]) as Section[],
  /** Where the report goes: docs/BENCHMARKS.md for a full run; a quick run writes to a temporary file unless BENCH_OUT is set. */
  out: process.env.BENCH_OUT,
};
