import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build.js';
import { cdkJsonContext, type Synthesized, synthesize } from './synth.js';

// cdk-nag checks the construct tree: the esbuild output and CDK's own template validation (run by
// tests/infra/stack.test.ts) do not change it, so these builds skip both.
const TREE_ONLY = { bundle: false, cfnValidation: false } as const;

interface Violation {
  ruleName: string;
  severity: string;
  violatingResources: { constructPath?: string }[];
}

/** What the AwsSolutions pack reports on the app, after our acknowledgements. */
function findings(app: Synthesized['app']): Violation[] {
  return new AwsSolutionsChecks(app).validateScope(app).violations as Violation[];
}

const describeFindings = (violations: Violation[]) =>
  violations.map(
    (v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
  );

describe('cdk-nag (AwsSolutions)', () => {
  let dev: Synthesized;
  let prodPlus: Synthesized;
  beforeAll(() => {
    dev = synthesize({ stage: 'dev' }, TREE_ONLY);
    prodPlus = synthesize(
      { stage: 'prod', domain: 'tinh.gov.vn', threatProtection: 'true', cognitoEmailViaSes: 'true' },
      TREE_ONLY,
    );
  }, 60_000);
  afterAll(() => {
    dev?.dispose();
    prodPlus?.dispose();
  });

  it('reports no unacknowledged finding, error or warning (default context)', () => {
    expect(describeFindings(findings(dev.app))).toEqual([]);
    const report = JSON.parse(
      readFileSync(join(dev.assembly.directory, 'validation-report.json'), 'utf8'),
    ) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  });

  it('prod with threat protection: Plus plan enforced (no acknowledgement needed), SES invitations, retained', () => {
    expect(describeFindings(findings(prodPlus.app))).toEqual([]);
    prodPlus.template.hasResourceProperties('AWS::Cognito::UserPool', {
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      EmailConfiguration: {
        EmailSendingAccount: 'DEVELOPER',
        From: Match.stringLikeRegexp('<no-reply@tinh.gov.vn>$'),
      },
    });
    prodPlus.template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
    const metadata = JSON.stringify(prodPlus.stack.auth.userPool.node.defaultChild?.node.metadata ?? []);
    expect(metadata).not.toContain('AwsSolutions-COG8');
  });

  it('every acknowledgement names one rule (one wildcard for IAM5) and gives a reason', () => {
    const acknowledgements = dev.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/^Annotation::AwsSolutions-[A-Z]+\d+(\[(Resource|Action)::[^\]]+\])?$/);
      if (id.includes('IAM5')) expect(id, 'IAM5 must name the wildcard').toContain('[');
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });

  it('an unacknowledged finding fails the synthesis', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-infra-probe-'));
    const { app, stack } = buildApp({
      outdir,
      builtinCloudFormationValidation: false,
      context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] },
    });
    // A queue that accepts plain HTTP requests (AwsSolutions-SQS4) and is nobody's DLQ (SQS3).
    new sqs.Queue(stack, 'ProbeQueue', { enforceSSL: false });
    try {
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
