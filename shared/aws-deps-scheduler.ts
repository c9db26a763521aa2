import { lazyScheduler } from './adapters/lazy.js';
import type { AwsSchedulerConfig } from './adapters/scheduler/aws-scheduler.js';
import { type Env, regionOf } from './aws-deps.js';
import { ENV, requireEnv } from './config.js';
import { DEFAULT_SPREAD_MINUTES } from './domain/escalation-spread.js';
import type { EscalationScheduler } from './domain/ports.js';

/** ESCALATION_SPREAD_MINUTES (0–240, default 120): the window over which schedules of one time fire. */
export function spreadMinutes(env: Env): number {
  const raw = env[ENV.escalationSpreadMinutes];
  if (raw === undefined || raw === '') return DEFAULT_SPREAD_MINUTES;
  const minutes = Number(raw);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 240)
    throw new Error(
      `${ENV.escalationSpreadMinutes} must be a whole number of minutes from 0 to 240, got ${raw}`,
    );
  return minutes;
}

/** EventBridge Scheduler, its client loaded and created on first use (see aws-deps.ts). */
export function awsScheduler(env: Env): EscalationScheduler {
  const region = regionOf(env);
  const config: AwsSchedulerConfig = {
    groupName: requireEnv(ENV.scheduleGroup, env),
    roleArn: requireEnv(ENV.schedulerRoleArn, env),
    targetArn: requireEnv(ENV.escalationFunctionArn, env),
    deadLetterArn: requireEnv(ENV.schedulerDlqArn, env),
    spreadMinutes: spreadMinutes(env),
  };
  return lazyScheduler(async () => {
    const [{ SchedulerClient }, { AwsEscalationScheduler }] = await Promise.all([
      import('@aws-sdk/client-scheduler'),
      import('./adapters/scheduler/aws-scheduler.js'),
    ]);
    return new AwsEscalationScheduler(new SchedulerClient({ region }), config);
  });
}
