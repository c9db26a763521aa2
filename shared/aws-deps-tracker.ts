import { lazyScheduler } from './adapters/lazy.js';
import type { AwsSchedulerConfig } from './adapters/scheduler/aws-scheduler.js';
import { awsMailer, awsStores, type Env, regionOf } from './aws-deps.js';
import { ENV, requireEnv } from './config.js';
import type { EscalationScheduler } from './domain/ports.js';
import { attachEscalation, type EscalationDeps } from './services/escalation-service.js';

/** EventBridge Scheduler, its client loaded and created on first use (see aws-deps.ts). */
export function awsScheduler(env: Env): EscalationScheduler {
  const region = regionOf(env);
  const config: AwsSchedulerConfig = {
    groupName: requireEnv(ENV.scheduleGroup, env),
    roleArn: requireEnv(ENV.schedulerRoleArn, env),
    targetArn: requireEnv(ENV.escalationFunctionArn, env),
    deadLetterArn: requireEnv(ENV.schedulerDlqArn, env),
  };
  return lazyScheduler(async () => {
    const [{ SchedulerClient }, { AwsEscalationScheduler }] = await Promise.all([
      import('@aws-sdk/client-scheduler'),
      import('./adapters/scheduler/aws-scheduler.js'),
    ]);
    return new AwsEscalationScheduler(new SchedulerClient({ region }), config);
  });
}

/** Escalation and sweep: the stores, the scheduler, SES SendEmail (their messages have no attachment). */
export function awsTrackerDeps(env: Env = process.env): EscalationDeps {
  const deps: EscalationDeps = { ...awsStores(env), mailer: awsMailer(env), scheduler: awsScheduler(env) };
  attachEscalation(deps);
  return deps;
}
