/**
 * /admin: where a unit's administrator starts — what the unit still needs before its first dialogue
 * (e-mails of departments, people, escalation recipients, report recipients), and its settings page.
 */
import type { Hono } from 'hono';
import { readHistory } from '../../../adapters/dynamodb/history-store.js';
import type { UnitRecord } from '../../../domain/model.js';
import type { AppDeps } from '../../../http/env.js';
import { UnitPatchSchema } from '../../../services/admin-schemas.js';
import { loadEscalationPolicy } from '../../../services/escalation/policy-settings.js';
import { unitFields } from '../../../services/field-service.js';
import { listRecipients } from '../../../services/recipient-service.js';
import { getOwnUnit, updateOwnUnit } from '../../../services/unit-service.js';
import { listUsers } from '../../../services/user-service.js';
import { type FormState, formState, readForm, str, versionValue } from '../../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, TextField } from '../../layout.js';
import { PAGE_ACTIONS, postForm } from '../../page-actions.js';
import { sendPage } from '../../render.js';
import { setFlash, type WebEnv } from '../../session.js';
import {
  AdminNav,
  ChangeHistory,
  type Ctx,
  numberOrText,
  type PageStatus,
  pageRefusal,
  parseWith,
} from './common.js';

interface Step {
  done: boolean;
  title: string;
  state: string;
  href: string;
  action: string;
}

async function firstSteps(deps: AppDeps, c: Ctx, unit: UnitRecord): Promise<Step[]> {
  const user = c.get('user');
  const [people, departments, policy, recipients, fields, overrides] = await Promise.all([
    listUsers(deps, unit.id, user),
    deps.units.listDepartments(unit.id),
    loadEscalationPolicy(deps, unit.id, user),
    listRecipients(deps, unit.id, user),
    unitFields(deps, unit.id, user),
    deps.units.listCalendarOverrides(unit.id),
  ]);
  const active = departments.filter((d) => d.active);
  const withEmail = active.filter((d) => d.emails.length > 0).length;
  const count = (role: string) => people.filter((p) => p.role === role && !p.disabled).length;
  const missingRoles = [
    ['office', 'Văn phòng'],
    ['front', 'Ủy ban MTTQ'],
    ['standing', 'Ban Thường vụ'],
  ].filter(([role]) => count(role as string) === 0);
  const staffed = new Set(
    people.filter((p) => p.role === 'department' && !p.disabled).map((p) => p.departmentId),
  );
  const unstaffed = active.filter((d) => !staffed.has(d.id)).length;
  const policyRecipients = policy.recipients.office.length + policy.recipients.chair.length;
  const kinds = new Set(recipients.filter((r) => r.status === 'active').map((r) => r.kind));
  return [
    {
      done: active.length > 0 && withEmail === active.length,
      title: 'Phòng ban và e-mail nhận nhắc hạn',
      state: `${withEmail}/${active.length} phòng ban đang hoạt động đã có e-mail.`,
      href: '/admin/departments',
      action: 'Xem phòng ban',
    },
    {
      done: missingRoles.length === 0 && unstaffed === 0,
      title: 'Mời người dùng',
      state:
        `${people.length} tài khoản. ` +
        (missingRoles.length ? `Chưa có: ${missingRoles.map(([, label]) => label).join(', ')}. ` : '') +
        (unstaffed ? `${unstaffed} phòng ban chưa có cán bộ trả lời.` : ''),
      href: '/admin/people',
      action: 'Mời người dùng',
    },
    {
      done: policyRecipients > 0,
      title: 'Nhắc hạn và chuyển cấp',
      state: policyRecipients
        ? `Nhắc trước ${policy.reminderWorkingDaysBefore} ngày làm việc; người nhận các mức đã có.`
        : 'Chưa có e-mail Văn phòng, Chủ tịch UBND để nhận kiến nghị quá hạn.',
      href: '/admin/policy',
      action: 'Đặt người nhận',
    },
    {
      done: kinds.has('supervision') && kinds.has('quarterly'),
      title: 'Người nhận báo cáo',
      state: `Báo cáo giám sát: ${recipients.filter((r) => r.kind === 'supervision').length} người nhận; tổng hợp quý: ${recipients.filter((r) => r.kind === 'quarterly').length} người nhận.`,
      href: '/admin/recipients',
      action: 'Thêm người nhận',
    },
    {
      done: true,
      title: 'Lịch làm việc',
      state: `Đã có sẵn ngày lễ, Tết toàn quốc; ${overrides.length} ngày điều chỉnh riêng của đơn vị.`,
      href: '/admin/calendar',
      action: 'Xem lịch',
    },
    {
      done: true,
      title: 'Lĩnh vực',
      state: `${fields.length} lĩnh vực.`,
      href: '/admin/fields',
      action: 'Sửa danh mục',
    },
  ];
}

const SETTINGS_LABELS = {
  name: 'Tên đơn vị',
  code: 'Ký hiệu',
  defaultAnswerWorkingDays: 'Số ngày làm việc để trả lời',
};

export function registerOverview(app: Hono<WebEnv>, deps: AppDeps): void {
  app.get('/', async (c) => {
    const unit = await getOwnUnit(deps, c.get('user'));
    const steps = await firstSteps(deps, c, unit);
    const left = steps.filter((s) => !s.done).length;
    return sendPage(
      c,
      deps,
      <Layout title="Quản trị" chrome={await chromeOf(c, deps, unit.name)}>
        <h1>Quản trị {unit.name}</h1>
        <AdminNav path={c.req.path} />
        <p class="lead">
          {left
            ? `Còn ${left} việc nên làm trước hội nghị đầu tiên; mỗi thay đổi được ghi vào lịch sử.`
            : 'Đơn vị đã sẵn sàng. Văn phòng có thể ghi nhận hội nghị và nhập kiến nghị.'}
        </p>
        <ul class="checklist">
          {steps.map((s) => (
            <li class={s.done ? 'done' : undefined}>
              <p class="state">
                {s.done ? 'Đã xong: ' : 'Cần làm: '}
                {s.title}
              </p>
              <p>{s.state}</p>
              <a href={s.href}>{s.action}</a>
            </li>
          ))}
        </ul>
        <p class="actions">
          <a class="button secondary" href="/office">
            Sang trang Hội nghị
          </a>
        </p>
      </Layout>,
    );
  });

  const settingsPage = async (c: Ctx, form?: FormState, status: PageStatus = 200) => {
    const user = c.get('user');
    const unit = await getOwnUnit(deps, user);
    const history = await readHistory(deps.table, unit.id, 'UNIT', unit.id);
    const shown =
      form ??
      formState({
        name: unit.name,
        code: unit.code,
        defaultAnswerWorkingDays:
          unit.defaultAnswerWorkingDays === null ? '' : String(unit.defaultAnswerWorkingDays),
      });
    return sendPage(
      c,
      deps,
      <Layout title="Thông tin đơn vị" chrome={await chromeOf(c, deps, unit.name)}>
        <h1>Thông tin đơn vị</h1>
        <AdminNav path={c.req.path} />
        <ErrorSummary form={shown} labels={SETTINGS_LABELS} />
        <form method="post" action="/admin/settings" novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <input type="hidden" name="version" value={String(unit.version)} />
          <TextField form={shown} name="name" label="Tên đơn vị" required />
          <div class="row">
            <TextField
              form={shown}
              name="code"
              label="Ký hiệu"
              required
              hint="Đứng đầu số kiến nghị mới, ví dụ AN-BINH-2025-0001; số của kiến nghị cũ giữ nguyên."
            />
            <TextField
              form={shown}
              name="defaultAnswerWorkingDays"
              label="Số ngày làm việc để trả lời"
              hint={`Hạn mặc định khi giao việc không ghi hạn. Để trống: ${deps.settings.defaultAnswerWorkingDays} ngày (mặc định của hệ thống).`}
              inputmode="numeric"
              short
            />
          </div>
          <p class="muted">Mã đơn vị: {unit.id} (không đổi được).</p>
          <p class="actions">
            <button type="submit">Lưu</button>
          </p>
        </form>
        <ChangeHistory entries={history} labels={SETTINGS_LABELS} />
      </Layout>,
      { status },
    );
  };

  app.get('/settings', (c) => settingsPage(c));

  postForm(app, '/admin', PAGE_ACTIONS.saveUnitSettings, async (c) => {
    const values = await readForm(c);
    try {
      const version = versionValue(values);
      const days = str(values, 'defaultAnswerWorkingDays');
      const patch = parseWith(UnitPatchSchema, {
        version,
        name: str(values, 'name'),
        code: str(values, 'code'),
        defaultAnswerWorkingDays: days === '' ? null : numberOrText(days),
      });
      await updateOwnUnit(deps, c.get('user'), patch);
      setFlash(c, 'Đã lưu thông tin đơn vị.');
      return c.redirect('/admin/settings', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return settingsPage(c, r.form(values), r.status);
    }
  });
}
