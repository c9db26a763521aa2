/**
 * /admin/departments: add, rename, set the e-mails that receive reminders, deactivate or reactivate a
 * department; delete one only while nothing names it.
 */
import type { Hono } from 'hono';
import { readHistory } from '../../../adapters/dynamodb/history-store.js';
import { NotFoundError } from '../../../domain/errors.js';
import type { DepartmentRecord } from '../../../domain/model.js';
import type { AppDeps } from '../../../http/env.js';
import { NewDepartmentSchema } from '../../../http/schemas.js';
import { DeleteDepartmentForm, DepartmentPatchSchema } from '../../../services/admin-schemas.js';
import {
  createDepartment,
  deleteDepartment,
  listDepartments,
  updateDepartment,
} from '../../../services/department-service.js';
import { type FormState, formState, readForm, str, versionValue } from '../../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, TextField } from '../../layout.js';
import { PAGE_ACTIONS, postForm } from '../../page-actions.js';
import { sendPage } from '../../render.js';
import { setFlash, type WebEnv } from '../../session.js';
import {
  AdminNav,
  ChangeHistory,
  type Ctx,
  lines,
  type PageStatus,
  pageRefusal,
  parseWith,
} from './common.js';

const LABELS = { name: 'Tên phòng ban', emails: 'E-mail nhận nhắc hạn', active: 'Hoạt động' };

export function registerDepartments(app: Hono<WebEnv>, deps: AppDeps): void {
  const listPage = async (c: Ctx, form: FormState = formState(), status: PageStatus = 200) => {
    const user = c.get('user');
    const departments = await listDepartments(deps, user.unitId, user);
    return sendPage(
      c,
      deps,
      <Layout title="Phòng ban" chrome={await chromeOf(c, deps)}>
        <h1>Phòng ban, đơn vị giải quyết</h1>
        <AdminNav path={c.req.path} />
        <p class="lead">
          Kiến nghị được giao cho các phòng ban này; thư nhắc hạn và chuyển cấp gửi tới e-mail của phòng ban.
          Phòng ban ngừng hoạt động vẫn giữ kiến nghị cũ nhưng không được giao việc mới.
        </p>
        <DepartmentTable departments={departments} />
        <h2 id="new-department">Thêm phòng ban</h2>
        <ErrorSummary form={form} labels={LABELS} />
        <form method="post" action="/admin/departments" novalidate aria-labelledby="new-department">
          <CsrfField token={c.get('csrfToken')} />
          <TextField form={form} name="name" label="Tên phòng ban" required />
          <TextField
            form={form}
            name="emails"
            label="E-mail nhận nhắc hạn"
            hint="Mỗi địa chỉ một dòng."
            multiline
            rows={2}
          />
          <p class="actions">
            <button type="submit">Thêm phòng ban</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };

  app.get('/departments', (c) => listPage(c));

  postForm(app, '/admin', PAGE_ACTIONS.createDepartment, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    try {
      const input = parseWith(NewDepartmentSchema, {
        name: str(values, 'name'),
        emails: lines(str(values, 'emails')),
      });
      const department = await createDepartment(deps, user.unitId, input, user);
      setFlash(c, `Đã thêm phòng ban ${department.name} (mã ${department.id}).`);
      return c.redirect('/admin/departments', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return listPage(c, r.form(values), r.status);
    }
  });

  const departmentPage = async (c: Ctx, id: string, form?: FormState, status: PageStatus = 200) => {
    const user = c.get('user');
    const department = (await listDepartments(deps, user.unitId, user)).find((d) => d.id === id);
    if (!department) throw new NotFoundError('phòng ban');
    const history = await readHistory(deps.table, user.unitId, 'DEP', department.id);
    const shown = form ?? formState({ name: department.name, emails: department.emails.join('\n') });
    const token = c.get('csrfToken');
    return sendPage(
      c,
      deps,
      <Layout title={department.name} chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/admin/departments">Phòng ban</a> › {department.name}
        </p>
        <h1>{department.name}</h1>
        <AdminNav path={c.req.path} />
        <dl class="facts">
          <dt>Mã phòng ban</dt>
          <dd>{department.id}</dd>
          <dt>Tình trạng</dt>
          <dd>
            {department.active ? (
              <span class="badge ok">Đang hoạt động</span>
            ) : (
              <span class="badge">Ngừng hoạt động</span>
            )}
          </dd>
        </dl>
        <ErrorSummary form={shown} labels={LABELS} />
        <form method="post" action={`/admin/departments/${department.id}`} novalidate>
          <CsrfField token={token} />
          <input type="hidden" name="version" value={String(department.version)} />
          <TextField form={shown} name="name" label="Tên phòng ban" required />
          <TextField
            form={shown}
            name="emails"
            label="E-mail nhận nhắc hạn"
            hint="Mỗi địa chỉ một dòng."
            multiline
            rows={3}
          />
          <p class="actions">
            <button type="submit">Lưu</button>
          </p>
        </form>
        <h2>Hoạt động</h2>
        <form method="post" action={`/admin/departments/${department.id}`}>
          <CsrfField token={token} />
          <input type="hidden" name="version" value={String(department.version)} />
          <input type="hidden" name="active" value={department.active ? 'false' : 'true'} />
          <p class="actions">
            <button type="submit" class="secondary">
              {department.active ? 'Cho ngừng hoạt động' : 'Cho hoạt động trở lại'}
            </button>
          </p>
        </form>
        <form method="post" action={`/admin/departments/${department.id}/delete`}>
          <CsrfField token={token} />
          <input type="hidden" name="version" value={String(department.version)} />
          <p class="hint">Chỉ xóa được phòng ban chưa có kiến nghị và chưa có người dùng (ví dụ tạo nhầm).</p>
          <p class="actions">
            <button type="submit" class="danger">
              Xóa phòng ban
            </button>
          </p>
        </form>
        <ChangeHistory entries={history} labels={LABELS} />
      </Layout>,
      { status },
    );
  };

  app.get('/departments/:id', (c) => departmentPage(c, c.req.param('id')));

  postForm(app, '/admin', PAGE_ACTIONS.updateDepartment, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    const id = c.req.param('id');
    try {
      const version = versionValue(values);
      const toggle = str(values, 'active');
      const patch = parseWith(
        DepartmentPatchSchema,
        toggle
          ? { version, active: toggle === 'true' }
          : { version, name: str(values, 'name'), emails: lines(str(values, 'emails')) },
      );
      const department = await updateDepartment(deps, user.unitId, id, patch, user);
      setFlash(
        c,
        toggle
          ? `${department.name}: ${department.active ? 'đã hoạt động trở lại' : 'đã ngừng hoạt động'}.`
          : `Đã lưu phòng ban ${department.name}.`,
      );
      return c.redirect(`/admin/departments/${id}`, 303);
    } catch (error) {
      const r = pageRefusal(error);
      if (r.status === 404) throw error;
      return departmentPage(
        c,
        id,
        str(values, 'active') ? formState({}, r.form(values).message) : r.form(values),
        r.status,
      );
    }
  });

  postForm(app, '/admin', PAGE_ACTIONS.deleteDepartment, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    const id = c.req.param('id');
    try {
      const { version } = parseWith(DeleteDepartmentForm, { version: str(values, 'version') });
      await deleteDepartment(deps, user.unitId, id, version, user);
      setFlash(c, 'Đã xóa phòng ban.');
      return c.redirect('/admin/departments', 303);
    } catch (error) {
      const r = pageRefusal(error);
      if (r.status === 404) throw error;
      const shown = r.form({});
      return departmentPage(c, id, formState({}, Object.values(shown.errors)[0] ?? shown.message), r.status);
    }
  });
}

function DepartmentTable(props: { departments: DepartmentRecord[] }) {
  if (props.departments.length === 0) return <p class="notice warn">Chưa có phòng ban nào.</p>;
  return (
    <table class="stack">
      <caption class="visually-hidden">Phòng ban, theo tên</caption>
      <thead>
        <tr>
          <th scope="col">Phòng ban</th>
          <th scope="col">Mã</th>
          <th scope="col">E-mail nhận nhắc hạn</th>
          <th scope="col">Tình trạng</th>
        </tr>
      </thead>
      <tbody>
        {props.departments.map((d) => (
          <tr>
            <td data-label="Phòng ban">
              <a href={`/admin/departments/${d.id}`}>{d.name}</a>
            </td>
            <td data-label="Mã">{d.id}</td>
            <td data-label="E-mail">
              {d.emails.length ? d.emails.join(', ') : <span class="badge warn">Chưa có e-mail</span>}
            </td>
            <td data-label="Tình trạng">
              {d.active ? (
                <span class="badge ok">Đang hoạt động</span>
              ) : (
                <span class="badge">Ngừng hoạt động</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
