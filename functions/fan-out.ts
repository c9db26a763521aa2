import { awsFanOutDeps } from '../shared/aws-deps-fan-out.js';
import { dispatchMailJobs, startRun } from '../shared/services/unit-work/fan-out.js';

const deps = awsFanOutDeps();

/**
 * Recurring schedules: `{kind: 'sweep'}` daily 07:00, `{kind: 'supervision'}` Mondays 07:30,
 * `{kind: 'quarterly'}` days 1–10 of each quarter's first month 07:30, `{kind: 'review-digest'}` Monday to
 * Friday 16:30 (each unit sends only on its working days) — one job per unit on the unit-work
 * queue (a retried start resumes the run); `{kind: 'mail'}` every minute — one job per unit with mail due.
 */
export const handler = async (event: { kind?: string }) => {
  const kind = event?.kind;
  if (kind === 'mail') return dispatchMailJobs(deps);
  if (kind !== 'sweep' && kind !== 'supervision' && kind !== 'quarterly' && kind !== 'review-digest')
    throw new Error(`unknown run kind ${JSON.stringify(kind)}`);
  const start = await startRun(deps, kind);
  console.log(JSON.stringify({ level: 'INFO', message: 'run started', kind, ...start }));
  return start;
};
