import { awsTrackerDeps } from '../shared/aws-deps-tracker.js';
import { sweepAll } from '../shared/services/escalation/sweep.js';

const deps = awsTrackerDeps();

/** Daily safety net (recurring schedule, 07:00 Asia/Ho_Chi_Minh): repairs lost escalation schedules. */
export const handler = async () => sweepAll(deps);
