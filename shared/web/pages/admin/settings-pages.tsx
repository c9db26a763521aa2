/**
 * The unit's working settings: fields (lĩnh vực), the working-day calendar of a year with the origin of
 * each special day and the unit's own overrides, the reminder and escalation policy.
 */
import type { Hono } from 'hono';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, todayInVietnam } from '../../../domain/calendar/index.js';
import type { EscalationRecipients } from '../../../domain/escalation-policy.js';
import { EscalationPolicySchema } from '../../../domain/escalation-policy-schema.js';
import type { AppDeps } from '../../../http/env.js';
import { OverrideSchema } from '../../../http/routes/calendar.js';
import { FieldListSchema } from '../../../services/admin-schemas.js';
import { removeUnitOverride, setUnitOverride, yearHolidays } from '../../../services/calendar-service.js';
import { loadEscalationPolicy, saveEscalationPolicy } from '../../../services/escalation/policy-settings.js';
import { saveUnitFields, unitFields } from '../../../services/field-service.js';
import { formatDate, parseDateInput } from '../../format.js';
import { type FormState, formState, readForm, refuse, str } from '../../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, SelectField, TextField } from '../../layout.js';
import { PAGE_ACTIONS, postForm } from '../../page-actions.js';
import { sendPage } from '../../render.js';
import { setFlash, type WebEnv } from '../../session.js';
import {
  AdminNav,
  type Ctx,
  lines,
  numberOrText,
  type PageStatus,
  pageRefusal,
  parseWith,
} from './common.js';

/** Where a special day comes from; origins added later (e.g. national overrides) show as they are named. */
export const ORIGIN_LABEL: Record<string, string> = {
  rule: 'Theo Bộ luật Lao động',
  announced: 'Theo lịch nghỉ Chính phủ công bố',
  national: 'Điều chỉnh toàn quốc',
  unit: 'Đơn vị điều chỉnh',
};

const WEEKDAY = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];
const weekday = (date: string) => WEEKDAY[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';

const RECIPIENT_FIELDS: { key: keyof EscalationRecipients; label: string; hint: string }[] = [
  { key: 'office', label: 'Văn phòng', hint: 'Nhận bản sao từ mức 1 (quá hạn).' },
  { key: 'front', label: 'Ủy ban MTTQ', hint: 'Nhận bản sao ở mức 1.' },
  { key: 'chair', label: 'Chủ tịch UBND', hint: 'Mức 2.' },
  { key: 'partySecretary', label: 'Bí thư Đảng ủy', hint: 'Mức 2.' },
  { key: 'standing', label: 'Ban Thường vụ Đảng ủy', hint: 'Mức 3 (nếu bật).' },
];

const POLICY_LABELS: Record<string, string> = {
  reminderWorkingDaysBefore: 'Nhắc trước hạn',
  level2AfterWorkingDays: 'Mức 2 sau mức 1',
  level3Enabled: 'Mức 3',
  level3AfterWorkingDays: 'Mức 3 sau mức 2',
  ...Object.fromEntries(RECIPIENT_FIELDS.map((f) => [f.key, f.label])),
};

export function registerSettingsPages(app: Hono<WebEnv>, deps: AppDeps): void {
  // ── fields ──────────────────────────────────────────────────────────────────
  const fieldsPage = async (c: Ctx, form?: FormState, status: PageStatus = 200) => {
    const user = c.get('user');
    const fields = await unitFields(deps, user.unitId, user);
    const shown = form ?? formState({ items: fields.join('\n') });
    return sendPage(
      c,
      deps,
      <Layout title="Lĩnh vực" chrome={await chromeOf(c, deps)}>
        <h1>Lĩnh vực của kiến nghị</h1>
        <AdminNav path={c.req.path} />
        <p class="lead">
          Văn phòng chọn lĩnh vực khi nhập kiến nghị; báo cáo quý thống kê theo lĩnh vực. Kiến nghị đã nhập
          giữ lĩnh vực cũ.
        </p>
        <ErrorSummary form={shown} labels={{ items: 'Danh mục lĩnh vực' }} />
        <form method="post" action="/admin/fields" novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <TextField
            form={shown}
            name="items"
            label="Danh mục lĩnh vực"
            hint="Mỗi lĩnh vực một dòng, tối đa 100."
            multiline
            rows={14}
            required
          />
          <p class="actions">
            <button type="submit">Lưu danh mục</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };
  app.get('/fields', (c) => fieldsPage(c));
  postForm(app, '/admin', PAGE_ACTIONS.saveFields, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    try {
      const { items } = parseWith(FieldListSchema, { items: lines(str(values, 'items')) });
      const saved = await saveUnitFields(deps, user.unitId, items, user);
      setFlash(c, `Đã lưu ${saved.length} lĩnh vực.`);
      return c.redirect('/admin/fields', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return fieldsPage(c, r.form(values), r.status);
    }
  });

  // ── calendar ────────────────────────────────────────────────────────────────
  const calendarPage = async (
    c: Ctx,
    year: number,
    form: FormState = formState({ kind: 'day_off' }),
    status: PageStatus = 200,
  ) => {
    const user = c.get('user');
    const days = await yearHolidays(deps, user.unitId, user, year);
    const token = c.get('csrfToken');
    const years = [year - 1, year, year + 1].filter((y) => y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR);
    return sendPage(
      c,
      deps,
      <Layout title={`Lịch làm việc ${year}`} chrome={await chromeOf(c, deps)}>
        <h1>Lịch làm việc năm {year}</h1>
        <AdminNav path={c.req.path} />
        <p class="lead">
          Hạn xử lý tính theo ngày làm việc: trừ thứ bảy, chủ nhật và các ngày dưới đây. Ngày lễ, Tết toàn
          quốc có sẵn; đơn vị thêm ngày nghỉ hoặc ngày làm bù của riêng mình.
        </p>
        <nav aria-label="Chọn năm" class="subnav">
          <ul>
            {years.map((y) => (
              <li>
                <a href={`/admin/calendar?year=${y}`} aria-current={y === year ? 'page' : undefined}>
                  Năm {y}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <table class="stack">
          <caption class="visually-hidden">Ngày nghỉ và ngày làm bù năm {year}</caption>
          <thead>
            <tr>
              <th scope="col">Ngày</th>
              <th scope="col">Loại</th>
              <th scope="col">Tên</th>
              <th scope="col">Nguồn</th>
              <th scope="col">Thao tác</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr>
                <td data-label="Ngày" class="nowrap">
                  {weekday(d.date)}, {formatDate(d.date)}
                </td>
                <td data-label="Loại">{d.kind === 'day_off' ? 'Nghỉ' : 'Làm việc'}</td>
                <td data-label="Tên">{d.name}</td>
                <td data-label="Nguồn">
                  {ORIGIN_LABEL[d.origin] ?? d.origin}
                  {d.source ? <small class="muted"> — {d.source}</small> : null}
                </td>
                <td data-label="Thao tác">
                  {d.origin === 'unit' ? (
                    <form method="post" action={`/admin/calendar/${d.date}/remove`} class="inline-form">
                      <CsrfField token={token} />
                      <button type="submit" class="secondary">
                        Bỏ điều chỉnh ngày {formatDate(d.date)}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 id="override">Thêm điều chỉnh của đơn vị</h2>
        <ErrorSummary form={form} labels={{ date: 'Ngày', kind: 'Loại ngày', name: 'Lý do' }} />
        <form method="post" action="/admin/calendar" novalidate aria-labelledby="override">
          <CsrfField token={token} />
          <div class="row">
            <TextField
              form={form}
              name="date"
              label="Ngày"
              hint="Ngày/tháng/năm, ví dụ 02/05/2025."
              required
              inputmode="numeric"
              placeholder="dd/mm/yyyy"
              short
            />
            <SelectField
              form={form}
              name="kind"
              label="Loại ngày"
              options={[
                { value: 'day_off', label: 'Ngày nghỉ' },
                { value: 'working_day', label: 'Ngày làm việc (làm bù, bỏ ngày nghỉ)' },
              ]}
            />
          </div>
          <TextField
            form={form}
            name="name"
            label="Lý do"
            required
            hint='Ví dụ "Nghỉ bù Quốc khánh", "Làm bù thứ bảy".'
          />
          <TextField
            form={form}
            name="source"
            label="Căn cứ"
            hint="Văn bản quyết định ngày này, ví dụ Thông báo 12/TB-UBND ngày 10/4/2025."
          />
          <p class="actions">
            <button type="submit">Lưu điều chỉnh</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };
  const yearOf = (c: Ctx): number => {
    const y = Number(c.req.query('year'));
    return Number.isInteger(y) && y >= CALENDAR_MIN_YEAR && y <= CALENDAR_MAX_YEAR
      ? y
      : Number(todayInVietnam(deps.clock.now()).slice(0, 4));
  };
  app.get('/calendar', (c) => calendarPage(c, yearOf(c)));
  postForm(app, '/admin', PAGE_ACTIONS.setCalendarOverride, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    const date = parseDateInput(str(values, 'date'));
    try {
      const source = str(values, 'source');
      const input = parseWith(OverrideSchema, {
        kind: str(values, 'kind'),
        name: str(values, 'name'),
        ...(source ? { source } : {}),
      });
      if (!date) refuse({ date: 'Ngày không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 02/05/2025.' });
      await setUnitOverride(deps, user.unitId, date, input, user);
      setFlash(c, `Đã lưu điều chỉnh ngày ${formatDate(date)}.`);
      return c.redirect(`/admin/calendar?year=${date.slice(0, 4)}`, 303);
    } catch (error) {
      const r = pageRefusal(error);
      return calendarPage(c, date ? Number(date.slice(0, 4)) : yearOf(c), r.form(values), r.status);
    }
  });
  postForm(app, '/admin', PAGE_ACTIONS.removeCalendarOverride, async (c) => {
    const user = c.get('user');
    const date = parseDateInput(c.req.param('date'));
    if (!date) return calendarPage(c, yearOf(c), formState({}, 'Ngày không hợp lệ.'), 400);
    await removeUnitOverride(deps, user.unitId, date, user);
    setFlash(c, `Đã bỏ điều chỉnh ngày ${formatDate(date)}.`);
    return c.redirect(`/admin/calendar?year=${date.slice(0, 4)}`, 303);
  });

  // ── escalation policy ───────────────────────────────────────────────────────
  const policyPage = async (c: Ctx, form?: FormState, status: PageStatus = 200) => {
    const user = c.get('user');
    const policy = await loadEscalationPolicy(deps, user.unitId, user);
    const shown =
      form ??
      formState({
        reminderWorkingDaysBefore: String(policy.reminderWorkingDaysBefore),
        level2AfterWorkingDays: String(policy.level2AfterWorkingDays),
        level3Enabled: policy.level3Enabled ? 'true' : 'false',
        level3AfterWorkingDays: String(policy.level3AfterWorkingDays),
        ...Object.fromEntries(RECIPIENT_FIELDS.map((f) => [f.key, policy.recipients[f.key].join('\n')])),
      });
    return sendPage(
      c,
      deps,
      <Layout title="Nhắc hạn, chuyển cấp" chrome={await chromeOf(c, deps)}>
        <h1>Nhắc hạn và chuyển cấp</h1>
        <AdminNav path={c.req.path} />
        <p class="lead">
          Thư nhắc gửi phòng ban trước hạn; kiến nghị quá hạn được chuyển cấp: mức 1 tới phòng ban (bản sao
          Văn phòng, MTTQ) ngày làm việc đầu tiên sau hạn, mức 2 tới Chủ tịch UBND và Bí thư, mức 3 tới Ban
          Thường vụ. Mọi thư gửi lúc 8 giờ sáng.
        </p>
        <ErrorSummary form={shown} labels={POLICY_LABELS} />
        <form method="post" action="/admin/policy" novalidate>
          <CsrfField token={c.get('csrfToken')} />
          <div class="row">
            <TextField
              form={shown}
              name="reminderWorkingDaysBefore"
              label="Nhắc trước hạn (ngày làm việc)"
              hint="0: không nhắc."
              inputmode="numeric"
              short
            />
            <TextField
              form={shown}
              name="level2AfterWorkingDays"
              label="Mức 2 sau mức 1 (ngày làm việc)"
              inputmode="numeric"
              short
            />
          </div>
          <div class="row">
            <SelectField
              form={shown}
              name="level3Enabled"
              label="Mức 3 (Ban Thường vụ)"
              options={[
                { value: 'false', label: 'Không dùng' },
                { value: 'true', label: 'Có dùng' },
              ]}
            />
            <TextField
              form={shown}
              name="level3AfterWorkingDays"
              label="Mức 3 sau mức 2 (ngày làm việc)"
              inputmode="numeric"
              short
            />
          </div>
          <fieldset>
            <legend>Người nhận (mỗi e-mail một dòng)</legend>
            {RECIPIENT_FIELDS.map((f) => (
              <TextField form={shown} name={f.key} label={f.label} hint={f.hint} multiline rows={2} />
            ))}
          </fieldset>
          <p class="actions">
            <button type="submit">Lưu chính sách</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };
  app.get('/policy', (c) => policyPage(c));
  postForm(app, '/admin', PAGE_ACTIONS.savePolicy, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    try {
      const policy = parseWith(EscalationPolicySchema, {
        reminderWorkingDaysBefore: numberOrText(str(values, 'reminderWorkingDaysBefore')),
        level2AfterWorkingDays: numberOrText(str(values, 'level2AfterWorkingDays')),
        level3Enabled: str(values, 'level3Enabled') === 'true',
        level3AfterWorkingDays: numberOrText(str(values, 'level3AfterWorkingDays')),
        recipients: Object.fromEntries(RECIPIENT_FIELDS.map((f) => [f.key, lines(str(values, f.key))])),
      });
      await saveEscalationPolicy(deps, user.unitId, policy, user);
      setFlash(
        c,
        'Đã lưu chính sách nhắc hạn, chuyển cấp. Các lịch nhắc đang chờ được sắp lại trong lần rà soát hằng ngày.',
      );
      return c.redirect('/admin/policy', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return policyPage(c, r.form(values), r.status);
    }
  });
}
