/**
 * The Cognito adapter at the SDK client boundary: what it asks Cognito (AdminCreateUser with the
 * invitation and the unit/department attributes, AdminAddUserToGroup, AdminDisableUser…), and the
 * people API wired to it — a Cognito failure changes nothing in the table.
 */
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
  CognitoIdentityProviderClient,
  InternalErrorException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CognitoIdentityProvider } from '../../shared/adapters/identity/cognito-identity-provider.js';
import { ConflictError, IdentityProviderError } from '../../shared/domain/errors.js';
import type { AccountState } from '../../shared/domain/ports.js';
import { createTestApp, seedUnit } from '../support/app.js';

const POOL = 'ap-southeast-1_Example';
const mock = mockClient(CognitoIdentityProviderClient);
const provider = () =>
  new CognitoIdentityProvider(new CognitoIdentityProviderClient({ region: 'ap-southeast-1' }), POOL);
const SUB = '1a2b3c4d-0000-4000-8000-000000000001';

const state = (over: Partial<AccountState> = {}): AccountState => ({
  email: 'dc@xa-an-binh.gov.vn',
  name: 'Cán bộ địa chính',
  unitId: 'xa-an-binh',
  role: 'department',
  departmentId: 'phong-kinh-te',
  disabled: false,
  ...over,
});

const created = () =>
  mock.on(AdminCreateUserCommand).resolves({
    User: { Username: SUB, Attributes: [{ Name: 'sub', Value: SUB }], Enabled: true },
  });

beforeEach(() => {
  mock.reset();
  mock.on(AdminAddUserToGroupCommand).resolves({});
  mock.on(AdminRemoveUserFromGroupCommand).resolves({});
  mock.on(AdminUpdateUserAttributesCommand).resolves({});
  mock.on(AdminDeleteUserAttributesCommand).resolves({});
  mock.on(AdminDisableUserCommand).resolves({});
  mock.on(AdminEnableUserCommand).resolves({});
});

describe('CognitoIdentityProvider', () => {
  it('creates the user with an e-mailed invitation, the unit and department attributes, then adds it to its role group', async () => {
    created();
    expect(await provider().createAccount(state())).toEqual({ id: SUB, username: SUB });
    expect(mock.commandCalls(AdminCreateUserCommand).map((c) => c.args[0].input)).toEqual([
      {
        UserPoolId: POOL,
        Username: 'dc@xa-an-binh.gov.vn',
        UserAttributes: [
          { Name: 'email', Value: 'dc@xa-an-binh.gov.vn' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Cán bộ địa chính' },
          { Name: 'custom:unitId', Value: 'xa-an-binh' },
          { Name: 'custom:departmentId', Value: 'phong-kinh-te' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    ]);
    expect(mock.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: SUB, GroupName: 'department' },
    ]);
  });

  it('creates a system administrator without a unit, and can suppress the invitation', async () => {
    created();
    await provider().createAccount(state({ unitId: null, role: 'system', departmentId: null }), {
      invite: false,
    });
    const input = mock.commandCalls(AdminCreateUserCommand)[0]?.args[0].input;
    expect(input?.UserAttributes?.map((a) => a.Name)).toEqual(['email', 'email_verified', 'name']);
    expect(input?.MessageAction).toBe('SUPPRESS');
    expect(mock.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input.GroupName).toBe('system');
  });

  it('adopts the account a failed attempt created in the same unit, and refuses one of another unit', async () => {
    mock
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    mock.on(AdminGetUserCommand).resolves({
      Username: SUB,
      UserAttributes: [
        { Name: 'sub', Value: SUB },
        { Name: 'custom:unitId', Value: 'xa-an-binh' },
      ],
    });
    mock.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    expect(await provider().createAccount(state())).toEqual({ id: SUB, username: SUB });
    expect(mock.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input.GroupName).toBe('department');

    mock.on(AdminGetUserCommand).resolves({
      Username: SUB,
      UserAttributes: [{ Name: 'custom:unitId', Value: 'phuong-khac' }],
    });
    await expect(provider().createAccount(state())).rejects.toBeInstanceOf(ConflictError);
  });

  it('brings an account to its state: one role group, the department, disabled with AdminDisableUser', async () => {
    mock
      .on(AdminListGroupsForUserCommand)
      .resolves({ Groups: [{ GroupName: 'department' }, { GroupName: 'beta-testers' }] });
    await provider().syncAccount(SUB, state({ role: 'office', departmentId: null, disabled: true }));
    expect(mock.commandCalls(AdminAddUserToGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual([
      'office',
    ]);
    // Only the app's role groups are touched.
    expect(mock.commandCalls(AdminRemoveUserFromGroupCommand).map((c) => c.args[0].input.GroupName)).toEqual([
      'department',
    ]);
    expect(mock.commandCalls(AdminDeleteUserAttributesCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: SUB,
      UserAttributeNames: ['custom:departmentId'],
    });
    expect(mock.commandCalls(AdminDisableUserCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, Username: SUB },
    ]);
    expect(mock.commandCalls(AdminEnableUserCommand)).toHaveLength(0);

    mock.resetHistory();
    mock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'office' }] });
    await provider().syncAccount(SUB, state({ role: 'office', departmentId: null, disabled: false }));
    expect(mock.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
    expect(mock.commandCalls(AdminEnableUserCommand)).toHaveLength(1);
  });

  it('reports Cognito’s own failures as IdentityProviderError', async () => {
    mock.on(AdminCreateUserCommand).rejects(new InternalErrorException({ message: 'boom', $metadata: {} }));
    await expect(provider().createAccount(state())).rejects.toBeInstanceOf(IdentityProviderError);
  });
});

describe('the people API on Cognito', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ identities: provider() });
    await seedUnit(t, 'u1');
  });

  it('invites through AdminCreateUser and AdminAddUserToGroup; disables through AdminDisableUser', async () => {
    created();
    const res = await t.call('POST', '/api/users', {
      as: 'admin',
      body: { email: 'Vanphong@U1.gov.vn', name: 'Văn phòng', role: 'office' },
    });
    expect(res.status).toBe(201);
    expect(res.body.id).toBe(SUB);
    const input = mock.commandCalls(AdminCreateUserCommand)[0]?.args[0].input;
    expect(input?.Username).toBe('vanphong@u1.gov.vn');
    expect(input?.UserAttributes).toContainEqual({ Name: 'custom:unitId', Value: 'u1' });
    expect(mock.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: SUB,
      GroupName: 'office',
    });

    mock.on(AdminListGroupsForUserCommand).resolves({ Groups: [{ GroupName: 'office' }] });
    const off = await t.call('PATCH', `/api/users/${SUB}`, {
      as: 'admin',
      body: { version: 1, disabled: true },
    });
    expect(off.status).toBe(200);
    expect(mock.commandCalls(AdminDisableUserCommand)[0]?.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: SUB,
    });
  });

  it('answers 503 and writes nothing when Cognito fails', async () => {
    mock.on(AdminCreateUserCommand).rejects(new InternalErrorException({ message: 'boom', $metadata: {} }));
    const res = await t.call('POST', '/api/users', {
      as: 'admin',
      body: { email: 'mttq@u1.gov.vn', name: 'MTTQ', role: 'front' },
    });
    expect(res.status).toBe(503);
    expect(res.body.errors[0].message).toContain('chưa có gì thay đổi');
    const people = await t.call('GET', '/api/users', { as: 'admin' });
    expect(people.body.items.map((p: { email: string }) => p.email)).toEqual(['vanphong@u1.gov.vn']);
    expect(await t.deps.users.emailOwner('mttq@u1.gov.vn')).toBeUndefined();

    mock
      .on(AdminListGroupsForUserCommand)
      .rejects(new InternalErrorException({ message: 'boom', $metadata: {} }));
    const change = await t.call('PATCH', `/api/users/${SUB}`, {
      as: 'admin',
      body: { version: 2, role: 'front' },
    });
    expect(change.status).toBe(503);
    expect((await t.call('GET', '/api/users', { as: 'admin' })).body.items[0]).toMatchObject({
      role: 'office',
      version: 2,
    });
  });
});
