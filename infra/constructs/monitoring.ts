import { ArnFormat, Aws, Duration, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  namePrefix: string;
  /** Subscribed to the alarm topic by email (confirmed by the recipient). */
  alarmEmail: string | undefined;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * Alarms, all to one SNS topic whose policy lets CloudWatch (this account's alarms) publish: any function
 * error or throttle, a function run close to its timeout, each new message in a dead-letter queue and
 * messages left there a day (something that must not be lost is waiting for a person), any 5xx from the
 * API, table throttles and system errors, and SES bounce and complaint rates that would put the sending
 * account under review.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${props.namePrefix} alarms`,
      enforceSSL: true,
    });
    // enforceSSL writes a topic policy, which replaces SNS's default one: without this statement the
    // alarms could not publish, and no alarm e-mail would ever arrive.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.alarmEmail)
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }

  private add(
    id: string,
    name: string,
    description: string,
    metric: cloudwatch.IMetric,
    threshold = 1,
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.namePrefix}-${name}`,
      alarmDescription: description,
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
    this.alarms.push(alarm);
    return alarm;
  }

  /** Errors ≥ 1 and Throttles ≥ 1 in five minutes. */
  watchFunction(label: string, fn: lambda.IFunction): void {
    this.add(
      `${label}Errors`,
      `${label}-errors`,
      `The ${label} function failed (see its log group)`,
      fn.metricErrors({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    );
    this.add(
      `${label}Throttles`,
      `${label}-throttles`,
      `The ${label} function was throttled (account concurrency reached?)`,
      fn.metricThrottles({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    );
  }

  /**
   * Each new message in a dead-letter queue (an alarm on "not empty" would stay in alarm after the first
   * and hide the next ones): the rise of visible messages — redriven by SQS — or messages sent to it — by
   * Scheduler or Lambda — within five minutes. And messages left there for a day.
   */
  watchDeadLetterQueue(label: string, queue: sqs.IQueue, description: string): void {
    const visible = queue.metricApproximateNumberOfMessagesVisible({
      period: FIVE_MINUTES,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
    const sent = queue.metricNumberOfMessagesSent({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM });
    this.add(
      `${label}NewMessages`,
      `dlq-${label}-new`,
      `${description} (a new message: npm run redrive -- ${label})`,
      new cloudwatch.MathExpression({
        expression: 'MAX([DIFF(FILL(visible, 0)), FILL(sent, 0)])',
        usingMetrics: { visible, sent },
        period: FIVE_MINUTES,
        label: `new messages in the ${label} dead-letter queue`,
      }),
    );
    this.add(
      `${label}Waiting`,
      `dlq-${label}-waiting-a-day`,
      `Messages have waited a day in the ${label} dead-letter queue: npm run redrive -- ${label}`,
      queue.metricApproximateAgeOfOldestMessage({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      86_400,
    );
  }

  /** A run that reached 80 % of the function's timeout (the next one may be cut off). */
  watchDuration(label: string, fn: lambda.IFunction, timeout: Duration): void {
    const limitMs = timeout.toMilliseconds() * 0.8;
    this.add(
      `${label}NearTimeout`,
      `${label}-near-timeout`,
      `The ${label} function ran longer than 80 % of its ${timeout.toSeconds()} s timeout`,
      fn.metricDuration({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM }),
      limitMs,
    );
  }

  /** Throttled requests and system errors (HTTP 500) of the table, for the operations the app calls. */
  watchTable(table: dynamodb.ITable, operations: dynamodb.Operation[]): void {
    this.add(
      'TableThrottles',
      'table-throttles',
      'DynamoDB throttled requests of the table (on demand: a sudden peak beyond its previous high)',
      table.metricThrottledRequestsForOperations({
        operations,
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.SUM,
      }),
    );
    this.add(
      'TableSystemErrors',
      'table-system-errors',
      'DynamoDB answered with a system error (HTTP 500): the SDK retries, persisting errors need a look',
      table.metricSystemErrorsForOperations({
        operations,
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.SUM,
      }),
    );
  }

  /** Any 5xx answered by the API in five minutes. */
  watchApi(api: apigw.HttpApi): void {
    this.add(
      'Api5xx',
      'api-5xx',
      'The HTTP API answered with a server error',
      api.metricServerError({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM }),
    );
  }

  /** SES reviews an account above 5 % bounces (warn at 4 %) and above 0.1 % complaints (warn at 0.08 %). */
  watchMailReputation(): void {
    this.add(
      'SesComplaintRate',
      'ses-complaint-rate',
      'SES complaint rate above 0.08 % (SES reviews the account at 0.1 %): check who receives what',
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.ComplaintRate',
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      0.0008,
    );
    this.add(
      'SesBounceRate',
      'ses-bounce-rate',
      'SES bounce rate above 4 % (SES reviews the account at 5 %): check recipient addresses',
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        period: Duration.hours(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      0.04,
    );
  }
}
