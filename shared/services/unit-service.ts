/**
 * Units (đơn vị): the system administrator creates and changes them across the deployment; a unit's
 * administrator changes its own unit's settings (name, code, default working days to answer). A new
 * unit starts with the default departments and works at once: the default fields, escalation policy
 * and national working-day calendar need no record of their own.
 */

import { departmentRecord } from '../adapters/dynamodb/unit-store.js';
import { defaultDepartments } from '../domain/default-departments.js';
import { NotFoundError, VersionConflictError } from '../domain/errors.js';
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
  const now = deps.clock.now().toISOString();
  const unit: UnitRecord = {
    id: input.id,
    code: input.code,
    name: normalizeText(input.name),
    defaultAnswerWorkingDays: input.defaultAnswerWorkingDays ?? null,
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
  return applyUnitPatch(deps, principal.unitId, patch, principal);
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
  const after: UnitRecord = {
    ...before,
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
    after.defaultAnswerWorkingDays === before.defaultAnswerWorkingDays;
  if (unchanged) return before;
  await deps.units.updateUnit(before, after, actor, deps.clock.now());
  return after;
}
