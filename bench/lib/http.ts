/** Serving an app over real HTTP (@hono/node-server) and calling it, for the honest latency figures. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface Served {
  url: string;
  close(): Promise<void>;
}

export function serveApp(fetch: (request: Request) => Response | Promise<Response>): Promise<Served> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** One request over HTTP (keep-alive), the body read to the end; throws on an unexpected status. */
export async function httpCall(url: string, init: RequestInit, expected: number[] = [200]): Promise<number> {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!expected.includes(res.status))
    throw new Error(`${init.method ?? 'GET'} ${url} → ${res.status} ${text.slice(0, 300)}`);
  return res.status;
}
