import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { SESClient } from '@aws-sdk/client-ses';
import { createRemoteJWKSet } from 'jose';
import { systemClock } from './adapters/clock/clocks.js';
import { createDynamoClient } from './adapters/dynamodb/client.js';
import { SesMailer } from './adapters/mail/ses-mailer.js';
import { AwsEscalationScheduler } from './adapters/scheduler/aws-scheduler.js';
import { ENV, requireEnv } from './config.js';
import { buildDeps } from './deps.js';
import { jwksVerifier } from './http/auth.js';
import type { AppDeps } from './http/env.js';
import { attachEscalation } from './services/escalation-service.js';

/** Dependencies of every Lambda, built once per cold start from the environment the stack sets. */
export function awsDeps(env: NodeJS.ProcessEnv = process.env): AppDeps {
  const region = env.AWS_REGION ?? 'ap-southeast-1';
  const userPoolId = requireEnv(ENV.userPoolId, env);
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const scheduler = new AwsEscalationScheduler(new SchedulerClient({ region }), {
    groupName: requireEnv(ENV.scheduleGroup, env),
    roleArn: requireEnv(ENV.schedulerRoleArn, env),
    targetArn: requireEnv(ENV.escalationFunctionArn, env),
    deadLetterArn: requireEnv(ENV.schedulerDlqArn, env),
  });
  const publicBaseUrl = requireEnv(ENV.publicBaseUrl, env);
  const deps = buildDeps({
    client: createDynamoClient({ region }),
    tableName: requireEnv(ENV.tableName, env),
    clock: systemClock,
    verifier: jwksVerifier(createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`)), {
      issuer,
      audience: requireEnv(ENV.userPoolClientId, env),
    }),
    mailer: new SesMailer(
      new SESClient({ region }),
      requireEnv(ENV.mailFrom, env),
      env[ENV.sesConfigurationSet],
    ),
    scheduler,
    settings: {
      publicBaseUrl,
      ...(env[ENV.defaultAnswerWorkingDays]
        ? { defaultAnswerWorkingDays: Number(env[ENV.defaultAnswerWorkingDays]) }
        : {}),
    },
  });
  deps.web = {
    signIn: {
      cognitoDomain: requireEnv(ENV.cognitoDomain, env),
      clientId: requireEnv(ENV.userPoolClientId, env),
      redirectUri: `${publicBaseUrl}/auth/callback`,
      logoutUri: `${publicBaseUrl}/signin`,
    },
  };
  attachEscalation(deps);
  return deps;
}
