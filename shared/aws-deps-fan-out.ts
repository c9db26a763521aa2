import { SQSClient } from '@aws-sdk/client-sqs';
import { systemClock } from './adapters/clock/clocks.js';
import { createDynamoClient } from './adapters/dynamodb/client.js';
import { Table } from './adapters/dynamodb/table.js';
import { UnitStore } from './adapters/dynamodb/unit-store.js';
import { SqsUnitQueue } from './adapters/queue/sqs-unit-queue.js';
import { ENV, regionOf, requireEnv } from './config.js';
import type { FanOutDeps } from './services/unit-work/fan-out.js';

type Env = NodeJS.ProcessEnv;

/** The unit-work queue (SQS) of this stage. */
export function awsUnitQueue(env: Env): SqsUnitQueue {
  return new SqsUnitQueue(new SQSClient({ region: regionOf(env) }), requireEnv(ENV.unitWorkQueueUrl, env));
}

/**
 * The fan-out function: the table (run records, the outbox's due mail), the unit registry and the queue.
 * Not the other stores (awsStores, aws-deps.ts): it reads no item, calendar or setting, and loading them
 * would cost each cold start their code.
 */
export function awsFanOutDeps(env: Env = process.env): FanOutDeps {
  const table = new Table(createDynamoClient({ region: regionOf(env) }), requireEnv(ENV.tableName, env));
  return { table, units: new UnitStore(table), clock: systemClock, queue: awsUnitQueue(env) };
}
