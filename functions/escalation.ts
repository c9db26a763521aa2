import { awsTrackerDeps } from '../shared/aws-deps-tracker.js';
import { parseEscalationEvent } from '../shared/domain/escalation-event.js';
import { handleEscalationEvent } from '../shared/services/escalation/event-handler.js';

const deps = awsTrackerDeps();

/** EventBridge Scheduler delivers a schedule's Input (an EscalationEvent) as the event. */
export const handler = async (event: unknown) => handleEscalationEvent(deps, parseEscalationEvent(event));
