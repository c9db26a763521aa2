import * as iam from 'aws-cdk-lib/aws-iam';
import { ENV } from '../../shared/config.js';
import type { AppFunction } from './app-function.js';
import type { DataTable } from './data.js';
import type { Mail } from './mail.js';
import type { Scheduling } from './scheduling.js';

/**
 * Each helper sets the environment variables a capability needs together with the least privilege
 * that capability takes, so a function never holds a name it cannot use nor a right it never names.
 * The variable names are shared with the functions through `shared/config.ts`.
 */

export type TableAccess = 'RO' | 'RW';

/**
 * The actions our DynamoDB adapter uses (`Table` in shared/adapters/dynamodb/table.ts: GetItem, Query,
 * TransactWriteItems whose entries are Put/Update/Delete/ConditionCheck). No Scan: the design reads
 * by key and index only, and the permission makes that a rule.
 */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** TABLE_NAME, and item-level access to the table and each of its named indexes (no `index/*`). */
export function bindTable(fn: AppFunction, data: DataTable, access: TableAccess): void {
  fn.addEnvironment(ENV.tableName, data.table.tableName);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: access === 'RW' ? 'TableReadWrite' : 'TableRead',
      actions: access === 'RW' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS,
      resources: [data.table.tableArn, ...data.indexArns],
    }),
  );
}

/**
 * What the escalation scheduler adapter needs to create one-time schedules: the group, the role
 * Scheduler assumes, the escalation function and the dead-letter queue. Grants schedule
 * create/update/delete/get in that group only, and `iam:PassRole` on that role only, to Scheduler only.
 */
export function bindScheduling(fn: AppFunction, scheduling: Scheduling): void {
  setSchedulingNames(fn, scheduling);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ManageEscalationSchedules',
      actions: [
        'scheduler:CreateSchedule',
        'scheduler:UpdateSchedule',
        'scheduler:DeleteSchedule',
        'scheduler:GetSchedule',
      ],
      resources: [scheduling.schedulesInEscalationGroupArn],
    }),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'PassSchedulerExecutionRole',
      actions: ['iam:PassRole'],
      resources: [scheduling.executionRole.roleArn],
      conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
    }),
  );
}

function setSchedulingNames(fn: AppFunction, scheduling: Scheduling): void {
  fn.addEnvironment(ENV.escalationSpreadMinutes, String(scheduling.spreadMinutes));
  fn.addEnvironment(ENV.scheduleGroup, scheduling.escalationGroup.scheduleGroupName);
  fn.addEnvironment(ENV.schedulerRoleArn, scheduling.executionRole.roleArn);
  fn.addEnvironment(ENV.escalationFunctionArn, scheduling.escalationFunctionArn);
  fn.addEnvironment(ENV.schedulerDlqArn, scheduling.deadLetterQueue.queueArn);
}

/**
 * MAIL_FROM, SES_CONFIGURATION_SET and this function's share of the SES sending rate
 * (MAIL_RATE_PER_SECOND), on the domain identity and that configuration set only (and the verified
 * recipients while in the sandbox): `ses:SendEmail` (plain messages, SES builds the MIME), and
 * `ses:SendRawEmail` for a function whose mailer has the MIME builder for attachments
 * (shared/adapters/mail/ses-mailer.ts).
 */
export function bindMail(
  fn: AppFunction,
  mail: Mail,
  options: { attachments: boolean; ratePerSecond: number },
): void {
  fn.addEnvironment(ENV.mailFrom, mail.from);
  fn.addEnvironment(ENV.sesConfigurationSet, mail.configurationSet.configurationSetName);
  fn.addEnvironment(
    ENV.mailRatePerSecond,
    String(Math.max(0.1, Math.round(options.ratePerSecond * 10) / 10)),
  );
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'SendMailAsDomain',
      actions: options.attachments ? ['ses:SendEmail', 'ses:SendRawEmail'] : ['ses:SendEmail'],
      resources: mail.sendResources,
    }),
  );
}

export interface AuthSettings {
  userPoolId: string;
  userPoolArn: string;
  clientId: string;
  /** Host of the managed login, no scheme: `<prefix>.auth.<region>.amazoncognito.com` (shared/web/config.ts). */
  domainHost: string;
}

/** The Cognito calls of the accounts adapter (shared/adapters/identity/cognito-identity-provider.ts). */
export const ACCOUNT_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminDeleteUserAttributes',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
];

/**
 * Cognito identifiers for token verification and the sign-in redirect (the JWKS and the OAuth endpoints
 * are public), and the accounts adapter's calls on this user pool only: units' administrators invite,
 * change and disable their people. No user deletion, no password or MFA operation.
 */
export function bindAuth(fn: AppFunction, auth: AuthSettings): void {
  fn.addEnvironment(ENV.userPoolId, auth.userPoolId);
  fn.addEnvironment(ENV.userPoolClientId, auth.clientId);
  fn.addEnvironment(ENV.cognitoDomain, auth.domainHost);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ManageUnitAccounts',
      actions: ACCOUNT_ACTIONS,
      resources: [auth.userPoolArn],
    }),
  );
}

export interface AppSettings {
  publicBaseUrl: string;
  defaultAnswerWorkingDays: number | undefined;
}

/** Plain settings (links in emails, the default answer period). No grant. */
export function bindSettings(fn: AppFunction, settings: AppSettings): void {
  fn.addEnvironment(ENV.publicBaseUrl, settings.publicBaseUrl);
  if (settings.defaultAnswerWorkingDays !== undefined) {
    fn.addEnvironment(ENV.defaultAnswerWorkingDays, String(settings.defaultAnswerWorkingDays));
  }
}
