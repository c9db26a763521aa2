/** The page frame and the form parts every page uses (labels, hints, errors next to their fields). */
import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { todayInVietnam } from '../domain/calendar/index.js';
import type { IsoDate } from '../domain/model.js';
import { NO_UNIT } from '../domain/model.js';
import { can } from '../domain/permissions.js';
import type { Principal } from '../http/auth.js';
import type { AppDeps } from '../http/env.js';
import { formatDate, ROLE_LABEL } from './format.js';
import type { FormState } from './forms.js';
import { PAGE_AREAS, type PageArea } from './page-actions.js';
import { CSRF_FIELD, takeFlash, type WebEnv } from './session.js';

export const ASSET_VERSION = '2';

export interface Chrome {
  user: Principal | null;
  csrfToken: string | null;
  flash: string | null;
  path: string;
  unitName: string | null;
  /** Today in Vietnam: the date printed under the unit's name when the page is printed. */
  printedOn?: IsoDate;
  /** The unit has child units (a province): its communes' area is in the navigation. */
  hasChildUnits?: boolean;
}

export async function chromeOf(c: Context<WebEnv>, deps: AppDeps, unitName?: string | null): Promise<Chrome> {
  const user = c.get('user') ?? null;
  let name = unitName ?? null;
  const [unit, children] = await Promise.all([
    name === null && user ? deps.units.getUnit(user.unitId) : undefined,
    user && can(user, 'childUnits.quarterly') ? deps.units.childCount(user.unitId) : 0,
  ]);
  if (name === null) name = unit?.name ?? null;
  return {
    hasChildUnits: children > 0,
    user,
    csrfToken: c.get('csrfToken') ?? null,
    flash: takeFlash(c),
    path: c.req.path,
    unitName: name,
    printedOn: todayInVietnam(deps.clock.now()),
  };
}

interface NavLink {
  href: string;
  label: string;
}

type Who = Pick<Principal, 'roles' | 'departmentId'>;

/** The areas the user may enter (PAGE_AREAS read with the permission table), their home first. */
function areasOf(user: Who, hasChildUnits = false): NavLink[] {
  const home = homeOf(user);
  const links = PAGE_AREAS.flatMap((a) =>
    a.label && can(user, a.action) && (a.path !== '/communes' || hasChildUnits)
      ? [{ href: a.path, label: a.label }]
      : [],
  );
  return [...links.filter((l) => l.href === home), ...links.filter((l) => l.href !== home)];
}

/**
 * The user's home: the first area whose home action they may perform, else the first they may enter
 * (an account no area admits lands on a page saying so).
 */
export function homeOf(user: Who): string {
  const areas: readonly PageArea[] = PAGE_AREAS;
  const entered = areas.filter((a) => a.label && can(user, a.action));
  return (entered.find((a) => can(user, a.home ?? a.action)) ?? entered[0])?.path ?? '/standing';
}

export const Layout: FC<{ title: string; chrome: Chrome; children?: Child }> = ({
  title,
  chrome,
  children,
}) => {
  const { user } = chrome;
  const links = user ? areasOf(user, chrome.hasChildUnits) : [];
  // A system administrator belongs to no unit, so has no public page.
  if (user && user.unitId !== NO_UNIT)
    links.push({ href: `/public/${encodeURIComponent(user.unitId)}`, label: 'Trang công khai' });
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="vi">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · Theo dõi kiến nghị`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href={`/assets/app.css?v=${ASSET_VERSION}`} />
          <script src={`/assets/app.js?v=${ASSET_VERSION}`} defer />
        </head>
        <body>
          <a class="skip" href="#main">
            Bỏ qua, đến nội dung chính
          </a>
          <header class="top">
            <div class="bar">
              <a class="brand" href="/">
                Theo dõi kiến nghị
                {chrome.unitName ? <small>{chrome.unitName}</small> : null}
              </a>
              {user ? (
                // On a phone the navigation folds behind "Menu"; app.js opens it on a wide screen.
                <details class="menu" data-menu="">
                  <summary>Menu</summary>
                  <div class="menu-body">
                    {links.length ? (
                      <nav aria-label="Điều hướng chính">
                        <ul>
                          {links.map((l) => (
                            <li>
                              <a
                                href={l.href}
                                aria-current={
                                  chrome.path === l.href || chrome.path.startsWith(`${l.href}/`)
                                    ? 'page'
                                    : undefined
                                }
                              >
                                {l.label}
                              </a>
                            </li>
                          ))}
                        </ul>
                      </nav>
                    ) : null}
                    <div class="who">
                      <span>
                        {user.name} · {user.roles.map((r) => ROLE_LABEL[r]).join(', ')}
                      </span>
                      <form method="post" action="/signout">
                        <CsrfField token={chrome.csrfToken} />
                        <button type="submit">Đăng xuất</button>
                      </form>
                    </div>
                  </div>
                </details>
              ) : null}
            </div>
          </header>
          {chrome.unitName ? (
            <p class="print-head">
              {chrome.unitName}
              {chrome.printedOn ? ` · In ngày ${formatDate(chrome.printedOn)}` : ''}
            </p>
          ) : null}
          <main id="main" tabindex={-1}>
            {chrome.flash ? (
              <p class="notice ok flash" role="status" data-flash="">
                {chrome.flash}
              </p>
            ) : null}
            {children}
          </main>
          <footer class="site">
            <p>Hệ thống theo dõi việc giải quyết kiến nghị sau hội nghị tiếp xúc, đối thoại với Nhân dân.</p>
          </footer>
        </body>
      </html>
    </>
  );
};

export const CsrfField: FC<{ token: string | null }> = ({ token }) =>
  token ? <input type="hidden" name={CSRF_FIELD} value={token} /> : null;

/** Above a refused form: the reason, and a link to each field in error. */
export const ErrorSummary: FC<{ form: FormState; prefix?: string; labels?: Record<string, string> }> = ({
  form,
  prefix = '',
  labels = {},
}) => {
  if (!form.message) return null;
  const entries = Object.entries(form.errors);
  return (
    <div class="notice error" role="alert" tabindex={-1} data-error-summary="">
      <p>
        <strong>{form.message}</strong>
      </p>
      {entries.length ? (
        <ul>
          {entries.map(([name, message]) => (
            <li>
              <a href={`#${prefix}f-${name}`}>{labels[name] ? `${labels[name]}: ${message}` : message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

function fieldValue(form: FormState, name: string): string {
  const v = form.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

interface FieldProps {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  prefix?: string;
  required?: boolean;
  autofocus?: boolean;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  inputmode?: 'text' | 'numeric' | 'decimal';
  type?: 'text' | 'number';
  short?: boolean;
  extra?: Record<string, string>;
}

/** Label, hint and error around one form control; ids match the control's aria-describedby. */
const FieldFrame: FC<{
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children?: unknown;
}> = (p) => (
  <div class={p.error ? 'field invalid' : 'field'}>
    <label for={p.id}>
      {p.label}
      {p.required ? <span class="muted"> (bắt buộc)</span> : null}
    </label>
    {p.hint ? (
      <p class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </p>
    ) : null}
    {p.error ? (
      <p class="field-error" id={`${p.id}-error`}>
        {p.error}
      </p>
    ) : null}
    {p.children}
  </div>
);

export const TextField: FC<FieldProps> = (p) => {
  const id = `${p.prefix ?? ''}f-${p.name}`;
  const error = p.form.errors[p.name];
  const describedBy =
    [p.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: p.name,
    required: p.required,
    autofocus: p.autofocus,
    'aria-describedby': describedBy,
    'aria-invalid': error ? 'true' : undefined,
    placeholder: p.placeholder,
    ...(p.extra ?? {}),
  };
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} error={error} required={p.required}>
      {p.multiline ? (
        <textarea {...common} rows={p.rows ?? 4}>
          {fieldValue(p.form, p.name)}
        </textarea>
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          inputmode={p.inputmode}
          class={p.short ? 'short' : undefined}
          value={fieldValue(p.form, p.name)}
          autocomplete="off"
        />
      )}
    </FieldFrame>
  );
};

export const SelectField: FC<{
  form: FormState;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  hint?: string;
  prefix?: string;
  required?: boolean;
}> = (p) => {
  const id = `${p.prefix ?? ''}f-${p.name}`;
  const error = p.form.errors[p.name];
  const current = fieldValue(p.form, p.name);
  const describedBy =
    [p.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} error={error} required={p.required}>
      <select
        id={id}
        name={p.name}
        required={p.required}
        aria-describedby={describedBy}
        aria-invalid={error ? 'true' : undefined}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
};

/** A group of checkboxes with one legend (e.g. cooperating departments). */
export const CheckboxGroup: FC<{
  form: FormState;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  prefix?: string;
}> = (p) => {
  const v = p.form.values[p.name];
  const checked = new Set(Array.isArray(v) ? v : v ? [v] : []);
  const error = p.form.errors[p.name];
  return (
    <fieldset id={`${p.prefix ?? ''}f-${p.name}`} class={error ? 'invalid' : undefined}>
      <legend>{p.legend}</legend>
      {error ? <p class="field-error">{error}</p> : null}
      {p.options.map((o, i) => (
        <label class="choice" for={`${p.prefix ?? ''}f-${p.name}-${i}`}>
          <input
            type="checkbox"
            id={`${p.prefix ?? ''}f-${p.name}-${i}`}
            name={p.name}
            value={o.value}
            checked={checked.has(o.value)}
          />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
};
