import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { type JWTVerifyGetKey, jwtVerify } from 'jose';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.js';
import { type Actor, NO_UNIT, ROLES, type Role } from '../domain/model.js';

/**
 * The signed-in user, from a verified token. A system administrator's token carries no unit: its
 * principal's `unitId` is NO_UNIT, which names no unit (every key built from it finds nothing).
 */
export interface Principal extends Actor {
  unitId: string;
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export type AuthEnv = { Variables: { principal: Principal } };

/**
 * Cognito's `token_use` the app takes: the ID token, at both doors. Page sessions are the ID token of
 * the code flow; /api takes the same ID token, because the HTTP API's JWT authorizer (infra/constructs/
 * api.ts) is given the app client as audience (`aud` is a claim of ID tokens, access tokens carry
 * `client_id`) and only the ID token carries the `custom:unitId` / `custom:departmentId` attributes.
 */
export const TOKEN_USE = 'id';

/**
 * Verifies JWTs against a JWKS (Cognito's in AWS, the local key pair on a laptop): signature, issuer,
 * audience, an `exp` that has not passed (a token without one is refused), and `token_use`.
 */
export function jwksVerifier(
  jwks: JWTVerifyGetKey,
  options: { issuer?: string; audience?: string; tokenUse?: string } = {},
): TokenVerifier {
  const tokenUse = options.tokenUse ?? TOKEN_USE;
  return {
    async verify(token) {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          ...(options.issuer ? { issuer: options.issuer } : {}),
          ...(options.audience ? { audience: options.audience } : {}),
          requiredClaims: ['exp'],
        }));
      } catch {
        throw new UnauthorizedError('Mã truy cập không hợp lệ hoặc đã hết hạn');
      }
      if (payload.token_use !== tokenUse) {
        throw new UnauthorizedError(`Mã truy cập phải là ${tokenUse === 'id' ? 'ID token' : 'access token'}`);
      }
      const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
      const roles = groups.filter(
        (g): g is Role => typeof g === 'string' && (ROLES as readonly string[]).includes(g),
      );
      const claimedUnit = payload['custom:unitId'];
      const sub = payload.sub;
      // Only a system administrator, and only one with no role in a unit, may have no unit.
      const claimed = typeof claimedUnit === 'string' && claimedUnit !== '' ? claimedUnit : null;
      const systemOnly = roles.length > 0 && roles.every((r) => r === 'system');
      const unitId = claimed ?? (systemOnly ? NO_UNIT : null);
      if (typeof sub !== 'string' || unitId === null || claimed === NO_UNIT || roles.length === 0) {
        throw new UnauthorizedError('Mã truy cập thiếu thông tin người dùng, đơn vị hoặc vai trò');
      }
      const departmentId =
        typeof payload['custom:departmentId'] === 'string'
          ? (payload['custom:departmentId'] as string)
          : null;
      if (roles.includes('department') && !departmentId) {
        throw new UnauthorizedError('Tài khoản của phòng ban cần thuộc tính custom:departmentId');
      }
      const name =
        [payload.name, payload.email, sub].find((v): v is string => typeof v === 'string' && v !== '') ?? sub;
      return { sub, name, roles, unitId, departmentId };
    },
  };
}

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/** Requires a valid bearer token (or a session cookie token, read by `cookieToken`). */
export function authenticate(
  verifier: TokenVerifier,
  cookieToken?: (c: Parameters<MiddlewareHandler>[0]) => string | undefined,
): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization')) ?? cookieToken?.(c);
    if (!token) throw new UnauthorizedError();
    c.set('principal', await verifier.verify(token));
    await next();
  });
}

/** Only these roles may call the route. */
export function allow(...roles: Role[]): MiddlewareHandler<AuthEnv> {
  return createMiddleware<AuthEnv>(async (c, next) => {
    const principal = c.get('principal');
    if (!principal?.roles.some((r) => roles.includes(r))) throw new ForbiddenError();
    await next();
  });
}
