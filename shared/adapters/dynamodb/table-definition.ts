/**
 * The single table's keys and indexes, shared by the CDK stack and the local/test table creation
 * so the two can never drift apart. Access patterns: docs/DATA-MODEL.md.
 */
export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Items that carry this attribute (epoch seconds) are deleted by DynamoDB once it has passed (TTL). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The `expiresAt` of a transient item kept `days` after `from`. */
export const expiresAfterDays = (from: Date | string, days: number): number =>
  Math.floor(new Date(from).getTime() / 1000) + days * 86_400;

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

export const INDEXES = {
  /** Recommendations of one dialogue, by reference number. */
  byDialogue: { indexName: 'byDialogue', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Recommendations led by one department, by due date (the department inbox). */
  byDepartment: { indexName: 'byDepartment', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Sparse: only items awaiting a department's answer, by due date (overdue, due soon, the sweep). */
  openByDueDate: { indexName: 'openByDueDate', partitionKey: 'opk', sortKey: 'osk' },
} as const satisfies Record<string, IndexDefinition>;

export const INDEX_LIST: readonly IndexDefinition[] = Object.values(INDEXES);
