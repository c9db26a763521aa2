/**
 * The SQS side of the unit-work queue, at the SDK client boundary: jobs sent in batches of 10 with the
 * entries SQS refused sent again; the worker's partial batch response, each failed job delayed by its
 * backoff (ChangeMessageVisibility).
 */
import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqsUnitQueue } from '../../shared/adapters/queue/sqs-unit-queue.js';
import type { Mailer, UnitJob } from '../../shared/domain/ports.js';
import type { UnitWorkDeps } from '../../shared/services/unit-work/jobs.js';
import {
  processUnitMessages,
  type QueueRecord,
  retryDelaySeconds,
} from '../../shared/services/unit-work/worker.js';
import { createTestApp } from '../support/app.js';

const sqs = mockClient(SQSClient);
const URL = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012/dialogue-followup-test-unit-work';
const queue = () => new SqsUnitQueue(new SQSClient({ region: 'ap-southeast-1' }), URL, async () => {});
const job = (unitId: string, kind = 'sweep'): UnitJob => ({
  job: kind,
  unitId,
  runId: `${kind}#2024-03-04`,
  date: '2024-03-04',
});

afterEach(() => {
  sqs.reset();
  vi.restoreAllMocks();
});

describe('SqsUnitQueue', () => {
  it('sends 25 jobs as 3 batches (10, 10, 5), one JSON message per job', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const jobs = Array.from({ length: 25 }, (_, i) => job(`u${String(i).padStart(2, '0')}`));
    await queue().send(jobs);
    const inputs = sqs
      .commandCalls(SendMessageBatchCommand)
      .map((c) => c.args[0].input as SendMessageBatchCommandInput);
    expect(inputs.map((i) => i.Entries?.length)).toEqual([10, 10, 5]);
    expect(inputs.every((i) => i.QueueUrl === URL)).toBe(true);
    const bodies = inputs.flatMap((i) => i.Entries ?? []).map((e) => JSON.parse(e.MessageBody ?? ''));
    expect(bodies).toEqual(jobs);
  });

  it('sends again the entries SQS refused for a passing reason, and fails on a sender fault', async () => {
    let call = 0;
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
      call++;
      return call === 1
        ? { Successful: [], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] }
        : { Successful: input.Entries?.map((e) => ({ Id: e.Id })), Failed: [] };
    });
    await queue().send([job('a'), job('b')]);
    const second = sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0]
      .input as SendMessageBatchCommandInput;
    expect(second.Entries?.map((e) => JSON.parse(e.MessageBody ?? '').unitId)).toEqual(['b']);

    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', Code: 'InvalidParameterValue', SenderFault: true, Message: 'too big' }],
    });
    await expect(queue().send([job('a')])).rejects.toThrow(/SQS refused 1 of 1 jobs: InvalidParameterValue/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });
});

describe('the worker on an SQS batch', () => {
  let deps: UnitWorkDeps;
  beforeAll(async () => {
    const t = await createTestApp({ now: '2024-03-04T00:00:00Z' });
    for (const id of ['ok1', 'ok2']) await t.deps.units.putUnit({ id, code: id, name: id });
    const mailer: Mailer = { send: async () => ({ messageId: 'm' }) };
    deps = { ...t.deps, mailer };
  });

  const record = (id: string, body: string, receives: number): QueueRecord => ({
    messageId: id,
    receiptHandle: `rh-${id}`,
    body,
    attributes: { ApproximateReceiveCount: String(receives) },
  });

  it('reports only the failed jobs, each made visible again after its backoff', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    sqs.on(ChangeMessageVisibilityCommand).resolves({});
    const failing = {
      ...deps,
      calendarFor: async () => Promise.reject(new Error('injected')),
    } as UnitWorkDeps;
    const q = queue();
    const ok = await processUnitMessages(deps, [record('m1', JSON.stringify(job('ok1')), 1)], (rh, s) =>
      q.retryLater(rh, s),
    );
    expect(ok).toEqual({ batchItemFailures: [] });
    const out = await processUnitMessages(
      failing,
      [record('m2', JSON.stringify(job('ok2')), 3), record('m3', '{"job":"nope"}', 1)],
      (rh, s) => q.retryLater(rh, s),
    );
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['m2', 'm3']);
    const delays = sqs
      .commandCalls(ChangeMessageVisibilityCommand)
      .map((c) => [c.args[0].input.ReceiptHandle, c.args[0].input.VisibilityTimeout])
      .sort();
    expect(delays).toEqual([
      ['rh-m2', 120],
      ['rh-m3', 30],
    ]);
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });
});
