import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
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
 * Alarms, all to one SNS topic: any function error or throttle, any message in a dead-letter queue
 * (something that must not be lost is waiting for a person), any 5xx from the API, and an SES
 * bounce rate that would put the sending account under review.
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

  /** Any visible message (ApproximateNumberOfMessagesVisible > 0). */
  watchDeadLetterQueue(label: string, queue: sqs.IQueue, description: string): void {
    this.add(
      `${label}Depth`,
      `${label}-not-empty`,
      description,
      queue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
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

  /** SES reviews an account above 5 % bounces; warn at 4 %. */
  watchMailReputation(): void {
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
