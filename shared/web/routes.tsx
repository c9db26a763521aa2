import { Hono } from 'hono';
import type { AppDeps } from '../http/env.js';

// Filled in by the web pages work (issue 7); mounted by createApp before the /api auth.
export function webRoutes(_deps: AppDeps) {
  return new Hono();
}
