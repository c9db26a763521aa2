import { awsFanOutDeps } from '../shared/aws-deps-fan-out.js';
import { dispatchMailJobs, RunRequestSchema, startRun } from '../shared/services/unit-work/fan-out.js';

const deps = awsFanOutDeps();

/**
 * Recurring schedules: `{kind: 'sweep'}` daily 07:00, `{kind: 'supervision'}` Mondays 07:30,
 * `{kind: 'quarterly'}` days 1–10 of each quarter's first month 07:30, `{kind: 'review-digest'}` daily 16:30
 * (each unit sends only on its working days) — one job per unit on the unit-work
 * queue (a retried start resumes the run); `{kind: 'mail'}` every minute — one job per unit with mail due.
 * An operator may add `date` and `onlyPending: true` to queue again the units a past run did not finish.
 */
export const handler = async (event: unknown) => {
  const request = RunRequestSchema.parse(event);
  if (request.kind === 'mail') return dispatchMailJobs(deps);
  const start = await startRun(deps, request.kind, request);
  console.log(JSON.stringify({ level: 'INFO', message: 'run started', kind: request.kind, ...start }));
  return start;
};
