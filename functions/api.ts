import { handle } from 'hono/aws-lambda';
import { awsDeps } from '../shared/aws-deps.js';
import { createApp } from '../shared/http/app.js';

/** HTTP API (API Gateway v2) → the Hono app. */
export const handler = handle(createApp(awsDeps()));
