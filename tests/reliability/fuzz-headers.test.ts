/** Fuzzing of every write route with bad headers: missing, malformed or foreign tokens, roles not allowed, content types, idempotency keys (see fuzz-harness.ts). */
import { fuzzWriteRoutes } from './fuzz-harness.js';

fuzzWriteRoutes('headers');
