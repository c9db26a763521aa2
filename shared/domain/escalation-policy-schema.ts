/**
 * What an administrator may PUT as the escalation policy: the stored policy's rules (escalation-policy.ts)
 * in a classic zod object, the type the route table and the admin page take. A module of its own so that
 * only they load classic zod; the functions and the API's cold start read policies with zod/mini.
 */
import * as z from 'zod';
import { policyShape } from './escalation-policy.js';

export const EscalationPolicySchema = z.strictObject(policyShape);
