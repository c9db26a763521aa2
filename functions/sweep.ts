import { awsTrackerDeps } from '../shared/aws-deps-tracker.js';
import { catchUpAllUnits } from '../shared/services/calendar-reschedule.js';
import { sweepAll } from '../shared/services/escalation-service.js';

const deps = awsTrackerDeps();

/**
 * Daily safety net (recurring schedule, 07:00 Asia/Ho_Chi_Minh): repairs lost escalation schedules, then
 * re-plans the open items of units that have not followed the latest national calendar change yet.
 */
export const handler = async () => {
  const sweep = await sweepAll(deps);
  const calendar = await catchUpAllUnits(deps);
  return { ...sweep, calendar };
};
