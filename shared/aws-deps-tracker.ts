import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { AwsEscalationScheduler } from './adapters/scheduler/aws-scheduler.js';
import { awsMailer, awsStores, type Env, regionOf } from './aws-deps.js';
import { ENV, requireEnv } from './config.js';
import { attachEscalation } from './services/escalation/planner.js';
import type { EscalationDeps } from './services/escalation/unit-context.js';

export function awsScheduler(env: Env): AwsEscalationScheduler {
  return new AwsEscalationScheduler(new SchedulerClient({ region: regionOf(env) }), {
    groupName: requireEnv(ENV.scheduleGroup, env),
    roleArn: requireEnv(ENV.schedulerRoleArn, env),
    targetArn: requireEnv(ENV.escalationFunctionArn, env),
    deadLetterArn: requireEnv(ENV.schedulerDlqArn, env),
  });
}

/** Escalation and sweep: the stores, the scheduler, SES SendEmail (their messages have no attachment). */
export function awsTrackerDeps(env: Env = process.env): EscalationDeps {
  const deps: EscalationDeps = { ...awsStores(env), mailer: awsMailer(env), scheduler: awsScheduler(env) };
  attachEscalation(deps);
  return deps;
}
