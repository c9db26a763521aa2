import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { cachingVerifier } from './adapters/auth/token-cache.js';
import { lazyIdentities } from './adapters/lazy.js';
import { buildMime } from './adapters/mail/mime.js';
import { awsMailer, awsStores, type Env, regionOf } from './aws-deps.js';
import { awsFiles } from './aws-deps-files.js';
import { lazyUnitQueue } from './aws-deps-queue.js';
import { awsScheduler } from './aws-deps-scheduler.js';
import { ENV, requireEnv } from './config.js';
import { jwksVerifier } from './http/auth.js';
import type { AppDeps } from './http/env.js';
import { attachEscalationLazily } from './services/escalation/attach-lazily.js';

/**
 * The user pool's signing keys, set up on the first token to verify: creating the key set loads
 * Node's fetch implementation, which public pages and the sign-in page never need.
 */
function lazyJwks(url: URL): JWTVerifyGetKey {
  let jwks: JWTVerifyGetKey | undefined;
  return (header, token) => {
    jwks ??= createRemoteJWKSet(url);
    return jwks(header, token);
  };
}

/**
 * The HTTP API: everything, with the Cognito JWT verifier and accounts, the web sign-in, the MIME builder
 * (reports) and the unit-work queue (an import's word postings).
 */
export function awsApiDeps(env: Env = process.env): AppDeps {
  const region = regionOf(env);
  const userPoolId = requireEnv(ENV.userPoolId, env);
  const issuer = `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const clientId = requireEnv(ENV.userPoolClientId, env);
  const publicBaseUrl = requireEnv(ENV.publicBaseUrl, env);
  const deps: AppDeps = {
    ...awsStores(env),
    verifier: cachingVerifier(
      jwksVerifier(lazyJwks(new URL(`${issuer}/.well-known/jwks.json`)), {
        issuer,
        audience: clientId,
      }),
    ),
    mailer: awsMailer(env, buildMime),
    scheduler: awsScheduler(env),
    files: awsFiles(env),
    identities: lazyIdentities(async () => {
      const [{ CognitoIdentityProviderClient }, { CognitoIdentityProvider }] = await Promise.all([
        import('@aws-sdk/client-cognito-identity-provider'),
        import('./adapters/identity/cognito-identity-provider.js'),
      ]);
      return new CognitoIdentityProvider(new CognitoIdentityProviderClient({ region }), userPoolId);
    }),
    // An import leaves its word postings to the worker (SQS client loaded with the first).
    queue: lazyUnitQueue(env),
    dev: null,
    web: {
      signIn: {
        cognitoDomain: requireEnv(ENV.cognitoDomain, env),
        clientId,
        redirectUri: `${publicBaseUrl}/auth/callback`,
        logoutUri: `${publicBaseUrl}/signin`,
      },
    },
  };
  attachEscalationLazily(deps);
  return deps;
}
