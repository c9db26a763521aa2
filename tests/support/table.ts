import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.js';

/** A fresh table on the run's DynamoDB Local, for one test file. */
export async function createTestTable() {
  const client = createDynamoClient({ endpoint: inject('dynamoEndpoint') });
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  return { client, tableName };
}
