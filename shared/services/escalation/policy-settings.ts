/** A unit's escalation policy as its administrator reads and sets it. */
import {
  ESCALATION_POLICY_SETTING,
  type EscalationPolicy,
  policyFrom,
} from '../../domain/escalation-policy.js';
import type { Actor } from '../../domain/model.js';
import { authorize } from '../../domain/permissions.js';
import type { TrackerDeps } from '../context.js';

/** The unit's policy as stored now (the admin screen). */
export async function loadEscalationPolicy(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
): Promise<EscalationPolicy> {
  authorize(actor, 'escalationPolicy.read');
  return policyFrom(await deps.units.getSetting(unitId, ESCALATION_POLICY_SETTING));
}

/** Replaces the unit's policy, with its audit record. Pending schedules follow it at the next sweep. */
export async function saveEscalationPolicy(
  deps: TrackerDeps,
  unitId: string,
  policy: EscalationPolicy,
  actor: Actor,
): Promise<EscalationPolicy> {
  authorize(actor, 'escalationPolicy.update');
  const before = (await deps.units.getSetting(unitId, ESCALATION_POLICY_SETTING)) ?? null;
  await deps.units.putSetting(unitId, ESCALATION_POLICY_SETTING, policy, actor, deps.clock.now(), before);
  return policy;
}
