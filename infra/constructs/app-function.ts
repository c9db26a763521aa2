import { join } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { REPO_ROOT } from '../paths.js';

/**
 * ESM bundles of the AWS SDK (and a few other CommonJS dependencies) call `require` for Node
 * built-ins; an ES module has no `require`, so the bundle creates one first.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

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
 * Every Lambda of the app: Node.js 22 on Graviton, one ESM bundle (minified, linked source map,
 * AWS SDK included so the code runs with the versions it was tested with), its own log group with
 * a retention period, X-Ray tracing, JSON logs. The role is created here with write access to that
 * log group only; everything else is granted by the `bind*` helpers next to the variable it needs.
 */
export class AppFunction extends NodejsFunction {
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
    super(scope, id, {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      functionName: props.functionName,
      description: props.description,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
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
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        // The nodejs22.x runtime ships AWS SDK v3: leaving it out of the bundle keeps each function
        // small (bench: api 2.4 MB → see docs/BENCHMARKS.md) and its cold start short.
        bundleAwsSDK: false,
        minify: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
      },
    });
    logGroup.grantWrite(role);
    this.functionLogGroup = logGroup;
  }
}
