/**
 * `npm start`: the whole product on a laptop — DynamoDB Local (data under DATA_DIR, default .data/),
 * the table, a demo unit, local sign-in keys, the outbox instead of SES, the local scheduler — served on
 * PORT, on 127.0.0.1 unless HOST says otherwise. DynamoDB Local always listens on 127.0.0.1 only.
 *
 * Whatever happens it leaves no DynamoDB Local behind: a start that fails (port taken, Java missing, a
 * bad data directory, an error while seeding) stops it and says what to do; Ctrl-C and SIGTERM stop
 * it; a start that was killed outright is cleaned up by the next one (scripts/local-lock.ts), whose
 * seeding completes the demo (scripts/demo-data.ts).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { loadOrCreateLocalKeys, localVerifier, signLocalToken } from '../shared/adapters/auth/local-keys.js';
import { AdjustableClock } from '../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.js';
import {
  assertPortFree,
  assertWritableDir,
  LocalStartError,
  startDynamoDbLocal,
} from '../shared/adapters/dynamodb/dynamodb-local.js';
import { LocalFileStore } from '../shared/adapters/files/local-file-store.js';
import { OutboxMailer } from '../shared/adapters/mail/outbox-mailer.js';
import { buildDeps } from '../shared/deps.js';
import { createApp } from '../shared/http/app.js';
import type { AppDeps } from '../shared/http/env.js';
import { backfillAll } from '../shared/services/list-backfill.js';
import { ROLE_LABEL } from '../shared/web/format.js';
import { DEMO_UNIT, seedDemo } from './demo-data.js';
import { DataDirLock } from './local-lock.js';
import { DATA_DIR, DYNAMODB_DIR, FILES_DIR, KEYS_FILE, LOCAL_TABLE, OUTBOX_DIR } from './local-paths.js';
import { startLocalScheduling } from './local-scheduling.js';

/** What to stop, newest first, once (on failure, Ctrl-C, SIGTERM). */
const cleanups: (() => Promise<void> | void)[] = [];
let stopping: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  stopping ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`Lỗi khi dừng: ${String(error)}`);
      }
    }
  })();
  return stopping;
}

function portFrom(variable: string, fallback?: number): number | undefined {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new LocalStartError(`${variable} phải là số cổng từ 1 đến 65535, không phải "${raw}".`);
  return port;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

async function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, host: string) {
  const server = createAdaptorServer({ fetch }) as Server;
  server.listen(port, host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => {
      throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? new LocalStartError(
            `Cổng ${port} vừa bị chương trình khác chiếm. Hãy chạy lại, hoặc chọn cổng khác: PORT=<cổng> npm start`,
          )
        : error;
    }),
  ]);
  return server;
}

async function printUsers(deps: AppDeps, baseUrl: string): Promise<void> {
  const people = (await deps.users.list(DEMO_UNIT.id)).filter((p) => !p.disabled);
  const rows: [string, string][] = [
    ['system', `${ROLE_LABEL.system} (mọi đơn vị)`],
    ...people
      .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.name.localeCompare(b.name, 'vi'))
      .map((p): [string, string] => [
        p.role === 'department' ? `department:${p.departmentId}` : p.role,
        p.role === 'department' ? p.name : `${p.name} — ${ROLE_LABEL[p.role]}`,
      ]),
  ];
  const width = Math.max(...rows.map(([spec]) => spec.length)) + 2;
  console.log(
    `\nNgười dùng mẫu của "${DEMO_UNIT.name}" (chọn tại ${baseUrl}/signin; mã truy cập API: npm run -s token -- <vai trò>):`,
  );
  console.log(`  ${'vai trò'.padEnd(width)}người dùng`);
  for (const [spec, label] of rows) console.log(`  ${spec.padEnd(width)}${label}`);
}

const ORDER = ['admin', 'office', 'front', 'standing', 'department'];
const roleOrder = (role: string) => ORDER.indexOf(role);

async function main(): Promise<void> {
  const host = process.env.HOST || '127.0.0.1';
  const port = portFrom('PORT', 3000) as number;
  const dynamoPort = portFrom('DYNAMODB_PORT');
  const baseUrl = `http://${isLoopback(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${port}`;

  console.log(`Dữ liệu cục bộ: ${DATA_DIR}`);
  assertWritableDir(DATA_DIR);
  const { lock, stale } = await DataDirLock.acquire(DATA_DIR, DYNAMODB_DIR);
  cleanups.push(() => lock.release());
  if (stale)
    console.log(`Đã dừng DynamoDB Local còn sót lại từ lần chạy bị ngắt trước (tiến trình ${stale}).`);
  await assertPortFree(host, port, 'PORT');

  const dynamo = await startDynamoDbLocal({
    // Only this process talks to the database: it stays on 127.0.0.1 whatever HOST says.
    path: DYNAMODB_DIR,
    ...(dynamoPort ? { port: dynamoPort } : {}),
  });
  lock.recordDynamo(dynamo.pid);
  cleanups.push(() => dynamo.stop());
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  cleanups.push(() => client.destroy());
  await ensureTable(client, LOCAL_TABLE);

  const clock = new AdjustableClock();
  const outbox = new OutboxMailer(OUTBOX_DIR);
  const keys = await loadOrCreateLocalKeys(KEYS_FILE);
  const scheduling = startLocalScheduling({ client, tableName: LOCAL_TABLE, clock });
  const deps = buildDeps({
    client,
    tableName: LOCAL_TABLE,
    clock,
    verifier: localVerifier(keys),
    mailer: outbox,
    scheduler: scheduling.scheduler,
    // Presigned URLs are signed by the clock a developer may move: the files' expiry follows it.
    files: new LocalFileStore(FILES_DIR, () => clock.now()),
    dev: { setClock: (now) => clock.set(now), outbox },
    settings: { publicBaseUrl: baseUrl },
    web: { signIn: 'local', signLocalToken: (claims) => signLocalToken(keys, claims) },
  });
  // The demo's import leaves its search postings to the local worker, as in AWS.
  scheduling.unitQueue(deps);
  // Items stored by an earlier version get their list attributes (cheap once done: nothing to do).
  const backfilled = await backfillAll(deps);
  if (backfilled.reindexed + backfilled.repaired > 0)
    console.log(
      `Đã cập nhật ${backfilled.reindexed + backfilled.repaired} kiến nghị lưu bởi phiên bản trước.`,
    );

  const seeded = await seedDemo(deps, (line) => console.log(line));
  if (seeded.seeded)
    console.log(`Đơn vị mẫu "${DEMO_UNIT.name}" đã sẵn sàng với ${seeded.recommendations} kiến nghị.`);
  scheduling.attach(deps);
  cleanups.push(() => scheduling.stop());

  const server = await listen(createApp(deps).fetch, port, host);
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  await printUsers(deps, baseUrl);
  console.log(`
Đang chạy: ${baseUrl}${isLoopback(host) ? ' (chỉ máy này truy cập được; HOST=0.0.0.0 để mở cho mạng)' : ''}
  Trang web:        ${baseUrl}/
  Quản trị:         ${baseUrl}/admin
  Trang công khai:  ${baseUrl}/public/${DEMO_UNIT.id}
  Hộp thư (outbox): ${baseUrl}/dev/outbox
  OpenAPI:          ${baseUrl}/openapi.json
  ví dụ: curl -H "Authorization: Bearer $(npm run -s token -- office)" ${baseUrl}/api/recommendations
Nhấn Ctrl-C để dừng.`);
  if (!isLoopback(host))
    console.log(`Chú ý: HOST=${host}: trang đăng nhập thử (có quyền quản trị) mở cho mọi máy trong mạng.`);
}

async function stopAndExit(code: number): Promise<never> {
  await cleanUp();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    console.log('\nĐang dừng…');
    void stopAndExit(0);
  });
}
process.on('uncaughtException', (error) => {
  console.error(error);
  void stopAndExit(1);
});
process.on('unhandledRejection', (error) => {
  console.error(error);
  void stopAndExit(1);
});

main().catch(async (error: unknown) => {
  if (error instanceof LocalStartError) console.error(`\nKhông khởi động được: ${error.message}`);
  else {
    console.error(error);
    console.error(
      '\nKhông khởi động được (lỗi ở trên). DynamoDB Local đã được dừng; dữ liệu đã ghi vẫn giữ nguyên — chạy lại `npm start` sẽ tiếp tục từ chỗ dừng.',
    );
  }
  await stopAndExit(1);
});
