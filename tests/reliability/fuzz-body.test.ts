/** Fuzzing of every write route with bad bodies (see fuzz-harness.ts). */
import { fuzzWriteRoutes } from './fuzz-harness.js';

fuzzWriteRoutes('body');
