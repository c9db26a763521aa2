import { handle } from 'hono/aws-lambda';
import { awsApiDeps } from '../shared/aws-deps-api.js';
import { createApp } from '../shared/http/app.js';

/** HTTP API (API Gateway v2) → the Hono app. */
export const handler = handle(createApp(awsApiDeps()));
