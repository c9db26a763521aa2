/**
 * Adapters whose code (an AWS SDK client, a library) is loaded on first use and then kept for the life
 * of the process: a function's cold start loads only what every request needs.
 */
import type { EscalationScheduler, FileStore, IdentityProvider, Mailer } from '../domain/ports.js';

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

export function lazyIdentities(load: () => Promise<IdentityProvider>): IdentityProvider {
  const identities = once(load);
  return {
    createAccount: async (state, options) => (await identities()).createAccount(state, options),
    syncAccount: async (username, state) => (await identities()).syncAccount(username, state),
  };
}

/** `uploadOrigin` is known without the store (the pages' Content-Security-Policy reads it on every page). */
export function lazyFileStore(load: () => Promise<FileStore>, uploadOrigin: string | null): FileStore {
  const store = once(load);
  return {
    uploadOrigin,
    read: async (key) => (await store()).read(key),
    put: async (key, bytes, contentType) => (await store()).put(key, bytes, contentType),
    get: async (key) => (await store()).get(key),
    head: async (key) => (await store()).head(key),
    readStart: async (key, length) => (await store()).readStart(key, length),
    move: async (from, to) => (await store()).move(from, to),
    delete: async (key) => (await store()).delete(key),
    uploadUrl: async (key, file) => (await store()).uploadUrl(key, file),
    downloadUrl: async (key, file) => (await store()).downloadUrl(key, file),
  };
}
