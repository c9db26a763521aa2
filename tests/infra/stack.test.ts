import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/app-function.js';
import { ACCOUNT_ACTIONS } from '../../infra/constructs/bindings.js';
import { INDEX_LIST, TABLE_KEYS } from '../../shared/adapters/dynamodb/table-definition.js';
import { awsApiDeps } from '../../shared/aws-deps-api.js';
import { awsFanOutDeps } from '../../shared/aws-deps-fan-out.js';
import { awsTrackerDeps } from '../../shared/aws-deps-tracker.js';
import { awsWorkerDeps } from '../../shared/aws-deps-worker.js';
import { ENV } from '../../shared/config.js';
import { ROLES } from '../../shared/domain/model.js';
import { REPORT_SCHEDULES } from '../../shared/services/report-schedule.js';
import {
  actionsOf,
  getAtt,
  idOf,
  props,
  ref,
  resourcesOf,
  resourcesOfStatement,
  roleOfFunction,
  type Statement,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth.js';

// One synthesis (with the esbuild bundles) for the whole file; the assertions read its template.
let s: Synthesized;
beforeAll(() => {
  s = synthesize({ stage: 'test', domain: 'example.gov.vn' });
}, 120_000);
afterAll(() => s?.dispose());

type Json = Record<string, unknown>;
const fnIds = () => {
  const f = s.stack.functions;
  return {
    api: idOf(s.stack, f.api),
    escalation: idOf(s.stack, f.escalation),
    fanOut: idOf(s.stack, f.fanOut),
    unitWorker: idOf(s.stack, f.unitWorker),
    sesEvents: idOf(s.stack, f.sesEvents),
  };
};
const envOf = (logicalId: string) =>
  ((props(s.template.toJSON().Resources[logicalId] as Json).Environment as { Variables: Json }).Variables ??
    {}) as Json;
/** The queue's policy denies every request not made over TLS. */
const sslOnly = (queueId: string): boolean => {
  const policies = Object.values(resourcesOf(s.template, 'AWS::SQS::QueuePolicy')).map(props);
  const policy = policies.find((p) => JSON.stringify(p.Queues) === JSON.stringify([ref(queueId)]));
  const statements = ((policy?.PolicyDocument as { Statement?: Statement[] })?.Statement ??
    []) as (Statement & { Principal?: unknown })[];
  return statements.some(
    (st) =>
      st.Effect === 'Deny' &&
      actionsOf(st).includes('sqs:*') &&
      JSON.stringify(st.Principal) === JSON.stringify({ AWS: '*' }) &&
      JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
  );
};
const statementsOfFunction = (logicalId: string): Statement[] =>
  statementsOfRole(s.template, roleOfFunction(s.template.toJSON().Resources[logicalId] as Json));

describe('table', () => {
  it('is on demand, with point-in-time recovery, deletion protection and RETAIN', () => {
    const tables = resourcesOf(s.template, 'AWS::DynamoDB::GlobalTable');
    expect(Object.keys(tables)).toHaveLength(1);
    const table = Object.values(tables)[0] as Json;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    const p = props(table);
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    const replicas = p.Replicas as Json[];
    expect(replicas).toHaveLength(1);
    expect(replicas[0]?.DeletionProtectionEnabled).toBe(true);
    expect(replicas[0]?.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('has the keys and indexes of shared/adapters/dynamodb/table-definition.ts (string keys, projection ALL or the compact attributes)', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: INDEX_LIST.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: index.include
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.include] }
          : { ProjectionType: 'ALL' },
      })),
    });
    const table = Object.values(resourcesOf(s.template, 'AWS::DynamoDB::GlobalTable'))[0] as Json;
    const attributes = props(table).AttributeDefinitions as {
      AttributeName: string;
      AttributeType: string;
    }[];
    expect(attributes.every((a) => a.AttributeType === 'S')).toBe(true);
    const keyNames = [
      TABLE_KEYS.partitionKey,
      TABLE_KEYS.sortKey,
      ...INDEX_LIST.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    expect(attributes.map((a) => a.AttributeName).sort()).toEqual([...new Set(keyNames)].sort());
  });
});

describe('functions', () => {
  it('are the five handlers, each Node.js 22 on arm64 with tracing, source maps and Powertools settings', () => {
    const functions = resourcesOf(s.template, 'AWS::Lambda::Function');
    expect(Object.keys(functions).sort()).toEqual(Object.values(fnIds()).sort());
    for (const [id, fn] of Object.entries(functions)) {
      const p = props(fn);
      expect(p.Runtime, id).toBe('nodejs22.x');
      expect(p.Architectures, id).toEqual(['arm64']);
      expect(p.Handler, id).toBe('index.handler');
      expect(p.TracingConfig, id).toEqual({ Mode: 'Active' });
      expect((p.LoggingConfig as Json).LogFormat, id).toBe('JSON');
      const env = envOf(id);
      expect(env.NODE_OPTIONS, id).toBe('--enable-source-maps');
      expect(env.POWERTOOLS_SERVICE_NAME, id).toMatch(/^dialogue-followup-/);
      expect(env.POWERTOOLS_LOG_LEVEL, id).toBe('INFO');
      expect(p.Timeout as number, id).toBeLessThanOrEqual(900);
    }
    // The API integration times out at 30 s: the function must give up first.
    expect(props(s.template.toJSON().Resources[fnIds().api] as Json).Timeout).toBeLessThan(30);
  });

  it('each logs to its own log group with a retention period, writable by its role only', () => {
    const functions = resourcesOf(s.template, 'AWS::Lambda::Function');
    const logGroups = resourcesOf(s.template, 'AWS::Logs::LogGroup');
    const used = new Set<string>();
    for (const [id, fn] of Object.entries(functions)) {
      const logGroup = ((props(fn).LoggingConfig as Json).LogGroup as { Ref: string }).Ref;
      expect(logGroups[logGroup], id).toBeDefined();
      expect(props(logGroups[logGroup] as Json).RetentionInDays, id).toBe(90);
      expect(used.has(logGroup), `${id} shares a log group`).toBe(false);
      used.add(logGroup);
      const logWrite = statementsOfFunction(id).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('logs:')),
      );
      expect(logWrite.flatMap(resourcesOfStatement), id).toEqual([getAtt(logGroup)]);
    }
    // No AWS managed policy (AWSLambdaBasicExecutionRole would allow writing to any log group).
    for (const role of Object.values(resourcesOf(s.template, 'AWS::IAM::Role'))) {
      expect(props(role).ManagedPolicyArns).toBeUndefined();
    }
  });

  it('are built by the synth as minified ESM bundles with the createRequire banner and a source map', () => {
    for (const [id, fn] of Object.entries(resourcesOf(s.template, 'AWS::Lambda::Function'))) {
      // The asset directory of the function's code: asset.<hash>, uploaded as <hash>.zip.
      const key = (props(fn).Code as { S3Key: string }).S3Key;
      const dir = join(s.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER), id).toBe(true);
      expect(code, id).toMatch(/export\s*\{[^}]*\bhandler\b[^}]*\}/);
      expect(code, id).toContain('//# sourceMappingURL=index.mjs.map');
      expect(existsSync(join(dir, 'index.mjs.map')), id).toBe(true);
      // Minified: a 1 MB+ bundle of readable code would have tens of thousands of lines.
      expect(code.split('\n').length, id).toBeLessThan(2_000);
    }
  });

  it('a failed asynchronous invocation (Scheduler, SNS) lands in the encrypted, SSL-only queue of its source', () => {
    const ids = fnIds();
    const queues = s.stack.deadLetters.queues;
    const expected: [string, string][] = [
      [ids.escalation, idOf(s.stack, queues.escalation)],
      [ids.fanOut, idOf(s.stack, queues.recurring)],
      [ids.sesEvents, idOf(s.stack, queues['ses-events'])],
    ];
    for (const [id, queue] of expected) {
      expect(props(s.template.toJSON().Resources[id] as Json).DeadLetterConfig, id).toEqual({
        TargetArn: getAtt(queue),
      });
      expect(props(resourcesOf(s.template, 'AWS::SQS::Queue')[queue] as Json).SqsManagedSseEnabled).toBe(
        true,
      );
      expect(sslOnly(queue)).toBe(true);
    }
    // The worker is not invoked asynchronously: its failed jobs go back to the queue, then to its DLQ.
    expect(props(s.template.toJSON().Resources[ids.unitWorker] as Json).DeadLetterConfig).toBeUndefined();
  });
});

describe('environment and grants (variables and rights set together)', () => {
  it('each function gets exactly the variables of shared/config.ts its builder (shared/aws-deps*.ts) reads', () => {
    const ids = fnIds();
    const builders: [string, (env: NodeJS.ProcessEnv) => unknown][] = [
      [ids.api, awsApiDeps],
      [ids.escalation, awsTrackerDeps],
      [ids.fanOut, awsFanOutDeps],
      [ids.unitWorker, awsWorkerDeps],
    ];
    const appNames = Object.values(ENV) as string[];
    for (const [id, build] of builders) {
      // Tokens (Ref, Fn::GetAtt…) become strings: the builder only needs each variable to be there.
      const given = Object.fromEntries(
        Object.entries(envOf(id)).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
      const read = new Set<string>();
      const env = new Proxy(given, {
        get: (target, key: string) => {
          read.add(key);
          return target[key];
        },
      });
      expect(() => build(env), id).not.toThrow();
      const givenApp = Object.keys(given).filter((k) => appNames.includes(k));
      expect(
        givenApp.filter((k) => !read.has(k)),
        `${id} holds variables it never reads`,
      ).toEqual([]);
    }
    const required = Object.values(ENV).filter((name) => name !== ENV.defaultAnswerWorkingDays);
    expect(Object.keys(envOf(ids.api))).toEqual(expect.arrayContaining(required));
    // The api queues an import's word postings; fan-out its runs; the worker delays failed jobs.
    for (const id of [ids.api, ids.fanOut, ids.unitWorker]) {
      expect(envOf(id)[ENV.unitWorkQueueUrl], id).toEqual(ref(idOf(s.stack, s.stack.unitWork.queue)));
    }
    for (const id of [ids.escalation, ids.fanOut, ids.unitWorker]) {
      expect(Object.keys(envOf(id)), id).not.toContain(ENV.userPoolId);
      expect(Object.keys(envOf(id)), id).not.toContain(ENV.cognitoDomain);
    }
    expect(Object.keys(envOf(ids.fanOut))).not.toContain(ENV.scheduleGroup);
    expect(Object.keys(envOf(ids.fanOut))).not.toContain(ENV.mailFrom);
    expect(envOf(ids.api)[ENV.escalationFunctionArn]).toEqual(
      envOf(ids.escalation)[ENV.escalationFunctionArn],
    );
    // The escalation function names itself: its ARN is built from its fixed name, not a self-reference.
    expect(JSON.stringify(envOf(ids.escalation)[ENV.escalationFunctionArn])).toContain(
      ':function:dialogue-followup-test-escalation',
    );
    expect(props(s.template.toJSON().Resources[ids.escalation] as Json).FunctionName).toBe(
      'dialogue-followup-test-escalation',
    );
  });

  it('the ses-events function gets the table and nothing else', () => {
    const env = envOf(fnIds().sesEvents);
    const appVariables = Object.keys(env).filter((k) => (Object.values(ENV) as string[]).includes(k));
    expect(appVariables).toEqual([ENV.tableName]);
    const actions = statementsOfFunction(fnIds().sesEvents).flatMap(actionsOf);
    expect(
      actions.filter(
        (a) =>
          !a.startsWith('dynamodb:') &&
          !a.startsWith('logs:') &&
          !a.startsWith('xray:') &&
          a !== 'sqs:SendMessage',
      ),
    ).toEqual([]);
  });

  it('table access is item-level on the table and its named indexes: no Scan, no index/*', () => {
    const table = idOf(s.stack, s.stack.data.table);
    for (const id of Object.values(fnIds())) {
      const statements = statementsOfFunction(id).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('dynamodb:')),
      );
      expect(statements, id).toHaveLength(1);
      const st = statements[0] as Statement;
      expect(actionsOf(st), id).not.toContain('dynamodb:Scan');
      expect(
        actionsOf(st).some((a) => a.includes('*')),
        id,
      ).toBe(false);
      expect(actionsOf(st), id).toEqual(
        expect.arrayContaining([
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:ConditionCheckItem',
        ]),
      );
      const resources = resourcesOfStatement(st).map((r) => JSON.stringify(r));
      const expected = [
        getAtt(table),
        ...INDEX_LIST.map((index) => ({ 'Fn::Join': ['', [getAtt(table), `/index/${index.indexName}`]] })),
      ].map((r) => JSON.stringify(r));
      expect(resources.sort(), id).toEqual(expected.sort());
    }
  });

  it('the only permission on "*" is the X-Ray one that tracing needs (it has no resource-level form)', () => {
    for (const id of Object.values(fnIds())) {
      const onStar = statementsOfFunction(id).filter((st) => resourcesOfStatement(st).includes('*'));
      expect(onStar.flatMap(actionsOf).sort(), id).toEqual([
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ]);
    }
  });

  it('ses:SendEmail (and SendRawEmail where attachments are sent) only on the domain identity and the configuration set', () => {
    const ids = fnIds();
    const identity = idOf(s.stack, s.stack.mail.identity as NonNullable<typeof s.stack.mail.identity>);
    const configSet = idOf(s.stack, s.stack.mail.configurationSet);
    const expected: [string, string[]][] = [
      [ids.api, ['ses:SendEmail', 'ses:SendRawEmail']],
      // Reports and queued mail carry attachments.
      [ids.unitWorker, ['ses:SendEmail', 'ses:SendRawEmail']],
      // Escalation messages have no attachment: SES builds their MIME (no raw sends).
      [ids.escalation, ['ses:SendEmail']],
    ];
    for (const [id, actions] of expected) {
      const mail = statementsOfFunction(id).filter((st) => actionsOf(st).some((a) => a.startsWith('ses:')));
      expect(mail, id).toHaveLength(1);
      expect(actionsOf(mail[0] as Statement), id).toEqual(actions);
      const resources = JSON.stringify(resourcesOfStatement(mail[0] as Statement));
      expect(resources).toContain(':identity/');
      expect(resources).toContain(identity);
      expect(resources).toContain(':configuration-set/');
      expect(resources).toContain(JSON.stringify(ref(configSet)));
      expect(resourcesOfStatement(mail[0] as Statement)).toHaveLength(2);
      // Not prod: the stage's own subdomain (no identity shared with another stage).
      expect(envOf(id)[ENV.mailFrom]).toBe('no-reply@test.example.gov.vn');
    }
    expect(
      statementsOfFunction(ids.sesEvents)
        .flatMap(actionsOf)
        .some((a) => a.startsWith('ses:')),
    ).toBe(false);
  });
});

describe('accounts', () => {
  it('only the API function may manage Cognito users, with the adapter’s calls, on the user pool only', () => {
    const ids = fnIds();
    const pool = getAtt(idOf(s.stack, s.stack.auth.userPool));
    for (const id of Object.values(ids)) {
      const cognito = statementsOfFunction(id).filter((st) =>
        actionsOf(st).some((a) => a.startsWith('cognito-idp:')),
      );
      if (id !== ids.api) {
        expect(cognito, id).toEqual([]);
        continue;
      }
      expect(cognito).toHaveLength(1);
      expect(actionsOf(cognito[0] as Statement).sort()).toEqual([...ACCOUNT_ACTIONS].sort());
      expect(resourcesOfStatement(cognito[0] as Statement).map((r) => JSON.stringify(r))).toEqual([
        JSON.stringify(pool),
      ]);
      expect(actionsOf(cognito[0] as Statement)).not.toContain('cognito-idp:AdminDeleteUser');
    }
  });
});

describe('HTTP API', () => {
  it('every /api route has the Cognito JWT authorizer; page routes have none', () => {
    const authorizers = resourcesOf(s.template, 'AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0] as [string, Json];
    const userPool = idOf(s.stack, s.stack.auth.userPool);
    const client = idOf(s.stack, s.stack.auth.client);
    expect(props(authorizer)).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [ref(client)], Issuer: getAtt(userPool, 'ProviderURL') },
    });

    const routes = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Route')).map(props);
    const byKey = new Map(routes.map((r) => [r.RouteKey as string, r]));
    expect([...byKey.keys()].sort()).toEqual(
      [
        'ANY /',
        'ANY /api',
        'ANY /api/{proxy+}',
        'ANY /{proxy+}',
        'GET /health',
        'GET /openapi.json',
        'GET /public/{proxy+}',
      ].sort(),
    );
    for (const route of routes) {
      const path = (route.RouteKey as string).split(' ')[1] as string;
      if (path === '/api' || path.startsWith('/api/')) {
        expect(route.AuthorizationType, path).toBe('JWT');
        expect(route.AuthorizerId, path).toEqual(ref(authorizerId));
      } else {
        expect(route.AuthorizationType ?? 'NONE', path).toBe('NONE');
        expect(route.AuthorizerId, path).toBeUndefined();
      }
    }
  });

  it('the stage logs every request as JSON with its request id, and throttles', () => {
    const stages = Object.values(resourcesOf(s.template, 'AWS::ApiGatewayV2::Stage')).map(props);
    expect(stages).toHaveLength(1);
    const stage = stages[0] as Json;
    expect(stage.StageName).toBe('$default');
    const logs = stage.AccessLogSettings as { DestinationArn: unknown; Format: string };
    expect(logs.DestinationArn).toEqual(getAtt(idOf(s.stack, s.stack.front.accessLogs)));
    expect(JSON.parse(logs.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
  });
});

describe('Cognito', () => {
  it('admin-created accounts only, strong passwords, TOTP MFA, the unit/department attributes', () => {
    s.template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: Match.objectLike({ AllowAdminCreateUserOnly: true }),
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'unitId', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'departmentId', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  it('one group per role of the app', () => {
    const groups = Object.values(resourcesOf(s.template, 'AWS::Cognito::UserPoolGroup')).map(
      (g) => props(g).GroupName,
    );
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('the web client uses the code flow and cannot write the unit or department of its user', () => {
    const clients = Object.values(resourcesOf(s.template, 'AWS::Cognito::UserPoolClient')).map(props);
    expect(clients).toHaveLength(1);
    const client = clients[0] as Json;
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.GenerateSecret).toBe(false);
    expect(client.WriteAttributes).toEqual(['name']);
    expect(client.ReadAttributes).toEqual(
      expect.arrayContaining(['custom:unitId', 'custom:departmentId', 'email']),
    );
    expect(JSON.stringify(client.CallbackURLs)).toContain('/auth/callback');
    // The pages build https://<COGNITO_DOMAIN>/oauth2/... themselves: a host, no scheme.
    const domain = idOf(s.stack, s.stack.auth.domain);
    expect(envOf(fnIds().api)[ENV.cognitoDomain]).toEqual({
      'Fn::Join': ['', [ref(domain), '.auth.', { Ref: 'AWS::Region' }, '.amazoncognito.com']],
    });
    s.template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    s.template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });
});

describe('Scheduler', () => {
  const groupName = 'dialogue-followup-test-escalations';
  const schedulesInGroup = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':scheduler:',
        { Ref: 'AWS::Region' },
        ':',
        { Ref: 'AWS::AccountId' },
        `:schedule/${groupName}/*`,
      ],
    ],
  };

  it('the escalation execution role may invoke the escalation function only, and write to the DLQ', () => {
    const role = idOf(s.stack, s.stack.scheduling.executionRole);
    const dlq = idOf(s.stack, s.stack.scheduling.deadLetterQueue);
    const statements = statementsOfRole(s.template, role);
    expect(statements.map((st) => [actionsOf(st), resourcesOfStatement(st)])).toEqual(
      expect.arrayContaining([
        [['lambda:InvokeFunction'], [getAtt(fnIds().escalation)]],
        [['sqs:SendMessage'], [getAtt(dlq)]],
      ]),
    );
    expect(statements).toHaveLength(2);
    const trust = props(s.template.toJSON().Resources[role] as Json).AssumeRolePolicyDocument as {
      Statement: Statement[];
    };
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Principal: { Service: 'scheduler.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    const group = idOf(s.stack, s.stack.scheduling.escalationGroup);
    expect(trust.Statement[0]?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': getAtt(group) },
    });
    s.template.hasResourceProperties('AWS::Scheduler::ScheduleGroup', { Name: groupName });
  });

  it('API, escalation and the worker manage schedules in the escalation group only and pass only that role, to Scheduler only', () => {
    const ids = fnIds();
    const role = idOf(s.stack, s.stack.scheduling.executionRole);
    for (const id of [ids.api, ids.escalation, ids.unitWorker]) {
      const statements = statementsOfFunction(id);
      const scheduler = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('scheduler:')));
      expect(scheduler, id).toHaveLength(1);
      expect(actionsOf(scheduler[0] as Statement).sort(), id).toEqual([
        'scheduler:CreateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:GetSchedule',
        'scheduler:UpdateSchedule',
      ]);
      expect(resourcesOfStatement(scheduler[0] as Statement), id).toEqual([schedulesInGroup]);
      const passRole = statements.filter((st) => actionsOf(st).includes('iam:PassRole'));
      expect(passRole, id).toHaveLength(1);
      expect(passRole[0]).toMatchObject({
        Effect: 'Allow',
        Resource: getAtt(role),
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      });
      expect(envOf(id)[ENV.scheduleGroup], id).toBe(groupName);
      expect(envOf(id)[ENV.schedulerRoleArn], id).toEqual(getAtt(role));
    }
  });

  it('fan-out and ses-events hold no scheduler or PassRole right', () => {
    const ids = fnIds();
    for (const id of [ids.fanOut, ids.sesEvents]) {
      const actions = statementsOfFunction(id).flatMap(actionsOf);
      expect(
        actions.filter((a) => a.startsWith('scheduler:') || a === 'iam:PassRole'),
        id,
      ).toEqual([]);
    }
  });

  it('every schedule target has the dead-letter queue of its source, encrypted and SSL-only', () => {
    const dlq = idOf(s.stack, s.stack.scheduling.deadLetterQueue);
    const recurringDlq = idOf(s.stack, s.stack.scheduling.recurringDeadLetterQueue);
    const schedules = Object.values(resourcesOf(s.template, 'AWS::Scheduler::Schedule')).map(props);
    expect(schedules.length).toBeGreaterThan(0);
    for (const schedule of schedules) {
      expect((schedule.Target as Json).DeadLetterConfig).toEqual({ Arn: getAtt(recurringDlq) });
      expect((schedule.Target as Json).RetryPolicy).toBeDefined();
    }
    // One-time schedules are created by the code with the DLQ named in the environment.
    for (const id of [fnIds().api, fnIds().escalation, fnIds().unitWorker]) {
      expect(envOf(id)[ENV.schedulerDlqArn], id).toEqual(getAtt(dlq));
    }
    expect(props(resourcesOf(s.template, 'AWS::SQS::Queue')[dlq] as Json).SqsManagedSseEnabled).toBe(true);
    expect(sslOnly(dlq)).toBe(true);
  });

  it('recurring schedules run on Asia/Ho_Chi_Minh time with the expressions and inputs the handlers expect', () => {
    const schedules = Object.values(resourcesOf(s.template, 'AWS::Scheduler::Schedule')).map(props);
    const summary = schedules
      .map((sc) => ({
        expression: sc.ScheduleExpression,
        timezone: sc.ScheduleExpressionTimezone,
        input: JSON.parse((sc.Target as Json).Input as string),
        target: (sc.Target as Json).Arn,
        window: sc.FlexibleTimeWindow,
        group: sc.GroupName,
      }))
      .sort((a, b) => String(a.expression).localeCompare(String(b.expression)));
    const ids = fnIds();
    const common = { window: { Mode: 'OFF' }, group: 'dialogue-followup-test-recurring' };
    expect(summary).toEqual(
      [
        {
          expression: 'cron(0 7 * * ? *)',
          timezone: 'Asia/Ho_Chi_Minh',
          input: { kind: 'sweep' },
          target: getAtt(ids.fanOut),
          ...common,
        },
        {
          expression: REPORT_SCHEDULES.supervision.expression,
          timezone: REPORT_SCHEDULES.supervision.timezone,
          input: REPORT_SCHEDULES.supervision.input,
          target: getAtt(ids.fanOut),
          ...common,
        },
        {
          expression: REPORT_SCHEDULES.quarterly.expression,
          timezone: REPORT_SCHEDULES.quarterly.timezone,
          input: REPORT_SCHEDULES.quarterly.input,
          target: getAtt(ids.fanOut),
          ...common,
        },
        {
          expression: 'cron(30 16 * * ? *)',
          timezone: 'Asia/Ho_Chi_Minh',
          input: { kind: 'review-digest' },
          target: getAtt(ids.fanOut),
          ...common,
        },
        {
          expression: 'rate(1 minute)',
          timezone: 'Etc/UTC',
          input: { kind: 'mail' },
          target: getAtt(ids.fanOut),
          ...common,
        },
      ].sort((a, b) => String(a.expression).localeCompare(String(b.expression))),
    );
    expect(REPORT_SCHEDULES.supervision.expression).toBe('cron(30 7 ? * MON *)');
  });

  it('the recurring schedules role may invoke only the fan-out function', () => {
    const role = idOf(s.stack, s.stack.scheduling.recurringRole);
    const invoke = statementsOfRole(s.template, role).filter((st) =>
      actionsOf(st).includes('lambda:InvokeFunction'),
    );
    const targets = invoke.flatMap(resourcesOfStatement).map((r) => JSON.stringify(r));
    expect(targets.length).toBeGreaterThan(0);
    for (const t of targets) expect(t.includes(fnIds().fanOut), t).toBe(true);
  });
});

describe('SES', () => {
  it('the domain identity uses the configuration set whose bounce and complaint events reach ses-events', () => {
    const configSet = idOf(s.stack, s.stack.mail.configurationSet);
    const topic = idOf(s.stack, s.stack.mail.eventsTopic);
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'test.example.gov.vn',
      ConfigurationSetAttributes: { ConfigurationSetName: ref(configSet) },
      DkimAttributes: { SigningEnabled: true },
    });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      ConfigurationSetName: ref(configSet),
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: ref(topic) },
      },
    });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: ref(topic),
      Endpoint: getAtt(fnIds().sesEvents),
    });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).map(props);
  const topic = () => ref(idOf(s.stack, s.stack.monitoring.alarmTopic));

  it('every alarm notifies the alarm topic', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) expect(alarm.AlarmActions, String(alarm.AlarmName)).toEqual([topic()]);
  });

  it('each function has an Errors and a Throttles alarm', () => {
    for (const id of Object.values(fnIds())) {
      for (const metric of ['Errors', 'Throttles']) {
        const found = alarms().filter(
          (a) =>
            a.Namespace === 'AWS/Lambda' &&
            a.MetricName === metric &&
            JSON.stringify(a.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: ref(id) }]),
        );
        expect(found, `${id} ${metric}`).toHaveLength(1);
        expect(found[0]).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      }
    }
  });

  it('the API has a 5xx alarm', () => {
    const api = idOf(s.stack, s.stack.front.api);
    const found = alarms().filter((a) => a.Namespace === 'AWS/ApiGateway' && a.MetricName === '5xx');
    expect(found).toHaveLength(1);
    expect(found[0]?.Dimensions).toEqual([{ Name: 'ApiId', Value: ref(api) }]);
  });
});
