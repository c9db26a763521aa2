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

export const SECTIONS = ['latency', 'throughput', 'import', 'summary', 'bundles', 'costs', 'lists'] as const;
export type Section = (typeof SECTIONS)[number];

/** Sections named on the command line (`npm run bench -- lists costs`), else BENCH_SECTIONS, else all. */
function selectedSections(): Section[] {
  const named = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const raw = named.length
    ? named
    : process.env.BENCH_SECTIONS
      ? process.env.BENCH_SECTIONS.split(',').map((s) => s.trim())
      : [...SECTIONS];
  const unknown = raw.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length)
    throw new Error(`unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  return raw as Section[];
}

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
  costRepeats: num('BENCH_COST_REPEATS', QUICK ? 3 : 10),
  /** Items per unit of the lists section. */
  listItems: list('BENCH_LIST_ITEMS', QUICK ? [3000] : [3000, 30000]),
  /** Timed runs per list request (after one untimed). */
  listRuns: num('BENCH_LIST_RUNS', 5),
  sections: selectedSections(),
  /** Only some sections: a partial report, written to a temporary file unless BENCH_OUT is set. */
  partial: selectedSections().length < SECTIONS.length,
  /** Where the report goes: docs/BENCHMARKS.md for a full run; a quick or partial run writes to a temporary file unless BENCH_OUT is set. */
  out: process.env.BENCH_OUT,
};
