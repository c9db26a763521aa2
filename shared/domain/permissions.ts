/**
 * Who may do what: one table of actions → roles (with an ownership condition for department users),
 * read by the services before they act, by the API's route table and by the pages (to show or hide a
 * control). A rule that lives only in a route or a page is a defect: add the action here instead.
 */
import { ForbiddenError, NotFoundError } from './errors.js';
import type { Actor, Role } from './model.js';

/**
 * Which items a department user may act on: `lead` only the items it leads (chủ trì); `cooperating`
 * only the items it cooperates on (phối hợp); `involved` either. Other roles act on every item of
 * their unit.
 */
export type DepartmentScope = 'lead' | 'cooperating' | 'involved';

export interface Permission {
  roles: readonly Role[];
  /** Ownership condition applied to department users (see DepartmentScope). */
  department?: DepartmentScope;
  /** `child`: the action reads a child unit's records, never the actor's own unit nor any other. */
  units?: 'child';
}

/**
 * Where a unit stands from the actor's unit: its own, one of its child units (a commune of the actor's
 * province), or any other (a sibling commune, the parent, another province, a unit that does not exist).
 */
export type UnitRelation = 'own' | 'child' | 'other';

export function unitRelation(
  actorUnitId: string,
  target: { id: string; parentId?: string | null } | undefined,
): UnitRelation {
  if (!target) return 'other';
  if (target.id === actorUnitId) return 'own';
  return target.parentId === actorUnitId ? 'child' : 'other';
}

export const EVERYONE: readonly Role[] = ['admin', 'office', 'front', 'standing', 'department'];
export const OFFICE: readonly Role[] = ['admin', 'office'];

/** The deployment's system administrator: units across the deployment, never a unit's own records. */
export const SYSTEM: readonly Role[] = ['system'];
export const ADMIN: readonly Role[] = ['admin'];
/** Who at a parent unit sees its child units' follow-up: its Front, its standing committee, its admin. */
export const CHILD_UNIT_READERS: readonly Role[] = ['front', 'standing', 'admin'];

export const PERMISSIONS = {
  'unit.list': { roles: SYSTEM },
  'unit.read': { roles: SYSTEM },
  'unit.create': { roles: SYSTEM },
  'unit.update': { roles: SYSTEM },
  /** Give a unit an administrator (its first one, or a replacement). */
  'unit.addAdmin': { roles: SYSTEM },

  /** The unit administration pages (people, departments, fields, calendar, policy, recipients, settings). */
  'unitAdmin.read': { roles: ADMIN },
  /** The caller's own unit: name, code, default working days to answer. */
  'unitSettings.read': { roles: EVERYONE },
  'unitSettings.update': { roles: ADMIN },

  /** The unit's people (accounts). */
  'user.list': { roles: ADMIN },
  'user.create': { roles: ADMIN },
  'user.update': { roles: ADMIN },

  'department.list': { roles: EVERYONE },
  'department.create': { roles: ADMIN },
  /** Rename, contact e-mails, deactivate or reactivate. */
  'department.update': { roles: ADMIN },
  /** Only a department that no item, person or history ever referred to. */
  'department.delete': { roles: ADMIN },

  'dialogue.list': { roles: EVERYONE },
  'dialogue.read': { roles: EVERYONE },
  'dialogue.create': { roles: OFFICE },
  'dialogue.update': { roles: OFFICE },
  'dialogue.history': { roles: OFFICE },

  'recommendation.list': { roles: EVERYONE, department: 'involved' },
  'recommendation.read': { roles: EVERYONE, department: 'involved' },
  'recommendation.history': { roles: EVERYONE, department: 'involved' },
  'recommendation.create': { roles: OFFICE },
  'recommendation.import': { roles: OFFICE },
  'recommendation.update': { roles: OFFICE },
  'recommendation.resolve': { roles: ['department', 'office', 'admin'], department: 'lead' },
  'recommendation.review': { roles: ['front'] },
  /** Forward an item to the parent unit through the tracker (chuyển cấp trên). */
  'recommendation.forward': { roles: OFFICE },
  /** Ý kiến phối hợp: a cooperating department's contribution, for the lead department. */
  'recommendation.cooperate': { roles: ['department'], department: 'cooperating' },
  /** A department's own list of items to answer (the inbox page). */
  'inbox.read': { roles: ['department'] },

  /** Documents of a dialogue: the conclusion notice (Thông báo kết luận) and the results report. */
  'conclusionNotice.read': { roles: ['office', 'admin', 'front', 'standing'] },
  'conclusionNotice.edit': { roles: OFFICE },
  'conclusionNotice.issue': { roles: OFFICE },
  'resultsReport.read': { roles: ['office', 'admin', 'front', 'standing'] },

  /** Files on an item's answer (the department's signed letter): read by whoever may read the item. */
  'attachment.read': { roles: EVERYONE, department: 'involved' },
  'attachment.add': { roles: ['department', 'office', 'admin'], department: 'lead' },
  'attachment.remove': { roles: ['department', 'office', 'admin'], department: 'lead' },
  'attachment.publish': { roles: OFFICE },

  'calendar.read': { roles: EVERYONE },
  'calendar.override': { roles: ['admin'] },
  /** The national calendar: overrides entered once for every unit (system administrator only). */
  'calendar.national': { roles: ['system'] },

  'fields.read': { roles: EVERYONE },
  'fields.update': { roles: ['admin'] },

  /** Which e-mail notices the unit sends (assignment, reopen, due-date change, the Front's digest). */
  'notices.read': { roles: ['admin', 'office', 'front'] },
  'notices.update': { roles: ['admin'] },

  'escalationPolicy.read': { roles: ['admin', 'office', 'front'] },
  'escalationPolicy.update': { roles: ['admin'] },

  'report.supervision': { roles: ['front', 'office', 'admin'] },
  'report.quarterly': { roles: ['standing', 'front', 'office', 'admin'] },
  'report.send': { roles: OFFICE },
  'report.sends': { roles: OFFICE },
  'recipients.read': { roles: OFFICE },
  'recipients.update': { roles: ['admin'] },
  'repeats.read': { roles: OFFICE },
  'repeats.decide': { roles: OFFICE },

  /**
   * A parent unit's view of its child units (a province's communes), read-only: the quarterly and
   * supervision roll-ups, and a child unit's items. Only with a child unit (see authorizeUnit).
   */
  'childUnits.quarterly': { roles: CHILD_UNIT_READERS, units: 'child' },
  /** Through the supervision report's route, so within its roles (the standing committee has the quarter's). */
  'childUnits.supervision': { roles: ['front', 'admin'], units: 'child' },
  'childUnits.recommendations': { roles: CHILD_UNIT_READERS, units: 'child' },

  /** Local mode only: move the clock. */
  'dev.clock': { roles: ['admin'] },
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

/** What a department's ownership condition is checked against. */
export interface OwnedItem {
  departmentId: string | null;
  cooperatingDepartmentIds: readonly string[];
}

export function rolesFor(action: Action): readonly Role[] {
  return PERMISSIONS[action].roles;
}

/**
 * Whether the actor may perform the action (on `item`, when the action concerns one). A user with
 * several roles may act if any allowed role permits it; a department role's permission holds only for
 * items within its scope.
 */
export function can(actor: Pick<Actor, 'roles' | 'departmentId'>, action: Action, item?: OwnedItem): boolean {
  const permission: Permission = PERMISSIONS[action];
  return actor.roles.some((role) => {
    if (!permission.roles.includes(role)) return false;
    if (role !== 'department' || !permission.department || !item) return true;
    if (!actor.departmentId) return false;
    const leads = item.departmentId === actor.departmentId;
    const cooperates = !leads && item.cooperatingDepartmentIds.includes(actor.departmentId);
    const scope = permission.department;
    return scope === 'lead' ? leads : scope === 'cooperating' ? cooperates : leads || cooperates;
  });
}

/**
 * How far the actor's permission for an action reaches: every item of its unit, only the items within
 * its department's scope (a user whose only role allowing it is 'department'), or none.
 */
export function reach(
  actor: Pick<Actor, 'roles' | 'departmentId'>,
  action: Action,
): 'unit' | DepartmentScope | 'none' {
  const permission: Permission = PERMISSIONS[action];
  const allowed = actor.roles.filter((role) => permission.roles.includes(role));
  if (allowed.length === 0) return 'none';
  if (allowed.some((role) => role !== 'department') || !permission.department) return 'unit';
  return actor.departmentId ? permission.department : 'none';
}

/** Throws ForbiddenError unless `can(actor, action, item)`. */
export function authorize(
  actor: Pick<Actor, 'roles' | 'departmentId'>,
  action: Action,
  item?: OwnedItem,
  message?: string,
): void {
  if (!can(actor, action, item)) throw new ForbiddenError(message);
}

/** The actions that read a child unit's records. */
export type ChildUnitAction = {
  [A in Action]: (typeof PERMISSIONS)[A] extends { units: 'child' } ? A : never;
}[Action];

/**
 * The unit scope, decided once for the API and the pages: a child-unit action holds only for a child unit
 * of the actor's own unit (anything else, a sibling commune or another province, is "not found", as a
 * foreign id always is); the role must be one the table lists (else 403, whatever the unit). Actions on the actor's own unit
 * need no relation: their keys are built from the actor's unit.
 */
export function authorizeUnit(
  actor: Pick<Actor, 'roles' | 'departmentId'> & { unitId: string },
  action: ChildUnitAction,
  target: { id: string; parentId?: string | null } | undefined,
): void {
  authorize(actor, action);
  if (unitRelation(actor.unitId, target) !== 'child') throw new NotFoundError('đơn vị');
}

/** Whether the actor may perform a child-unit action on this unit (to show or hide a link). */
export function canInUnit(
  actor: Pick<Actor, 'roles' | 'departmentId'> & { unitId: string },
  action: ChildUnitAction,
  target: { id: string; parentId?: string | null } | undefined,
): boolean {
  return unitRelation(actor.unitId, target) === 'child' && can(actor, action);
}
