/** Fuzzing of every write route with bad query strings and path parameters (see fuzz-harness.ts). */
import { fuzzWriteRoutes } from './fuzz-harness.js';

fuzzWriteRoutes('query');
