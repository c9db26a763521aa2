/**
 * Sign-in. Locally: pick a demo user (a token signed with the local key pair). In AWS: Cognito's
 * managed login, OAuth 2.0 authorization code flow with PKCE; the ID token becomes the session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppDeps } from '../../http/env.js';
import type { CognitoSignIn } from '../config.js';
import { type Chrome, homeOf, Layout } from '../layout.js';
import { messagePage, pageErrorHandler, sendPage } from '../render.js';
import {
  checkCsrfField,
  cookieOptions,
  csrfOrigin,
  csrfTokenOf,
  currentUser,
  endSession,
  PRESESSION_COOKIE,
  presessionToken,
  safeNext,
  startSession,
  takeFlash,
  type WebEnv,
} from '../session.js';
import { chosenClaims, LocalSignInPage, unitChoices } from './local-signin.js';

const OAUTH_COOKIE = 'df_oauth';

function chromeFor(c: Context, unitName: string | null = null): Chrome {
  return { user: null, csrfToken: null, flash: takeFlash(c), path: c.req.path, unitName };
}

function CognitoSignInPage(props: { chrome: Chrome; next: string; error?: string }) {
  return (
    <Layout title="Đăng nhập" chrome={props.chrome}>
      <h1>Đăng nhập</h1>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      <p>Cán bộ đăng nhập bằng tài khoản do đơn vị cấp.</p>
      <p class="actions">
        <a class="button" href={`/auth/login?next=${encodeURIComponent(props.next)}`}>
          Đăng nhập bằng tài khoản đơn vị
        </a>
      </p>
      <p class="muted">
        Người dân xem kết quả giải quyết kiến nghị tại trang công khai của phường, xã, không cần đăng nhập.
      </p>
    </Layout>
  );
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

export function signInRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  const config = deps.web;

  async function renderLocal(
    c: Context<WebEnv>,
    next: string,
    status: 200 | 400 | 403 = 200,
    error?: string,
  ) {
    const units = await deps.units.listUnits();
    const wanted = c.req.query('unit');
    const unit = units.find((u) => u.id === wanted) ?? units[0] ?? null;
    const { choices, disabled, samples } = unit
      ? await unitChoices(deps, unit.id)
      : { choices: [], disabled: [], samples: false };
    return sendPage(
      c,
      deps,
      <LocalSignInPage
        chrome={chromeFor(c)}
        units={units}
        unit={unit}
        choices={choices}
        disabled={disabled}
        samples={samples}
        token={presessionToken(c)}
        next={next}
        {...(error ? { error } : {})}
      />,
      { status },
    );
  }

  app.get('/signin', async (c) => {
    const next = safeNext(c.req.query('next'));
    const session = await currentUser(deps, c);
    if (session) return c.redirect(next === '/' ? homeOf(session.user) : next, 303);
    if (!config) {
      return sendPage(
        c,
        deps,
        messagePage(
          chromeFor(c),
          'Đăng nhập',
          'Trang web chưa được cấu hình cách đăng nhập. Hãy liên hệ quản trị hệ thống.',
        ),
        { status: 503 },
      );
    }
    if (config.signIn === 'local') return renderLocal(c, next);
    const error = c.req.query('error') ? 'Đăng nhập không thành công. Vui lòng thử lại.' : undefined;
    return sendPage(
      c,
      deps,
      <CognitoSignInPage chrome={chromeFor(c)} next={next} {...(error ? { error } : {})} />,
    );
  });

  app.post('/signin', csrfOrigin(deps), async (c) => {
    if (config?.signIn !== 'local' || !config.signLocalToken) return c.text('Not found', 404);
    const form = await c.req.parseBody();
    const field = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const next = safeNext(field('next'));
    const pre = getCookie(c, PRESESSION_COOKIE);
    if (!pre) return renderLocal(c, next, 403, 'Phiên đăng nhập đã hết hạn; hãy chọn lại người dùng.');
    await checkCsrfField(c, csrfTokenOf(pre));
    const claims = await chosenClaims(deps, field);
    if (!claims) return renderLocal(c, next, 400, 'Người dùng đã chọn không còn dùng được; hãy chọn lại.');
    const token = await config.signLocalToken(claims);
    startSession(c, token);
    const user = await deps.verifier.verify(token);
    return c.redirect(next === '/' ? homeOf(user) : next, 303);
  });

  app.get('/auth/login', async (c) => {
    if (!config || config.signIn === 'local') return c.redirect('/signin', 303);
    const cognito = config.signIn;
    const state = base64url(randomBytes(18));
    const verifier = base64url(randomBytes(32));
    const challenge = base64url(createHash('sha256').update(verifier).digest());
    setCookie(
      c,
      OAUTH_COOKIE,
      JSON.stringify({ state, verifier, next: safeNext(c.req.query('next')) }),
      cookieOptions(c, 600),
    );
    const url = new URL(`https://${cognito.cognitoDomain}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: cognito.redirectUri,
      scope: 'openid email profile',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return c.redirect(url.toString(), 302);
  });

  app.get('/auth/callback', async (c) => {
    if (!config || config.signIn === 'local') return c.redirect('/signin', 303);
    const cognito = config.signIn;
    let saved: { state?: string; verifier?: string; next?: string } = {};
    try {
      saved = JSON.parse(getCookie(c, OAUTH_COOKIE) ?? '{}');
    } catch {
      saved = {};
    }
    deleteCookie(c, OAUTH_COOKIE, cookieOptions(c));
    const code = c.req.query('code');
    if (!code || !saved.state || !saved.verifier || c.req.query('state') !== saved.state) {
      return c.redirect('/signin?error=state', 303);
    }
    const idToken = await exchangeCode(cognito, code, saved.verifier, config.fetch ?? fetch).catch(
      (error: unknown) => {
        console.error(
          JSON.stringify({ level: 'WARN', message: 'cognito token exchange failed', error: String(error) }),
        );
        return null;
      },
    );
    const user = idToken ? await deps.verifier.verify(idToken).catch(() => null) : null;
    if (!idToken || !user) return c.redirect('/signin?error=token', 303);
    startSession(c, idToken);
    const next = safeNext(saved.next);
    return c.redirect(next === '/' ? homeOf(user) : next, 303);
  });

  app.post('/signout', async (c) => {
    const session = await currentUser(deps, c);
    if (session) {
      await csrfOrigin(deps)(c, async () => {});
      await checkCsrfField(c, csrfTokenOf(session.token));
    }
    endSession(c);
    const signIn = config?.signIn;
    if (signIn && signIn !== 'local' && signIn.logoutUri) {
      const url = new URL(`https://${signIn.cognitoDomain}/logout`);
      url.search = new URLSearchParams({
        client_id: signIn.clientId,
        logout_uri: signIn.logoutUri,
      }).toString();
      return c.redirect(url.toString(), 303);
    }
    return c.redirect('/signin', 303);
  });

  return app;
}

/** POST /oauth2/token: the authorization code (and PKCE verifier) for the user's ID token. */
async function exchangeCode(
  cognito: CognitoSignIn,
  code: string,
  verifier: string,
  fetchFn: typeof fetch,
): Promise<string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (cognito.clientSecret) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(cognito.clientId)}:${encodeURIComponent(cognito.clientSecret)}`).toString('base64')}`;
  }
  const response = await fetchFn(`https://${cognito.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code,
      redirect_uri: cognito.redirectUri,
      code_verifier: verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const body = (await response.json()) as { id_token?: unknown };
  if (typeof body.id_token !== 'string') throw new Error('token endpoint returned no id_token');
  return body.id_token;
}
