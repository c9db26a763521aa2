import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { INDEX_LIST } from '../../shared/adapters/dynamodb/table-definition.js';
import { createTestTable } from '../support/table.js';

describe('test table on DynamoDB Local', () => {
  it('has every index of the table definition', async () => {
    const { client, tableName } = await createTestTable();
    const table = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const names = (table.Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();
    expect(names).toEqual(INDEX_LIST.map((index) => index.indexName).sort());
  });
});
