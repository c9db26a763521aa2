/**
 * `npm run -s admin -- create-unit …` as a deployer runs it, in its own process: the AWS SDK's
 * endpoints point at DynamoDB Local (the table) and at a local stand-in for CloudFormation and Cognito
 * that answers in their wire formats and records every request. A wrong command line is refused before
 * any request; a right one creates the unit and invites its administrator, and running it again changes
 * nothing.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { systemClock } from '../../shared/adapters/clock/clocks.js';
import { buildTrackerDeps } from '../../shared/deps.js';
import { createTestTable } from '../support/table.js';
import { CREATE_UNIT_ARGS } from './admin-args.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STACK = 'DialogueFollowup-prod';
const POOL = 'ap-southeast-1_TestPool';

interface Seen {
  /** CloudFormation's Action or Cognito's operation. */
  operation: string;
  input: Record<string, unknown>;
}
const seen: Seen[] = [];
let aws: Server;
let awsUrl = '';
let table: Awaited<ReturnType<typeof createTestTable>>;

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function describeStacks(tableName: string): string {
  const outputs = { TableName: tableName, UserPoolId: POOL, Url: 'https://theodoi.example.gov.vn' };
  const members = Object.entries(outputs)
    .map(([k, v]) => `<member><OutputKey>${k}</OutputKey><OutputValue>${xml(v)}</OutputValue></member>`)
    .join('');
  return `<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
<DescribeStacksResult><Stacks><member><StackName>${STACK}</StackName><StackId>arn:aws:cloudformation:ap-southeast-1:111111111111:stack/${STACK}/1</StackId>
<CreationTime>2025-09-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${members}</Outputs></member></Stacks></DescribeStacksResult>
<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DescribeStacksResponse>`;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** CloudFormation (query protocol, XML) and Cognito (JSON 1.1) as far as the command uses them. */
async function fakeAws(req: IncomingMessage): Promise<{ status: number; type: string; text: string }> {
  const text = await body(req);
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const operation = target.split('.')[1] ?? target;
    const input = JSON.parse(text) as Record<string, unknown>;
    seen.push({ operation, input });
    const json = (o: unknown) => ({
      status: 200,
      type: 'application/x-amz-json-1.1',
      text: JSON.stringify(o),
    });
    if (operation === 'AdminCreateUser')
      return json({
        User: {
          Username: 'a1b2c3d4-sub',
          Enabled: true,
          UserStatus: 'FORCE_CHANGE_PASSWORD',
          Attributes: [{ Name: 'sub', Value: 'a1b2c3d4-sub' }],
        },
      });
    if (operation === 'AdminAddUserToGroup') return json({});
    return {
      status: 400,
      type: 'application/x-amz-json-1.1',
      text: '{"__type":"InvalidParameterException"}',
    };
  }
  const form = Object.fromEntries(new URLSearchParams(text));
  seen.push({ operation: form.Action ?? '?', input: form });
  if (form.Action === 'DescribeStacks' && form.StackName === STACK)
    return { status: 200, type: 'text/xml', text: describeStacks(table.tableName) };
  return {
    status: 400,
    type: 'text/xml',
    text: '<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>Stack does not exist</Message></Error></ErrorResponse>',
  };
}

beforeAll(async () => {
  table = await createTestTable();
  aws = createServer((req, res) => {
    fakeAws(req).then(
      (r) => res.writeHead(r.status, { 'content-type': r.type }).end(r.text),
      (error) => res.writeHead(500).end(String(error)),
    );
  });
  await new Promise<void>((resolve) => aws.listen(0, '127.0.0.1', () => resolve()));
  awsUrl = `http://127.0.0.1:${(aws.address() as AddressInfo).port}`;
});

afterAll(() => {
  aws?.close();
});

/** The table as the deployed API reads it (no cache). */
const unitsOf = () => buildTrackerDeps({ ...table, clock: systemClock, unitCache: { ttlMs: 0 } }).units;

function admin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'test-secret',
    AWS_ENDPOINT_URL_CLOUDFORMATION: awsUrl,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: awsUrl,
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
  };
  delete env.AWS_PROFILE;
  const child = spawn('npm', ['run', '-s', 'admin', '--', ...args], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString('utf8');
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

const CREATE = CREATE_UNIT_ARGS;

describe('npm run -s admin -- create-unit', () => {
  it('refuses a wrong command line with the usage, before any request to AWS', async () => {
    const badId = await admin(CREATE.map((a) => (a === 'xa-an-binh' ? 'Xã An Bình' : a)));
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/^--id: /m);
    expect(badId.stderr).toContain('Cách dùng: npm run -s admin --');

    const badEmail = await admin(CREATE.map((a) => (a === 'Lan.NT@anbinh.gov.vn' ? 'lan@' : a)));
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toMatch(/^--admin-email: /m);

    const noStack = await admin(CREATE.filter((a) => a !== '--stack' && a !== STACK));
    expect(noStack.code).toBe(2);
    expect(noStack.stderr).toContain('--stack: cần tên stack');

    expect(seen).toEqual([]);
    expect(await unitsOf().getUnit('xa-an-binh', true)).toBeUndefined();
  }, 120_000);

  it('creates the unit and invites its first administrator; a second run changes nothing', async () => {
    const first = await admin(CREATE);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([
      'Đã tạo đơn vị Xã An Bình (mã xa-an-binh, ký hiệu AN-BINH).',
      'Đã mời Nguyễn Thị Lan <lan.nt@anbinh.gov.vn> làm quản trị viên; thư mời có mật khẩu tạm thời.',
    ]);
    expect(seen.map((s) => s.operation)).toEqual([
      'DescribeStacks',
      'AdminCreateUser',
      'AdminAddUserToGroup',
    ]);
    expect(seen[0]?.input).toMatchObject({ StackName: STACK });
    expect(seen[1]?.input).toEqual({
      UserPoolId: POOL,
      Username: 'lan.nt@anbinh.gov.vn',
      UserAttributes: [
        { Name: 'email', Value: 'lan.nt@anbinh.gov.vn' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Nguyễn Thị Lan' },
        { Name: 'custom:unitId', Value: 'xa-an-binh' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(seen[2]?.input).toEqual({ UserPoolId: POOL, Username: 'a1b2c3d4-sub', GroupName: 'admin' });
    const units = unitsOf();
    expect(await units.getUnit('xa-an-binh', true)).toMatchObject({ code: 'AN-BINH', name: 'Xã An Bình' });
    expect((await units.listDepartments('xa-an-binh')).length).toBeGreaterThan(0);

    seen.length = 0;
    const again = await admin(CREATE);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual([
      'Đơn vị Xã An Bình (mã xa-an-binh) đã có; giữ nguyên.',
      'lan.nt@anbinh.gov.vn đã là quản trị viên của đơn vị; giữ nguyên.',
    ]);
    expect(seen.map((s) => s.operation)).toEqual(['DescribeStacks']);
  }, 120_000);
});
