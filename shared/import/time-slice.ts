/**
 * Long reads give the event loop a turn every few milliseconds: one Lambda process serves every unit, and
 * an upload must not hold up the requests queued behind it. Awaited chunks of a stream do not do this by
 * themselves (they resolve as microtasks while data is buffered).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Milliseconds of work between two turns of the event loop. */
export const SLICE_MS = 5;

/** A function to await between pieces of work: it yields once the current slice has run `SLICE_MS`. */
export function timeSlice(ms = SLICE_MS): () => Promise<void> | undefined {
  let started = performance.now();
  return () => {
    if (performance.now() - started < ms) return undefined;
    return nextTurn().then(() => {
      started = performance.now();
    });
  };
}
