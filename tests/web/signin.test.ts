import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/http/app.js';
import { createTestApp, seedUnit, tokenFor } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  t = await createTestApp();
  await seedUnit(t);
});

describe('sign-in (local demo users)', () => {
  it('lists the demo users of the unit, one per role and one per department', async () => {
    const page = await new WebAgent(t.app).get('/signin?unit=u1');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="vi">');
    const text = textOf(page.text);
    for (const name of [
      'Cán bộ Văn phòng',
      'Cán bộ Ủy ban MTTQ',
      'Ủy viên Ban Thường vụ',
      'Quản trị viên',
      'Cán bộ Địa chính - Xây dựng',
      'Cán bộ Công an phường',
    ]) {
      expect(text).toContain(name);
    }
  });

  it('signs in with an HttpOnly SameSite=Lax session cookie and goes to the role home page', async () => {
    const agent = new WebAgent(t.app);
    const res = await agent.signInAs('department:dc');
    expect(res.location).toBe('/inbox');
    const cookie = agent.lastSetCookie.find((c) => c.startsWith('df_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const inbox = await agent.get('/inbox');
    expect(inbox.status).toBe(200);
    expect(textOf(inbox.text)).toContain('Địa chính - Xây dựng');
  });

  it('marks the cookie Secure behind https', async () => {
    const agent = new WebAgent(t.app, 'https://localhost');
    const token = csrfOf((await agent.get('/signin?unit=u1', { 'x-forwarded-proto': 'https' })).text);
    await agent.post(
      '/signin',
      { _csrf: token, unitId: 'u1', role: 'office', departmentId: '', next: '/' },
      { 'x-forwarded-proto': 'https' },
    );
    // The origin check compares with the request URL (http://localhost in app.request): the https origin is refused.
    expect(agent.cookies.has('df_session')).toBe(false);
    const same = new WebAgent(t.app);
    const token2 = csrfOf((await same.get('/signin?unit=u1', { 'x-forwarded-proto': 'https' })).text);
    await same.post(
      '/signin',
      { _csrf: token2, unitId: 'u1', role: 'office', departmentId: '', next: '/' },
      { 'x-forwarded-proto': 'https' },
    );
    expect(same.lastSetCookie.find((c) => c.startsWith('df_session='))).toMatch(/Secure/);
  });

  it('refuses a sign-in form without the token or from another origin', async () => {
    const agent = new WebAgent(t.app);
    const token = await agent.csrf('/signin?unit=u1');
    const noToken = await agent.post('/signin', {
      unitId: 'u1',
      role: 'office',
      departmentId: '',
      next: '/',
    });
    expect(noToken.status).toBe(403);
    expect(textOf(noToken.text)).toContain('Biểu mẫu đã hết hạn');
    const foreign = await agent.post(
      '/signin',
      { _csrf: token, unitId: 'u1', role: 'office', departmentId: '', next: '/' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    expect(agent.cookies.has('df_session')).toBe(false);
  });

  it('sends a signed-out visitor to the sign-in page and back after signing in', async () => {
    const agent = new WebAgent(t.app);
    const res = await agent.get('/office');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/signin?next=%2Foffice');
    const token = await agent.csrf('/signin?unit=u1&next=%2Foffice');
    const signedIn = await agent.post('/signin', {
      _csrf: token,
      unitId: 'u1',
      role: 'office',
      departmentId: '',
      next: '/office',
    });
    expect(signedIn.location).toBe('/office');
  });

  it('never redirects to another site after sign-in', async () => {
    const agent = new WebAgent(t.app);
    const token = await agent.csrf('/signin?unit=u1');
    const res = await agent.post('/signin', {
      _csrf: token,
      unitId: 'u1',
      role: 'office',
      departmentId: '',
      next: '//evil.example/x',
    });
    expect(res.location).toBe('/office');
  });

  it('refuses pages of another role with a Vietnamese message', async () => {
    const agent = new WebAgent(t.app);
    await agent.signInAs('department:dc');
    const res = await agent.get('/front');
    expect(res.status).toBe(403);
    expect(textOf(res.text)).toContain('Không có quyền truy cập');
  });

  it('signs out: the cookie is cleared and pages ask for sign-in again', async () => {
    const agent = new WebAgent(t.app);
    await agent.signInAs('office');
    const token = csrfOf((await agent.get('/office')).text);
    const out = await agent.post('/signout', { _csrf: token });
    expect(out.location).toBe('/signin');
    expect(agent.cookies.has('df_session')).toBe(false);
    expect((await agent.get('/office')).status).toBe(303);
  });

  it('treats a forged or expired session cookie as signed out', async () => {
    const agent = new WebAgent(t.app);
    agent.cookies.set('df_session', `${await tokenFor('office')}x`);
    expect((await agent.get('/office')).status).toBe(303);
  });
});

describe('sign-in (Cognito managed login)', () => {
  const cognito = {
    cognitoDomain: 'login.example.auth.ap-southeast-1.amazoncognito.com',
    clientId: 'client123',
    redirectUri: 'http://localhost/auth/callback',
    logoutUri: 'http://localhost/signin',
  };

  function cognitoApp(fetchFn: typeof fetch) {
    return createApp({ ...t.deps, web: { signIn: cognito, fetch: fetchFn } });
  }

  it('redirects to the authorize endpoint with state and a PKCE challenge, then exchanges the code for the ID token', async () => {
    const idToken = await tokenFor('front');
    const calls: { url: string; body: URLSearchParams }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url: String(url), body: new URLSearchParams(String(init.body)) });
      return new Response(JSON.stringify({ id_token: idToken, access_token: 'a', token_type: 'Bearer' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    }) as unknown as typeof fetch;
    const agent = new WebAgent(cognitoApp(fakeFetch));
    const signin = await agent.get('/signin');
    expect(textOf(signin.text)).toContain('Đăng nhập bằng tài khoản đơn vị');
    const login = await agent.get('/auth/login?next=%2Ffront');
    expect(login.status).toBe(302);
    const authorize = new URL(login.location ?? '');
    expect(authorize.origin).toBe(`https://${cognito.cognitoDomain}`);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe('client123');
    expect(authorize.searchParams.get('response_type')).toBe('code');
    expect(authorize.searchParams.get('redirect_uri')).toBe(cognito.redirectUri);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const state = authorize.searchParams.get('state') ?? '';

    const wrongState = await agent.get('/auth/callback?code=abc&state=forged');
    expect(wrongState.location).toBe('/signin?error=state');
    expect(calls).toHaveLength(0);

    await agent.get('/auth/login?next=%2Ffront');
    const state2 =
      new URL((await agent.get('/auth/login?next=%2Ffront')).location ?? '').searchParams.get('state') ?? '';
    expect(state2).not.toBe(state);
    const callback = await agent.get(`/auth/callback?code=abc&state=${state2}`);
    expect(callback.status).toBe(303);
    expect(callback.location).toBe('/front');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`https://${cognito.cognitoDomain}/oauth2/token`);
    expect(calls[0]?.body.get('grant_type')).toBe('authorization_code');
    expect(calls[0]?.body.get('code')).toBe('abc');
    expect(calls[0]?.body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(agent.cookies.get('df_session')).toBe(idToken);
    expect((await agent.get('/front')).status).toBe(200);

    const out = await agent.post('/signout', { _csrf: csrfOf((await agent.get('/front')).text) });
    expect(out.location).toBe(
      `https://${cognito.cognitoDomain}/logout?client_id=client123&logout_uri=http%3A%2F%2Flocalhost%2Fsignin`,
    );
  });

  it('does not sign in when the token endpoint refuses the code', async () => {
    const fakeFetch = (async () =>
      new Response('{"error":"invalid_grant"}', { status: 400 })) as unknown as typeof fetch;
    const agent = new WebAgent(cognitoApp(fakeFetch));
    const state = new URL((await agent.get('/auth/login')).location ?? '').searchParams.get('state');
    const res = await agent.get(`/auth/callback?code=bad&state=${state}`);
    expect(res.location).toBe('/signin?error=token');
    expect(agent.cookies.has('df_session')).toBe(false);
    expect(textOf((await agent.get('/signin?error=token')).text)).toContain('Đăng nhập không thành công');
  });

  it('lists Cognito in the CSP form-action so signing out can reach its logout page', async () => {
    const res = await cognitoApp(fetch).request('/signin');
    expect(res.headers.get('content-security-policy')).toContain(
      `form-action 'self' https://${cognito.cognitoDomain}`,
    );
  });

  it('has no demo-user sign-in in Cognito mode', async () => {
    const agent = new WebAgent(cognitoApp(fetch));
    const token = csrfOf((await new WebAgent(t.app).get('/signin?unit=u1')).text);
    const res = await agent.post('/signin', { _csrf: token, unitId: 'u1', role: 'admin', departmentId: '' });
    expect(res.status).toBe(404);
    expect(agent.cookies.has('df_session')).toBe(false);
  });
});
