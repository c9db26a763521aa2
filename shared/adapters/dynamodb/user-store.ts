import { ConflictError, VersionConflictError } from '../../domain/errors.js';
import { historyEntry } from '../../domain/history.js';
import type { Actor, UnitRole, UserAccount } from '../../domain/model.js';
import { historyItem } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import type { Item, Table } from './table.js';

/** An account as stored: the person, and the identity provider's username for it. */
export interface AccountRecord extends UserAccount {
  username: string;
}

/** The public part of an account (never the provider's username). */
export function publicAccount({ username: _username, ...account }: AccountRecord): UserAccount {
  return account;
}

function toAccount(i: Item): AccountRecord {
  return {
    id: String(i.id),
    email: String(i.email),
    name: String(i.name),
    role: i.role as UnitRole,
    departmentId: typeof i.departmentId === 'string' ? i.departmentId : null,
    disabled: i.disabled === true,
    createdAt: String(i.createdAt),
    updatedAt: String(i.updatedAt),
    version: Number(i.version),
    username: String(i.username),
  };
}

/**
 * A unit's directory of people (`U#<unit>` / `USER#<id>`), each change with its history entry in the
 * same transaction, and the deployment-wide claim of each e-mail address (`USEREMAIL#<email>`), so an
 * address has one account. In AWS each record mirrors a Cognito user; locally the records are the
 * accounts the sign-in page offers.
 */
export class UserStore {
  constructor(private readonly table: Table) {}

  async list(unitId: string): Promise<AccountRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.user },
    });
    return items
      .map(toAccount)
      .sort((a, b) => a.name.localeCompare(b.name, 'vi') || a.email.localeCompare(b.email));
  }

  async get(unitId: string, id: string, consistent = false): Promise<AccountRecord | undefined> {
    const item = await this.table.get(keys.user(unitId, id), consistent);
    return item ? toAccount(item) : undefined;
  }

  /** The unit and account that hold an address, if any. */
  async emailOwner(email: string): Promise<{ unitId: string; userId: string } | undefined> {
    const item = await this.table.get(keys.userEmail(email), true);
    return item ? { unitId: String(item.unitId), userId: String(item.userId) } : undefined;
  }

  async create(unitId: string, account: AccountRecord, actor: Actor, now: Date): Promise<void> {
    await this.table.transact([
      {
        write: this.table.put(
          { ...keys.userEmail(account.email), type: 'USER_EMAIL', unitId, userId: account.id },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () => new ConflictError(`Địa chỉ ${account.email} đã có tài khoản`, 'body.email'),
      },
      {
        write: this.table.put(
          { ...keys.user(unitId, account.id), type: 'USER', ...account },
          { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () => new ConflictError('Tài khoản này đã có trong danh sách', 'body.email'),
      },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'USER',
            account.id,
            1,
            historyEntry(actor, now, 'created', null, publicAccount(account)),
          ),
        ),
      },
    ]);
  }

  /** Saves a changed account if it is still at `before.version` (else VersionConflictError), with its history. */
  async update(
    unitId: string,
    before: AccountRecord,
    after: AccountRecord,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    await this.table.transact([
      {
        write: this.table.put(
          { ...keys.user(unitId, after.id), type: 'USER', ...after },
          { expression: 'version = :v', values: { ':v': before.version } },
        ),
        onConditionFailed: () => new VersionConflictError(before.version),
      },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'USER',
            after.id,
            after.version,
            historyEntry(actor, now, 'updated', publicAccount(before), publicAccount(after)),
          ),
        ),
      },
    ]);
  }
}
