import { ArnFormat, Aws, Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Every schedule of the app runs on Vietnam time (no daylight saving, UTC+7). */
export const SCHEDULE_TIME_ZONE = TimeZone.ASIA_HO_CHI_MINH;

export interface SchedulingProps {
  /** Physical-name prefix, e.g. `dialogue-followup-prod`. */
  namePrefix: string;
  /** Name of the escalation function (known before the function exists, so it can hold its own ARN). */
  escalationFunctionName: string;
  /** Where escalation events Scheduler cannot deliver go. */
  deadLetterQueue: sqs.Queue;
  /** Where recurring runs Scheduler cannot deliver go. */
  recurringDeadLetterQueue: sqs.Queue;
  /** Minutes over which one-time schedules of the same time are spread (ESCALATION_SPREAD_MINUTES). */
  spreadMinutes: number;
}

export interface RecurringScheduleOptions {
  target: lambda.IFunction;
  /** Cron fields, interpreted in Asia/Ho_Chi_Minh; or `every`, a rate. */
  cron?: events.CronOptions;
  every?: Duration;
  /** JSON input the handler receives as its event. */
  input: Record<string, unknown>;
  description: string;
  /** How long Scheduler keeps trying to deliver one run (default 2 hours). */
  maxEventAge?: Duration;
}

/**
 * EventBridge Scheduler for the app:
 * - the escalation group holds the one-time schedules the code creates (one per item and level);
 *   the functions may manage schedules in it and nowhere else;
 * - the execution role Scheduler assumes for those schedules may invoke the escalation function
 *   and write to the dead-letter queue, nothing more;
 * - the recurring schedules (sweep, reports) live in their own group, managed by CloudFormation
 *   only, so no runtime permission can delete them;
 * - undeliverable invocations land in the dead-letter queue of their source (escalation or recurring).
 */
export class Scheduling extends Construct {
  readonly escalationGroup: scheduler.ScheduleGroup;
  readonly recurringGroup: scheduler.ScheduleGroup;
  /** Escalation events Scheduler could not deliver. */
  readonly deadLetterQueue: sqs.Queue;
  /** Recurring runs Scheduler could not deliver. */
  readonly recurringDeadLetterQueue: sqs.Queue;
  readonly executionRole: iam.Role;
  /** Assumed by Scheduler for the recurring schedules; may invoke only their target functions. */
  readonly recurringRole: iam.Role;
  /** ARN of the escalation function, built from its name (the function's own environment needs it). */
  readonly escalationFunctionArn: string;
  /** `schedule/<escalation group>/*`: the only schedules the functions may touch. */
  readonly schedulesInEscalationGroupArn: string;
  readonly recurring: scheduler.Schedule[] = [];
  readonly spreadMinutes: number;
  /** Functions the recurring schedules invoke. */
  readonly recurringTargets = new Set<lambda.IFunction>();

  constructor(scope: Construct, id: string, props: SchedulingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.escalationGroup = new scheduler.ScheduleGroup(this, 'EscalationGroup', {
      scheduleGroupName: `${props.namePrefix}-escalations`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.recurringGroup = new scheduler.ScheduleGroup(this, 'RecurringGroup', {
      scheduleGroupName: `${props.namePrefix}-recurring`,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = props.deadLetterQueue;
    this.spreadMinutes = props.spreadMinutes;
    this.recurringDeadLetterQueue = props.recurringDeadLetterQueue;
    this.escalationFunctionArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: props.escalationFunctionName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.schedulesInEscalationGroupArn = stack.formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.escalationGroup.scheduleGroupName}/*`,
    });
    this.executionRole = new iam.Role(this, 'ExecutionRole', {
      description: 'Assumed by EventBridge Scheduler for the one-time escalation schedules',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': this.escalationGroup.scheduleGroupArn,
          },
        },
      }),
    });
    this.executionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendUndeliverableToDeadLetterQueue',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    // LambdaInvoke grants this role invoke on each recurring target and send on the queue.
    this.recurringRole = new iam.Role(this, 'RecurringRole', {
      description: 'Assumed by EventBridge Scheduler for the recurring schedules (sweep, reports)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Aws.ACCOUNT_ID,
            'aws:SourceArn': this.recurringGroup.scheduleGroupArn,
          },
        },
      }),
    });
  }

  /** Lets the execution role invoke the escalation function, and only it. */
  allowInvoke(escalation: lambda.IFunction): void {
    this.executionRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeEscalationFunction',
        actions: ['lambda:InvokeFunction'],
        resources: [escalation.functionArn],
      }),
    );
  }

  /** A recurring schedule in Asia/Ho_Chi_Minh, with retries and the recurring dead-letter queue. */
  addRecurring(id: string, options: RecurringScheduleOptions): scheduler.Schedule {
    const expression = options.every
      ? scheduler.ScheduleExpression.rate(options.every)
      : scheduler.ScheduleExpression.cron({ ...options.cron, timeZone: SCHEDULE_TIME_ZONE });
    const schedule = new scheduler.Schedule(this, id, {
      description: options.description,
      scheduleGroup: this.recurringGroup,
      schedule: expression,
      timeWindow: scheduler.TimeWindow.off(),
      target: new targets.LambdaInvoke(options.target, {
        role: this.recurringRole,
        input: scheduler.ScheduleTargetInput.fromObject(options.input),
        deadLetterQueue: this.recurringDeadLetterQueue,
        retryAttempts: 3,
        maxEventAge: options.maxEventAge ?? Duration.hours(2),
      }),
    });
    this.recurring.push(schedule);
    this.recurringTargets.add(options.target);
    return schedule;
  }
}
