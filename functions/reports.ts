import { buildMime } from '../shared/adapters/mail/mime.js';
import { awsReportsDeps } from '../shared/aws-deps.js';
import { type ReportKind, runScheduledReports } from '../shared/services/report-service.js';

const deps = awsReportsDeps(buildMime);

/**
 * Recurring schedules (REPORT_SCHEDULES in report-service.ts): `{kind: 'supervision'}` every Monday
 * 07:30, `{kind: 'quarterly'}` at 07:30 on days 1–10 of each quarter's first month (the handler sends
 * the previous quarter from the quarter's first working day on, once). Every run first retries the
 * unit's sends not delivered yet.
 */
export const handler = async (event: { kind?: string }) => {
  const kind = event?.kind;
  if (kind !== 'supervision' && kind !== 'quarterly')
    throw new Error(`unknown report kind ${JSON.stringify(kind)}`);
  const runs = await runScheduledReports(deps, kind as ReportKind, { attempts: 4, baseDelayMs: 2000 });
  const summary = runs.map((r) => ({
    unitId: r.unitId,
    due: r.due,
    sent: r.sent?.outcome ?? null,
    retried: r.retried.map((s) => `${s.id}:${s.outcome}`),
    ...(r.error ? { error: r.error } : {}),
  }));
  console.log(JSON.stringify({ level: 'INFO', message: 'report run', kind, units: summary }));
  return summary;
};
