/**
 * `npm start`: the whole product on a laptop — DynamoDB Local (data under DATA_DIR, default .data/),
 * the table, a demo unit, local sign-in keys, the outbox instead of SES, the local scheduler — served on PORT.
 */
import { serve } from '@hono/node-server';
import { loadOrCreateLocalKeys, localVerifier, signLocalToken } from '../shared/adapters/auth/local-keys.js';
import { AdjustableClock } from '../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../shared/adapters/dynamodb/create-table.js';
import { JavaMissingError, startDynamoDbLocal } from '../shared/adapters/dynamodb/dynamodb-local.js';
import { OutboxMailer } from '../shared/adapters/mail/outbox-mailer.js';
import { buildDeps } from '../shared/deps.js';
import { createApp } from '../shared/http/app.js';
import { backfillAll } from '../shared/services/list-backfill.js';
import { DEMO_UNIT, seedDemo } from './demo-data.js';
import { DATA_DIR, DYNAMODB_DIR, KEYS_FILE, LOCAL_TABLE, OUTBOX_DIR } from './local-paths.js';
import { startLocalScheduling } from './local-scheduling.js';

const port = Number(process.env.PORT ?? 3000);
const baseUrl = `http://localhost:${port}`;

async function main(): Promise<void> {
  console.log(`Dữ liệu cục bộ: ${DATA_DIR}`);
  const dynamo = await startDynamoDbLocal({
    path: DYNAMODB_DIR,
    ...(process.env.DYNAMODB_PORT ? { port: Number(process.env.DYNAMODB_PORT) } : {}),
  });
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
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
    dev: { setClock: (now) => clock.set(now), outbox },
    settings: { publicBaseUrl: baseUrl },
    web: { signIn: 'local', signLocalToken: (claims) => signLocalToken(keys, claims) },
  });
  scheduling.attach(deps);
  // Items stored by an earlier version get their list attributes (cheap once done: nothing to do).
  const backfilled = await backfillAll(deps);
  if (backfilled.reindexed + backfilled.repaired > 0)
    console.log(
      `Đã cập nhật ${backfilled.reindexed + backfilled.repaired} kiến nghị lưu bởi phiên bản trước.`,
    );

  const seeded = await seedDemo(deps);
  if (seeded.seeded)
    console.log(`Đã tạo đơn vị mẫu "${DEMO_UNIT.name}" với ${seeded.recommendations} kiến nghị.`);

  const server = serve({ fetch: createApp(deps).fetch, port });
  console.log(`
Đang chạy: ${baseUrl}
  Trang web:        ${baseUrl}/
  Trang công khai:  ${baseUrl}/public/${DEMO_UNIT.id}
  Hộp thư (outbox): ${baseUrl}/dev/outbox
  OpenAPI:          ${baseUrl}/openapi.json
Mã truy cập API:  npm run -s token -- office   (admin, office, front, standing, department:<mã phòng ban>)
  ví dụ: curl -H "Authorization: Bearer $(npm run -s token -- office)" ${baseUrl}/api/recommendations
Nhấn Ctrl-C để dừng.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nĐang dừng…');
    scheduling.stop();
    server.close();
    client.destroy();
    await dynamo.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
