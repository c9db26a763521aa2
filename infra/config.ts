/**
 * Deployment settings, read from CDK context (`-c key=value` or cdk.json) with defaults that let a
 * plain `npx cdk synth` work offline. Everything here is decided at synth time; nothing reads
 * `CDK_*` variables at run time.
 */
export interface StackConfig {
  /** Stage name (`dev`, `staging`, `prod`): prefixes physical names, decides log retention policy. */
  stage: string;
  /** The deployment's domain (`example.gov.vn`). */
  domain: string;
  /**
   * The SES domain identity this stage sends from: `domain` for prod, `<stage>.<domain>` for any other
   * stage, so two stages in one account never create the same identity (`-c mailDomain=` to choose).
   */
  mailDomain: string;
  /** `create` the SES identity in this stack, or reuse an `existing` one verified elsewhere. */
  sesIdentity: 'create' | 'existing';
  /**
   * While the SES account is in its sandbox, mail reaches only verified addresses: these are created as
   * SES email identities (each gets a verification e-mail) and the functions may send to them.
   */
  sesSandboxRecipients: string[];
  /** The account's SES maximum send rate (messages per second), shared out between the senders. */
  sesSendRate: number;
  /** From address of every email; must be in `mailDomain`. */
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
  /** Public pages' own throttle (requests per second, burst), so citizens never use up the officials'. */
  publicThrottle: { rateLimit: number; burstLimit: number };
  /** Unit jobs handled at once by the worker (the SQS event source's maximum concurrency, 2–1000). */
  workerConcurrency: number;
  /** Minutes over which escalation schedules due at the same time are spread (0–240). */
  escalationSpreadMinutes: number;
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
  const mailDomain = (
    text(read, 'mailDomain') ?? (stage === 'prod' ? domain : `${stage}.${domain}`)
  ).toLowerCase();
  if (!DOMAIN_PATTERN.test(mailDomain))
    throw new Error(`Context mailDomain is not a domain name: "${mailDomain}"`);
  const mailFrom = text(read, 'mailFrom') ?? `no-reply@${mailDomain}`;
  if (!mailFrom.toLowerCase().endsWith(`@${mailDomain}`)) {
    throw new Error(`Context mailFrom (${mailFrom}) must be an address in the SES domain ${mailDomain}`);
  }
  const sesIdentity = text(read, 'sesIdentity') ?? 'create';
  if (sesIdentity !== 'create' && sesIdentity !== 'existing')
    throw new Error(`Context sesIdentity must be create or existing, got "${sesIdentity}"`);
  const sesSandboxRecipients = (text(read, 'sesSandboxRecipients') ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
  for (const email of sesSandboxRecipients) {
    if (!/^[^\s@]{1,64}@[^\s@]{1,253}$/.test(email) || !DOMAIN_PATTERN.test(email.split('@')[1] ?? ''))
      throw new Error(`Context sesSandboxRecipients: "${email}" is not an e-mail address`);
  }
  const workerConcurrency = positiveInt(read, 'workerConcurrency', 5);
  if (workerConcurrency < 2 || workerConcurrency > 1000)
    throw new Error(`Context workerConcurrency must be from 2 to 1000, got ${workerConcurrency}`);
  const escalationSpreadMinutes = Number(text(read, 'escalationSpreadMinutes') ?? 120);
  if (
    !Number.isInteger(escalationSpreadMinutes) ||
    escalationSpreadMinutes < 0 ||
    escalationSpreadMinutes > 240
  )
    throw new Error(`Context escalationSpreadMinutes must be a whole number from 0 to 240`);
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
    mailDomain,
    sesIdentity,
    sesSandboxRecipients,
    sesSendRate: positiveInt(read, 'sesSendRate', 14),
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
    publicThrottle: {
      rateLimit: positiveInt(read, 'publicRateLimit', 20),
      burstLimit: positiveInt(read, 'publicBurstLimit', 40),
    },
    workerConcurrency,
    escalationSpreadMinutes,
  };
}
