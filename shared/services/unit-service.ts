/**
 * Units (đơn vị): the system administrator creates and changes them across the deployment; a unit's
 * administrator changes its own unit's settings (name, code, default working days to answer). A new
 * unit starts with the default departments and works at once: the default fields, escalation policy
 * and national working-day calendar need no record of their own.
 */

import { departmentRecord } from '../adapters/dynamodb/unit-store.js';
import { defaultDepartments } from '../domain/default-departments.js';
import { NotFoundError, ValidationError, VersionConflictError } from '../domain/errors.js';
import type { Actor, Department, UnitRecord } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { normalizeText } from '../domain/text.js';
import type { Principal } from '../http/auth.js';
import type { NewUnit, UnitPatch } from './admin-schemas.js';
import type { TrackerDeps } from './context.js';

export async function listUnits(deps: TrackerDeps, actor: Actor): Promise<UnitRecord[]> {
  authorize(actor, 'unit.list');
  return (await deps.units.listUnits()).sort(
    (a, b) => a.name.localeCompare(b.name, 'vi') || a.id.localeCompare(b.id),
  );
}

export async function getUnit(deps: TrackerDeps, id: string, actor: Actor): Promise<UnitRecord> {
  authorize(actor, 'unit.read');
  return requireUnit(deps, id);
}

/**
 * Creates a unit with its first departments (by default those of Decree 150/2025, see
 * default-departments.ts), all in one transaction with their history. An id in use: ConflictError.
 */
export async function createUnit(
  deps: TrackerDeps,
  input: NewUnit,
  actor: Actor,
  options: { departments?: Department[] } = {},
): Promise<UnitRecord> {
  authorize(actor, 'unit.create');
  if (input.parentId) await checkParent(deps, input.id, input.parentId);
  const now = deps.clock.now().toISOString();
  const unit: UnitRecord = {
    id: input.id,
    code: input.code,
    name: normalizeText(input.name),
    defaultAnswerWorkingDays: input.defaultAnswerWorkingDays ?? null,
    parentId: input.parentId ?? null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  const departments = (options.departments ?? defaultDepartments(unit.name)).map(departmentRecord);
  await deps.units.createUnit(unit, departments, actor, deps.clock.now());
  return unit;
}

/** A system administrator's change to any unit. */
export async function updateUnit(
  deps: TrackerDeps,
  id: string,
  patch: UnitPatch,
  actor: Actor,
): Promise<UnitRecord> {
  authorize(actor, 'unit.update');
  return applyUnitPatch(deps, id, patch, actor);
}

/** The signed-in person's own unit. */
export async function getOwnUnit(deps: TrackerDeps, principal: Principal): Promise<UnitRecord> {
  authorize(principal, 'unitSettings.read');
  return requireUnit(deps, principal.unitId);
}

/** A unit administrator's change to the settings of their own unit. */
export async function updateOwnUnit(
  deps: TrackerDeps,
  principal: Principal,
  patch: UnitPatch,
): Promise<UnitRecord> {
  authorize(principal, 'unitSettings.update');
  if (patch.parentId !== undefined)
    throw new ValidationError([
      { field: 'body.parentId', message: 'Chỉ quản trị hệ thống được đổi đơn vị cấp trên của một đơn vị' },
    ]);
  return applyUnitPatch(deps, principal.unitId, patch, principal);
}

/**
 * Units form a tree of two levels (province → commune): the parent must exist, be another unit, and
 * stand at the top; a unit with child units cannot go under another (so no cycle can form). The
 * transaction checks the parent and the child count again, so a concurrent change cannot slip through.
 */
async function checkParent(deps: TrackerDeps, unitId: string, parentId: string): Promise<void> {
  const refuse = (message: string) => new ValidationError([{ field: 'body.parentId', message }]);
  if (parentId === unitId) throw refuse('Một đơn vị không thể là đơn vị cấp trên của chính nó');
  const [parent, children] = await Promise.all([
    deps.units.getUnit(parentId, true),
    deps.units.childCount(unitId),
  ]);
  if (!parent) throw refuse(`Không có đơn vị "${parentId}"`);
  if (parent.parentId)
    throw refuse(`"${parent.name}" là đơn vị cấp dưới: chỉ chọn được đơn vị cấp tỉnh làm cấp trên`);
  if (children > 0) throw refuse('Đơn vị này có đơn vị cấp dưới nên không thể đặt dưới đơn vị khác');
}

async function requireUnit(deps: TrackerDeps, id: string): Promise<UnitRecord> {
  const unit = await deps.units.getUnit(id, true);
  if (!unit) throw new NotFoundError('đơn vị');
  return unit;
}

async function applyUnitPatch(
  deps: TrackerDeps,
  id: string,
  patch: UnitPatch,
  actor: Actor,
): Promise<UnitRecord> {
  const before = await requireUnit(deps, id);
  const { version, ...changes } = patch;
  if (version !== before.version) throw new VersionConflictError(before.version);
  if (changes.parentId !== undefined && changes.parentId !== null && changes.parentId !== before.parentId)
    await checkParent(deps, id, changes.parentId);
  const after: UnitRecord = {
    ...before,
    ...(changes.parentId !== undefined ? { parentId: changes.parentId } : {}),
    ...(changes.code !== undefined ? { code: changes.code } : {}),
    ...(changes.name !== undefined ? { name: normalizeText(changes.name) } : {}),
    ...(changes.defaultAnswerWorkingDays !== undefined
      ? { defaultAnswerWorkingDays: changes.defaultAnswerWorkingDays }
      : {}),
    updatedAt: deps.clock.now().toISOString(),
    version: before.version + 1,
  };
  const unchanged =
    after.code === before.code &&
    after.name === before.name &&
    after.defaultAnswerWorkingDays === before.defaultAnswerWorkingDays &&
    after.parentId === before.parentId;
  if (unchanged) return before;
  await deps.units.updateUnit(before, after, actor, deps.clock.now());
  return after;
}
