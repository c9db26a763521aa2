/** The unit's departments (phòng ban, đơn vị): listed by everyone, added by the admin. */
import { randomUUID } from 'node:crypto';
import type { Actor, Department } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { foldDiacritics } from '../domain/text.js';
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
): Promise<Department[]> {
  authorize(actor, 'department.list');
  return deps.units.listDepartments(unitId);
}

export async function createDepartment(
  deps: TrackerDeps,
  unitId: string,
  input: { id?: string | undefined; name: string; emails: string[] },
  actor: Actor,
): Promise<Department> {
  authorize(actor, 'department.create');
  const department = { id: input.id ?? slugOf(input.name), name: input.name, emails: input.emails };
  await deps.units.createDepartment(unitId, department, actor, deps.clock.now());
  return department;
}
