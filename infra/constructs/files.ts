import { type CfnElement, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ENV } from '../../shared/config.js';
import { PENDING_PREFIX } from '../../shared/domain/attachments.js';
import type { AppFunction } from './app-function.js';

export interface FileBucketProps {
  /** The web app's origin: the only one a browser may upload from or download to with a presigned URL. */
  allowedOrigin: string;
}

/**
 * Files on answers and the documents the units issue: one private bucket — every public access
 * blocked, owner-enforced (no ACLs), encrypted (SSE-S3), versioned (a removed or replaced file can be
 * recovered for a year), TLS only, access-logged, RETAINed with the stack. Browsers upload and download
 * with presigned URLs (CORS for the app's origin only); uploads never completed expire after a day.
 */
export class FileBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: FileBucketProps) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'files/',
      cors: [
        {
          allowedOrigins: [props.allowedOrigin],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
          allowedHeaders: ['content-type'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'ExpireUnfinishedUploads', prefix: PENDING_PREFIX, expiration: Duration.days(1) },
        {
          id: 'KeepFormerVersionsOneYear',
          noncurrentVersionExpiration: Duration.days(365),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        "This bucket IS the files bucket's server access log: logging it into itself would loop, and S3 writes " +
        'the logs with its own service principal. Private, encrypted, TLS-only, expired after a year.',
    });
  }

  /** FILES_BUCKET, and object access under the units' keys (and the pending uploads) only. */
  grantReadWrite(fn: AppFunction): void {
    fn.addEnvironment(ENV.filesBucket, this.bucket.bucketName);
    const objects = [this.bucket.arnForObjects('units/*'), this.bucket.arnForObjects(`${PENDING_PREFIX}*`)];
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FilesReadWrite',
        actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: objects,
      }),
    );
    // Without it S3 answers 403, not 404, for a key that does not exist (an upload never made).
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FilesList',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
      }),
    );
    this.acknowledgeObjectWildcards(fn, ['units/*', `${PENDING_PREFIX}*`]);
  }

  /**
   * FILES_BUCKET and reading the units' files only: the unit worker sends queued mail whose attachment is
   * a stored file (the conclusion notice's DOCX when SES could not take it at once).
   */
  grantRead(fn: AppFunction): void {
    fn.addEnvironment(ENV.filesBucket, this.bucket.bucketName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'FilesRead',
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects('units/*')],
      }),
    );
    this.acknowledgeObjectWildcards(fn, ['units/*']);
  }

  private acknowledgeObjectWildcards(fn: AppFunction, prefixes: string[]): void {
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement);
    const policy = fn.role?.node.tryFindChild('DefaultPolicy');
    if (!policy) throw new Error(`${fn.node.path} has no default policy`);
    for (const prefix of prefixes) {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}]`,
        reason:
          'Object keys are made at run time from the unit, the item and a random id; the wildcard covers the ' +
          "units' files (or the day-long pending uploads) of this one bucket, never another bucket.",
      });
    }
  }
}
