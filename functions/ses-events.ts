import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { Table } from '../shared/adapters/dynamodb/table.js';
import { ENV, requireEnv } from '../shared/config.js';
import { recordMailEvent } from '../shared/services/mail-event-service.js';

const table = new Table(
  createDynamoClient({ region: process.env.AWS_REGION ?? 'ap-southeast-1' }),
  requireEnv(ENV.tableName),
);

interface SnsEvent {
  Records?: { Sns?: { Message?: string } }[];
}

/** SES bounce and complaint notifications (through SNS): marks the report recipients concerned. */
export const handler = async (event: SnsEvent) => {
  const results = [];
  for (const record of event.Records ?? []) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns?.Message ?? '');
    } catch {
      console.warn(JSON.stringify({ level: 'WARN', message: 'SES event is not JSON' }));
      continue;
    }
    results.push(await recordMailEvent({ table }, message as Parameters<typeof recordMailEvent>[1]));
  }
  console.log(JSON.stringify({ level: 'INFO', message: 'ses events', results }));
  return results;
};
