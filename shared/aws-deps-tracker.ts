import { awsMailer, awsStores, type Env } from './aws-deps.js';
import { awsScheduler } from './aws-deps-scheduler.js';
import { attachEscalation } from './services/escalation/planner.js';
import type { EscalationDeps } from './services/escalation/unit-context.js';

export { awsScheduler, spreadMinutes } from './aws-deps-scheduler.js';

/** The escalation function: the stores, the scheduler, SES SendEmail (its messages have no attachment). */
export function awsTrackerDeps(env: Env = process.env): EscalationDeps {
  const deps: EscalationDeps = { ...awsStores(env), mailer: awsMailer(env), scheduler: awsScheduler(env) };
  attachEscalation(deps);
  return deps;
}
