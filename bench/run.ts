import { config } from './config.js';
import { bundlesSection } from './sections/bundles.js';

async function main() {
  const t0 = performance.now();
  const r = await bundlesSection(config.coldRuns, console.log);
  for (const x of r) console.log(x.name, x.bytes, JSON.stringify(x.top));
  console.log('took', ((performance.now() - t0) / 1000).toFixed(1), 's');
}
main().catch((e) => { console.error(e); process.exitCode = 1; });
