import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APP_NAME, type StackConfig } from './config.js';
import { HttpFront } from './constructs/api.js';
import { AppFunction } from './constructs/app-function.js';
import { Auth } from './constructs/auth.js';
import { TableBackup } from './constructs/backup.js';
import { bindAuth, bindMail, bindScheduling, bindSettings, bindTable } from './constructs/bindings.js';
import { OpsDashboard } from './constructs/dashboard.js';
import { DataTable } from './constructs/data.js';
import { DEAD_LETTER_SOURCES, DeadLetters } from './constructs/dead-letters.js';
import { FileBucket } from './constructs/files.js';
import { Mail } from './constructs/mail.js';
import { Monitoring } from './constructs/monitoring.js';
import { Scheduling } from './constructs/scheduling.js';
import { UnitWork } from './constructs/unit-work.js';
import { acknowledgeNagFindings } from './nag.js';

export interface DialogueFollowupStackProps extends StackProps {
  config: StackConfig;
}

/** Share of the SES sending rate the per-unit workers take together (the rest: escalations, the API). */
const WORKER_MAIL_SHARE = 0.7;

/**
 * The whole app in one stack: the table (with its backup plan), five functions, the HTTP API with
 * Cognito, Scheduler, the unit-work queue, SES, the alarms and the dashboard. Environment-agnostic:
 * account and region come from the deploy credentials.
 */
export class DialogueFollowupStack extends Stack {
  readonly config: StackConfig;
  readonly data: DataTable;
  readonly files: FileBucket;
  readonly functions: {
    api: AppFunction;
    escalation: AppFunction;
    fanOut: AppFunction;
    unitWorker: AppFunction;
    sesEvents: AppFunction;
  };
  readonly scheduling: Scheduling;
  readonly deadLetters: DeadLetters;
  readonly unitWork: UnitWork;
  readonly auth: Auth;
  readonly front: HttpFront;
  readonly mail: Mail;
  readonly monitoring: Monitoring;
  readonly backup: TableBackup;
  readonly dashboard: OpsDashboard;

  constructor(scope: Construct, id: string, props: DialogueFollowupStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    const namePrefix = `${APP_NAME}-${config.stage}`;
    const isProd = config.stage === 'prod';
    const logRemovalPolicy = isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.data = new DataTable(this, 'Data');
    this.backup = new TableBackup(this, 'Backup', { namePrefix, table: this.data.table });
    this.mail = new Mail(this, 'Mail', {
      namePrefix,
      domain: config.mailDomain,
      from: config.mailFrom,
      identity: config.sesIdentity,
      sandboxRecipients: config.sesSandboxRecipients,
    });
    this.deadLetters = new DeadLetters(this, 'DeadLetters', { namePrefix });
    const dlq = this.deadLetters.queues;
    this.scheduling = new Scheduling(this, 'Scheduling', {
      namePrefix,
      escalationFunctionName: `${namePrefix}-escalation`,
      deadLetterQueue: dlq.escalation,
      recurringDeadLetterQueue: dlq.recurring,
      spreadMinutes: config.escalationSpreadMinutes,
    });

    const fn = (
      id: string,
      short: string,
      entry: string,
      description: string,
      extra: {
        timeout?: Duration;
        memorySize?: number;
        deadLetterQueue?: sqs.IQueue;
        retryAttempts?: number;
      } = {},
    ) =>
      new AppFunction(this, id, {
        entry,
        functionName: `${namePrefix}-${short}`,
        description,
        serviceName: `${APP_NAME}-${short}`,
        logRetention,
        logRemovalPolicy,
        ...extra,
      });

    this.functions = {
      api: fn('ApiFunction', 'api', 'functions/api.ts', 'HTTP API and web pages (Hono)', {
        timeout: Duration.seconds(29),
        memorySize: 1024,
      }),
      escalation: fn(
        'EscalationFunction',
        'escalation',
        'functions/escalation.ts',
        'One escalation step of one item (Scheduler)',
        { timeout: Duration.seconds(60), deadLetterQueue: dlq.escalation },
      ),
      fanOut: fn(
        'FanOutFunction',
        'fan-out',
        'functions/fan-out.ts',
        'Starts a scheduled run: one job per unit on the unit-work queue (Scheduler)',
        // A run is resumable: a retried start queues what the failed one had not.
        { timeout: Duration.minutes(5), deadLetterQueue: dlq.recurring },
      ),
      unitWorker: fn(
        'UnitWorkerFunction',
        'unit-worker',
        'functions/unit-worker.ts',
        "One unit's sweep, reports or mail per job (SQS unit-work queue)",
        { timeout: Duration.minutes(5), memorySize: 1024 },
      ),
      sesEvents: fn(
        'SesEventsFunction',
        'ses-events',
        'functions/ses-events.ts',
        'Records SES bounces and complaints (SNS)',
        { memorySize: 256, deadLetterQueue: dlq['ses-events'] },
      ),
    };
    const { api, escalation, fanOut, unitWorker, sesEvents } = this.functions;
    this.scheduling.allowInvoke(escalation);
    this.unitWork = new UnitWork(this, 'UnitWork', {
      namePrefix,
      worker: unitWorker,
      deadLetterQueue: dlq['unit-work'],
      maxConcurrency: config.workerConcurrency,
    });
    this.unitWork.allowSend(fanOut);
    // An import leaves its items' word postings to the worker (shared/services/postings-later.ts).
    this.unitWork.allowSend(api);

    this.front = new HttpFront(this, 'Http', {
      apiName: namePrefix,
      throttle: config.throttle,
      publicThrottle: config.publicThrottle,
      logRetention,
      logRemovalPolicy,
    });
    const publicBaseUrl = config.publicBaseUrl ?? this.front.url;
    this.auth = new Auth(this, 'Auth', {
      namePrefix,
      domainPrefix: config.authDomainPrefix,
      publicBaseUrl,
      threatProtection: config.threatProtection,
      sesFrom: config.cognitoEmailViaSes
        ? {
            address: config.mailFrom,
            domain: config.mailDomain,
            configurationSetName: this.mail.configurationSet.configurationSetName,
          }
        : undefined,
      removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.front.routeTo(api, {
      issuer: this.auth.userPool.userPoolProviderUrl,
      audience: [this.auth.client.userPoolClientId],
    });

    // Capabilities per function: each bind sets the variables and grants the rights together.
    const authSettings = {
      userPoolId: this.auth.userPool.userPoolId,
      userPoolArn: this.auth.userPool.userPoolArn,
      clientId: this.auth.client.userPoolClientId,
      domainHost: this.auth.domainHost,
    };
    const appSettings = { publicBaseUrl, defaultAnswerWorkingDays: config.defaultAnswerWorkingDays };
    // What each builder of shared/aws-deps*.ts reads: only the API verifies tokens; fan-out sends no mail
    // nor creates items, so it takes no settings.
    for (const f of [api, escalation, fanOut, unitWorker]) bindTable(f, this.data, 'RW');
    for (const f of [api, escalation, unitWorker]) bindSettings(f, appSettings);
    // The SES sending rate, shared out: the workers together take most of it (each instance its part);
    // escalations are spread over a window, one message each; the API sends what a person asks for.
    bindMail(api, this.mail, { attachments: true, ratePerSecond: 1 });
    bindMail(escalation, this.mail, {
      attachments: false,
      ratePerSecond: config.sesSendRate * (1 - WORKER_MAIL_SHARE),
    });
    bindMail(unitWorker, this.mail, {
      attachments: true,
      ratePerSecond: (config.sesSendRate * WORKER_MAIL_SHARE) / config.workerConcurrency,
    });
    bindAuth(api, authSettings);
    this.files = new FileBucket(this, 'Files', { allowedOrigin: publicBaseUrl });
    this.files.grantReadWrite(api);
    this.files.grantRead(unitWorker);
    for (const f of [api, escalation, unitWorker]) bindScheduling(f, this.scheduling);
    bindTable(sesEvents, this.data, 'RW');
    this.mail.eventsTopic.addSubscription(new subscriptions.LambdaSubscription(sesEvents));

    // Recurring schedules, Asia/Ho_Chi_Minh: each starts a run over every unit (or the mail of the minute).
    this.scheduling.addRecurring('DailySweep', {
      target: fanOut,
      cron: { minute: '0', hour: '7' },
      input: { kind: 'sweep' },
      description: 'Every day 07:00: the escalation sweep of every unit (one job per unit)',
    });
    this.scheduling.addRecurring('WeeklySupervision', {
      target: fanOut,
      cron: { minute: '30', hour: '7', weekDay: 'MON' },
      input: { kind: 'supervision' },
      description: 'Mondays 07:30: supervision report of every unit to its Front committee',
    });
    this.scheduling.addRecurring('QuarterlySummary', {
      target: fanOut,
      cron: { minute: '30', hour: '7', day: '1-10', month: '1,4,7,10' },
      input: { kind: 'quarterly' },
      description: 'Days 1-10 of Jan/Apr/Jul/Oct 07:30: each unit sends once, from its first working day',
    });
    this.scheduling.addRecurring('ReviewDigest', {
      target: fanOut,
      // Every day: the unit's calendar decides (a make-up Saturday is a working day, a holiday is not).
      cron: { minute: '30', hour: '16' },
      input: { kind: 'review-digest' },
      description:
        "Daily 16:30: each unit's digest of new answers to its Front committee, on its working days only",
    });
    this.scheduling.addRecurring('MailDispatch', {
      target: fanOut,
      every: Duration.minutes(1),
      input: { kind: 'mail' },
      description: 'Every minute: one job per unit with queued mail due (the durable outbox)',
      maxEventAge: Duration.minutes(5),
    });

    this.monitoring = new Monitoring(this, 'Monitoring', { namePrefix, alarmEmail: config.alarmEmail });
    for (const [label, f] of Object.entries(this.functions)) {
      this.monitoring.watchFunction(label, f);
      this.monitoring.watchDuration(label, f, f.timeout ?? Duration.seconds(30));
    }
    const dlqDescriptions: Record<(typeof DEAD_LETTER_SOURCES)[number], string> = {
      escalation: 'An escalation event was not delivered, or its function failed after its retries',
      recurring: 'A scheduled run (sweep, reports, mail dispatch) could not be started',
      'unit-work': "A unit's job failed every delivery",
      'ses-events': 'An SES bounce or complaint could not be recorded',
    };
    for (const source of DEAD_LETTER_SOURCES) {
      this.monitoring.watchDeadLetterQueue(source, dlq[source], dlqDescriptions[source]);
    }
    this.monitoring.watchApi(this.front.api);
    this.monitoring.watchTable(this.data.table, this.data.operations);
    this.monitoring.watchMailReputation();
    this.dashboard = new OpsDashboard(this, 'Dashboard', {
      namePrefix,
      functions: this.functions,
      api: this.front.api,
      table: this.data.table,
      operations: this.data.operations,
      unitWork: this.unitWork.queue,
      deadLetters: dlq,
      configurationSet: this.mail.configurationSet.configurationSetName,
    });

    new CfnOutput(this, 'Url', { value: publicBaseUrl, description: 'The app' });
    new CfnOutput(this, 'ApiEndpoint', { value: this.front.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'ManagedLoginUrl', { value: this.auth.domainBaseUrl });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'UnitWorkQueueUrl', { value: this.unitWork.queue.queueUrl });
    new CfnOutput(this, 'MailDomain', {
      value: config.mailDomain,
      description: 'SES identity of this stage',
    });

    acknowledgeNagFindings(this);
  }
}
