import { DEFAULT_FIELDS } from '../domain/fields.js';
import type { Actor } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import { normalizeText } from '../domain/text.js';
import type { TrackerDeps } from './context.js';

const SETTING = 'fields';

/** The unit's list of fields (lĩnh vực): its own if an admin set one, else the defaults. */
export async function unitFields(
  deps: Pick<TrackerDeps, 'units'>,
  unitId: string,
  actor: Actor,
): Promise<string[]> {
  authorize(actor, 'fields.read');
  return storedFields(deps, unitId);
}

async function storedFields(deps: Pick<TrackerDeps, 'units'>, unitId: string): Promise<string[]> {
  return (await deps.units.getSetting<string[]>(unitId, SETTING)) ?? [...DEFAULT_FIELDS];
}

export async function saveUnitFields(
  deps: TrackerDeps,
  unitId: string,
  items: string[],
  actor: Actor,
): Promise<string[]> {
  authorize(actor, 'fields.update');
  const fields = [...new Set(items.map(normalizeText))];
  await deps.units.putSetting(
    unitId,
    SETTING,
    fields,
    actor,
    deps.clock.now(),
    await storedFields(deps, unitId),
  );
  return fields;
}
