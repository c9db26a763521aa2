import {
  ChangeMessageVisibilityCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { UnitJob, UnitWorkQueue } from '../../domain/ports.js';

/** SQS takes at most 10 messages per SendMessageBatch. */
const BATCH = 10;
/** Tries of the entries SQS did not take (a partial batch failure), per batch. */
const TRIES = 4;
/** Batches in flight at once. */
const CONCURRENCY = 4;

/** The unit-work queue on SQS: one message per job (JSON body), sent in batches of 10. */
export class SqsUnitQueue implements UnitWorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async send(jobs: UnitJob[]): Promise<void> {
    const batches: SendMessageBatchRequestEntry[][] = [];
    for (let i = 0; i < jobs.length; i += BATCH) {
      batches.push(
        jobs.slice(i, i + BATCH).map((job, j) => ({ Id: String(j), MessageBody: JSON.stringify(job) })),
      );
    }
    let next = 0;
    const worker = async () => {
      while (next < batches.length) await this.sendBatch(batches[next++] as SendMessageBatchRequestEntry[]);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, batches.length) }, worker));
  }

  /** Sends one batch; entries SQS refused for a reason worth retrying are sent again, with backoff. */
  private async sendBatch(entries: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; ; attempt++) {
      const out = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: pending }),
      );
      const failed = out.Failed ?? [];
      if (failed.length === 0) return;
      const fatal = failed.find((f) => f.SenderFault);
      if (fatal || attempt >= TRIES) {
        const f = fatal ?? failed[0];
        throw new Error(
          `SQS refused ${failed.length} of ${pending.length} jobs: ${f?.Code} ${f?.Message ?? ''}`,
        );
      }
      const ids = new Set(failed.map((f) => f.Id));
      pending = pending.filter((e) => ids.has(e.Id));
      await this.sleep(100 * 2 ** attempt);
    }
  }

  /** Makes a received message visible again only after `seconds` (the backoff of a failed job). */
  async retryLater(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
