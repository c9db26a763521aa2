/**
 * Brings every item stored by an earlier version up to date: list attributes, cooperation entries, word
 * postings and the derived fields (shared/services/list-backfill.ts), and finishes word postings a
 * process left half written. Safe while the app is in use, and to run again.
 *
 * In AWS, after `cdk deploy` has added the byDepartmentRole index (wait until it is ACTIVE), from a shell with
 * credentials allowed to read and write the table (e.g. AWS CloudShell):
 *   TABLE_NAME=<the stack's table> AWS_REGION=<region> npx tsx scripts/backfill-lists.ts [--unit <unitId>]
 * Locally: `npm start` runs it on the local table at start-up.
 */
import { systemClock } from '../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { ENV, requireEnv } from '../shared/config.js';
import { buildTrackerDeps } from '../shared/deps.js';
import { backfillAll, backfillUnit } from '../shared/services/list-backfill.js';

const args = process.argv.slice(2);
const unitFlag = args.indexOf('--unit');
const unitId = unitFlag >= 0 ? args[unitFlag + 1] : undefined;
const endpoint = process.env.DYNAMODB_ENDPOINT;

const client = createDynamoClient(endpoint ? { endpoint } : {});
const deps = buildTrackerDeps({ client, tableName: requireEnv(ENV.tableName), clock: systemClock });
const started = Date.now();
const result = unitId
  ? await backfillUnit(deps, unitId)
  : await backfillAll(deps, (line) => console.log(line));
console.log(
  `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.examined} items looked at, ` +
    `${result.reindexed} reindexed, ${result.repaired} given derived fields, ` +
    `${result.wordMarkers} half-written word postings finished.`,
);
client.destroy();
