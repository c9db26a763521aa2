/** What a list of items can be narrowed by, once the request has been read (see list-service.ts). */
import type { IsoDate, Recommendation, Status } from './model.js';
import { foldDiacritics } from './text.js';

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

/** The fields of an item the filters read. */
export type Filtered = Pick<
  Recommendation,
  | 'status'
  | 'dueDate'
  | 'dialogueId'
  | 'departmentId'
  | 'cooperatingDepartmentIds'
  | 'field'
  | 'residentialGroup'
>;

function sameFolded(wanted: string | undefined, value: string | null): boolean {
  const key = wanted ? foldDiacritics(wanted) : '';
  return !key || (value !== null && foldDiacritics(value) === key);
}

/**
 * Whether an item passes every filter but the words of `q` — the same test the indexes' key conditions
 * and filter expressions make (an item without a due date fails every due-date filter), for items read
 * by key (a text search).
 */
export function matchesFilters(f: ListFilters, rec: Filtered): boolean {
  if (f.dialogueId && rec.dialogueId !== f.dialogueId) return false;
  if (f.status && rec.status !== f.status) return false;
  if (f.department) {
    const { id, role } = f.department;
    const lead = rec.departmentId === id;
    const cooperating = !lead && rec.cooperatingDepartmentIds.includes(id);
    if (role === 'lead' ? !lead : role === 'cooperating' ? !cooperating : !lead && !cooperating) return false;
  }
  if (!sameFolded(f.field, rec.field) || !sameFolded(f.residentialGroup, rec.residentialGroup)) return false;
  const due = rec.dueDate;
  if (f.dueFrom && (due === null || due < f.dueFrom)) return false;
  if (f.dueTo && (due === null || due > f.dueTo)) return false;
  if (f.dueBefore && (due === null || due >= f.dueBefore)) return false;
  return true;
}
