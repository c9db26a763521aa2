import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  type AttributeType,
  type CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, IdentityProviderError } from '../../domain/errors.js';
import { ROLES } from '../../domain/model.js';
import type { AccountState, IdentityProvider } from '../../domain/ports.js';

const UNIT_ATTRIBUTE = 'custom:unitId';
const DEPARTMENT_ATTRIBUTE = 'custom:departmentId';

const attribute = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value;

/**
 * Cognito user pool accounts. The e-mail is the user name (the pool signs in by e-mail); the unit and
 * department are the custom attributes the tokens carry; the role is the one group of ROLES the user is
 * in (other groups of the pool are left alone). AdminCreateUser sends the invitation with a temporary
 * password (the pool's invitation template); AdminDisableUser stops sign-in and revokes the user's
 * refresh tokens, so a session ends when its ID token expires (1 h).
 */
export class CognitoIdentityProvider implements IdentityProvider {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async createAccount(state: AccountState, options: { invite?: boolean } = {}) {
    const UserPoolId = this.userPoolId;
    try {
      const out = await this.call(() =>
        this.client.send(
          new AdminCreateUserCommand({
            UserPoolId,
            Username: state.email,
            UserAttributes: [
              { Name: 'email', Value: state.email },
              { Name: 'email_verified', Value: 'true' },
              { Name: 'name', Value: state.name },
              ...(state.unitId ? [{ Name: UNIT_ATTRIBUTE, Value: state.unitId }] : []),
              ...(state.departmentId ? [{ Name: DEPARTMENT_ATTRIBUTE, Value: state.departmentId }] : []),
            ],
            DesiredDeliveryMediums: ['EMAIL'],
            ...(options.invite === false ? { MessageAction: 'SUPPRESS' as const } : {}),
          }),
        ),
      );
      const username = out.User?.Username;
      const id = attribute(out.User?.Attributes, 'sub') ?? username;
      if (!username || !id) throw new IdentityProviderError('Cognito không trả về tài khoản vừa tạo');
      await this.addToGroup(username, state.role);
      if (state.disabled) await this.syncAccount(username, state);
      return { id, username };
    } catch (error) {
      if (!(error instanceof UsernameExistsException)) throw error;
      return this.adopt(state);
    }
  }

  /** A create retried after the account was made: the same unit's account is kept and brought to `state`. */
  private async adopt(state: AccountState) {
    const existing = await this.call(() =>
      this.client.send(new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: state.email })),
    );
    const unitId = attribute(existing.UserAttributes, UNIT_ATTRIBUTE) ?? null;
    if (unitId !== state.unitId || !existing.Username)
      throw new ConflictError(`Địa chỉ ${state.email} đã có tài khoản ở đơn vị khác`, 'body.email');
    await this.syncAccount(existing.Username, state);
    return {
      id: attribute(existing.UserAttributes, 'sub') ?? existing.Username,
      username: existing.Username,
    };
  }

  async syncAccount(username: string, state: AccountState): Promise<void> {
    const UserPoolId = this.userPoolId;
    const groups = await this.call(() =>
      this.client.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: username, Limit: 60 })),
    );
    const current = new Set((groups.Groups ?? []).map((g) => g.GroupName ?? ''));
    if (!current.has(state.role)) await this.addToGroup(username, state.role);
    for (const role of ROLES) {
      if (role !== state.role && current.has(role)) {
        await this.call(() =>
          this.client.send(
            new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: username, GroupName: role }),
          ),
        );
      }
    }
    await this.call(() =>
      this.client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId,
          Username: username,
          UserAttributes: [
            { Name: 'name', Value: state.name },
            ...(state.departmentId ? [{ Name: DEPARTMENT_ATTRIBUTE, Value: state.departmentId }] : []),
          ],
        }),
      ),
    );
    if (!state.departmentId) {
      await this.call(() =>
        this.client.send(
          new AdminDeleteUserAttributesCommand({
            UserPoolId,
            Username: username,
            UserAttributeNames: [DEPARTMENT_ATTRIBUTE],
          }),
        ),
      );
    }
    await this.call(() =>
      this.client.send(
        state.disabled
          ? new AdminDisableUserCommand({ UserPoolId, Username: username })
          : new AdminEnableUserCommand({ UserPoolId, Username: username }),
      ),
    );
  }

  private async addToGroup(username: string, role: string): Promise<void> {
    await this.call(() =>
      this.client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: username, GroupName: role }),
      ),
    );
  }

  /** Cognito refusing or failing for its own reasons (not our input): 503, nothing written in the table. */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof UsernameExistsException || error instanceof ConflictError) throw error;
      const name = (error as { name?: string }).name ?? 'Error';
      console.error(JSON.stringify({ level: 'ERROR', message: 'cognito call failed', error: name }));
      throw new IdentityProviderError(`Cognito: ${name}`);
    }
  }
}
