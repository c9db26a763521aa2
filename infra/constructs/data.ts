import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { INDEX_LIST, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table-definition.js';

/**
 * The single table. Keys and indexes come from shared/adapters/dynamodb/table-definition.ts, the
 * same definition the local stack and the tests create their tables from, so the two cannot drift.
 * Protected three ways: point-in-time recovery, deletion protection, and RETAIN if the stack goes (and
 * AWS Backup, infra/constructs/backup.ts). Transient items expire by TTL (`expiresAt`, epoch seconds).
 */
export class DataTable extends Construct {
  readonly table: dynamodb.TableV2;
  /** One ARN per named index, for grants that do not need `index/*`. */
  readonly indexArns: string[];
  /** The table operations the app calls (shared/adapters/dynamodb), for per-operation metrics. */
  readonly operations = [
    dynamodb.Operation.GET_ITEM,
    dynamodb.Operation.QUERY,
    dynamodb.Operation.TRANSACT_WRITE_ITEMS,
    dynamodb.Operation.UPDATE_ITEM,
  ];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stringKey = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: stringKey(TABLE_KEYS.partitionKey),
      sortKey: stringKey(TABLE_KEYS.sortKey),
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Idempotency records, sent mail, run progress and other transient items carry `expiresAt`.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: INDEX_LIST.map((index) => ({
        indexName: index.indexName,
        partitionKey: stringKey(index.partitionKey),
        sortKey: stringKey(index.sortKey),
        ...(index.include
          ? { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...index.include] }
          : { projectionType: dynamodb.ProjectionType.ALL }),
      })),
    });
    this.indexArns = INDEX_LIST.map((index) => `${this.table.tableArn}/index/${index.indexName}`);
  }
}
