/**
 * Deployment settings, read from CDK context (`-c key=value` or cdk.json) with defaults that let a
 * plain `npx cdk synth` work offline. Everything here is decided at synth time; nothing reads
 * `CDK_*` variables at run time.
 */
export interface StackConfig {
  /** Stage name (`dev`, `staging`, `prod`): prefixes physical names, decides log retention policy. */
  stage: string;
  /** Sender domain verified in SES (`example.gov.vn`). */
  domain: string;
  /** From address of every email; must be in `domain`. */
  mailFrom: string;
  /** Public base URL of the app (a custom domain in front of the API); default: the API's own URL. */
  publicBaseUrl: string | undefined;
  /** Cognito managed-login domain prefix (globally unique per region). */
  authDomainPrefix: string;
  /** Cognito Plus feature plan with threat protection enforced (costs per MAU, see docs/DEPLOY.md). */
  threatProtection: boolean;
  /** Cognito sends its invitation emails through our SES identity (only once the domain is verified). */
  cognitoEmailViaSes: boolean;
  /** Email address subscribed to the alarm topic (optional). */
  alarmEmail: string | undefined;
  /** CloudWatch log retention in days. */
  logRetentionDays: number;
  /** Working days a department has to answer when the office sets no due date (the app's default otherwise). */
  defaultAnswerWorkingDays: number | undefined;
  /** API stage throttling (steady requests per second, burst). */
  throttle: { rateLimit: number; burstLimit: number };
}

export const APP_NAME = 'dialogue-followup';

const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

type ContextReader = (key: string) => unknown;

function text(read: ContextReader, key: string): string | undefined {
  const value = read(key);
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}

function flag(read: ContextReader, key: string, fallback: boolean): boolean {
  const value = text(read, key);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error(`Context ${key} must be true or false, got "${value}"`);
}

function positiveInt(read: ContextReader, key: string, fallback: number): number {
  const value = text(read, key);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`Context ${key} must be a positive integer, got "${value}"`);
  return n;
}

/** CloudWatch Logs accepts only these retention periods. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

function retentionDays(read: ContextReader): number {
  const days = positiveInt(read, 'logRetentionDays', 90);
  if (!RETENTION_DAYS.includes(days)) {
    throw new Error(`Context logRetentionDays must be one of ${RETENTION_DAYS.join(', ')}, got ${days}`);
  }
  return days;
}

/** Reads and validates the context; a wrong value fails the synth with a message naming the key. */
export function readConfig(read: ContextReader): StackConfig {
  const stage = text(read, 'stage') ?? 'dev';
  if (!STAGE_PATTERN.test(stage))
    throw new Error(`Context stage must match ${STAGE_PATTERN}, got "${stage}"`);
  const domain = (text(read, 'domain') ?? 'example.gov.vn').toLowerCase();
  if (!DOMAIN_PATTERN.test(domain)) throw new Error(`Context domain is not a domain name: "${domain}"`);
  const mailFrom = text(read, 'mailFrom') ?? `no-reply@${domain}`;
  if (!mailFrom.toLowerCase().endsWith(`@${domain}`)) {
    throw new Error(`Context mailFrom (${mailFrom}) must be an address in the SES domain ${domain}`);
  }
  const publicBaseUrl = text(read, 'publicBaseUrl')?.replace(/\/+$/, '');
  if (publicBaseUrl !== undefined && !/^https:\/\/[^/]+(\/.*)?$/.test(publicBaseUrl)) {
    throw new Error(`Context publicBaseUrl must be an https URL, got "${publicBaseUrl}"`);
  }
  const authDomainPrefix = text(read, 'authDomainPrefix') ?? `${APP_NAME}-${stage}-${domain.split('.')[0]}`;
  if (
    !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix) ||
    /aws|amazon|cognito/.test(authDomainPrefix)
  ) {
    throw new Error(`Context authDomainPrefix is not a valid Cognito domain prefix: "${authDomainPrefix}"`);
  }
  return {
    stage,
    domain,
    mailFrom,
    publicBaseUrl,
    authDomainPrefix,
    threatProtection: flag(read, 'threatProtection', false),
    cognitoEmailViaSes: flag(read, 'cognitoEmailViaSes', false),
    alarmEmail: text(read, 'alarmEmail'),
    logRetentionDays: retentionDays(read),
    defaultAnswerWorkingDays:
      text(read, 'defaultAnswerWorkingDays') === undefined
        ? undefined
        : positiveInt(read, 'defaultAnswerWorkingDays', 1),
    throttle: {
      rateLimit: positiveInt(read, 'apiRateLimit', 50),
      burstLimit: positiveInt(read, 'apiBurstLimit', 100),
    },
  };
}
