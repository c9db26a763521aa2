import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/**
 * AWS Backup of the table, beside its 35 days of point-in-time recovery: a daily backup kept 35 days and
 * a monthly one kept 12 months, in a vault that outlives the stack. The role AWS Backup assumes may back
 * up (and nothing else) this one table.
 */
export class TableBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: { namePrefix: string; table: dynamodb.ITable }) {
    super(scope, id);
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `${props.namePrefix}-vault`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${props.namePrefix}-table`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily35Days',
          // 02:00 in Vietnam (19:00 UTC), outside office hours.
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '19' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: Duration.days(35),
        }),
        new backup.BackupPlanRule({
          ruleName: 'Monthly12Months',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '20', day: '1' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(4),
          deleteAfter: Duration.days(365),
        }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: `AWS Backup of the ${props.namePrefix} table`,
    });
    const tableArn = props.table.tableArn;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'BackUpTheTable',
        actions: [
          'dynamodb:DescribeTable',
          'dynamodb:CreateBackup',
          'dynamodb:ListTagsOfResource',
          'dynamodb:StartAwsBackupJob',
        ],
        resources: [tableArn],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ManageItsBackups',
        actions: ['dynamodb:DescribeBackup', 'dynamodb:DeleteBackup'],
        resources: [`${tableArn}/backup/*`],
      }),
    );
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'UseTheVault',
        actions: ['backup:DescribeBackupVault', 'backup:CopyIntoBackupVault'],
        resources: [this.vault.backupVaultArn],
      }),
    );
    this.plan.addSelection('Table', {
      backupSelectionName: `${props.namePrefix}-table`,
      resources: [backup.BackupResource.fromArn(tableArn)],
      role: this.role,
      // Its own least-privilege policy above instead of AWSBackupServiceRolePolicyForBackup.
      disableDefaultBackupPolicy: true,
    });
  }
}
