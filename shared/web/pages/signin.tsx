/**
 * Sign-in. Locally: pick a demo user (a token signed with the local key pair). In AWS: Cognito's
 * managed login, OAuth 2.0 authorization code flow with PKCE; the ID token becomes the session.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { isRecordId } from '../../domain/ids.js';
import type { Department, Role, Unit } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import type { CognitoSignIn, LocalTokenClaims } from '../config.js';
import { ROLE_LABEL } from '../format.js';
import { type Chrome, CsrfField, homeOf, Layout } from '../layout.js';
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

const OAUTH_COOKIE = 'df_oauth';

interface DemoUser {
  role: Role;
  departmentId: string | null;
  name: string;
  description: string;
}

function demoUsers(departments: Department[]): DemoUser[] {
  return [
    {
      role: 'office',
      departmentId: null,
      name: 'Cán bộ Văn phòng',
      description: 'Ghi nhận hội nghị, nhập và giao kiến nghị',
    },
    {
      role: 'front',
      departmentId: null,
      name: 'Cán bộ Ủy ban MTTQ',
      description: 'Giám sát, xác nhận hoặc mở lại',
    },
    { role: 'standing', departmentId: null, name: 'Ủy viên Ban Thường vụ', description: 'Xem tổng hợp quý' },
    { role: 'admin', departmentId: null, name: 'Quản trị viên', description: 'Quản trị đơn vị' },
    ...departments.map((d) => ({
      role: 'department' as const,
      departmentId: d.id,
      name: `Cán bộ ${d.name}`,
      description: `Trả lời kiến nghị giao cho ${d.name}`,
    })),
  ];
}

function chromeFor(c: Context, unitName: string | null = null): Chrome {
  return { user: null, csrfToken: null, flash: takeFlash(c), path: c.req.path, unitName };
}

function LocalSignInPage(props: {
  chrome: Chrome;
  units: Unit[];
  unit: Unit | null;
  users: DemoUser[];
  token: string;
  next: string;
  error?: string;
}) {
  const { units, unit, users, token, next } = props;
  return (
    <Layout title="Đăng nhập" chrome={props.chrome}>
      <h1>Đăng nhập</h1>
      <p class="lead">
        Chế độ chạy thử trên máy: chọn một người dùng mẫu. Khi triển khai thật, cán bộ đăng nhập bằng tài
        khoản của đơn vị.
      </p>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {units.length === 0 ? (
        <p class="notice warn">
          Chưa có đơn vị nào. Hãy chạy <code>npm start</code> để tạo đơn vị mẫu.
        </p>
      ) : null}
      {units.length > 1 ? (
        <nav aria-label="Chọn đơn vị">
          <h2>Đơn vị</h2>
          <ul>
            {units.map((u) => (
              <li>
                <a
                  href={`/signin?unit=${encodeURIComponent(u.id)}&next=${encodeURIComponent(next)}`}
                  aria-current={u.id === unit?.id ? 'true' : undefined}
                >
                  {u.name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {unit ? (
        <section aria-labelledby="users-heading">
          <h2 id="users-heading">Người dùng mẫu của {unit.name}</h2>
          <ul class="users">
            {users.map((u) => (
              <li>
                <form method="post" action="/signin">
                  <CsrfField token={token} />
                  <input type="hidden" name="unitId" value={unit.id} />
                  <input type="hidden" name="role" value={u.role} />
                  <input type="hidden" name="departmentId" value={u.departmentId ?? ''} />
                  <input type="hidden" name="next" value={next} />
                  <button type="submit" class="secondary">
                    <span>{u.name}</span>
                    <small>
                      {ROLE_LABEL[u.role]} — {u.description}
                    </small>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
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
    const users = unit ? demoUsers(await deps.units.listDepartments(unit.id)) : [];
    return sendPage(
      c,
      deps,
      <LocalSignInPage
        chrome={chromeFor(c)}
        units={units}
        unit={unit}
        users={users}
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
    const unit = isRecordId(field('unitId')) ? await deps.units.getUnit(field('unitId')) : undefined;
    const users = unit ? demoUsers(await deps.units.listDepartments(unit.id)) : [];
    const chosen = users.find(
      (u) => u.role === field('role') && (u.departmentId ?? '') === field('departmentId'),
    );
    if (!unit || !chosen)
      return renderLocal(c, next, 400, 'Người dùng đã chọn không còn tồn tại; hãy chọn lại.');
    const claims: LocalTokenClaims = {
      sub: `demo-${chosen.role}${chosen.departmentId ? `-${chosen.departmentId}` : ''}`,
      name: chosen.name,
      role: chosen.role,
      unitId: unit.id,
      departmentId: chosen.departmentId,
    };
    startSession(c, await config.signLocalToken(claims));
    return c.redirect(
      next === '/' ? homeOf({ roles: [claims.role], departmentId: claims.departmentId ?? null }) : next,
      303,
    );
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
