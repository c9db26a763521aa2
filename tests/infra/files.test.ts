/**
 * The files bucket (infra/constructs/files.ts) in the synthesized template: private (every public
 * access blocked, owner-enforced), encrypted, versioned, TLS only, access-logged, retained, CORS for the
 * app's origin only, unfinished uploads expired; the API function's rights limited to the units' keys;
 * and no cdk-nag finding on any of it.
 */
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../shared/config.js';
import {
  actionsOf,
  idOf,
  props,
  resourcesOf,
  resourcesOfStatement,
  roleOfFunction,
  type Statement,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth.js';

let s: Synthesized;
beforeAll(() => {
  s = synthesize({ stage: 'test', domain: 'example.gov.vn' }, { bundle: false, cfnValidation: false });
}, 60_000);
afterAll(() => s?.dispose());

type Json = Record<string, unknown>;
const bucketId = () => idOf(s.stack, s.stack.files.bucket);
const logsId = () => idOf(s.stack, s.stack.files.accessLogs);
const resource = (id: string) => s.template.toJSON().Resources[id] as Json;

describe('files bucket', () => {
  it('is private, encrypted, versioned, owner-enforced, access-logged and retained', () => {
    const bucket = resource(bucketId());
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = props(bucket);
    expect(p.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(p.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(p.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(p.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId() },
      LogFilePrefix: 'files/',
    });
    const logs = props(resource(logsId()));
    expect(logs.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(logs.BucketEncryption).toBeDefined();
  });

  it('refuses every request not made over TLS (both buckets)', () => {
    for (const id of [bucketId(), logsId()]) {
      const policy = Object.values(resourcesOf(s.template, 'AWS::S3::BucketPolicy'))
        .map(props)
        .find((p) => JSON.stringify(p.Bucket) === JSON.stringify({ Ref: id }));
      const statements = ((policy?.PolicyDocument as { Statement: (Statement & { Principal?: unknown })[] })
        ?.Statement ?? []) as (Statement & { Principal?: unknown })[];
      expect(
        statements.some(
          (st) =>
            st.Effect === 'Deny' &&
            actionsOf(st).includes('s3:*') &&
            JSON.stringify(st.Principal) === JSON.stringify({ AWS: '*' }) &&
            JSON.stringify(st.Condition) === JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
        id,
      ).toBe(true);
    }
  });

  it('lets only the app origin upload and download in a browser; unfinished uploads expire after a day, former versions after a year', () => {
    const p = props(resource(bucketId()));
    const cors = (p.CorsConfiguration as { CorsRules: Json[] }).CorsRules;
    expect(cors).toHaveLength(1);
    expect(cors[0]).toMatchObject({ AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'] });
    expect(JSON.stringify(cors[0]?.AllowedOrigins)).not.toContain('*');
    const rules = (p.LifecycleConfiguration as { Rules: Json[] }).Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Id: 'ExpireUnfinishedUploads',
        Prefix: 'pending/',
        ExpirationInDays: 1,
        Status: 'Enabled',
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 365 }, Status: 'Enabled' }),
    );
  });

  it("gives the API the bucket's name and object rights under units/ and pending/ only, the unit worker reading under units/", () => {
    const apiId = idOf(s.stack, s.stack.functions.api);
    const api = resource(apiId);
    const env = (props(api).Environment as { Variables: Json }).Variables;
    expect(env[ENV.filesBucket]).toEqual({ Ref: bucketId() });
    const statements = statementsOfRole(s.template, roleOfFunction(api));
    const s3 = statements.filter((st) => actionsOf(st).some((a) => a.startsWith('s3:')));
    const objects = s3.find((st) => st.Sid === 'FilesReadWrite') as Statement;
    expect(actionsOf(objects).sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(resourcesOfStatement(objects)).toHaveLength(2);
    expect(resourcesOfStatement(objects)).toEqual(
      expect.arrayContaining([
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/units/*']] },
        { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/pending/*']] },
      ]),
    );
    const list = s3.find((st) => st.Sid === 'FilesList') as Statement;
    expect(resourcesOfStatement(list)).toEqual([{ 'Fn::GetAtt': [bucketId(), 'Arn'] }]);
    // The unit worker reads the units' files (a queued mail's stored attachment) and nothing more.
    const worker = resource(idOf(s.stack, s.stack.functions.unitWorker));
    expect((props(worker).Environment as { Variables: Json }).Variables[ENV.filesBucket]).toEqual({
      Ref: bucketId(),
    });
    const workerS3 = statementsOfRole(s.template, roleOfFunction(worker)).filter((st) =>
      actionsOf(st).some((a) => a.startsWith('s3:')),
    );
    expect(workerS3.map((st) => [actionsOf(st), resourcesOfStatement(st)])).toEqual([
      [['s3:GetObject'], [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(), 'Arn'] }, '/units/*']] }]],
    ]);
    // No other function touches the files.
    for (const [name, fn] of Object.entries(s.stack.functions)) {
      if (name === 'api' || name === 'unitWorker') continue;
      const role = roleOfFunction(resource(idOf(s.stack, fn)));
      expect(
        statementsOfRole(s.template, role).some((st) => actionsOf(st).some((a) => a.startsWith('s3:'))),
        name,
      ).toBe(false);
    }
  });

  it('passes cdk-nag (AwsSolutions) with no finding on the buckets or their grants', () => {
    const violations = new AwsSolutionsChecks(s.app).validateScope(s.app).violations as {
      ruleName: string;
      violatingResources: { constructPath?: string }[];
    }[];
    const mine = violations.filter((v) =>
      v.violatingResources.some(
        (r) => (r.constructPath ?? '').includes('/Files/') || /S3|IAM5/.test(v.ruleName),
      ),
    );
    expect(
      mine.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`),
    ).toEqual([]);
  });
});
