import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.js';

const from = (context: Record<string, unknown>) => readConfig((key) => context[key]);

describe('stack configuration from CDK context', () => {
  it('has defaults that let a plain `cdk synth` work', () => {
    expect(from({})).toMatchObject({
      stage: 'dev',
      domain: 'example.gov.vn',
      // Not prod: the stage sends from its own subdomain, so two stages never share an SES identity.
      mailDomain: 'dev.example.gov.vn',
      sesIdentity: 'create',
      sesSandboxRecipients: [],
      sesSendRate: 14,
      mailFrom: 'no-reply@dev.example.gov.vn',
      publicBaseUrl: undefined,
      threatProtection: false,
      cognitoEmailViaSes: false,
      logRetentionDays: 90,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
  });

  it('reads the stage, the domain and the options', () => {
    const config = from({
      stage: 'prod',
      domain: 'HaNoi.gov.vn',
      publicBaseUrl: 'https://kiennghi.hanoi.gov.vn/',
      threatProtection: 'true',
      logRetentionDays: '365',
      defaultAnswerWorkingDays: '15',
    });
    expect(config).toMatchObject({
      stage: 'prod',
      domain: 'hanoi.gov.vn',
      mailDomain: 'hanoi.gov.vn',
      mailFrom: 'no-reply@hanoi.gov.vn',
      publicBaseUrl: 'https://kiennghi.hanoi.gov.vn',
      threatProtection: true,
      logRetentionDays: 365,
      defaultAnswerWorkingDays: 15,
    });
    expect(config.authDomainPrefix).toBe('dialogue-followup-prod-hanoi');
  });

  it('refuses values that would fail at deploy time, naming the key', () => {
    expect(() => from({ stage: 'Prod!' })).toThrow(/stage/);
    expect(() => from({ domain: 'not a domain' })).toThrow(/domain/);
    expect(() => from({ domain: 'tinh.gov.vn', mailFrom: 'x@gmail.com' })).toThrow(/mailFrom/);
    expect(() => from({ publicBaseUrl: 'http://insecure.example' })).toThrow(/publicBaseUrl/);
    expect(() => from({ logRetentionDays: '100' })).toThrow(/logRetentionDays/);
    expect(() => from({ threatProtection: 'yes' })).toThrow(/threatProtection/);
    expect(() => from({ authDomainPrefix: 'my-cognito-login' })).toThrow(/authDomainPrefix/);
    expect(() => from({ stage: 'prod', domain: 'tinh.gov.vn', mailFrom: 'x@dev.tinh.gov.vn' })).toThrow(
      /mailFrom/,
    );
    expect(() => from({ sesIdentity: 'shared' })).toThrow(/sesIdentity/);
    expect(() => from({ sesSandboxRecipients: 'a@b.vn, not-an-address' })).toThrow(/sesSandboxRecipients/);
    expect(() => from({ workerConcurrency: '1' })).toThrow(/workerConcurrency/);
    expect(() => from({ escalationSpreadMinutes: '500' })).toThrow(/escalationSpreadMinutes/);
  });
});
