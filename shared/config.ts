/** Reads configuration once at cold start; a missing variable fails at start-up, not on a request. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

/** The function's region (Lambda sets AWS_REGION). */
export const regionOf = (env: NodeJS.ProcessEnv = process.env) => env.AWS_REGION ?? 'ap-southeast-1';

/** Environment variable names shared by infra/ (which sets them) and the functions (which read them). */
export const ENV = {
  tableName: 'TABLE_NAME',
  scheduleGroup: 'SCHEDULE_GROUP_NAME',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  escalationFunctionArn: 'ESCALATION_FUNCTION_ARN',
  schedulerDlqArn: 'SCHEDULER_DLQ_ARN',
  mailFrom: 'MAIL_FROM',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  mailRatePerSecond: 'MAIL_RATE_PER_SECOND',
  unitWorkQueueUrl: 'UNIT_WORK_QUEUE_URL',
  escalationSpreadMinutes: 'ESCALATION_SPREAD_MINUTES',
  userPoolId: 'COGNITO_USER_POOL_ID',
  userPoolClientId: 'COGNITO_CLIENT_ID',
  cognitoDomain: 'COGNITO_DOMAIN',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  defaultAnswerWorkingDays: 'DEFAULT_ANSWER_WORKING_DAYS',
  filesBucket: 'FILES_BUCKET',
} as const;

/**
 * The dead-letter queues, one per source (infra/constructs/dead-letters.ts creates them), and where the
 * redrive command (`npm run redrive`) sends each one's messages back: to a function (invoked with each
 * message as its event) or to the unit-work queue.
 */
export const DEAD_LETTER_SOURCES = ['escalation', 'recurring', 'unit-work', 'ses-events'] as const;
export type DeadLetterSource = (typeof DEAD_LETTER_SOURCES)[number];

export const deadLetterQueueName = (namePrefix: string, source: DeadLetterSource) =>
  `${namePrefix}-${source}-dlq`;
export const unitWorkQueueName = (namePrefix: string) => `${namePrefix}-unit-work`;

export const REDRIVE_TARGET: Record<DeadLetterSource, { function: string } | { queue: 'unit-work' }> = {
  escalation: { function: 'escalation' },
  recurring: { function: 'fan-out' },
  'unit-work': { queue: 'unit-work' },
  'ses-events': { function: 'ses-events' },
};
