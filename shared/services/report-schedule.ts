/**
 * The scheduled report runs, one unit at a time (a job of the unit-work queue): retry the unit's sends not
 * delivered yet, then send the report if it is due. The recurring schedules fan out to every unit.
 */
import { todayInVietnam, type WorkingCalendar } from '../domain/calendar/index.js';
import { type IsoDate, quarterOf } from '../domain/model.js';
import {
  parseQuarter,
  previousQuarter,
  type Quarter,
  quarterBounds,
} from '../domain/reports/quarterly-summary.js';
import {
  type ReportDeps,
  type ReportKind,
  retryPendingSends,
  type SendOptions,
  type SendRecord,
  sendReport,
} from './report-service.js';

/** Recurring schedules (Asia/Ho_Chi_Minh) for the stack: the fan-out function starts each run. */
export const REPORT_SCHEDULES = {
  /** Every Monday at 07:30. */
  supervision: {
    expression: 'cron(30 7 ? * MON *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: { kind: 'supervision' },
  },
  /**
   * 07:30 on days 1–10 of January, April, July and October: each unit sends the previous quarter's
   * summary from the first working day of the quarter on (once: a claim per quarter), so a holiday on
   * the 1st or a failed run is caught up by the next day's run.
   */
  quarterly: {
    expression: 'cron(30 7 1-10 1,4,7,10 ? *)',
    timezone: 'Asia/Ho_Chi_Minh',
    input: { kind: 'quarterly' },
  },
} as const;

/** The first working day of the quarter containing `today`. */
export function firstWorkingDayOfQuarter(
  today: IsoDate,
  calendar: Pick<WorkingCalendar, 'addWorkingDays'>,
): IsoDate {
  const q = parseQuarter(quarterOf(today)) as Quarter;
  return calendar.addWorkingDays(quarterBounds(q).from, 0);
}

export interface ScheduledRun {
  unitId: string;
  retried: SendRecord[];
  /** The new send, null if this period was already sent (a duplicate job) or not due that day. */
  sent: SendRecord | null;
  due: boolean;
}

/** Whether every send of the run that could be delivered was (none left failed to retry later). */
export function runDelivered(run: ScheduledRun): boolean {
  return [...run.retried, ...(run.sent ? [run.sent] : [])].every((s) => s.outcome !== 'failed');
}

/**
 * One unit's part of a scheduled run on `today` (the run's date, default today in Vietnam): retry what is
 * pending, then send the report if due — supervision every time the weekly schedule fires, the quarterly
 * summary of the previous quarter from the first working day of a quarter on (once per quarter). A job
 * delivered twice sends nothing more (each period is claimed).
 */
export async function runUnitReports(
  deps: ReportDeps,
  kind: ReportKind,
  unitId: string,
  options: SendOptions & { today?: IsoDate } = {},
): Promise<ScheduledRun> {
  const run: ScheduledRun = { unitId, retried: [], sent: null, due: false };
  run.retried = await retryPendingSends(deps, unitId, options);
  const today = options.today ?? todayInVietnam(deps.clock.now());
  if (kind === 'supervision') {
    run.due = true;
    run.sent = await sendReport(deps, unitId, { kind, trigger: 'schedule', today }, options);
  } else {
    const calendar = await deps.calendarFor(unitId);
    run.due = today >= firstWorkingDayOfQuarter(today, calendar);
    if (run.due) {
      const quarter = previousQuarter(parseQuarter(quarterOf(today)) as Quarter);
      run.sent = await sendReport(deps, unitId, { kind, quarter, trigger: 'schedule', today }, options);
    }
  }
  return run;
}
