import type { OutboxMailer } from '../adapters/mail/outbox-mailer.js';
import type {
  EscalationScheduler,
  FileStore,
  IdentityProvider,
  Mailer,
  UnitWorkQueue,
} from '../domain/ports.js';
import type { TrackerDeps } from '../services/context.js';
import type { WebConfig } from '../web/config.js';
import type { AuthEnv, TokenVerifier } from './auth.js';

export type AppEnv = AuthEnv;

/** Local-only tools: moving the clock, reading the outbox. Absent in AWS, so their routes 404 there. */
export interface DevTools {
  setClock(now: Date): void;
  outbox: OutboxMailer;
}

/** Everything createApp needs: injected the same way by the local server, Lambda and tests. */
export interface AppDeps extends TrackerDeps {
  verifier: TokenVerifier;
  mailer: Mailer;
  scheduler: EscalationScheduler;
  /** Files on answers and issued documents: S3 in AWS, the data directory locally. */
  files: FileStore;
  /** People's sign-in accounts: Cognito in AWS, the local directory on a laptop. */
  identities: IdentityProvider;
  /**
   * Work left to the per-unit worker (an import's word postings): SQS in AWS, the local queue with
   * `npm start` and in tests. Without it that work is done in the request.
   */
  queue?: UnitWorkQueue;
  dev: DevTools | null;
  /** Sign-in of the web pages; without it the pages cannot sign anyone in. */
  web?: WebConfig;
}
