/** /admin/people: the unit's people — invite by e-mail, change role or department, lock or unlock. */
import type { Hono } from 'hono';
import { readHistory } from '../../../adapters/dynamodb/history-store.js';
import type { DepartmentRecord, UserAccount } from '../../../domain/model.js';
import type { AppDeps } from '../../../http/env.js';
import { NewUserSchema, UserPatchSchema } from '../../../services/admin-schemas.js';
import { createUser, getUser, listUsers, updateUser } from '../../../services/user-service.js';
import { ROLE_LABEL } from '../../format.js';
import { type FormState, type FormValues, formState, readForm, str, versionValue } from '../../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, SelectField, TextField } from '../../layout.js';
import { PAGE_ACTIONS, postForm } from '../../page-actions.js';
import { sendPage } from '../../render.js';
import { setFlash, type WebEnv } from '../../session.js';
import {
  AdminNav,
  ChangeHistory,
  type Ctx,
  type PageStatus,
  pageRefusal,
  parseWith,
  roleOptions,
} from './common.js';

const LABELS = {
  name: 'Họ tên',
  email: 'E-mail',
  role: 'Vai trò',
  departmentId: 'Phòng ban',
  disabled: 'Khóa tài khoản',
};

const departmentOptions = (departments: DepartmentRecord[], current: string | null = null) => [
  { value: '', label: '— Không thuộc phòng ban (vai trò khác) —' },
  ...departments
    .filter((d) => d.active || d.id === current)
    .map((d) => ({ value: d.id, label: d.active ? d.name : `${d.name} (ngừng hoạt động)` })),
];

/** A person's role, and the department of a department account. */
const RoleFields = (props: { form: FormState; departments: DepartmentRecord[]; current?: string | null }) => (
  <div class="row">
    <SelectField form={props.form} name="role" label="Vai trò" options={roleOptions()} required />
    <SelectField
      form={props.form}
      name="departmentId"
      label="Phòng ban"
      hint="Chỉ cho vai trò Đơn vị, phòng ban."
      options={departmentOptions(props.departments, props.current ?? null)}
    />
  </div>
);

function personInput(values: FormValues) {
  const departmentId = str(values, 'departmentId');
  return { role: str(values, 'role'), departmentId: departmentId === '' ? null : departmentId };
}

export function registerPeople(app: Hono<WebEnv>, deps: AppDeps): void {
  const listPage = async (
    c: Ctx,
    form: FormState = formState({ role: 'office' }),
    status: PageStatus = 200,
  ) => {
    const user = c.get('user');
    const [people, departments] = await Promise.all([
      listUsers(deps, user.unitId, user),
      deps.units.listDepartments(user.unitId),
    ]);
    const names = new Map(departments.map((d) => [d.id, d.name]));
    return sendPage(
      c,
      deps,
      <Layout title="Người dùng" chrome={await chromeOf(c, deps)}>
        <h1>Người dùng của đơn vị</h1>
        <AdminNav path={c.req.path} />
        <PeopleTable people={people} departmentName={(id) => (id ? (names.get(id) ?? id) : '')} />

        <h2 id="invite">Mời người dùng</h2>
        <p class="hint">
          Người được mời nhận thư có tên đăng nhập và mật khẩu tạm thời; lần đầu đăng nhập họ đặt mật khẩu mới
          và mã xác thực (OTP). Tài khoản phòng ban chỉ thấy và trả lời kiến nghị của phòng ban mình.
        </p>
        <ErrorSummary form={form} labels={LABELS} />
        <form method="post" action="/admin/people" novalidate aria-labelledby="invite">
          <CsrfField token={c.get('csrfToken')} />
          <div class="row">
            <TextField form={form} name="name" label="Họ tên" required />
            <TextField form={form} name="email" label="E-mail" required />
          </div>
          <RoleFields form={form} departments={departments} />
          <p class="actions">
            <button type="submit">Gửi thư mời</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };

  app.get('/people', (c) => listPage(c));

  postForm(app, '/admin', PAGE_ACTIONS.createUser, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    try {
      const input = parseWith(NewUserSchema, {
        email: str(values, 'email'),
        name: str(values, 'name'),
        ...personInput(values),
      });
      const person = await createUser(deps, user.unitId, input, user);
      setFlash(c, `Đã mời ${person.name} (${person.email}) làm ${ROLE_LABEL[person.role]}.`);
      return c.redirect('/admin/people', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return listPage(c, r.form(values), r.status);
    }
  });

  const personPage = async (c: Ctx, id: string, form?: FormState, status: PageStatus = 200) => {
    const user = c.get('user');
    const [person, departments] = await Promise.all([
      getUser(deps, user.unitId, id, user),
      deps.units.listDepartments(user.unitId),
    ]);
    const history = await readHistory(deps.table, user.unitId, 'USER', person.id);
    const shown =
      form ??
      formState({
        name: person.name,
        role: person.role,
        departmentId: person.departmentId ?? '',
        disabled: person.disabled ? 'true' : 'false',
      });
    const self = person.id === user.sub;
    return sendPage(
      c,
      deps,
      <Layout title={person.name} chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/admin/people">Người dùng</a> › {person.name}
        </p>
        <h1>{person.name}</h1>
        <AdminNav path={c.req.path} />
        <dl class="facts">
          <dt>E-mail (tên đăng nhập)</dt>
          <dd>{person.email}</dd>
          <dt>Tình trạng</dt>
          <dd>
            {person.disabled ? (
              <span class="badge overdue">Đã khóa</span>
            ) : (
              <span class="badge ok">Đang dùng</span>
            )}
          </dd>
        </dl>
        <ErrorSummary form={shown} labels={LABELS} />
        <form method="post" action={`/admin/people/${person.id}`} novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <input type="hidden" name="version" value={String(person.version)} />
          <TextField form={shown} name="name" label="Họ tên" required />
          <RoleFields form={shown} departments={departments} current={person.departmentId} />
          <SelectField
            form={shown}
            name="disabled"
            label="Quyền đăng nhập"
            hint={
              self
                ? 'Bạn không thể tự khóa tài khoản của mình.'
                : 'Tài khoản bị khóa không đăng nhập được; lịch sử việc họ đã làm vẫn giữ nguyên.'
            }
            options={[
              { value: 'false', label: 'Được đăng nhập' },
              { value: 'true', label: 'Khóa tài khoản' },
            ]}
          />
          <p class="actions">
            <button type="submit">Lưu</button>
            <a href="/admin/people">Quay lại</a>
          </p>
        </form>
        <ChangeHistory entries={history} labels={LABELS} />
      </Layout>,
      { status },
    );
  };

  app.get('/people/:id', (c) => personPage(c, c.req.param('id')));

  postForm(app, '/admin', PAGE_ACTIONS.updateUser, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    const id = c.req.param('id');
    try {
      const version = versionValue(values);
      const patch = parseWith(UserPatchSchema, {
        version,
        name: str(values, 'name'),
        ...personInput(values),
        disabled: str(values, 'disabled') === 'true',
      });
      const person = await updateUser(deps, user.unitId, id, patch, user);
      setFlash(c, `Đã lưu tài khoản của ${person.name}.`);
      return c.redirect(`/admin/people/${id}`, 303);
    } catch (error) {
      const r = pageRefusal(error);
      if (r.status === 404) throw error;
      return personPage(c, id, r.form(values), r.status);
    }
  });
}

function PeopleTable(props: { people: UserAccount[]; departmentName: (id: string | null) => string }) {
  if (props.people.length === 0)
    return (
      <p class="notice warn">
        Chưa có ai. Hãy mời Văn phòng, Ủy ban MTTQ, Ban Thường vụ và cán bộ các phòng ban.
      </p>
    );
  return (
    <table class="stack">
      <caption class="visually-hidden">Người dùng, theo tên</caption>
      <thead>
        <tr>
          <th scope="col">Họ tên</th>
          <th scope="col">E-mail</th>
          <th scope="col">Vai trò</th>
          <th scope="col">Phòng ban</th>
          <th scope="col">Tình trạng</th>
        </tr>
      </thead>
      <tbody>
        {props.people.map((p) => (
          <tr>
            <td data-label="Họ tên">
              <a href={`/admin/people/${p.id}`}>{p.name}</a>
            </td>
            <td data-label="E-mail">{p.email}</td>
            <td data-label="Vai trò">{ROLE_LABEL[p.role]}</td>
            <td data-label="Phòng ban">{props.departmentName(p.departmentId)}</td>
            <td data-label="Tình trạng">
              {p.disabled ? (
                <span class="badge overdue">Đã khóa</span>
              ) : (
                <span class="badge ok">Đang dùng</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
