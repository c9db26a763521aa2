/**
 * Departments (phòng ban, đơn vị chủ trì): the unit's administrator adds, renames, gives contact e-mails,
 * deactivates and reactivates them. A deactivated department keeps its items and people but is offered
 * for no new assignment; only a department that no item and no person names may be deleted.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError, VersionConflictError } from '../domain/errors.js';
import type { Actor, Department, DepartmentRecord } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { foldDiacritics, normalizeText } from '../domain/text.js';
import type { DepartmentPatch } from './admin-schemas.js';
import type { TrackerDeps } from './context.js';

/** A readable id from the Vietnamese name: "Công an phường" → "cong-an-phuong". */
export function slugOf(name: string): string {
  const slug = foldDiacritics(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return slug || randomUUID();
}

export async function listDepartments(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
): Promise<DepartmentRecord[]> {
  authorize(actor, 'department.list');
  return deps.units.listDepartments(unitId);
}

export async function createDepartment(
  deps: TrackerDeps,
  unitId: string,
  input: { id?: string | undefined; name: string; emails: string[] },
  actor: Actor,
): Promise<DepartmentRecord> {
  authorize(actor, 'department.create');
  const name = normalizeText(input.name);
  const department: DepartmentRecord = {
    id: input.id ?? slugOf(name),
    name,
    emails: uniqueEmails(input.emails),
    active: true,
    version: 1,
  };
  await deps.units.createDepartment(unitId, department, actor, deps.clock.now());
  return department;
}

export async function updateDepartment(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  patch: DepartmentPatch,
  actor: Actor,
): Promise<DepartmentRecord> {
  authorize(actor, 'department.update');
  const before = await requireDepartment(deps, unitId, id);
  if (patch.version !== before.version) throw new VersionConflictError(before.version);
  const after: DepartmentRecord = {
    ...before,
    name: patch.name !== undefined ? normalizeText(patch.name) : before.name,
    emails: patch.emails !== undefined ? uniqueEmails(patch.emails) : before.emails,
    active: patch.active ?? before.active,
    version: before.version + 1,
  };
  const renamedOrMailed = after.name !== before.name || after.emails.join() !== before.emails.join();
  if (!renamedOrMailed && after.active === before.active) return before;
  const action = renamedOrMailed ? 'updated' : after.active ? 'reactivated' : 'deactivated';
  await deps.units.updateDepartment(unitId, before, after, action, actor, deps.clock.now());
  return after;
}

/** Deletes a department no item and no person names (else ConflictError: deactivate it instead). */
export async function deleteDepartment(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  version: number | undefined,
  actor: Actor,
): Promise<void> {
  authorize(actor, 'department.delete');
  const before = await requireDepartment(deps, unitId, id);
  if (version !== undefined && version !== before.version) throw new VersionConflictError(before.version);
  const [hasItems, people] = await Promise.all([
    deps.recommendations.namesDepartment(unitId, id),
    deps.users.list(unitId),
  ]);
  if (hasItems || people.some((p) => p.departmentId === id))
    throw new ConflictError(
      `Phòng ban "${before.name}" đã có ${hasItems ? 'kiến nghị' : 'người dùng'} nên không xóa được; hãy cho ngừng hoạt động`,
      'path.id',
    );
  await deps.units.deleteDepartment(unitId, before, actor, deps.clock.now());
}

async function requireDepartment(deps: TrackerDeps, unitId: string, id: string): Promise<DepartmentRecord> {
  const department = await deps.units.getDepartment(unitId, id, true);
  if (!department) throw new NotFoundError('phòng ban');
  return department;
}

function uniqueEmails(emails: Department['emails']): string[] {
  return [...new Set(emails.map((e) => e.trim().toLowerCase()))];
}
