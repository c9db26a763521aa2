/** The redrive command, at the SQS and Lambda SDK client boundaries. */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { redrive } from '../../scripts/ops/redrive.js';

const sqs = mockClient(SQSClient);
const lambda = mockClient(LambdaClient);
afterEach(() => {
  sqs.reset();
  lambda.reset();
});
const clients = () => ({
  sqs: new SQSClient({ region: 'ap-southeast-1' }),
  lambda: new LambdaClient({ region: 'ap-southeast-1' }),
});
const ACCOUNT = 'https://sqs.ap-southeast-1.amazonaws.com/123456789012';
const queues = (waiting: number) => {
  sqs.on(GetQueueUrlCommand).callsFake((input) => ({ QueueUrl: `${ACCOUNT}/${input.QueueName}` }));
  sqs.on(GetQueueAttributesCommand).callsFake((input) => ({
    Attributes: {
      QueueArn: `arn:aws:sqs:ap-southeast-1:123456789012:${String(input.QueueUrl).split('/').pop()}`,
      ApproximateNumberOfMessages: String(waiting),
    },
  }));
};

describe('npm run redrive', () => {
  it('unit-work: moves the dead letters back to the unit-work queue', async () => {
    queues(7);
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });
    const out = await redrive(clients(), { namePrefix: 'dialogue-followup-prod', source: 'unit-work' });
    expect(out).toMatchObject({
      queue: 'dialogue-followup-prod-unit-work-dlq',
      waiting: 7,
      moveTask: 'task-1',
    });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: 'arn:aws:sqs:ap-southeast-1:123456789012:dialogue-followup-prod-unit-work-dlq',
      DestinationArn: 'arn:aws:sqs:ap-southeast-1:123456789012:dialogue-followup-prod-unit-work',
    });
  });

  it('escalation: invokes the escalation function with each message, deleting only what Lambda accepted', async () => {
    queues(3);
    const events = [
      { unitId: 'u1', recommendationId: 'r1', level: 1, dueDate: '2024-03-01' },
      { unitId: 'u2', recommendationId: 'r2', level: 2, dueDate: '2024-02-01' },
      { unitId: 'u3', recommendationId: 'r3', level: 0, dueDate: '2024-03-08' },
    ];
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({
        Messages: events.map((e, i) => ({ Body: JSON.stringify(e), ReceiptHandle: `rh${i}` })),
      })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).resolves({});
    lambda
      .on(InvokeCommand)
      .resolvesOnce({ StatusCode: 202 })
      .resolvesOnce({ StatusCode: 429 })
      .resolves({ StatusCode: 202 });
    const out = await redrive(clients(), { namePrefix: 'dialogue-followup-prod', source: 'escalation' });
    expect(out).toMatchObject({ queue: 'dialogue-followup-prod-escalation-dlq', redriven: 2, refused: 1 });
    const invoked = lambda.commandCalls(InvokeCommand).map((c) => c.args[0].input);
    expect(invoked.map((i) => [i.FunctionName, i.InvocationType])).toEqual(
      Array(3).fill(['dialogue-followup-prod-escalation', 'Event']),
    );
    expect(invoked.map((i) => JSON.parse(new TextDecoder().decode(i.Payload as Uint8Array)))).toEqual(events);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual([
      'rh0',
      'rh2',
    ]);
  });

  it('recurring goes to the fan-out function; --dry-run only counts; an empty queue does nothing', async () => {
    queues(2);
    const dry = await redrive(clients(), { namePrefix: 'p', source: 'recurring', dryRun: true });
    expect(dry).toEqual({ queue: 'p-recurring-dlq', waiting: 2, redriven: 0, refused: 0 });
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
    sqs
      .on(ReceiveMessageCommand)
      .resolvesOnce({ Messages: [{ Body: '{"kind":"sweep"}', ReceiptHandle: 'a' }] })
      .resolves({});
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await redrive(clients(), { namePrefix: 'p', source: 'recurring' });
    expect(lambda.commandCalls(InvokeCommand)[0]?.args[0].input.FunctionName).toBe('p-fan-out');
    sqs.reset();
    queues(0);
    expect(await redrive(clients(), { namePrefix: 'p', source: 'ses-events' })).toMatchObject({
      waiting: 0,
      redriven: 0,
    });
    expect(sqs.commandCalls(ReceiveMessageCommand)).toHaveLength(0);
  });
});
