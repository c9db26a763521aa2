/**
 * The web session: the signed-in user's token (the same JWT the API takes, verified by the same
 * verifier) in an HttpOnly, SameSite=Lax cookie, Secure over https. Every unsafe request must pass
 * hono/csrf's origin check AND carry the session's CSRF token in a form field.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { createMiddleware } from 'hono/factory';
import { type Action, can } from '../domain/permissions.js';
import type { Principal } from '../http/auth.js';
import type { AppDeps } from '../http/env.js';

export const SESSION_COOKIE = 'df_session';
/** Before sign-in: a random value whose hash is the sign-in form's CSRF token (double submit). */
export const PRESESSION_COOKIE = 'df_pre';
export const FLASH_COOKIE = 'df_flash';
export const CSRF_FIELD = '_csrf';

export type WebEnv = { Variables: { user: Principal; csrfToken: string } };

export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

export function cookieOptions(c: Context, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: isHttps(c),
    ...(maxAgeSeconds !== undefined ? { maxAge: Math.max(0, Math.floor(maxAgeSeconds)) } : {}),
  };
}

export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`csrf|${secret}`).digest('base64url').slice(0, 32);
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Seconds until the JWT's `exp` (12 h if it has none or cannot be read). */
function secondsLeft(token: string, now: Date): number {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp?: number;
    };
    if (typeof payload.exp === 'number') return payload.exp - now.getTime() / 1000;
  } catch {
    // fall through
  }
  return 12 * 3600;
}

export function startSession(c: Context, token: string): void {
  // Cookie lifetime follows the token's; the real clock, since the browser expires cookies by it.
  setCookie(c, SESSION_COOKIE, token, cookieOptions(c, secondsLeft(token, new Date())));
  deleteCookie(c, PRESESSION_COOKIE, cookieOptions(c));
}

export function endSession(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

/** The sign-in form's token, from a pre-session cookie set when the form is shown. */
export function presessionToken(c: Context): string {
  let secret = getCookie(c, PRESESSION_COOKIE);
  if (!secret || secret.length < 16) {
    secret = randomBytes(18).toString('base64url');
    setCookie(c, PRESESSION_COOKIE, secret, cookieOptions(c, 3600));
  }
  return csrfTokenOf(secret);
}

export async function currentUser(
  deps: AppDeps,
  c: Context,
): Promise<{ user: Principal; token: string } | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return null;
  try {
    return { user: await deps.verifier.verify(token), token };
  } catch {
    return null;
  }
}

/** A message shown once on the next page (after a redirect). */
export function setFlash(c: Context, message: string): void {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(message), cookieOptions(c, 120));
}

export function takeFlash(c: Context): string | null {
  const value = getCookie(c, FLASH_COOKIE);
  if (!value) return null;
  deleteCookie(c, FLASH_COOKIE, cookieOptions(c));
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** A same-site path to return to after sign-in; anything else becomes the home page. */
export function safeNext(next: string | undefined | null): string {
  return next && /^\/(?!\/)[^\\\s]*$/.test(next) && !next.startsWith('/signin') ? next : '/';
}

const originCheck = (deps: AppDeps) =>
  csrf({
    origin: (origin, c) => {
      if (origin === new URL(c.req.url).origin) return true;
      try {
        return origin === new URL(deps.settings.publicBaseUrl).origin;
      } catch {
        return false;
      }
    },
  });

export class CsrfRejectedError extends Error {
  constructor() {
    super('Biểu mẫu đã hết hạn hoặc không gửi từ trang của hệ thống. Hãy tải lại trang và thử lại.');
    this.name = 'CsrfRejectedError';
  }
}

/** Checks the form's CSRF field against `expected` on every unsafe request. */
export async function checkCsrfField(c: Context, expected: string): Promise<void> {
  if (/^(GET|HEAD|OPTIONS)$/.test(c.req.method)) return;
  const type = c.req.header('content-type') ?? '';
  let sent: unknown;
  if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    sent = (await c.req.parseBody())[CSRF_FIELD];
  }
  if (typeof sent !== 'string' || !sameToken(sent, expected)) throw new CsrfRejectedError();
}

/** Origin check (hono/csrf) for unsafe requests of a sub-app. */
export function csrfOrigin(deps: AppDeps): MiddlewareHandler {
  const check = originCheck(deps);
  return async (c, next) => {
    try {
      await check(c, async () => {});
    } catch {
      throw new CsrfRejectedError();
    }
    await next();
  };
}

export class SignInRequiredError extends Error {
  constructor() {
    super('Cần đăng nhập');
    this.name = 'SignInRequiredError';
  }
}

/**
 * Requires a signed-in user who may perform `action` (the page area's action of the permission table)
 * and, on unsafe requests, a same-origin form carrying the session's CSRF token. Sets `user` and
 * `csrfToken`.
 */
export function requireUser(deps: AppDeps, action: Action): MiddlewareHandler<WebEnv> {
  const origin = csrfOrigin(deps);
  return createMiddleware<WebEnv>(async (c, next) => {
    const session = await currentUser(deps, c);
    if (!session) throw new SignInRequiredError();
    if (!can(session.user, action)) throw new PageForbiddenError();
    c.set('user', session.user);
    const token = csrfTokenOf(session.token);
    c.set('csrfToken', token);
    await origin(c, async () => {});
    await checkCsrfField(c, token);
    await next();
  });
}

export class PageForbiddenError extends Error {
  constructor(message = 'Tài khoản của bạn không được dùng trang này.') {
    super(message);
    this.name = 'PageForbiddenError';
  }
}
