/**
 * `npm run redrive -- <source> [--stage prod] [--dry-run] [--max N]`: sends the messages of one
 * dead-letter queue back (scripts/ops/redrive.ts). Sources: escalation, recurring, unit-work, ses-events.
 * Uses the AWS credentials and region of the shell (AWS_PROFILE / AWS_REGION), as `cdk deploy` does.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { APP_NAME } from '../infra/config.js';
import { DEAD_LETTER_SOURCES, type DeadLetterSource } from '../shared/config.js';
import { redrive } from './ops/redrive.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const source = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1]?.startsWith('--') !== true);
if (!source || !(DEAD_LETTER_SOURCES as readonly string[]).includes(source)) {
  console.error(
    `Usage: npm run redrive -- <${DEAD_LETTER_SOURCES.join('|')}> [--stage dev] [--dry-run] [--max N]`,
  );
  process.exit(2);
}
const stage = flag('stage') ?? 'dev';
const max = flag('max');
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
const clients = {
  sqs: new SQSClient(region ? { region } : {}),
  lambda: new LambdaClient(region ? { region } : {}),
};
const result = await redrive(clients, {
  namePrefix: `${APP_NAME}-${stage}`,
  source: source as DeadLetterSource,
  dryRun: args.includes('--dry-run'),
  ...(max ? { max: Number(max) } : {}),
});
console.log(JSON.stringify(result, null, 2));
