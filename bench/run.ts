import { startDynamoDbLocal } from '../shared/adapters/dynamodb/dynamodb-local.js';
import { config } from './config.js';
import { throughputSection } from './sections/throughput.js';
import { createBenchEnv } from './lib/setup.js';

async function main() {
  const dynamo = await startDynamoDbLocal();
  try {
    const env = await createBenchEnv(dynamo.endpoint);
    const t0 = performance.now();
    const r = await throughputSection(env, config.loadConnections, config.loadSeconds, console.log);
    console.log(JSON.stringify(r, null, 1));
    console.log('took', ((performance.now() - t0) / 1000).toFixed(1), 's');
  } finally {
    await dynamo.stop();
  }
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
