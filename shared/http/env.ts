import type { AuthEnv } from './auth.js';
import type { TrackerDeps } from '../services/context.js';

export type AppEnv = AuthEnv;

/** Everything createApp needs: injected the same way by the local server, Lambda and tests. */
export interface AppDeps extends TrackerDeps {
  verifier: import('./auth.js').TokenVerifier;
  /** Local mode exposes /dev routes (clock control, outbox); never in AWS. */
  local: boolean;
}
