import { awsWorkerDeps } from '../shared/aws-deps-worker.js';
import { processUnitMessages, type QueueRecord } from '../shared/services/unit-work/worker.js';

const deps = awsWorkerDeps();

/** SQS (unit-work queue): each record is one unit's job; failed ones are retried later (partial batch). */
export const handler = async (event: { Records?: QueueRecord[] }) =>
  processUnitMessages(deps, event.Records ?? [], (receipt, seconds) =>
    deps.queue.retryLater(receipt, seconds),
  );
