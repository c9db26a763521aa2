/**
 * A unit's people: its administrator lists, invites and changes them (role, department, name, access);
 * the system administrator gives a unit an administrator. Every account is both a sign-in account
 * (the IdentityProvider: Cognito in AWS, the local directory on a laptop) and a record of the unit's
 * directory with its history. The provider is changed first and the record second; a record that could
 * not be saved (someone changed it meanwhile) puts the provider back to the record as stored.
 */
import { type AccountRecord, publicAccount } from '../adapters/dynamodb/user-store.js';
import { ConflictError, NotFoundError, ValidationError, VersionConflictError } from '../domain/errors.js';
import type { Actor, UnitRole, UserAccount } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { AccountState, IdentityProvider } from '../domain/ports.js';
import { normalizeText } from '../domain/text.js';
import type { NewUser, UserPatch } from './admin-schemas.js';
import type { TrackerDeps } from './context.js';

export interface UserDeps extends TrackerDeps {
  identities: IdentityProvider;
}

export async function listUsers(deps: TrackerDeps, unitId: string, actor: Actor): Promise<UserAccount[]> {
  authorize(actor, 'user.list');
  return (await deps.users.list(unitId)).map(publicAccount);
}

export async function getUser(
  deps: TrackerDeps,
  unitId: string,
  id: string,
  actor: Actor,
): Promise<UserAccount> {
  authorize(actor, 'user.list');
  return publicAccount(await requireUser(deps, unitId, id));
}

/** The administrators of a unit, for the system administrator. */
export async function listUnitAdmins(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
): Promise<UserAccount[]> {
  authorize(actor, 'unit.read');
  return (await deps.users.list(unitId)).filter((a) => a.role === 'admin').map(publicAccount);
}

/** A unit administrator invites a person to the unit. */
export async function createUser(
  deps: UserDeps,
  unitId: string,
  input: NewUser,
  actor: Actor,
  options: { invite?: boolean } = {},
): Promise<UserAccount> {
  authorize(actor, 'user.create');
  return addAccount(deps, unitId, input, actor, options);
}

/** The system administrator gives a unit an administrator (its first, or one more). */
export async function addUnitAdmin(
  deps: UserDeps,
  unitId: string,
  input: { email: string; name: string },
  actor: Actor,
): Promise<UserAccount> {
  authorize(actor, 'unit.addAdmin');
  if (!(await deps.units.getUnit(unitId, true))) throw new NotFoundError('đơn vị');
  return addAccount(deps, unitId, { ...input, role: 'admin', departmentId: null }, actor);
}

async function addAccount(
  deps: UserDeps,
  unitId: string,
  input: NewUser,
  actor: Actor,
  options: { invite?: boolean } = {},
): Promise<UserAccount> {
  const departmentId = await checkRole(deps, unitId, input.role, input.departmentId ?? null);
  const email = input.email.trim().toLowerCase();
  const owner = await deps.users.emailOwner(email);
  if (owner)
    throw new ConflictError(
      owner.unitId === unitId
        ? `${email} đã có trong danh sách người dùng của đơn vị`
        : `${email} đã có tài khoản ở đơn vị khác`,
      'body.email',
    );
  const state: AccountState = {
    email,
    name: normalizeText(input.name),
    unitId,
    role: input.role,
    departmentId,
    disabled: false,
  };
  const { id, username } = await deps.identities.createAccount(state, options);
  const now = deps.clock.now();
  const account: AccountRecord = {
    id,
    username,
    email,
    name: state.name,
    role: state.role as UnitRole,
    departmentId,
    disabled: false,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
  await deps.users.create(unitId, account, actor, now);
  return publicAccount(account);
}

/** A unit administrator changes a person's role, department, name or access (`disabled`). */
export async function updateUser(
  deps: UserDeps,
  unitId: string,
  id: string,
  patch: UserPatch,
  actor: Actor,
): Promise<UserAccount> {
  authorize(actor, 'user.update');
  const before = await requireUser(deps, unitId, id);
  if (patch.version !== before.version) throw new VersionConflictError(before.version);
  const role = patch.role ?? before.role;
  const requested =
    patch.departmentId !== undefined
      ? patch.departmentId
      : role === 'department'
        ? before.departmentId
        : null;
  const departmentId = await checkRole(deps, unitId, role, requested, before.departmentId);
  const after: AccountRecord = {
    ...before,
    name: patch.name !== undefined ? normalizeText(patch.name) : before.name,
    role,
    departmentId,
    disabled: patch.disabled ?? before.disabled,
  };
  if (before.id === actor.sub && (after.disabled || after.role !== 'admin'))
    throw new ValidationError([
      {
        field: after.disabled ? 'body.disabled' : 'body.role',
        message: 'Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình; hãy nhờ một quản trị viên khác',
      },
    ]);
  const same =
    after.name === before.name &&
    after.role === before.role &&
    after.departmentId === before.departmentId &&
    after.disabled === before.disabled;
  if (same) return publicAccount(before);
  const now = deps.clock.now();
  const saved: AccountRecord = { ...after, updatedAt: now.toISOString(), version: before.version + 1 };
  await deps.identities.syncAccount(before.username, stateOf(unitId, saved));
  try {
    await deps.users.update(unitId, before, saved, actor, now);
  } catch (error) {
    // The account was changed but its record was not: put the account back as the record now says.
    const current = await deps.users.get(unitId, id, true);
    if (current)
      await deps.identities.syncAccount(current.username, stateOf(unitId, current)).catch(() => {});
    throw error;
  }
  return publicAccount(saved);
}

function stateOf(unitId: string, account: AccountRecord): AccountState {
  return {
    email: account.email,
    name: account.name,
    unitId,
    role: account.role,
    departmentId: account.departmentId,
    disabled: account.disabled,
  };
}

async function requireUser(deps: TrackerDeps, unitId: string, id: string): Promise<AccountRecord> {
  const account = await deps.users.get(unitId, id, true);
  if (!account) throw new NotFoundError('người dùng');
  return account;
}

/**
 * A department account names an active department of the unit (or keeps the one it has); the other
 * roles have none. Returns the department id to store.
 */
async function checkRole(
  deps: TrackerDeps,
  unitId: string,
  role: UnitRole,
  departmentId: string | null,
  current: string | null = null,
): Promise<string | null> {
  if (role !== 'department') {
    if (departmentId)
      throw new ValidationError([
        { field: 'body.departmentId', message: 'Chỉ tài khoản của phòng ban mới thuộc một phòng ban' },
      ]);
    return null;
  }
  if (!departmentId)
    throw new ValidationError([
      { field: 'body.departmentId', message: 'Tài khoản của phòng ban cần chọn phòng ban' },
    ]);
  const department = await deps.units.getDepartment(unitId, departmentId);
  if (!department)
    throw new ValidationError([
      { field: 'body.departmentId', message: `Không có phòng ban "${departmentId}"` },
    ]);
  if (!department.active && departmentId !== current)
    throw new ValidationError([
      { field: 'body.departmentId', message: `Phòng ban "${department.name}" đã ngừng hoạt động` },
    ]);
  return departmentId;
}
