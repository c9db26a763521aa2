import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../env.js';
import { validationHook } from '../validation.js';

// Filled in by the escalation work (see its issue); mounted by createApp.
export function escalationRoutes(_deps: AppDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
