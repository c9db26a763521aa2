import { awsDeps } from '../shared/aws-deps.js';
import { sweepAll } from '../shared/services/escalation-service.js';

const deps = awsDeps();

/** Daily safety net (recurring schedule, 07:00 Asia/Ho_Chi_Minh): repairs lost escalation schedules. */
export const handler = async () => sweepAll(deps);
