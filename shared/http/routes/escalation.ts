import * as z from 'zod';
import { EscalationPolicySchema } from '../../domain/escalation-policy-schema.js';
import { loadEscalationPolicy, saveEscalationPolicy } from '../../services/escalation/policy-settings.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, securedRoute } from '../route-table.js';

const Emails = z.array(z.string());
const PolicyResponse = z
  .object({
    reminderWorkingDaysBefore: z.number().int(),
    level2AfterWorkingDays: z.number().int(),
    level3Enabled: z.boolean(),
    level3AfterWorkingDays: z.number().int(),
    recipients: z.object({
      office: Emails,
      front: Emails,
      chair: Emails,
      partySecretary: Emails,
      standing: Emails,
    }),
  })
  .meta({ id: 'EscalationPolicy' });

const getPolicy = securedRoute(
  {
    method: 'get',
    path: '/api/escalation-policy',
    summary: "The unit's reminder and escalation policy, with the recipients of each level",
    responses: { 200: json(PolicyResponse, 'Policy (defaults if never set)') },
  },
  'escalationPolicy.read',
);

const putPolicy = securedRoute(
  {
    method: 'put',
    path: '/api/escalation-policy',
    summary: 'Replace the policy (omitted fields take the defaults); recorded in the history',
    request: {
      body: { required: true, content: { 'application/json': { schema: EscalationPolicySchema } } },
    },
    responses: { 200: json(PolicyResponse, 'Saved') },
  },
  'escalationPolicy.update',
);

export function escalationRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(getPolicy, async (c) => {
    const p = c.get('principal');
    return c.json(await loadEscalationPolicy(deps, p.unitId, p), 200);
  });
  app.openapi(putPolicy, async (c) => {
    const p = c.get('principal');
    return c.json(await saveEscalationPolicy(deps, p.unitId, c.req.valid('json'), p), 200);
  });
  return app;
}
