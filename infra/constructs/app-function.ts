import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { lambdaBuildOptions } from '../bundling.js';
import { REPO_ROOT } from '../paths.js';

export { ESM_REQUIRE_BANNER } from '../bundling.js';

export interface AppFunctionProps {
  /** Handler file relative to the repository root, e.g. `functions/api.ts` (exports `handler`). */
  entry: string;
  functionName: string;
  description: string;
  /** POWERTOOLS_SERVICE_NAME: the `service` key of every log line. */
  serviceName: string;
  logRetention: logs.RetentionDays;
  logRemovalPolicy: RemovalPolicy;
  /** @default 30 seconds */
  timeout?: Duration;
  /** @default 512 MB */
  memorySize?: number;
  /** Where failed asynchronous invocations land (functions invoked by Scheduler or SNS). */
  deadLetterQueue?: sqs.IQueue;
  /** Lambda's own retries of a failed asynchronous invocation. @default 2 */
  retryAttempts?: number;
}

/**
 * Every Lambda of the app: Node.js 22 on Graviton, an ESM bundle built by esbuild with the options of
 * infra/bundling.ts (minified, split into a start-up file and chunks loaded on first use, AWS SDK
 * bundled at the versions it was tested with, linked source maps), its own log group with a retention
 * period, X-Ray tracing, JSON logs. The role is created here with write access to that log group only;
 * everything else is granted by the `bind*` helpers next to the variable it needs.
 *
 * Not a NodejsFunction: its bundling writes one output file and cannot split. Like NodejsFunction, the
 * bundle is built locally during synthesis (skipped where the stack is not being bundled) and the
 * asset is hashed by its output.
 */
export class AppFunction extends lambda.Function {
  readonly functionLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.functionName}`,
    });
    const entry = join(REPO_ROOT, props.entry);
    super(scope, id, {
      code: lambda.Code.fromAsset(REPO_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local bundling below either succeeds or throws.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: {
            tryBundle(outputDir) {
              buildSync(lambdaBuildOptions({ entry, outdir: outputDir }));
              return true;
            },
          },
        },
      }),
      handler: 'index.handler',
      functionName: props.functionName,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      tracing: lambda.Tracing.ACTIVE,
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    logGroup.grantWrite(role);
    this.functionLogGroup = logGroup;
  }
}
