/** One request measured: its time, the largest event-loop delay while it ran, the heap's peak growth. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface Measured {
  status: number;
  body: string;
  ms: number;
  maxDelayMs: number;
  heapGrowthMb: number;
}

/** Garbage is collected first, so the growth is what the request itself holds. */
export async function measure(run: () => Response | Promise<Response>): Promise<Measured> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const res = await run();
  const body = await res.text();
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  delay.disable();
  clearInterval(sample);
  return { status: res.status, body, ms, maxDelayMs: delay.max / 1e6, heapGrowthMb: (peak - base) / MiB };
}
