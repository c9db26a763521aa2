import { awsDeps } from '../shared/aws-deps.js';
import { EscalationEventSchema } from '../shared/domain/escalation-policy.js';
import { handleEscalationEvent } from '../shared/services/escalation-service.js';

const deps = awsDeps();

/** EventBridge Scheduler delivers a schedule's Input (an EscalationEvent) as the event. */
export const handler = async (event: unknown) =>
  handleEscalationEvent(deps, EscalationEventSchema.parse(event));
