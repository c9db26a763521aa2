import { startDynamoDbLocal } from '../shared/adapters/dynamodb/dynamodb-local.js';
import { config } from './config.js';
import { latencySection } from './sections/latency.js';
import { createBenchEnv } from './lib/setup.js';
import { fmt } from './lib/stats.js';

async function main() {
  const dynamo = await startDynamoDbLocal();
  try {
    const env = await createBenchEnv(dynamo.endpoint);
    const t0 = performance.now();
    const rows = await latencySection(env, config.latencyRequests, console.log);
    for (const r of rows) console.log(r.operation, 'inproc', fmt.ms(r.inProcess.p50), fmt.ms(r.inProcess.p99), 'http', fmt.ms(r.http.p50), fmt.ms(r.http.p99), 'raw', fmt.ms(r.raw.p50), fmt.ms(r.raw.p99), 'ratio', fmt.ratio(r.http.p50 / r.raw.p50), fmt.ratio(r.inProcess.p50 / r.raw.p50));
    console.log('latency took', ((performance.now() - t0) / 1000).toFixed(1), 's', 'meter', env.meter.read, env.meter.write);
  } finally {
    await dynamo.stop();
  }
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
