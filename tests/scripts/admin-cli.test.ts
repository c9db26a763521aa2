/**
 * `npm run -s admin -- …` against a stack: the stack's outputs from CloudFormation, the commands on the
 * table (DynamoDB Local) and Cognito (mocked at the SDK client boundary). A unit and its first
 * administrator in one command, safe to run again.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { planCommand, runAdminCommand, UsageError } from '../../scripts/admin-commands.js';
import { stackOutputs } from '../../scripts/admin-stack.js';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { CognitoIdentityProvider } from '../../shared/adapters/identity/cognito-identity-provider.js';
import { buildTrackerDeps } from '../../shared/deps.js';
import { createTestTable } from '../support/table.js';
import { CREATE_UNIT_ARGS } from './admin-args.js';

const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'ap-southeast-1_Pool';
let ctx: Parameters<typeof runAdminCommand>[1];
const lines: string[] = [];

beforeAll(async () => {
  const table = await createTestTable();
  ctx = {
    deps: {
      ...buildTrackerDeps({ ...table, clock: new FixedClock(new Date('2025-09-15T02:00:00Z')) }),
      identities: new CognitoIdentityProvider(
        new CognitoIdentityProviderClient({ region: 'ap-southeast-1' }),
        POOL,
      ),
    },
    actor: { sub: 'cli:deployer', name: 'Lệnh quản trị (deployer)', roles: ['system'], departmentId: null },
    out: (line) => lines.push(line),
  };
  let n = 0;
  cognito.on(AdminCreateUserCommand).callsFake(() => {
    const sub = `sub-${++n}`;
    return { User: { Username: sub, Attributes: [{ Name: 'sub', Value: sub }] } };
  });
  cognito.on(AdminAddUserToGroupCommand).resolves({});
});

const createUnit = CREATE_UNIT_ARGS;

describe('npm run admin', () => {
  it('reads the table, user pool and URL from the stack’s outputs', async () => {
    const cfn = mockClient(CloudFormationClient);
    cfn.on(DescribeStacksCommand, { StackName: 'DialogueFollowup-prod' }).resolves({
      Stacks: [
        {
          StackName: 'DialogueFollowup-prod',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [
            { OutputKey: 'TableName', OutputValue: 'dialogue-followup-prod' },
            { OutputKey: 'UserPoolId', OutputValue: POOL },
          ],
        },
      ],
    });
    expect(
      await stackOutputs(new CloudFormationClient({ region: 'ap-southeast-1' }), 'DialogueFollowup-prod'),
    ).toEqual({
      TableName: 'dialogue-followup-prod',
      UserPoolId: POOL,
    });
    cfn.restore();
  });

  it('refuses a bad command line before asking AWS anything', () => {
    expect(() => planCommand(['create-unit', '--id', 'Xã An Bình'])).toThrow(UsageError);
    expect(() => planCommand(['create-unit', '--id', 'x'])).toThrow(/--code: bắt buộc/);
    expect(() => planCommand(['add-admin', '--email', 'a@b.example', '--name', 'A'])).toThrow(/--unit/);
    expect(() => planCommand(['frob'])).toThrow(/Không có lệnh "frob"/);
  });

  it('creates the unit with its departments and invites its first administrator; a second run changes nothing', async () => {
    expect(await runAdminCommand(createUnit, ctx)).toBe(0);
    expect(lines).toEqual([
      'Đã tạo đơn vị Xã An Bình (mã xa-an-binh, ký hiệu AN-BINH).',
      'Đã mời Nguyễn Thị Lan <lan.nt@anbinh.gov.vn> làm quản trị viên; thư mời có mật khẩu tạm thời.',
    ]);
    const input = cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      UserPoolId: POOL,
      Username: 'lan.nt@anbinh.gov.vn',
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(input?.UserAttributes).toContainEqual({ Name: 'custom:unitId', Value: 'xa-an-binh' });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input.GroupName).toBe('admin');
    expect((await ctx.deps.units.listDepartments('xa-an-binh')).length).toBe(7);
    expect((await ctx.deps.users.list('xa-an-binh')).map((u) => u.email)).toEqual(['lan.nt@anbinh.gov.vn']);

    lines.length = 0;
    expect(await runAdminCommand(createUnit, ctx)).toBe(0);
    expect(lines).toEqual([
      'Đơn vị Xã An Bình (mã xa-an-binh) đã có; giữ nguyên.',
      'lan.nt@anbinh.gov.vn đã là quản trị viên của đơn vị; giữ nguyên.',
    ]);
    expect(cognito.commandCalls(AdminCreateUserCommand)).toHaveLength(1);
  });

  it('refuses an id already used by another unit', async () => {
    const other = createUnit.map((a) => (a === 'Xã An Bình' ? 'Xã Bình An' : a));
    await expect(runAdminCommand(other, ctx)).rejects.toThrow(/đã là đơn vị "Xã An Bình"/);
  });

  it('invites a system administrator without a unit, and lists the units with their administrators', async () => {
    cognito.on(AdminGetUserCommand).resolves({});
    cognito.on(AdminListGroupsForUserCommand).resolves({ Groups: [] });
    await runAdminCommand(
      ['create-system-admin', '--email', 'it@tinh.gov.vn', '--name', 'Phòng CNTT tỉnh'],
      ctx,
    );
    const input = cognito.commandCalls(AdminCreateUserCommand).at(-1)?.args[0].input;
    expect(input?.UserAttributes?.map((a) => a.Name)).toEqual(['email', 'email_verified', 'name']);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).at(-1)?.args[0].input.GroupName).toBe('system');
    lines.length = 0;
    await runAdminCommand(['list-units'], ctx);
    expect(lines).toEqual(['xa-an-binh\tAN-BINH\tXã An Bình\tlan.nt@anbinh.gov.vn']);
  });
});
