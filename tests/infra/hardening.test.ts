/**
 * Production hardening, read from the synthesized template: alarms that can reach their topic, SES in
 * and out of its sandbox with one identity per stage, a dead-letter queue per source with alarms on new
 * messages, the unit-work queue and its worker, a dashboard, AWS Backup, TTL, alarms on durations, table
 * throttles and errors and SES complaints, a throttle of its own for the public pages; and cfn-lint.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_LETTER_SOURCES } from '../../infra/constructs/dead-letters.js';
import { MAX_RECEIVES } from '../../infra/constructs/unit-work.js';
import { ENV } from '../../shared/config.js';
import { WORDS_BUDGET_MS } from '../../shared/services/unit-work/jobs.js';
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

type Json = Record<string, unknown>;
const TREE_ONLY = { bundle: false, cfnValidation: false } as const;

let dev: Synthesized;
let prod: Synthesized;
let sandbox: Synthesized;
beforeAll(() => {
  dev = synthesize({ stage: 'dev', domain: 'example.gov.vn' }, TREE_ONLY);
  prod = synthesize({ stage: 'prod', domain: 'example.gov.vn', alarmEmail: 'ops@example.gov.vn' }, TREE_ONLY);
  sandbox = synthesize(
    {
      stage: 'staging',
      domain: 'example.gov.vn',
      sesIdentity: 'existing',
      sesSandboxRecipients: 'vanphong@example.gov.vn, mttq@example.gov.vn',
      workerConcurrency: '4',
      sesSendRate: '1',
    },
    TREE_ONLY,
  );
}, 120_000);
afterAll(() => {
  for (const s of [dev, prod, sandbox]) s?.dispose();
});

const resources = (s: Synthesized) => s.template.toJSON().Resources as Record<string, Json>;
const alarms = (s: Synthesized) =>
  Object.values(resourcesOf(s.template, 'AWS::CloudWatch::Alarm')).map(props);
const envOf = (s: Synthesized, fnId: string) =>
  ((props(resources(s)[fnId] as Json).Environment as { Variables: Json }).Variables ?? {}) as Json;
const mailStatement = (s: Synthesized, fnId: string) =>
  statementsOfRole(s.template, roleOfFunction(resources(s)[fnId] as Json)).find(
    (st) => st.Sid === 'SendMailAsDomain',
  ) as Statement;

describe('the alarm topic', () => {
  it('lets CloudWatch alarms of this account publish (the SSL-only policy replaced the default one)', () => {
    const topic = idOf(prod.stack, prod.stack.monitoring.alarmTopic);
    const policy = Object.values(resourcesOf(prod.template, 'AWS::SNS::TopicPolicy'))
      .map(props)
      .find((p) => JSON.stringify(p.Topics) === JSON.stringify([ref(topic)]));
    const statements =
      (policy?.PolicyDocument as { Statement: (Statement & { Principal: unknown })[] } | undefined)
        ?.Statement ?? [];
    const allow = statements.find((st) => st.Effect === 'Allow');
    expect(allow).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: ref(topic),
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify(allow?.Condition)).toContain(':alarm:*');
    // Still SSL only.
    expect(
      statements.some(
        (st) => st.Effect === 'Deny' && JSON.stringify(st.Condition).includes('SecureTransport'),
      ),
    ).toBe(true);
    prod.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.gov.vn',
      TopicArn: ref(topic),
    });
  });
});

describe('SES', () => {
  const identities = (s: Synthesized) =>
    Object.values(resourcesOf(s.template, 'AWS::SES::EmailIdentity')).map((r) => props(r).EmailIdentity);

  it('one identity per stage: prod sends from the domain, another stage from its subdomain, never the same', () => {
    expect(identities(prod)).toEqual(['example.gov.vn']);
    expect(identities(dev)).toEqual(['dev.example.gov.vn']);
    const fn = idOf(dev.stack, dev.stack.functions.api);
    expect(envOf(dev, fn)[ENV.mailFrom]).toBe('no-reply@dev.example.gov.vn');
    expect(envOf(prod, idOf(prod.stack, prod.stack.functions.api))[ENV.mailFrom]).toBe(
      'no-reply@example.gov.vn',
    );
  });

  it('reuses an existing identity without creating it, and in the sandbox may send to the verified recipients only', () => {
    // The staging identity is not created here (another stack or the console verified it).
    expect(identities(sandbox).sort()).toEqual(['mttq@example.gov.vn', 'vanphong@example.gov.vn']);
    const recipients = sandbox.stack.mail.sandboxRecipients.map((r) =>
      sandbox.stack.resolve(r.emailIdentityArn),
    );
    expect(recipients).toHaveLength(2);
    for (const f of [
      sandbox.stack.functions.api,
      sandbox.stack.functions.escalation,
      sandbox.stack.functions.unitWorker,
    ]) {
      const st = mailStatement(sandbox, idOf(sandbox.stack, f));
      const res = resourcesOfStatement(st).map((r) => JSON.stringify(r));
      expect(res.some((r) => r.includes(':identity/staging.example.gov.vn'))).toBe(true);
      for (const r of recipients) expect(res).toContain(JSON.stringify(r));
      expect(res).toHaveLength(4);
    }
    // Out of the sandbox: the identity and the configuration set only.
    expect(
      resourcesOfStatement(mailStatement(prod, idOf(prod.stack, prod.stack.functions.api))),
    ).toHaveLength(2);
  });

  it('each sender paces to its share of the SES rate: the workers most of it, split between them', () => {
    const rate = (s: Synthesized, f: keyof Synthesized['stack']['functions']) =>
      Number(envOf(s, idOf(s.stack, s.stack.functions[f]))[ENV.mailRatePerSecond]);
    // 14 messages/s, 5 workers: 0.7 × 14 / 5 ≈ 2 each; escalations 0.3 × 14; the API 1.
    expect(rate(dev, 'unitWorker')).toBe(2);
    expect(rate(dev, 'escalation')).toBe(4.2);
    expect(rate(dev, 'api')).toBe(1);
    // Sandbox rate 1/s, 4 workers.
    expect(rate(sandbox, 'unitWorker')).toBe(0.2);
    expect(envOf(dev, idOf(dev.stack, dev.stack.functions.fanOut))[ENV.mailRatePerSecond]).toBeUndefined();
  });
});

describe('scheduled work fanned out per unit', () => {
  it('the unit-work queue: encrypted, SSL-only, its DLQ after 8 deliveries, visibility 6× the worker timeout', () => {
    const queue = props(resources(dev)[idOf(dev.stack, dev.stack.unitWork.queue)] as Json);
    expect(queue).toMatchObject({
      QueueName: 'dialogue-followup-dev-unit-work',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 1800,
      RedrivePolicy: {
        deadLetterTargetArn: getAtt(idOf(dev.stack, dev.stack.deadLetters.queues['unit-work'])),
        maxReceiveCount: MAX_RECEIVES,
      },
    });
    expect(MAX_RECEIVES).toBe(8);
  });

  it('the worker takes 5 jobs per invocation, at most workerConcurrency at once, reporting failures one by one', () => {
    const worker = idOf(sandbox.stack, sandbox.stack.functions.unitWorker);
    sandbox.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: ref(worker),
      EventSourceArn: getAtt(idOf(sandbox.stack, sandbox.stack.unitWork.queue)),
      BatchSize: 5,
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const actions = statementsOfRole(
      sandbox.template,
      roleOfFunction(resources(sandbox)[worker] as Json),
    ).flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']),
    );
  });

  it('the fan-out function may send to the queue (and not consume it); the schedules start runs through it', () => {
    const fanOut = idOf(dev.stack, dev.stack.functions.fanOut);
    const statements = statementsOfRole(dev.template, roleOfFunction(resources(dev)[fanOut] as Json));
    const sqs = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('sqs:')));
    const queue = getAtt(idOf(dev.stack, dev.stack.unitWork.queue));
    const onQueue = sqs.filter((st) => JSON.stringify(resourcesOfStatement(st)) === JSON.stringify([queue]));
    expect(onQueue.flatMap(actionsOf)).toContain('sqs:SendMessage');
    expect(onQueue.flatMap(actionsOf)).not.toContain('sqs:ReceiveMessage');
    // Every minute: the mail dispatcher.
    const mail = Object.values(resourcesOf(dev.template, 'AWS::Scheduler::Schedule'))
      .map(props)
      .find((p) => (p.Target as Json).Input === JSON.stringify({ kind: 'mail' }));
    expect(mail?.ScheduleExpression).toBe('rate(1 minute)');
    expect(mail?.Target).toMatchObject({ RetryPolicy: { MaximumEventAgeInSeconds: 300 } });
    expect(envOf(dev, idOf(dev.stack, dev.stack.functions.escalation))[ENV.escalationSpreadMinutes]).toBe(
      '120',
    );
  });
});

describe('an import’s word postings, left to the worker', () => {
  it('the api may send to the unit-work queue (not consume it) and has its URL', () => {
    const api = idOf(dev.stack, dev.stack.functions.api);
    const queue = getAtt(idOf(dev.stack, dev.stack.unitWork.queue));
    const sqs = statementsOfRole(dev.template, roleOfFunction(resources(dev)[api] as Json)).filter((st) =>
      actionsOf(st).some((a) => a.startsWith('sqs:')),
    );
    expect(sqs.map((st) => resourcesOfStatement(st))).toEqual([[queue]]);
    expect(sqs.flatMap(actionsOf)).toContain('sqs:SendMessage');
    expect(sqs.flatMap(actionsOf).filter((a) => /Receive|Delete|ChangeMessageVisibility/.test(a))).toEqual(
      [],
    );
    expect(envOf(dev, api)[ENV.unitWorkQueueUrl]).toEqual(ref(idOf(dev.stack, dev.stack.unitWork.queue)));
  });

  it('the words job stops in time: its budget is under the worker’s near-timeout alarm (80 %)', () => {
    const timeout = dev.stack.functions.unitWorker.timeout?.toMilliseconds() ?? 0;
    expect(WORDS_BUDGET_MS).toBeLessThan(0.8 * timeout);
    expect(WORDS_BUDGET_MS).toBeGreaterThan(0.5 * timeout);
  });
});

describe('dead-letter queues', () => {
  it('one per source, named for the redrive command, each alarming on every new message and on messages left a day', () => {
    for (const source of DEAD_LETTER_SOURCES) {
      const queue = dev.stack.deadLetters.queues[source];
      const id = idOf(dev.stack, queue);
      expect(props(resources(dev)[id] as Json)).toMatchObject({
        QueueName: `dialogue-followup-dev-${source}-dlq`,
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
      });
      const newMessages = alarms(dev).find((a) => a.AlarmName === `dialogue-followup-dev-dlq-${source}-new`);
      expect(newMessages, source).toBeDefined();
      const metrics = JSON.stringify(newMessages?.Metrics);
      expect(metrics).toContain('MAX([DIFF(FILL(visible, 0)), FILL(sent, 0)])');
      expect(metrics).toContain('ApproximateNumberOfMessagesVisible');
      expect(metrics).toContain('NumberOfMessagesSent');
      expect(metrics).toContain(JSON.stringify(getAtt(id, 'QueueName')));
      expect(newMessages).toMatchObject({
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      expect(String(newMessages?.AlarmDescription)).toContain(`npm run redrive -- ${source}`);
      const waiting = alarms(dev).find(
        (a) => a.AlarmName === `dialogue-followup-dev-dlq-${source}-waiting-a-day`,
      );
      expect(waiting).toMatchObject({ MetricName: 'ApproximateAgeOfOldestMessage', Threshold: 86_400 });
    }
  });
});

describe('alarms', () => {
  it('each function alarms when a run reaches 80 % of its timeout', () => {
    for (const [label, fn] of Object.entries(dev.stack.functions)) {
      const timeout = props(resources(dev)[idOf(dev.stack, fn)] as Json).Timeout as number;
      const alarm = alarms(dev).find((a) => a.AlarmName === `dialogue-followup-dev-${label}-near-timeout`);
      expect(alarm, label).toMatchObject({
        MetricName: 'Duration',
        Statistic: 'Maximum',
        Threshold: timeout * 1000 * 0.8,
        Dimensions: [{ Name: 'FunctionName', Value: ref(idOf(dev.stack, fn)) }],
      });
    }
  });

  it('the table alarms on throttled requests and system errors of every operation the app calls', () => {
    for (const [name, metric] of [
      ['table-throttles', 'ThrottledRequests'],
      ['table-system-errors', 'SystemErrors'],
    ] as const) {
      const alarm = alarms(dev).find((a) => a.AlarmName === `dialogue-followup-dev-${name}`);
      const text = JSON.stringify(alarm?.Metrics);
      expect(text, name).toContain(metric);
      for (const op of ['GetItem', 'Query', 'TransactWriteItems', 'UpdateItem'])
        expect(text, `${name} ${op}`).toContain(op);
    }
  });

  it('SES complaint rate at 0.08 % and bounce rate at 4 %', () => {
    const byName = (n: string) => alarms(dev).find((a) => a.AlarmName === `dialogue-followup-dev-${n}`);
    expect(byName('ses-complaint-rate')).toMatchObject({
      MetricName: 'Reputation.ComplaintRate',
      Threshold: 0.0008,
    });
    expect(byName('ses-bounce-rate')).toMatchObject({ MetricName: 'Reputation.BounceRate', Threshold: 0.04 });
  });
});

describe('the dashboard', () => {
  it('shows the API, the functions, the unit-work queue, every dead-letter queue, the table and SES', () => {
    const dashboards = Object.values(resourcesOf(dev.template, 'AWS::CloudWatch::Dashboard')).map(props);
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.DashboardName).toBe('dialogue-followup-dev-operations');
    const body = JSON.stringify(dashboards[0]?.DashboardBody);
    for (const title of [
      'API requests and errors',
      'Errors and throttles',
      'Duration (max)',
      'Unit-work queue',
      'Dead-letter queues (messages waiting)',
      'Table: throttled requests',
      'SES reputation (rates)',
    ]) {
      expect(body, title).toContain(title);
    }
    for (const source of DEAD_LETTER_SOURCES) {
      expect(body, source).toContain(idOf(dev.stack, dev.stack.deadLetters.queues[source]));
    }
  });
});

describe('backup and expiry', () => {
  it('AWS Backup: daily kept 35 days, monthly kept 12 months, of the table, in a retained vault', () => {
    const plans = Object.values(resourcesOf(dev.template, 'AWS::Backup::BackupPlan')).map(props);
    expect(plans).toHaveLength(1);
    const plan = (plans[0]?.BackupPlan ?? {}) as Json;
    const rules = ((plan.BackupPlanRule ?? []) as Json[]).map((r) => ({
      name: r.RuleName,
      cron: r.ScheduleExpression,
      days: (r.Lifecycle as Json).DeleteAfterDays,
    }));
    expect(rules).toEqual([
      { name: 'Daily35Days', cron: 'cron(0 19 * * ? *)', days: 35 },
      { name: 'Monthly12Months', cron: 'cron(0 20 1 * ? *)', days: 365 },
    ]);
    const selection = props(
      Object.values(resourcesOf(dev.template, 'AWS::Backup::BackupSelection'))[0] as Json,
    );
    const table = idOf(dev.stack, dev.stack.data.table);
    expect((selection.BackupSelection as Json).Resources).toEqual([getAtt(table)]);
    const vault = Object.values(resourcesOf(dev.template, 'AWS::Backup::BackupVault'))[0] as Json;
    expect(vault.DeletionPolicy).toBe('Retain');
    // Its role: no AWS managed policy; backup actions on this table only.
    const role = idOf(dev.stack, dev.stack.backup.role);
    expect(props(resources(dev)[role] as Json).ManagedPolicyArns).toBeUndefined();
    const statements = statementsOfRole(dev.template, role);
    expect(statements.flatMap(actionsOf)).toEqual(expect.arrayContaining(['dynamodb:CreateBackup']));
    for (const st of statements) expect(JSON.stringify(resourcesOfStatement(st))).not.toBe('["*"]');
  });

  it('the table expires transient items by TTL on expiresAt', () => {
    const table = props(Object.values(resourcesOf(dev.template, 'AWS::DynamoDB::GlobalTable'))[0] as Json);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});

describe('public pages', () => {
  it('have their own route with a lower throttle than the officials’ stage-wide one', () => {
    const stage = Object.values(resourcesOf(dev.template, 'AWS::ApiGatewayV2::Stage'))[0] as Json;
    expect(props(stage).RouteSettings).toEqual({
      'GET /public/{proxy+}': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    expect(props(stage).DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    const route = Object.entries(resourcesOf(dev.template, 'AWS::ApiGatewayV2::Route')).find(
      ([, r]) => props(r).RouteKey === 'GET /public/{proxy+}',
    );
    expect(route).toBeDefined();
    expect(stage.DependsOn).toContain(route?.[0]);
  });
});

const cfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
const haveCfnLint = cfnLint.status === 0;

describe.skipIf(!haveCfnLint)(
  'cfn-lint (skipped when the cfn-lint Python tool is not installed: pip install cfn-lint)',
  () => {
    it('finds no error in the synthesized templates (prod, dev, sandbox)', () => {
      for (const s of [prod, dev, sandbox]) {
        const template = readdirSync(s.assembly.directory).find((f) => f.endsWith('.template.json'));
        if (!template) throw new Error('no template');
        let out = '';
        try {
          out = execFileSync('cfn-lint', ['--format', 'json', join(s.assembly.directory, template)], {
            encoding: 'utf8',
            maxBuffer: 20_000_000,
          });
        } catch (error) {
          // cfn-lint exits non-zero with warnings too; its report is on stdout.
          out = String((error as { stdout?: string }).stdout ?? '');
        }
        const findings = JSON.parse(out || '[]') as {
          Level: string;
          Rule: { Id: string };
          Message: string;
        }[];
        const errors = findings.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Message}`);
        expect(errors, template).toEqual([]);
      }
    }, 180_000);
  },
);
