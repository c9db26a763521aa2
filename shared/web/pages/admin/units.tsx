/**
 * The system administrator's units (/units): find a unit, create one (with its first administrator,
 * invited by e-mail), change its name, code and default working days, give it another administrator.
 */
import { Hono } from 'hono';
import type { UnitRecord } from '../../../domain/model.js';
import { foldDiacritics } from '../../../domain/text.js';
import type { AppDeps } from '../../../http/env.js';
import { NewAdminSchema, NewUnitSchema, UnitPatchSchema } from '../../../services/admin-schemas.js';
import { createUnit, getUnit, listUnits, updateUnit } from '../../../services/unit-service.js';
import { addUnitAdmin, listUnitAdmins } from '../../../services/user-service.js';
import { formatDateTime } from '../../format.js';
import { type FormState, type FormValues, formState, readForm, str, versionValue } from '../../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, TextField } from '../../layout.js';
import { areaAction, PAGE_ACTIONS, postForm } from '../../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../../render.js';
import { requireUser, setFlash, type WebEnv } from '../../session.js';
import { type Ctx, numberOrText, type PageStatus, pageRefusal, parseAll, parseWith } from './common.js';

/** What the header says the system administrator works on. */
const SYSTEM_SCOPE = 'Toàn hệ thống';

const UNIT_LABELS = {
  id: 'Mã đơn vị',
  code: 'Ký hiệu',
  name: 'Tên đơn vị',
  defaultAnswerWorkingDays: 'Số ngày làm việc để trả lời',
  adminEmail: 'E-mail quản trị viên',
  adminName: 'Họ tên quản trị viên',
};

const days = (values: FormValues) => {
  const text = str(values, 'defaultAnswerWorkingDays');
  return text === '' ? null : numberOrText(text);
};

export function unitRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/units')));

  const listPage = async (c: Ctx, form: FormState = formState(), status: PageStatus = 200) => {
    const q = c.req.query('q')?.trim().slice(0, 100) ?? '';
    const all = await listUnits(deps, c.get('user'));
    const wanted = foldDiacritics(q);
    const units = q ? all.filter((u) => foldDiacritics(`${u.name} ${u.code} ${u.id}`).includes(wanted)) : all;
    return sendPage(
      c,
      deps,
      <Layout title="Đơn vị" chrome={await chromeOf(c, deps, SYSTEM_SCOPE)}>
        <h1>Các đơn vị của hệ thống</h1>
        <p class="lead">
          Mỗi xã, phường là một đơn vị: dữ liệu của đơn vị này không bao giờ hiện ở đơn vị khác. Đơn vị mới có
          sẵn các phòng ban theo Nghị định 150/2025/NĐ-CP, danh mục lĩnh vực, chính sách nhắc hạn và lịch nghỉ
          lễ toàn quốc; quản trị viên của đơn vị chỉnh lại sau.
        </p>
        <form method="get" action="/units" class="row">
          <div class="field">
            <label for="q">Tìm đơn vị</label>
            <input id="q" name="q" value={q} placeholder="Tên, ký hiệu hoặc mã" />
          </div>
          <p class="actions">
            <button type="submit" class="secondary">
              Tìm
            </button>
          </p>
        </form>
        <p>{q ? `${units.length} trong ${all.length} đơn vị khớp với "${q}".` : `${all.length} đơn vị.`}</p>
        <UnitTable units={units.slice(0, 200)} />
        {units.length > 200 ? <p class="muted">Chỉ hiện 200 đơn vị đầu; hãy tìm theo tên.</p> : null}

        <h2 id="new-unit">Tạo đơn vị mới</h2>
        <ErrorSummary form={form} labels={UNIT_LABELS} />
        <form method="post" action="/units" novalidate aria-labelledby="new-unit">
          <CsrfField token={c.get('csrfToken')} />
          <TextField
            form={form}
            name="name"
            label="Tên đơn vị"
            required
            hint="Ví dụ: Xã An Bình, Phường Hòa Bình."
          />
          <div class="row">
            <TextField
              form={form}
              name="id"
              label="Mã đơn vị"
              required
              hint="Chữ thường không dấu, số và dấu -, ví dụ xa-an-binh. Không đổi được sau khi tạo."
            />
            <TextField
              form={form}
              name="code"
              label="Ký hiệu"
              required
              hint="Đứng đầu số kiến nghị, ví dụ AN-BINH → AN-BINH-2025-0001."
            />
          </div>
          <TextField
            form={form}
            name="defaultAnswerWorkingDays"
            label="Số ngày làm việc để trả lời"
            hint="Để trống: dùng mặc định của hệ thống."
            inputmode="numeric"
            short
          />
          <fieldset>
            <legend>Quản trị viên đầu tiên (nhận thư mời qua e-mail)</legend>
            <TextField form={form} name="adminName" label="Họ tên quản trị viên" />
            <TextField form={form} name="adminEmail" label="E-mail quản trị viên" />
          </fieldset>
          <p class="actions">
            <button type="submit">Tạo đơn vị</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };

  app.get('/', (c) => listPage(c));

  postForm(app, '/units', PAGE_ACTIONS.createUnit, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    let unit: UnitRecord;
    try {
      const wantsAdmin = str(values, 'adminEmail') !== '' || str(values, 'adminName') !== '';
      const unitInput = {
        id: str(values, 'id'),
        code: str(values, 'code'),
        name: str(values, 'name'),
        defaultAnswerWorkingDays: days(values),
      };
      const adminInput = { email: str(values, 'adminEmail'), name: str(values, 'adminName') };
      const [input, admin] = wantsAdmin
        ? parseAll([
            { schema: NewUnitSchema, input: unitInput },
            { schema: NewAdminSchema, input: adminInput, rename: { email: 'adminEmail', name: 'adminName' } },
          ] as const)
        : [parseWith(NewUnitSchema, unitInput), null];
      unit = await createUnit(deps, input, user);
      if (!admin) {
        setFlash(c, `Đã tạo đơn vị ${unit.name}. Hãy mời quản trị viên của đơn vị.`);
        return c.redirect(`/units/${unit.id}`, 303);
      }
      try {
        await addUnitAdmin(deps, unit.id, admin, user);
      } catch (error) {
        const r = pageRefusal(error);
        return detailPage(c, unit.id, { admin: r.form({ email: admin.email, name: admin.name }) }, r.status);
      }
      setFlash(c, `Đã tạo đơn vị ${unit.name} và gửi thư mời tới ${admin.email}.`);
      return c.redirect(`/units/${unit.id}`, 303);
    } catch (error) {
      const r = pageRefusal(error);
      if (r.status === 403 || r.status === 404) throw error;
      return listPage(c, r.form(values), r.status);
    }
  });

  const detailPage = async (
    c: Ctx,
    id: string,
    forms: { unit?: FormState; admin?: FormState } = {},
    status: PageStatus = 200,
  ) => {
    const user = c.get('user');
    const unit = await getUnit(deps, id, user);
    const admins = await listUnitAdmins(deps, id, user);
    const unitForm =
      forms.unit ??
      formState({
        name: unit.name,
        code: unit.code,
        defaultAnswerWorkingDays:
          unit.defaultAnswerWorkingDays === null ? '' : String(unit.defaultAnswerWorkingDays),
        version: String(unit.version),
      });
    const adminForm = forms.admin ?? formState();
    return sendPage(
      c,
      deps,
      <Layout title={unit.name} chrome={await chromeOf(c, deps, SYSTEM_SCOPE)}>
        <p class="muted">
          <a href="/units">Đơn vị</a> › {unit.name}
        </p>
        <h1>{unit.name}</h1>
        <dl class="facts">
          <dt>Mã đơn vị</dt>
          <dd>{unit.id}</dd>
          <dt>Ký hiệu</dt>
          <dd>{unit.code}</dd>
          <dt>Số ngày trả lời mặc định</dt>
          <dd>
            {unit.defaultAnswerWorkingDays === null
              ? `Mặc định của hệ thống (${deps.settings.defaultAnswerWorkingDays} ngày làm việc)`
              : `${unit.defaultAnswerWorkingDays} ngày làm việc`}
          </dd>
          <dt>Ngày tạo</dt>
          <dd>{unit.createdAt ? formatDateTime(unit.createdAt) : 'Không rõ'}</dd>
        </dl>

        <h2 id="admins">Quản trị viên của đơn vị</h2>
        {admins.length === 0 ? (
          <p class="notice warn">Đơn vị chưa có quản trị viên: hãy mời một người để đơn vị bắt đầu dùng.</p>
        ) : (
          <ul>
            {admins.map((a) => (
              <li>
                {a.name} — {a.email}
                {a.disabled ? ' (đã khóa)' : ''}
              </li>
            ))}
          </ul>
        )}
        <ErrorSummary form={adminForm} prefix="a-" labels={{ email: 'E-mail', name: 'Họ tên' }} />
        <form method="post" action={`/units/${unit.id}/admins`} novalidate aria-labelledby="admins">
          <CsrfField token={c.get('csrfToken')} />
          <div class="row">
            <TextField form={adminForm} prefix="a-" name="name" label="Họ tên" required />
            <TextField form={adminForm} prefix="a-" name="email" label="E-mail" required />
          </div>
          <p class="actions">
            <button type="submit">Mời làm quản trị viên</button>
          </p>
        </form>

        <h2 id="edit-unit">Sửa thông tin đơn vị</h2>
        <ErrorSummary form={unitForm} prefix="u-" labels={UNIT_LABELS} />
        <form method="post" action={`/units/${unit.id}`} novalidate aria-labelledby="edit-unit">
          <CsrfField token={c.get('csrfToken')} />
          <input type="hidden" name="version" value={String(unit.version)} />
          <TextField form={unitForm} prefix="u-" name="name" label="Tên đơn vị" required />
          <div class="row">
            <TextField
              form={unitForm}
              prefix="u-"
              name="code"
              label="Ký hiệu"
              required
              hint="Kiến nghị mới mang ký hiệu mới; số của kiến nghị cũ giữ nguyên."
            />
            <TextField
              form={unitForm}
              prefix="u-"
              name="defaultAnswerWorkingDays"
              label="Số ngày làm việc để trả lời"
              hint="Để trống: dùng mặc định của hệ thống."
              inputmode="numeric"
              short
            />
          </div>
          <p class="actions">
            <button type="submit">Lưu</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };

  app.get('/:id', (c) => detailPage(c, c.req.param('id')));

  postForm(app, '/units', PAGE_ACTIONS.updateUnit, async (c) => {
    const values = await readForm(c);
    const id = c.req.param('id');
    try {
      const version = versionValue(values);
      const patch = parseWith(UnitPatchSchema, {
        version,
        name: str(values, 'name'),
        code: str(values, 'code'),
        defaultAnswerWorkingDays: days(values),
      });
      const unit = await updateUnit(deps, id, patch, c.get('user'));
      setFlash(c, `Đã lưu thông tin ${unit.name}.`);
      return c.redirect(`/units/${id}`, 303);
    } catch (error) {
      const r = pageRefusal(error);
      if (r.status === 403 || r.status === 404) throw error;
      // A stale form shows the unit as stored now, with what was typed.
      return detailPage(c, id, { unit: r.form(values) }, r.status);
    }
  });

  postForm(app, '/units', PAGE_ACTIONS.addUnitAdmin, async (c) => {
    const values = await readForm(c);
    const id = c.req.param('id');
    try {
      const input = parseWith(NewAdminSchema, { email: str(values, 'email'), name: str(values, 'name') });
      await addUnitAdmin(deps, id, input, c.get('user'));
      setFlash(c, `Đã gửi thư mời quản trị viên tới ${input.email}.`);
      return c.redirect(`/units/${id}#admins`, 303);
    } catch (error) {
      const r = pageRefusal(error);
      if (r.status === 403 || r.status === 404) throw error;
      return detailPage(c, id, { admin: r.form(values) }, r.status);
    }
  });

  app.get('*', unknownPage);
  return app;
}

function UnitTable(props: { units: UnitRecord[] }) {
  if (props.units.length === 0) return <p>Không có đơn vị nào.</p>;
  return (
    <table class="stack">
      <caption class="visually-hidden">Các đơn vị, theo tên</caption>
      <thead>
        <tr>
          <th scope="col">Đơn vị</th>
          <th scope="col">Mã</th>
          <th scope="col">Ký hiệu</th>
          <th scope="col">Ngày tạo</th>
        </tr>
      </thead>
      <tbody>
        {props.units.map((u) => (
          <tr>
            <td data-label="Đơn vị">
              <a href={`/units/${u.id}`}>{u.name}</a>
            </td>
            <td data-label="Mã">{u.id}</td>
            <td data-label="Ký hiệu">{u.code}</td>
            <td data-label="Ngày tạo" class="nowrap">
              {u.createdAt ? formatDateTime(u.createdAt) : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
