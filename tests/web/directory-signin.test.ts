/**
 * The local directory end to end: a person the people API (or page) invites appears on the local
 * sign-in page of their unit and signs in as that account (its id is the token's subject, its role and
 * department the token's); a locked account is no longer offered nor accepted; a unit with accounts
 * offers no sample users; the system administrator signs in without a unit and lands on the units.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedUnit } from '../support/app.js';
import { csrfOf, textOf, WebAgent } from './agent.js';

let t: Awaited<ReturnType<typeof createTestApp>>;

beforeAll(async () => {
  t = await createTestApp();
  await seedUnit(t, 'u1');
  await seedUnit(t, 'u2');
});

async function signInForm(agent: WebAgent, unitId: string, name: string) {
  const page = await agent.get(`/signin?unit=${unitId}`);
  const forms = page.text.split('<form').slice(1);
  const form = forms.find((f) => f.includes(`<span>${name}</span>`));
  if (!form) return null;
  const field = (n: string) => new RegExp(`name="${n}" value="([^"]*)"`).exec(form)?.[1] ?? '';
  return {
    _csrf: csrfOf(page.text),
    unitId: field('unitId'),
    userId: field('userId'),
    role: field('role'),
    departmentId: field('departmentId'),
    next: '/',
  };
}

describe('the local directory and the sign-in page', () => {
  it('offers sample users while the unit has no accounts, then only its accounts', async () => {
    expect(textOf((await new WebAgent(t.app).get('/signin?unit=u1')).text)).toContain(
      'người dùng mẫu theo vai trò',
    );
    const res = await t.call('POST', '/api/users', {
      as: 'admin',
      body: { email: 'dc.canbo@u1.example', name: 'Đỗ Thị Cúc', role: 'department', departmentId: 'dc' },
    });
    expect(res.status).toBe(201);
    const page = textOf((await new WebAgent(t.app).get('/signin?unit=u1')).text);
    expect(page).toContain('Đỗ Thị Cúc');
    expect(page).not.toContain('Cán bộ Văn phòng');
    // Another unit is unchanged.
    expect(textOf((await new WebAgent(t.app).get('/signin?unit=u2')).text)).toContain('Cán bộ Văn phòng');
  });

  it('signs in as the account: its id, role and department are the session’s', async () => {
    const agent = new WebAgent(t.app);
    const form = await signInForm(agent, 'u1', 'Đỗ Thị Cúc');
    expect(form?.role).toBe('department');
    const res = await agent.post('/signin', form ?? {});
    expect(res.location).toBe('/inbox');
    const token = agent.cookies.get('df_session') ?? '';
    const user = await t.deps.verifier.verify(token);
    const account = (await t.deps.users.list('u1'))[0];
    expect(user).toMatchObject({ sub: account?.id, roles: ['department'], departmentId: 'dc', unitId: 'u1' });
    expect(textOf((await agent.get('/inbox')).text)).toContain('Địa chính - Xây dựng');
  });

  it('a locked account is not offered, and a form posted for it is refused', async () => {
    const agent = new WebAgent(t.app);
    const form = await signInForm(agent, 'u1', 'Đỗ Thị Cúc');
    const account = (await t.deps.users.list('u1'))[0];
    await t.call('PATCH', `/api/users/${account?.id}`, {
      as: 'admin',
      body: { version: account?.version, disabled: true },
    });
    const page = textOf((await agent.get('/signin?unit=u1')).text);
    expect(page).toContain('Tài khoản đã khóa (không đăng nhập được): Đỗ Thị Cúc');
    expect(await signInForm(agent, 'u1', 'Đỗ Thị Cúc')).toBeNull();
    const res = await agent.post('/signin', form ?? {});
    expect(res.status).toBe(400);
    expect(agent.cookies.has('df_session')).toBe(false);
    // Nor is a sample user of a unit that has accounts.
    const sample = await agent.post('/signin', {
      ...(form ?? {}),
      userId: '',
      role: 'admin',
      departmentId: '',
    });
    expect(sample.status).toBe(400);
  });

  it('signs the system administrator in without a unit, to the units page', async () => {
    const agent = new WebAgent(t.app);
    const form = await signInForm(agent, 'u1', 'Quản trị hệ thống');
    const res = await agent.post('/signin', form ?? {});
    expect(res.location).toBe('/units');
    const user = await t.deps.verifier.verify(agent.cookies.get('df_session') ?? '');
    expect(user).toMatchObject({ roles: ['system'], unitId: '*' });
    const units = await agent.get('/units');
    expect(units.status).toBe(200);
    expect(textOf(units.text)).toContain('Phường u1');
    expect(units.text).not.toContain('/public/');
    expect((await agent.get('/office')).status).toBe(403);
  });
});
