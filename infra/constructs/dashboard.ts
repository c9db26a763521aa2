import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface OpsDashboardProps {
  namePrefix: string;
  functions: Record<string, lambda.IFunction>;
  api: apigw.HttpApi;
  table: dynamodb.ITable;
  /** The table operations the app calls (for the latency, throttle and error graphs). */
  operations: dynamodb.Operation[];
  unitWork: sqs.IQueue;
  deadLetters: Record<string, sqs.IQueue>;
  configurationSet: string;
}

const FIVE_MINUTES = Duration.minutes(5);
const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };

/**
 * One CloudWatch dashboard for whoever runs the deployment: requests and errors of the API, each
 * function's invocations, errors and duration, the unit-work queue (depth, oldest job), every
 * dead-letter queue, the table's throttles, errors and capacity, and SES sending and reputation.
 */
export class OpsDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: OpsDashboardProps) {
    super(scope, id);
    const fns = Object.entries(props.functions);
    const ses = (metricName: string, statistic: string = cloudwatch.Stats.SUM, period = FIVE_MINUTES) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        statistic,
        period,
        ...(metricName.startsWith('Reputation')
          ? {}
          : { dimensionsMap: { 'ses:configuration-set': props.configurationSet } }),
      });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = [], width = 12) =>
      new cloudwatch.GraphWidget({ title, left, right, width, height: 6 });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${props.namePrefix}-operations`,
      defaultInterval: Duration.hours(24),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${props.namePrefix}\nAPI, scheduled work per unit (sweep 07:00, reports 07:30, mail every minute), table and SES. Dead-letter queues: \`npm run redrive -- <source>\` (docs/DEPLOY.md).`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph(
        'API requests and errors',
        [props.api.metricCount(sum)],
        [props.api.metricClientError(sum), props.api.metricServerError(sum)],
      ),
      graph('API latency (p50, p99)', [
        props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p50' }),
        props.api.metricLatency({ period: FIVE_MINUTES, statistic: 'p99' }),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Invocations',
        fns.map(([label, fn]) => fn.metricInvocations({ ...sum, label })),
      ),
      graph(
        'Errors and throttles',
        fns.map(([label, fn]) => fn.metricErrors({ ...sum, label: `${label} errors` })),
        fns.map(([label, fn]) => fn.metricThrottles({ ...sum, label: `${label} throttles` })),
      ),
      graph(
        'Duration (max)',
        fns.map(([label, fn]) =>
          fn.metricDuration({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.MAXIMUM, label }),
        ),
        [],
        24,
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Unit-work queue',
        [
          props.unitWork.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            label: 'waiting',
          }),
          props.unitWork.metricApproximateNumberOfMessagesNotVisible({
            period: Duration.minutes(1),
            label: 'in progress',
          }),
        ],
        [
          props.unitWork.metricApproximateAgeOfOldestMessage({
            period: Duration.minutes(1),
            label: 'oldest (s)',
          }),
        ],
      ),
      graph(
        'Dead-letter queues (messages waiting)',
        Object.entries(props.deadLetters).map(([label, q]) =>
          q.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: cloudwatch.Stats.MAXIMUM,
            label,
          }),
        ),
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Table: consumed capacity',
        [props.table.metricConsumedReadCapacityUnits(sum)],
        [props.table.metricConsumedWriteCapacityUnits(sum)],
        8,
      ),
      graph(
        'Table: throttled requests',
        [props.table.metricThrottledRequestsForOperations({ ...sum, operations: props.operations })],
        [],
        8,
      ),
      graph(
        'Table: system errors',
        [props.table.metricSystemErrorsForOperations({ ...sum, operations: props.operations })],
        [],
        8,
      ),
    );
    this.dashboard.addWidgets(
      graph('SES: sent, delivered, bounced, complained', [
        ses('Send'),
        ses('Delivery'),
        ses('Bounce'),
        ses('Complaint'),
      ]),
      graph('SES reputation (rates)', [
        ses('Reputation.BounceRate', cloudwatch.Stats.MAXIMUM, Duration.hours(1)),
        ses('Reputation.ComplaintRate', cloudwatch.Stats.MAXIMUM, Duration.hours(1)),
      ]),
    );
  }
}
