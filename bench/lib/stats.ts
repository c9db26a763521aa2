/** Timing and statistics helpers of the benchmark. */

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export interface LatencyStats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function latencyStats(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length),
  };
}

/** Runs `op(i)` `n` times one after another (after `warmup` untimed runs) and returns each duration in ms. */
export async function timeSequential(
  n: number,
  op: (i: number) => Promise<void>,
  warmup = 0,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await op(n + i);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await op(i);
    out[i] = performance.now() - start;
  }
  return out;
}

/**
 * Times several series in lockstep — request i of every series before request i+1 of any, the order
 * rotating — so that a server warming up (DynamoDB Local's JIT) or slowing down favours none of them.
 */
export async function timeInterleaved(
  n: number,
  ops: ((i: number) => Promise<void>)[],
  warmup = 0,
): Promise<number[][]> {
  for (let i = 0; i < warmup; i++) for (const op of ops) await op(n + i);
  const out = ops.map(() => new Array<number>(n));
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < ops.length; k++) {
      const s = (i + k) % ops.length;
      const start = performance.now();
      await (ops[s] as (i: number) => Promise<void>)(i);
      (out[s] as number[])[i] = performance.now() - start;
    }
  }
  return out;
}

export async function timeOnce<T>(op: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await op();
  return { ms: performance.now() - start, value };
}

export const fmt = {
  ms: (v: number) =>
    Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : '–',
  ratio: (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–'),
  int: (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '–'),
  num: (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–'),
  kb: (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`,
};

/** Runs `op` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  op: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      await op(items[i] as T, i);
    }
  });
  await Promise.all(workers);
}
