/**
 * Escalation times: Vietnam local date-times (`YYYY-MM-DDTHH:mm:ss`, UTC+7) and the spread of schedules
 * that share a time. A module of its own (escalation-policy.ts re-exports it) for the Scheduler adapter,
 * loaded on first use: the start-up code it shares — which esbuild puts in a file of its own — is this
 * module alone, not the policy and the calendar (one file less at each cold start, measured).
 */
import { createHash } from 'node:crypto';

export { DEFAULT_SPREAD_MINUTES } from './escalation-spread.js';

export const ESCALATION_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The local date-time in Vietnam (UTC+7, no daylight saving) of an instant, `YYYY-MM-DDTHH:mm:ss`. */
export function localDateTime(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19);
}

/** The instant of a Vietnam local date-time. */
export function instantOfLocal(at: string): Date {
  return new Date(`${at}+07:00`);
}

/** The later of two local date-times (one fixed format, so string order is time order). */
export function laterOf(a: string, b: string): string {
  return [a, b].sort()[1] as string;
}

/** A step due at once (its time has passed: a back-dated item) is spread over this many minutes at most. */
export const AT_ONCE_SPREAD_MINUTES = 10;

/** A deterministic offset in [0, windowSeconds) seconds for a schedule name. */
export function spreadOffsetSeconds(name: string, windowSeconds: number): number {
  if (windowSeconds <= 0) return 0;
  return createHash('sha256').update(name).digest().readUInt32BE(0) % windowSeconds;
}

/** A local date-time `seconds` later, `YYYY-MM-DDTHH:mm:ss`. */
export function addSecondsLocal(at: string, seconds: number): string {
  return localDateTime(new Date(instantOfLocal(at).getTime() + seconds * 1000));
}

/**
 * When a schedule fires: `at` (not before `earliest`) plus its offset over `spreadMinutes` — or over
 * AT_ONCE_SPREAD_MINUTES if `at` has already passed.
 */
export function spreadTime(name: string, at: string, earliest: string, spreadMinutes: number): string {
  const atOnce = at < earliest;
  const minutes = atOnce ? Math.min(spreadMinutes, AT_ONCE_SPREAD_MINUTES) : spreadMinutes;
  return addSecondsLocal(laterOf(at, earliest), spreadOffsetSeconds(name, minutes * 60));
}
