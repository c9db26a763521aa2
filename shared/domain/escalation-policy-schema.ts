/**
 * What an administrator may PUT as the escalation policy: the stored policy's rules (escalation-policy.ts
 * reads a stored one by the same rules, without zod) in a classic zod object, the type the route table and
 * the admin page take. A module of its own so that only they load classic zod; the functions' cold start
 * loads no zod for policies.
 */
import './zod-defaults.js';
import * as z from 'zod';
import * as zm from 'zod/mini';
import { EmailSchema } from './email.js';
import { DEFAULT_ESCALATION_POLICY, MAX_RECIPIENTS, POLICY_DAY_COUNTS } from './escalation-policy.js';

const Emails = zm._default(zm.array(EmailSchema).check(zm.maxLength(MAX_RECIPIENTS)), []);
const DayCount = (field: keyof typeof POLICY_DAY_COUNTS) =>
  zm._default(
    zm.number().check(zm.int(), zm.gte(POLICY_DAY_COUNTS[field].min), zm.lte(POLICY_DAY_COUNTS[field].max)),
    DEFAULT_ESCALATION_POLICY[field],
  );

/** The fields of a policy and their rules; omitted fields take the defaults. */
export const policyShape = {
  reminderWorkingDaysBefore: DayCount('reminderWorkingDaysBefore'),
  level2AfterWorkingDays: DayCount('level2AfterWorkingDays'),
  level3Enabled: zm._default(zm.boolean(), DEFAULT_ESCALATION_POLICY.level3Enabled),
  level3AfterWorkingDays: DayCount('level3AfterWorkingDays'),
  recipients: zm._default(
    zm.strictObject({
      office: Emails,
      front: Emails,
      chair: Emails,
      partySecretary: Emails,
      standing: Emails,
    }),
    { office: [], front: [], chair: [], partySecretary: [], standing: [] },
  ),
};

export const EscalationPolicySchema = z.strictObject(policyShape);
