/**
 * What a schedule delivers (an EscalationEvent), checked by hand as the escalation function reads it:
 * zod's code would add to each of its cold starts. A module of its own: the other functions read
 * escalation policies (escalation-policy.ts) and never check this.
 */

import { MAX_LEVEL, REMINDER } from './escalation-policy.js';
import { integerFault, isoDateFault, objectFault, textFault, unknownKeyFaults } from './hand-check.js';
import type { EscalationEvent } from './ports.js';

/** An event the escalation function refuses (Lambda reports it failed); the message names each fault. */
export class InvalidEscalationEventError extends Error {
  constructor(readonly faults: string[]) {
    super(`Invalid escalation event: ${faults.join('; ')}`);
    this.name = 'InvalidEscalationEventError';
  }
}

const FIELDS: readonly string[] = ['unitId', 'recommendationId', 'level', 'dueDate'];

export function parseEscalationEvent(value: unknown): EscalationEvent {
  const notObject = objectFault(value);
  if (notObject) throw new InvalidEscalationEventError([notObject]);
  const event = value as Record<string, unknown>;
  const { unitId, recommendationId, level, dueDate } = event;
  const faults = [
    textFault('unitId', unitId, 100),
    textFault('recommendationId', recommendationId, 100),
    integerFault('level', level, REMINDER, MAX_LEVEL),
    isoDateFault('dueDate', dueDate),
    ...unknownKeyFaults(event, FIELDS),
  ].filter((fault) => fault !== null);
  if (faults.length > 0) throw new InvalidEscalationEventError(faults);
  return {
    unitId: unitId as string,
    recommendationId: recommendationId as string,
    level: level as number,
    dueDate: dueDate as string,
  };
}
