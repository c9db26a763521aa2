import type { Actor, HistoryEntry } from './model.js';

/** The fields that differ between two versions of a record, as {before, after}. */
export function diffFields<T extends object>(
  before: T | null,
  after: T | null,
  ignore: readonly string[] = ['version', 'updatedAt'],
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after)
    return {
      before: before ? ({ ...before } as Record<string, unknown>) : null,
      after: after ? ({ ...after } as Record<string, unknown>) : null,
    };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (ignore.includes(key)) continue;
    const x = (before as Record<string, unknown>)[key];
    const y = (after as Record<string, unknown>)[key];
    if (x !== y && JSON.stringify(x) !== JSON.stringify(y)) {
      b[key] = x ?? null;
      a[key] = y ?? null;
    }
  }
  return { before: b, after: a };
}

export function historyEntry<T extends object>(
  actor: Actor,
  at: Date,
  action: string,
  before: T | null,
  after: T | null,
  reason: string | null = null,
): HistoryEntry {
  return {
    at: at.toISOString(),
    actor: { sub: actor.sub, name: actor.name, roles: actor.roles, departmentId: actor.departmentId },
    action,
    ...diffFields(before, after),
    reason,
  };
}
