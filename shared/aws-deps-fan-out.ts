import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsUnitQueue } from './adapters/queue/sqs-unit-queue.js';
import { awsStores, type Env, regionOf } from './aws-deps.js';
import { ENV, requireEnv } from './config.js';
import type { FanOutDeps } from './services/unit-work/fan-out.js';

/** The unit-work queue (SQS) of this stage. */
export function awsUnitQueue(env: Env): SqsUnitQueue {
  return new SqsUnitQueue(new SQSClient({ region: regionOf(env) }), requireEnv(ENV.unitWorkQueueUrl, env));
}

/** The fan-out function: the unit registry, the run records and the queue. No mailer, no scheduler. */
export function awsFanOutDeps(env: Env = process.env): FanOutDeps {
  return { ...awsStores(env), queue: awsUnitQueue(env) };
}
