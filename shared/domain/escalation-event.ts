/**
 * What a schedule delivers (an EscalationEvent); the escalation function validates its input with it.
 * A module of its own: the other functions read escalation policies (escalation-policy.ts) and never
 * build this schema.
 */
import './zod-defaults.js';
import * as z from 'zod/mini';
import { MAX_LEVEL, REMINDER } from './escalation-policy.js';

export const EscalationEventSchema = z.strictObject({
  unitId: z.string().check(z.minLength(1), z.maxLength(100)),
  recommendationId: z.string().check(z.minLength(1), z.maxLength(100)),
  level: z.number().check(z.int(), z.gte(REMINDER), z.lte(MAX_LEVEL)),
  dueDate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
});
