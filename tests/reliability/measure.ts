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
  /** Peak growth of the memory outside the heap (Buffers, zlib's output) in MB. */
  externalGrowthMb: number;
}

/** Garbage is collected first, so the growth is what the request itself holds. */
export async function measure(run: () => Response | Promise<Response>): Promise<Measured> {
  gc();
  const start = process.memoryUsage();
  const base = start.heapUsed;
  let peak = base;
  let peakExternal = start.external;
  const sampleNow = () => {
    const now = process.memoryUsage();
    peak = Math.max(peak, now.heapUsed);
    peakExternal = Math.max(peakExternal, now.external);
  };
  const sample = setInterval(sampleNow, 5);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The monitor's timer must have ticked once, or a block right at the start goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const started = performance.now();
  const res = await run();
  const body = await res.text();
  const ms = performance.now() - started;
  // The monitor records a blocked stretch when its next timer fires: give it that turn before stopping.
  await new Promise((resolve) => setTimeout(resolve, 25));
  sampleNow();
  delay.disable();
  clearInterval(sample);
  return {
    status: res.status,
    body,
    ms,
    maxDelayMs: delay.max / 1e6,
    heapGrowthMb: (peak - base) / MiB,
    externalGrowthMb: (peakExternal - start.external) / MiB,
  };
}
