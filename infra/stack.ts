import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { APP_NAME, type StackConfig } from './config.js';
import { HttpFront } from './constructs/api.js';
import { AppFunction } from './constructs/app-function.js';
import { Auth } from './constructs/auth.js';
import { bindAuth, bindMail, bindScheduling, bindSettings, bindTable } from './constructs/bindings.js';
import { DataTable } from './constructs/data.js';
import { FileBucket } from './constructs/files.js';
import { Mail } from './constructs/mail.js';
import { Monitoring } from './constructs/monitoring.js';
import { Scheduling } from './constructs/scheduling.js';
import { acknowledgeNagFindings } from './nag.js';

export interface DialogueFollowupStackProps extends StackProps {
  config: StackConfig;
}

/**
 * The whole app in one stack: the table, five functions, the HTTP API with Cognito, Scheduler,
 * SES and the alarms. Environment-agnostic: account and region come from the deploy credentials.
 */
export class DialogueFollowupStack extends Stack {
  readonly config: StackConfig;
  readonly data: DataTable;
  readonly files: FileBucket;
  readonly functions: {
    api: AppFunction;
    escalation: AppFunction;
    sweep: AppFunction;
    reports: AppFunction;
    sesEvents: AppFunction;
  };
  readonly scheduling: Scheduling;
  readonly auth: Auth;
  readonly front: HttpFront;
  readonly mail: Mail;
  readonly monitoring: Monitoring;
  readonly failedInvocations: sqs.Queue;

  constructor(scope: Construct, id: string, props: DialogueFollowupStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;
    const namePrefix = `${APP_NAME}-${config.stage}`;
    const isProd = config.stage === 'prod';
    const logRemovalPolicy = isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as logs.RetentionDays;

    this.data = new DataTable(this, 'Data');
    this.mail = new Mail(this, 'Mail', { namePrefix, domain: config.domain, from: config.mailFrom });
    this.scheduling = new Scheduling(this, 'Scheduling', {
      namePrefix,
      escalationFunctionName: `${namePrefix}-escalation`,
    });
    // Asynchronous invocations (Scheduler, SNS) that still fail after Lambda's two retries.
    this.failedInvocations = new sqs.Queue(this, 'FailedInvocations', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const fn = (
      id: string,
      short: string,
      entry: string,
      description: string,
      extra: { timeout?: Duration; memorySize?: number; async?: boolean; retryAttempts?: number } = {},
    ) =>
      new AppFunction(this, id, {
        entry,
        functionName: `${namePrefix}-${short}`,
        description,
        serviceName: `${APP_NAME}-${short}`,
        logRetention,
        logRemovalPolicy,
        ...(extra.timeout ? { timeout: extra.timeout } : {}),
        ...(extra.memorySize ? { memorySize: extra.memorySize } : {}),
        ...(extra.async ? { deadLetterQueue: this.failedInvocations } : {}),
        ...(extra.retryAttempts !== undefined ? { retryAttempts: extra.retryAttempts } : {}),
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
        {
          timeout: Duration.seconds(60),
          async: true,
        },
      ),
      sweep: fn(
        'SweepFunction',
        'sweep',
        'functions/sweep.ts',
        'Daily repair of lost escalation schedules (Scheduler)',
        {
          timeout: Duration.minutes(10),
          async: true,
        },
      ),
      reports: fn(
        'ReportsFunction',
        'reports',
        'functions/reports.ts',
        'Weekly supervision and quarterly summary emails (Scheduler)',
        {
          timeout: Duration.minutes(15),
          memorySize: 1024,
          async: true,
          // No blind re-run of a whole report round (a timeout would mail the units already done
          // again): a failed run goes to the queue and its alarm, and the next run retries the
          // sends still pending.
          retryAttempts: 0,
        },
      ),
      sesEvents: fn(
        'SesEventsFunction',
        'ses-events',
        'functions/ses-events.ts',
        'Records SES bounces and complaints (SNS)',
        {
          memorySize: 256,
          async: true,
        },
      ),
    };
    const { api, escalation, sweep, reports, sesEvents } = this.functions;
    this.scheduling.allowInvoke(escalation);

    this.front = new HttpFront(this, 'Http', {
      apiName: namePrefix,
      throttle: config.throttle,
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
            domain: config.domain,
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
      clientId: this.auth.client.userPoolClientId,
      domainHost: this.auth.domainHost,
    };
    const appSettings = { publicBaseUrl, defaultAnswerWorkingDays: config.defaultAnswerWorkingDays };
    // What each builder of shared/aws-deps*.ts reads: only the API verifies tokens; reports never schedule.
    for (const f of [api, escalation, sweep, reports]) {
      bindTable(f, this.data, 'RW');
      bindMail(f, this.mail, { attachments: f === api || f === reports });
      bindSettings(f, appSettings);
    }
    bindAuth(api, authSettings);
    this.files = new FileBucket(this, 'Files', { allowedOrigin: publicBaseUrl });
    this.files.grantReadWrite(api);
    for (const f of [api, escalation, sweep]) bindScheduling(f, this.scheduling);
    bindTable(sesEvents, this.data, 'RW');
    this.mail.eventsTopic.addSubscription(new subscriptions.LambdaSubscription(sesEvents));

    // Recurring schedules, Asia/Ho_Chi_Minh.
    this.scheduling.addRecurring('DailySweep', {
      target: sweep,
      cron: { minute: '0', hour: '7' },
      input: { kind: 'sweep' },
      description: 'Every day 07:00: repair escalation schedules that were lost',
    });
    this.scheduling.addRecurring('WeeklySupervision', {
      target: reports,
      cron: { minute: '30', hour: '7', weekDay: 'MON' },
      input: { kind: 'supervision' },
      description: 'Mondays 07:30: supervision report to the Front committee',
    });
    this.scheduling.addRecurring('QuarterlySummary', {
      target: reports,
      cron: { minute: '30', hour: '7', day: '1-10', month: '1,4,7,10' },
      input: { kind: 'quarterly' },
      description: 'Days 1-10 of Jan/Apr/Jul/Oct 07:30: the handler sends once, from the first working day',
    });

    this.monitoring = new Monitoring(this, 'Monitoring', { namePrefix, alarmEmail: config.alarmEmail });
    for (const [label, f] of Object.entries(this.functions)) this.monitoring.watchFunction(label, f);
    this.monitoring.watchDeadLetterQueue(
      'SchedulerDeadLetters',
      this.scheduling.deadLetterQueue,
      'Scheduler could not deliver an escalation or a recurring run: redrive it from the queue',
    );
    this.monitoring.watchDeadLetterQueue(
      'FailedInvocations',
      this.failedInvocations,
      'A scheduled or SNS-triggered function failed after its retries: the event is in the queue',
    );
    this.monitoring.watchApi(this.front.api);
    this.monitoring.watchMailReputation();

    new CfnOutput(this, 'Url', { value: publicBaseUrl, description: 'The app' });
    new CfnOutput(this, 'ApiEndpoint', { value: this.front.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, 'ManagedLoginUrl', { value: this.auth.domainBaseUrl });
    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });

    acknowledgeNagFindings(this);
  }
}
