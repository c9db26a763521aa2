/**
 * Adapters whose code (an AWS SDK client, a library) is loaded on first use and then kept for the life
 * of the process: a function's cold start loads only what every request needs.
 */
import type { EscalationScheduler, Mailer } from '../domain/ports.js';

/** `load` runs once; a failed load is retried by the next call. */
export function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

export function lazyMailer(load: () => Promise<Mailer>): Mailer {
  const mailer = once(load);
  return { send: async (message) => (await mailer()).send(message) };
}

export function lazyScheduler(load: () => Promise<EscalationScheduler>): EscalationScheduler {
  const scheduler = once(load);
  return {
    upsert: async (schedules) => (await scheduler()).upsert(schedules),
    remove: async (names) => (await scheduler()).remove(names),
  };
}
