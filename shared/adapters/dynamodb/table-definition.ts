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
  /** Attributes copied into the index besides the keys; every attribute when absent. */
  include?: readonly string[];
}

export const INDEXES = {
  /** Recommendations of one dialogue, by reference number. */
  byDialogue: { indexName: 'byDialogue', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /**
   * Per department: the items it leads and an entry per item it cooperates on, by status then due
   * date (a department's list and inbox; see list-index.ts).
   */
  byDepartment: { indexName: 'byDepartment', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /**
   * Per department and role, same sort: the items it leads under `…#L`, its cooperation entries under
   * `…#C` (a list of one role reads no row of the other).
   */
  byDepartmentRole: { indexName: 'byDepartmentRole', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
  /** Sparse: only items awaiting a department's answer, by due date (overdue, due soon, the sweep). */
  openByDueDate: { indexName: 'openByDueDate', partitionKey: 'opk', sortKey: 'osk' },
  /**
   * Every item of a unit, compact (only what list filters read, and the words of the item), by status
   * then due date: unit-wide lists and counts without reading item bodies; the counts of a search
   * matching too many items to read them by key.
   */
  unitList: {
    indexName: 'unitList',
    partitionKey: 'lpk',
    sortKey: 'lsk',
    include: [
      'status',
      'dueDate',
      'dialogueId',
      'departmentId',
      'cooperatingDepartmentIds',
      'fieldKey',
      'groupKey',
      'searchText',
    ],
  },
} as const satisfies Record<string, IndexDefinition>;

export const INDEX_LIST: readonly IndexDefinition[] = Object.values(INDEXES);
