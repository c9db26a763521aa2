/**
 * Key layout of the single table (see docs/DATA-MODEL.md). Every key of a unit's data starts with the unit;
 * deployment-wide data (the unit registry, the national calendar) has its own partitions.
 */
export interface Key {
  pk: string;
  sk: string;
}

const unitPk = (unitId: string) => `U#${unitId}`;
export const NATIONAL_PK = 'NATIONAL';

export const keys = {
  unitPk,
  /** Registry of all units, so scheduled jobs can visit each one. */
  unit: (unitId: string): Key => ({ pk: 'UNITS', sk: `U#${unitId}` }),
  department: (unitId: string, id: string): Key => ({ pk: unitPk(unitId), sk: `DEP#${id}` }),
  /** A child unit of a parent unit (a commune of its province): its id, code and name. */
  childUnit: (parentId: string, childId: string): Key => ({ pk: unitPk(parentId), sk: `CHILD#${childId}` }),
  /** How many child units a unit has (a unit with children cannot be given a parent). */
  childCount: (parentId: string): Key => ({ pk: unitPk(parentId), sk: 'CHILDREN' }),
  /** A person's account in the unit's directory. */
  user: (unitId: string, id: string): Key => ({ pk: unitPk(unitId), sk: `USER#${id}` }),
  /** Which unit and account an e-mail address belongs to: one account per address in the deployment. */
  userEmail: (email: string): Key => ({ pk: `USEREMAIL#${email}`, sk: 'USEREMAIL' }),
  dialogue: (unitId: string, id: string): Key => ({ pk: unitPk(unitId), sk: `DLG#${id}` }),
  recommendation: (unitId: string, id: string): Key => ({ pk: unitPk(unitId), sk: `REC#${id}` }),
  /**
   * A cooperating department's entry of an item (đơn vị phối hợp): puts the item in that department's
   * partition of the byDepartment index, beside the items it leads.
   */
  cooperation: (unitId: string, recommendationId: string, departmentId: string): Key => ({
    pk: unitPk(unitId),
    sk: `COOP#${recommendationId}#${departmentId}`,
  }),
  refCounter: (unitId: string, year: string): Key => ({ pk: unitPk(unitId), sk: `CNT#REF#${year}` }),
  idempotency: (unitId: string, key: string): Key => ({ pk: unitPk(unitId), sk: `IDEM#${key}` }),
  aggregate: (unitId: string, quarter: string): Key => ({ pk: unitPk(unitId), sk: `AGG#${quarter}` }),
  calendarOverride: (unitId: string, date: string): Key => ({ pk: unitPk(unitId), sk: `CAL#${date}` }),
  setting: (unitId: string, name: string): Key => ({ pk: unitPk(unitId), sk: `SET#${name}` }),
  /** The national calendar version this unit's open items were last re-planned against. */
  calendarSync: (unitId: string): Key => ({ pk: unitPk(unitId), sk: 'CALSYNC' }),
  /** A national calendar override (system administrator), for every unit. */
  nationalCalendar: (date: string): Key => ({ pk: NATIONAL_PK, sk: `CAL#${date}` }),
  /** Counter moved by every national calendar change (the daily per-unit catch-up compares it). */
  nationalCalendarVersion: { pk: NATIONAL_PK, sk: 'CALVER' } as Key,
  /** Append-only history of one deployment-wide record. */
  nationalHistoryPk: (entity: string, id: string) => `${NATIONAL_PK}#H#${entity}#${id}`,
  /** An answer given since the Front's last daily digest (removed once in a digest). */
  reviewDigestMark: (unitId: string, recommendationId: string): Key => ({
    pk: unitPk(unitId),
    sk: `DIGESTQ#${recommendationId}`,
  }),
  /** The last daily digest of answers awaiting the Front's review: its date and cut-off time. */
  reviewDigestState: (unitId: string): Key => ({ pk: unitPk(unitId), sk: 'DIGEST#review' }),
  /** A message of the durable mail outbox, by its caller-chosen id (shared/services/mail-outbox/). */
  outboxMail: (unitId: string, id: string): Key => ({ pk: unitPk(unitId), sk: `MAILQ#${id}` }),
  /** Append-only history of one record: pk per record, sk = time + version. */
  historyPk: (unitId: string, entity: string, id: string) => `${unitPk(unitId)}#H#${entity}#${id}`,
  /** GSI openByDueDate partitions besides the unit's own (items awaiting an answer). */
  awaitingReview: (unitId: string) => `${unitPk(unitId)}#REVIEW`,
  forwardedWithoutAnswer: (unitId: string) => `${unitPk(unitId)}#FORWARDED`,
  /** GSI byDialogue. */
  dialogueIndex: (unitId: string, dialogueId: string) => `${unitPk(unitId)}#D#${dialogueId}`,
  /** GSI byDepartment (the items a department leads, and its cooperation entries). */
  departmentIndex: (unitId: string, departmentId: string) => `${unitPk(unitId)}#DEP#${departmentId}`,
  /**
   * GSI byDepartmentRole: the items a department leads (`lead`), or its cooperation entries
   * (`cooperating`), each apart, so a list of one role reads only rows of that role.
   */
  departmentRoleIndex: (unitId: string, departmentId: string, role: 'lead' | 'cooperating') =>
    `${unitPk(unitId)}#DEP#${departmentId}#${role === 'lead' ? 'L' : 'C'}`,
  /** A word's posting of an item (text search, word-index.ts): sorted by the item's reference. */
  wordPosting: (unitId: string, word: string, sortKey: string): Key => ({
    pk: `${unitPk(unitId)}#W#${word}`,
    sk: sortKey,
  }),
  /** Postings a committed transaction still has to write or delete (word-index.ts). */
  wordQueue: (unitId: string, id: string): Key => ({ pk: unitPk(unitId), sk: `WORDQ#${id}` }),
  /** GSI unitList: every item of the unit, compact (see list-index.ts). */
  unitListIndex: (unitId: string) => `${unitPk(unitId)}#L`,
} as const;

export const PREFIX = {
  department: 'DEP#',
  childUnit: 'CHILD#',
  user: 'USER#',
  dialogue: 'DLG#',
  recommendation: 'REC#',
  cooperation: 'COOP#',
  reviewDigestMark: 'DIGESTQ#',
  calendarOverride: 'CAL#',
  outboxMail: 'MAILQ#',
  wordQueue: 'WORDQ#',
} as const;
