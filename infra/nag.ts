import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { DialogueFollowupStack } from './stack.js';

/**
 * Every cdk-nag (AwsSolutions) finding we accept, each on the one construct it concerns and, for
 * IAM5, on the one wildcard it names, with the reason. Anything else fails the synthesis.
 */
export function acknowledgeNagFindings(stack: DialogueFollowupStack): void {
  const { functions, scheduling, front, auth } = stack;

  for (const fn of Object.values(functions)) {
    acknowledge(
      fn.node.defaultChild,
      'AwsSolutions-L1',
      'Node.js 22 is the runtime the project targets and tests (engines, esbuild target node22); it is an ' +
        'LTS release supported by Lambda. Moving to a newer runtime is a deliberate upgrade, not a synth-time drift.',
    );
    acknowledge(
      defaultPolicyOf(fn.role),
      'AwsSolutions-IAM5[Resource::*]',
      'Added by `tracing: ACTIVE` for xray:PutTraceSegments and xray:PutTelemetryRecords, which support no ' +
        'resource-level permissions (tests/infra assert that these are the only actions on "*").',
    );
  }

  const schedulesInGroup = `Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${scheduling.escalationGroup.scheduleGroupName}/*`;
  for (const fn of [functions.api, functions.escalation, functions.unitWorker]) {
    acknowledge(
      defaultPolicyOf(fn.role),
      `AwsSolutions-IAM5[${schedulesInGroup}]`,
      'Schedules are created at run time with names derived from the item and the step; the wildcard is ' +
        "limited to the app's own escalation schedule group (the recurring schedules live in another group).",
    );
  }

  for (const target of scheduling.recurringTargets) {
    acknowledge(
      defaultPolicyOf(scheduling.recurringRole),
      `AwsSolutions-IAM5[Resource::<${logicalId(target)}.Arn>:*]`,
      'LambdaInvoke grants invoke on the function and its versions/aliases (`<arn>:*`); the wildcard covers ' +
        'qualifiers of this one function only.',
    );
  }

  for (const source of ['escalation', 'recurring', 'ses-events'] as const) {
    acknowledge(
      stack.deadLetters.queues[source].node.defaultChild,
      'AwsSolutions-SQS3',
      'This queue IS a dead-letter queue: EventBridge Scheduler targets and Lambda asynchronous invocations ' +
        'name it in their DeadLetterConfig, which cdk-nag cannot see. Each new message raises an alarm.',
    );
  }

  acknowledge(
    defaultPolicyOf(stack.backup.role),
    `AwsSolutions-IAM5[Resource::<${logicalId(stack.data.table)}.Arn>/backup/*]`,
    'AWS Backup names each backup of the table at run time (`<table arn>/backup/<id>`); the wildcard covers ' +
      'the backups of this one table, for describing and expiring them.',
  );

  for (const route of front.openRoutes) {
    acknowledge(
      route.node.defaultChild,
      'AwsSolutions-APIG4',
      'Web pages authenticate with the app session cookie verified by the function (jose; a gateway JWT ' +
        'authorizer only reads headers), /public/* is public by law, /health and /openapi.json carry no data. ' +
        'Every /api route has the Cognito JWT authorizer.',
    );
  }

  if (!stack.config.threatProtection) {
    acknowledge(
      auth.userPool.node.defaultChild,
      'AwsSolutions-COG8',
      'Essentials plan by default: the Plus plan bills every MAU with no free tier (see docs/DEPLOY.md). ' +
        'Accounts are admin-created only, passwords are long and complex, TOTP MFA is required. ' +
        'Deploy with -c threatProtection=true to enforce threat protection (Plus).',
    );
  }
}

function acknowledge(scope: IConstruct | undefined, id: string, reason: string): void {
  if (!scope) throw new Error(`Cannot acknowledge ${id}: construct not found`);
  Validations.of(scope).acknowledge({ id, reason });
}

function defaultPolicyOf(role: iam.IRole | undefined): IConstruct {
  const policy = role?.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error(`Role ${role?.node.path ?? '(none)'} has no default policy`);
  return policy;
}

function logicalId(construct: IConstruct): string {
  const resource = construct.node.defaultChild ?? construct.node.tryFindChild('Resource');
  return Stack.of(construct).getLogicalId(resource as CfnElement);
}
