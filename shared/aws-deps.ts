import { systemClock } from './adapters/clock/clocks.js';
import { createDynamoClient } from './adapters/dynamodb/client.js';
import { lazyMailer } from './adapters/lazy.js';
import { mailRatePerSecond, PacedMailer } from './adapters/mail/paced-mailer.js';
import type { RawMimeBuilder } from './adapters/mail/ses-mailer.js';
import { ENV, regionOf, requireEnv } from './config.js';
import { buildTrackerDeps, unitCacheTtlMs } from './deps.js';
import type { Mailer } from './domain/ports.js';
import type { TrackerDeps } from './services/context.js';
import type { ReportDeps } from './services/report-service.js';
import { DEFAULT_PUBLIC_CACHE_SECONDS } from './web/public-cache.js';

/**
 * Dependencies of the Lambdas, built once per cold start from the environment the stack sets
 * (infra/constructs/bindings.ts). Each function takes only what it uses, so that its bundle holds no
 * library and loads no SDK client it never calls; hence one module per set of imports:
 * - here: the stores and the SES mailer (the api, escalation, the unit worker), and the reports
 *   function's builder;
 * - aws-deps-tracker.ts: escalation and sweep (+ the Scheduler client), no JWT verifier, no MIME library;
 * - aws-deps-fan-out.ts: the fan-out (the table, the unit registry and the queue only);
 * - aws-deps-api.ts: the API (+ the Cognito JWT verifier, the web sign-in).
 * The raw-MIME builder (nodemailer, for attachments) is injected by the function that sends them.
 * The DynamoDB client is created at start-up (every invocation reads the table); the SES and Scheduler
 * clients (and the unit worker's SQS client, for failed jobs) are loaded and created on first use, once per
 * process (adapters/lazy.ts), their settings read from the environment at start-up so that a missing
 * variable still fails the cold start.
 */

export type Env = NodeJS.ProcessEnv;
export { regionOf };

export function awsStores(env: Env): TrackerDeps {
  return buildTrackerDeps({
    client: createDynamoClient({ region: regionOf(env) }),
    tableName: requireEnv(ENV.tableName, env),
    clock: systemClock,
    unitCache: { ttlMs: unitCacheTtlMs(env) },
    settings: {
      publicBaseUrl: requireEnv(ENV.publicBaseUrl, env),
      publicPageCacheSeconds: DEFAULT_PUBLIC_CACHE_SECONDS,
      ...(env[ENV.defaultAnswerWorkingDays]
        ? { defaultAnswerWorkingDays: Number(env[ENV.defaultAnswerWorkingDays]) }
        : {}),
    },
  });
}

/**
 * SES SendEmail for plain messages; SendRawEmail with `rawMime`, if given, for attachments. Paced to this
 * process's share of the SES sending rate (MAIL_RATE_PER_SECOND), backing off when SES throttles.
 */
export function awsMailer(env: Env, rawMime?: RawMimeBuilder): Mailer {
  const region = regionOf(env);
  const from = requireEnv(ENV.mailFrom, env);
  const configurationSet = env[ENV.sesConfigurationSet];
  const ses = lazyMailer(async () => {
    const [{ SESClient }, { SesMailer }] = await Promise.all([
      import('@aws-sdk/client-ses'),
      import('./adapters/mail/ses-mailer.js'),
    ]);
    return new SesMailer(new SESClient({ region }), from, {
      configurationSet,
      ...(rawMime ? { rawMime } : {}),
    });
  });
  return new PacedMailer(ses, { ratePerSecond: mailRatePerSecond(env) });
}

/** Reports: the stores and SES with the MIME builder (the XLSX is attached). No scheduler. */
export function awsReportsDeps(rawMime: RawMimeBuilder, env: Env = process.env): ReportDeps {
  return { ...awsStores(env), mailer: awsMailer(env, rawMime) };
}
