/**
 * `npm run -s admin -- <command> --stack <stack> …`: administration of a deployed stack from a
 * deployer's machine (AWS credentials of the account, e.g. AWS_PROFILE): the table and user pool are
 * read from the stack's outputs. See scripts/admin-commands.ts for the commands, docs/DEPLOY.md.
 */
import { userInfo } from 'node:os';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { systemClock } from '../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { CognitoIdentityProvider } from '../shared/adapters/identity/cognito-identity-provider.js';
import { buildTrackerDeps } from '../shared/deps.js';
import {
  ConflictError,
  IdentityProviderError,
  NotFoundError,
  ValidationError,
} from '../shared/domain/errors.js';
import { parseCommandLine, planCommand, runPlan, USAGE, UsageError } from './admin-commands.js';
import { stackOutputs } from './admin-stack.js';

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(argv);
  if (values.help || argv.length === 0) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const plan = planCommand(argv);
  if (!values.stack)
    throw new UsageError('--stack: cần tên stack đã triển khai, ví dụ DialogueFollowup-prod');
  const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const config = region ? { region } : {};
  const outputs = await stackOutputs(new CloudFormationClient(config), values.stack);
  for (const key of ['TableName', 'UserPoolId', 'Url'])
    if (!outputs[key])
      throw new UsageError(`Stack ${values.stack} thiếu output ${key}: có đúng là stack của ứng dụng?`);
  const deps = {
    ...buildTrackerDeps({
      client: createDynamoClient(config),
      tableName: outputs.TableName as string,
      clock: systemClock,
      settings: { publicBaseUrl: outputs.Url as string },
      unitCache: { ttlMs: 0 },
    }),
    identities: new CognitoIdentityProvider(
      new CognitoIdentityProviderClient(config),
      outputs.UserPoolId as string,
    ),
  };
  const who = userInfo().username;
  return runPlan(plan, {
    deps,
    actor: { sub: `cli:${who}`, name: `Lệnh quản trị (${who})`, roles: ['system'], departmentId: null },
    out: (line) => console.log(line),
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (
    error instanceof ConflictError ||
    error instanceof NotFoundError ||
    error instanceof IdentityProviderError ||
    error instanceof ValidationError
  ) {
    const fields =
      error instanceof ValidationError ? error.errors.map((e) => ` ${e.field}: ${e.message}`) : [];
    console.error([error.message, ...fields].join('\n'));
    process.exitCode = 1;
  } else if (
    /Region is missing|Could not load credentials|CredentialsProviderError|ExpiredToken/i.test(
      `${(error as Error).name} ${(error as Error).message}`,
    )
  ) {
    console.error(
      `Không gọi được AWS: ${(error as Error).message}.\nHãy đăng nhập tài khoản AWS của hệ thống (ví dụ AWS_PROFILE=<hồ sơ>) và chọn vùng (--region ap-southeast-1 hoặc AWS_REGION).`,
    );
    process.exitCode = 1;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
}
