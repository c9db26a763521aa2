/** What a list of items can be narrowed by, once the request has been read (see list-service.ts). */
import type { IsoDate, Status } from './model.js';

/** Which of a department's items: those it leads, those it cooperates on, or both. */
export const DEPARTMENT_ROLES = ['any', 'lead', 'cooperating'] as const;
export type DepartmentRole = (typeof DEPARTMENT_ROLES)[number];

/** Longest "due within N working days" asked for. */
export const MAX_DUE_WITHIN = 60;

export interface ListFilters {
  dialogueId?: string;
  department?: { id: string; role: DepartmentRole };
  status?: Status;
  field?: string;
  residentialGroup?: string;
  /** Due date on or after. */
  dueFrom?: IsoDate;
  /** Due date on or before. */
  dueTo?: IsoDate;
  /** Due date strictly before. */
  dueBefore?: IsoDate;
  /** Words that must all occur, ignoring case and diacritics. */
  q?: string;
}
