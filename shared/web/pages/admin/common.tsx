/** What the administration pages share: their sub-navigation, refusals, labels and the change history. */
import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type * as z from 'zod';
import { IdentityProviderError } from '../../../domain/errors.js';
import type { HistoryEntry, UnitRole } from '../../../domain/model.js';
import { UNIT_ROLES } from '../../../domain/model.js';
import { formatDateTime, ROLE_LABEL } from '../../format.js';
import {
  FormRefusal,
  type FormState,
  type FormValues,
  formState,
  parseForm,
  refusalOf,
  refuse,
} from '../../forms.js';
import type { WebEnv } from '../../session.js';

export type Ctx = Context<WebEnv>;
export type PageStatus = 200 | 400 | 403 | 404 | 409 | 422 | 503;

export const ADMIN_SECTIONS = [
  { href: '/admin', label: 'Tổng quan' },
  { href: '/admin/people', label: 'Người dùng' },
  { href: '/admin/departments', label: 'Phòng ban' },
  { href: '/admin/fields', label: 'Lĩnh vực' },
  { href: '/admin/calendar', label: 'Lịch làm việc' },
  { href: '/admin/policy', label: 'Nhắc hạn, chuyển cấp' },
  { href: '/admin/recipients', label: 'Người nhận báo cáo' },
  { href: '/admin/settings', label: 'Thông tin đơn vị' },
] as const;

/** The sections of the unit's administration, the current one marked. */
export const AdminNav: FC<{ path: string }> = ({ path }) => (
  <nav aria-label="Các mục quản trị" class="subnav">
    <ul>
      {ADMIN_SECTIONS.map((s) => (
        <li>
          <a
            href={s.href}
            aria-current={
              path === s.href || (s.href !== '/admin' && path.startsWith(`${s.href}/`)) ? 'page' : undefined
            }
          >
            {s.label}
          </a>
        </li>
      ))}
    </ul>
  </nav>
);

/** A refused change as the form shows it (the account service failing is a 503, nothing saved). */
export function pageRefusal(error: unknown): {
  status: Exclude<PageStatus, 200>;
  form: (values: FormValues) => FormState;
} {
  if (error instanceof IdentityProviderError)
    return { status: 503, form: (values) => formState(values, error.message) };
  const r = refusalOf(error);
  return { status: r.status, form: (values) => formState(values, r.message, r.errors) };
}

/** Parses with the API's schema (every field error at once); `rename` maps a schema field to the form's. */
export function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  rename: Record<string, string> = {},
): z.output<T> {
  try {
    return parseForm(schema, input);
  } catch (error) {
    if (!(error instanceof FormRefusal)) throw error;
    throw new FormRefusal(
      error.status,
      error.message,
      Object.fromEntries(
        Object.entries(error.errors).map(([field, message]) => [rename[field] ?? field, message]),
      ),
    );
  }
}

/** Parses several parts of one form, refusing with the errors of all of them at once. */
export function parseAll<
  const P extends readonly { schema: z.ZodType; input: unknown; rename?: Record<string, string> }[],
>(parts: P): { [K in keyof P]: z.output<P[K]['schema']> } {
  const errors: Record<string, string> = {};
  const data = parts.map((part) => {
    try {
      return parseWith(part.schema, part.input, part.rename);
    } catch (error) {
      if (!(error instanceof FormRefusal)) throw error;
      for (const [field, message] of Object.entries(error.errors)) errors[field] ??= message;
      return undefined;
    }
  });
  if (Object.keys(errors).length) refuse(errors);
  return data as { [K in keyof P]: z.output<P[K]['schema']> };
}

/** One entry per line (blank lines dropped). */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A positive whole number typed in a form, or the text itself (the schema says what is wrong). */
export function numberOrText(text: string): number | string {
  return /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : text;
}

export const roleOptions = (roles: readonly UnitRole[] = UNIT_ROLES) =>
  roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

const CHANGE_LABEL: Record<string, string> = {
  created: 'Tạo mới',
  updated: 'Thay đổi',
  deactivated: 'Ngừng hoạt động',
  reactivated: 'Hoạt động trở lại',
  deleted: 'Xóa',
};

/** "Lịch sử thay đổi": who changed what and when, newest first. */
export const ChangeHistory: FC<{ entries: HistoryEntry[]; labels: Record<string, string> }> = (props) => (
  <>
    <h2>Lịch sử thay đổi</h2>
    <HistoryList {...props} />
  </>
);

const HistoryList: FC<{ entries: HistoryEntry[]; labels: Record<string, string> }> = ({ entries, labels }) =>
  entries.length ? (
    <ol class="timeline">
      {[...entries].reverse().map((e) => (
        <li>
          <p>
            <strong>{CHANGE_LABEL[e.action] ?? e.action}</strong> · {formatDateTime(e.at)} · {e.actor.name}
          </p>
          {e.action === 'updated' && e.after ? (
            <ul>
              {Object.entries(e.after).map(([field, value]) => (
                <li>
                  {labels[field] ?? field}: {show(e.before?.[field])} → {show(value)}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  ) : (
    <p class="muted">Chưa có thay đổi nào.</p>
  );

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(trống)';
  if (value === true) return 'có';
  if (value === false) return 'không';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(trống)';
  if (typeof value === 'string' && value in ROLE_LABEL) return ROLE_LABEL[value as keyof typeof ROLE_LABEL];
  return String(value);
}
