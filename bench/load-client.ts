/**
 * Load generator run in its own process (so it does not share the server's event loop): autocannon with
 * a mix of reads and writes over many items. Reads its settings from the JSON file named in argv[2] and
 * prints the result as one JSON line.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface LoadSettings {
  url: string;
  connections: number;
  seconds: number;
  headers: { get: Record<string, string>; inbox: Record<string, string>; resolve: Record<string, string> };
  paths: { get: string; inbox: string; resolve: string };
  getIds: string[];
  resolveIds: string[];
  /** Share of requests: resolve, inbox page; the rest are single-item reads. */
  mix: { resolve: number; inbox: number; deliberateConflict: number };
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  conflictsSent: number;
  /** Resolves sent after the pool of fresh items ran out (they conflict too; 0 when the pool is big enough). */
  poolExhausted: number;
}

async function main() {
  const s = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as LoadSettings;
  let nextResolve = 0;
  let getIndex = 0;
  let conflictsSent = 0;
  const body = JSON.stringify({ answer: 'Đã khắc phục, đề nghị Mặt trận kiểm tra' });
  const result = await autocannon({
    url: s.url,
    connections: s.connections,
    duration: s.seconds,
    requests: [
      {
        setupRequest: (req) => {
          const roll = Math.random();
          if (roll < s.mix.resolve) {
            // A few resolves hit an item resolved earlier in the run: the deliberate 409s.
            const used = Math.min(nextResolve, s.resolveIds.length);
            const conflict = used > 0 && Math.random() < s.mix.deliberateConflict / s.mix.resolve;
            const id = conflict
              ? s.resolveIds[Math.floor(Math.random() * used)]
              : s.resolveIds[nextResolve++ % s.resolveIds.length];
            if (conflict) conflictsSent++;
            return {
              ...req,
              method: 'POST',
              path: s.paths.resolve.replace('{id}', id as string),
              headers: s.headers.resolve,
              body,
            };
          }
          if (roll < s.mix.resolve + s.mix.inbox)
            return { ...req, method: 'GET', path: s.paths.inbox, headers: s.headers.inbox };
          const id = s.getIds[getIndex++ % s.getIds.length] as string;
          return { ...req, method: 'GET', path: s.paths.get.replace('{id}', id), headers: s.headers.get };
        },
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = (stat as { count: number }).count;
  const out: LoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    conflictsSent,
    poolExhausted: Math.max(0, nextResolve - s.resolveIds.length),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
