/**
 * The app as the api Lambda builds it, wired to DynamoDB Local for the first-request benchmark
 * (bench/sections/first-requests.ts): bundled like the function (infra/bundling.ts), imported by a fresh
 * `node`, which then times one request and the same request again. Only the outside ports differ from
 * AWS: the local JWT verifier (its public key from the environment), a scheduler stand-in and a mailer
 * that builds each message's MIME (as SES SendRawEmail needs) without sending it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import { localVerifier } from '../../shared/adapters/auth/local-keys.js';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { LocalFileStore } from '../../shared/adapters/files/local-file-store.js';
import { buildMime } from '../../shared/adapters/mail/mime.js';
import { buildDeps } from '../../shared/deps.js';
import { createApp } from '../../shared/http/app.js';
import { attachCalendarRescheduling } from '../../shared/services/calendar-reschedule.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const deps = buildDeps({
  client: createDynamoClient({ endpoint: env('BENCH_DYNAMODB_ENDPOINT') }),
  tableName: env('BENCH_TABLE'),
  clock: new FixedClock(new Date(env('BENCH_NOW'))),
  verifier: localVerifier({ publicJwk: JSON.parse(env('BENCH_PUBLIC_JWK')) as JWK } as Parameters<
    typeof localVerifier
  >[0]),
  mailer: {
    send: async (message) => {
      await buildMime(message, 'Theo dõi kiến nghị <no-reply@demo.example>');
      return { messageId: 'bench' };
    },
  },
  scheduler: { upsert: async () => undefined, remove: async () => undefined },
  files: new LocalFileStore(mkdtempSync(join(tmpdir(), 'bench-first-files-'))),
  dev: null,
  web: { signIn: 'local', signLocalToken: async () => 'unused' },
});
attachEscalation(deps);
attachCalendarRescheduling(deps);

export const app = createApp(deps);
