import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type Projection,
  ResourceInUseException,
  type TableDescription,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { INDEX_LIST, type IndexDefinition, TABLE_KEYS, TTL_ATTRIBUTE } from './table-definition.js';

const projection = (index: IndexDefinition): Projection =>
  index.include
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
    : { ProjectionType: 'ALL' };

const indexOf = (index: IndexDefinition): GlobalSecondaryIndex => ({
  IndexName: index.indexName,
  KeySchema: [
    { AttributeName: index.partitionKey, KeyType: 'HASH' },
    { AttributeName: index.sortKey, KeyType: 'RANGE' },
  ],
  Projection: projection(index),
});

/**
 * Adds the indexes a table made by an earlier version lacks (the local stack keeps its table in
 * `.data`), one at a time as DynamoDB requires, waiting for each to be active.
 */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, table: TableDescription) {
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of INDEX_LIST.filter((i) => !present.has(i.indexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: 'S',
        })),
        GlobalSecondaryIndexUpdates: [{ Create: indexOf(index) }],
      }),
    );
    for (let i = 0; i < 600; i++) {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const status = out.Table?.GlobalSecondaryIndexes?.find((g) => g.IndexName === index.indexName);
      if (status?.IndexStatus === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Creates the table if it does not exist, or adds the indexes it lacks (local stack and tests; CDK owns it in AWS). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (out.Table) await addMissingIndexes(client, tableName, out.Table);
    return;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  const keyNames = new Set<string>([TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey]);
  for (const index of INDEX_LIST) keyNames.add(index.partitionKey).add(index.sortKey);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: INDEX_LIST.map(indexOf),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName: tableName });
  // As in AWS (infra/constructs/data.ts): transient items expire. DynamoDB Local accepts the setting.
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
