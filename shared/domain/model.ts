/** The records the tracker keeps. Dates are calendar dates 'YYYY-MM-DD' in Asia/Ho_Chi_Minh. */
import type { Attachment } from './attachments.js';

export type IsoDate = string;

/** Nguồn kiến nghị: collected before the dialogue, or raised at it. */
export const SOURCES = ['pre_collected', 'at_dialogue'] as const;
export type Source = (typeof SOURCES)[number];

/** Hướng xử lý decided at or after the dialogue (DOMAIN.md §3). */
export const DISPOSITIONS = ['answered_at_dialogue', 'assigned', 'forwarded', 'declined'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const STATUSES = [
  'received',
  'assigned',
  'resolved',
  'confirmed',
  'answered_at_dialogue',
  'forwarded',
  'declined',
] as const;
export type Status = (typeof STATUSES)[number];

export const DIALOGUE_STATUSES = ['planned', 'held', 'concluded'] as const;
export type DialogueStatus = (typeof DIALOGUE_STATUSES)[number];

/** `system`: the deployment's system administrator (units, national calendar); the others act in one unit. */
export const ROLES = ['system', 'admin', 'office', 'front', 'standing', 'department'] as const;
export type Role = (typeof ROLES)[number];

/** The roles of a unit's people (a system administrator belongs to no unit). */
export const UNIT_ROLES = ['admin', 'office', 'front', 'standing', 'department'] as const;
export type UnitRole = (typeof UNIT_ROLES)[number];

/**
 * The unit of a system administrator's principal: it has none. Unit ids are lower-case slugs, so this
 * names no unit, and nothing keyed by it exists.
 */
export const NO_UNIT = '*';

/** Đơn vị: a commune, ward or town — the tenant. */
export interface Unit {
  id: string;
  /** Short code used in reference numbers, e.g. DEMO in DEMO-2023-0007. */
  code: string;
  name: string;
  /** Working days a department gets when no due date is set; null/absent: the deployment's default. */
  defaultAnswerWorkingDays?: number | null;
  /** The unit above (a commune's province); null/absent: a unit at the top (a province, or a unit alone). */
  parentId?: string | null;
  createdAt?: string;
  updatedAt?: string;
  version?: number;
}

/** A unit as stored, every field present. */
export interface UnitRecord extends Unit {
  defaultAnswerWorkingDays: number | null;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Department {
  id: string;
  name: string;
  emails: string[];
  /** A deactivated department keeps its items but takes no new ones (absent: active). */
  active?: boolean;
  version?: number;
}

/** A department as stored, every field present. */
export interface DepartmentRecord extends Department {
  active: boolean;
  version: number;
}

/** Người dùng: one person's account in a unit (a Cognito user in AWS, the local directory on a laptop). */
export interface UserAccount {
  /** The account's subject (Cognito `sub`): the `sub` of the person's tokens. */
  id: string;
  email: string;
  name: string;
  role: UnitRole;
  /** The department of a `department` account; null for the other roles. */
  departmentId: string | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface Dialogue {
  id: string;
  title: string;
  kind: string;
  heldOn: IsoDate;
  location: string;
  chairs: string[];
  status: DialogueStatus;
  conclusionNoticeNumber: string | null;
  conclusionNoticeDate: IsoDate | null;
  /** Whether the office has published the results on the public page. */
  published: boolean;
  /** The conclusion notice's paragraphs as the office edited them (null: the default text). */
  noticeText: NoticeText | null;
  version: number;
}

/** What the office may write into the conclusion notice before issuing it. */
export interface NoticeText {
  opening: string | null;
  closing: string | null;
  signerName: string | null;
}

export interface Answer {
  text: string;
  responder: string;
  documentRef: string | null;
  date: IsoDate;
}

/** The other side of a forwarded item (chuyển cấp trên): the unit and its item. */
export interface ForwardLink {
  unitId: string;
  recommendationId: string;
  ref: string;
}

export interface ForwardedTo extends ForwardLink {
  /** The parent's item's status as last reflected here (received, assigned, resolved, confirmed). */
  status: Status;
}

export interface ForwardedFrom extends ForwardLink {
  /** The child unit's name, as shown at the parent. */
  unitName: string;
  /** The forwarding office's note to the parent, if any. */
  note: string | null;
}

/** Ý kiến phối hợp: what a cooperating department contributes to an item, for the lead department. */
export interface CooperationNote {
  id: string;
  departmentId: string;
  text: string;
  /** Who wrote it (the signed-in user's name). */
  author: string;
  /** When (ISO time). */
  at: string;
}

/** Kiến nghị: one tracked recommendation. */
export interface Recommendation {
  id: string;
  ref: string;
  dialogueId: string;
  content: string;
  raisedBy: string | null;
  residentialGroup: string | null;
  field: string | null;
  source: Source;
  disposition: Disposition | null;
  status: Status;
  /** Đơn vị chủ trì. */
  departmentId: string | null;
  /** Đơn vị phối hợp. */
  cooperatingDepartmentIds: string[];
  dueDate: IsoDate | null;
  /**
   * The due date the answer is judged against (on time or late): the due date set when the item was
   * assigned, moved by an extension the office grants with a reason, never by a reopen. Null when never
   * assigned, or stored before this field (then the due date stands in for it).
   */
  firstDueDate: IsoDate | null;
  answer: Answer | null;
  /** Contributions of the cooperating departments, oldest first. */
  cooperationNotes: CooperationNote[];
  /** Public reason of a decline, or of the last reopen. */
  reason: string | null;
  reopenCount: number;
  /** Highest escalation level reached for the current due date (0: none). */
  escalationLevel: number;
  /** Local date-time (Asia/Ho_Chi_Minh) of the next scheduled reminder or escalation, if any. */
  nextEscalationAt: string | null;
  /** Quarter of the dialogue, e.g. 2023-Q4: the period the item is reported in. */
  quarter: string;
  /** When the item was given to its lead department (start of its time to resolve). */
  assignedOn: IsoDate | null;
  /** When the item was forwarded to the higher level (the dialogue, if decided there); null otherwise. */
  forwardedOn: IsoDate | null;
  resolvedOn: IsoDate | null;
  /** Working days from assignedOn to resolvedOn, fixed when resolved. */
  workingDaysToResolve: number | null;
  /** Ref of an earlier recommendation this one repeats (confirmed by the office). */
  repeatOf: string | null;
  /** Forwarded to the parent unit through the tracker: its item there, and how far it has come. */
  forwardedTo?: ForwardedTo | null;
  /** Received from a child unit: the item there it was forwarded from. */
  forwardedFrom?: ForwardedFrom | null;
  /** Files on the answer (absent on items stored before files existed). */
  attachments?: Attachment[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Fields of a new recommendation, as entered by the office or read from a spreadsheet row. */
export interface NewRecommendation {
  content: string;
  raisedBy?: string | null;
  residentialGroup?: string | null;
  field?: string | null;
  source: Source;
  disposition?: Disposition | null;
  departmentId?: string | null;
  cooperatingDepartmentIds?: string[];
  dueDate?: IsoDate | null;
  /** Answer text for answered_at_dialogue. */
  answer?: string | null;
  /** Public reason for declined. */
  reason?: string | null;
}

/** Counting of working days, as the lifecycle needs it (implemented by WorkingCalendar). */
export interface WorkingDays {
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  workingDaysBetween(a: IsoDate, b: IsoDate): number;
}

/** Who did something: enough to audit it. */
export interface Actor {
  sub: string;
  name: string;
  roles: Role[];
  departmentId: string | null;
}

export type HistoryAction =
  | 'created'
  | 'updated'
  | 'assigned'
  | 'reassigned'
  | 'due_date_changed'
  | 'answered_at_dialogue'
  | 'forwarded'
  | 'forward_answer_recorded'
  | 'forwarded_up'
  | 'received_forwarded'
  | 'forward_progress'
  | 'declined'
  | 'resolved'
  | 'confirmed'
  | 'reopened'
  | 'escalated'
  | 'repeat_linked'
  | 'cooperation_note_added';

/** One append-only audit entry: who, when, what, and the changed fields before and after. */
export interface HistoryEntry {
  at: string;
  actor: Pick<Actor, 'sub' | 'name' | 'roles' | 'departmentId'>;
  action: HistoryAction | string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
}

export function quarterOf(date: IsoDate): string {
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}
