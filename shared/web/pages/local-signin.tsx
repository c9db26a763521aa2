/**
 * Local sign-in (`npm start`, tests): pick a person of a unit's directory — the same accounts the
 * people page creates — or the deployment's system administrator; the token is signed with the local
 * key pair. A unit whose directory is still empty (set up by a script) offers one sample user per
 * role and department instead, so it can be explored.
 */
import type { AccountRecord } from '../../adapters/dynamodb/user-store.js';
import { isRecordId } from '../../domain/ids.js';
import type { Department, Role, Unit } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import type { LocalTokenClaims } from '../config.js';
import { ROLE_LABEL } from '../format.js';
import { type Chrome, CsrfField, Layout } from '../layout.js';

/** One choice of the picker. `userId` for a directory account; none for a sample or the system admin. */
export interface LocalChoice {
  userId: string | null;
  role: Role;
  departmentId: string | null;
  name: string;
  description: string;
}

export const SYSTEM_CHOICE: LocalChoice = {
  userId: null,
  role: 'system',
  departmentId: null,
  name: 'Quản trị hệ thống',
  description: 'Tạo và quản lý các đơn vị của cả hệ thống',
};

function sampleUsers(departments: Department[]): LocalChoice[] {
  const sample = (role: Role, name: string, description: string): LocalChoice => ({
    userId: null,
    role,
    departmentId: null,
    name,
    description,
  });
  return [
    sample('office', 'Cán bộ Văn phòng', 'Ghi nhận hội nghị, nhập và giao kiến nghị'),
    sample('front', 'Cán bộ Ủy ban MTTQ', 'Giám sát, xác nhận hoặc mở lại'),
    sample('standing', 'Ủy viên Ban Thường vụ', 'Xem tổng hợp quý'),
    sample('admin', 'Quản trị viên', 'Quản trị đơn vị'),
    ...departments
      .filter((d) => d.active !== false)
      .map((d) => ({
        userId: null,
        role: 'department' as const,
        departmentId: d.id,
        name: `Cán bộ ${d.name}`,
        description: `Trả lời kiến nghị giao cho ${d.name}`,
      })),
  ];
}

function directoryChoice(account: AccountRecord, departmentName: (id: string) => string): LocalChoice {
  return {
    userId: account.id,
    role: account.role,
    departmentId: account.departmentId,
    name: account.name,
    description: account.departmentId ? departmentName(account.departmentId) : account.email,
  };
}

/** The unit's choices: its active accounts, or samples while it has none; and its disabled accounts. */
export async function unitChoices(
  deps: AppDeps,
  unitId: string,
): Promise<{ choices: LocalChoice[]; disabled: AccountRecord[]; samples: boolean }> {
  const [accounts, departments] = await Promise.all([
    deps.users.list(unitId),
    deps.units.listDepartments(unitId),
  ]);
  if (accounts.length === 0) return { choices: sampleUsers(departments), disabled: [], samples: true };
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return {
    choices: accounts.filter((a) => !a.disabled).map((a) => directoryChoice(a, (id) => names.get(id) ?? id)),
    disabled: accounts.filter((a) => a.disabled),
    samples: false,
  };
}

/**
 * The claims of the posted choice, or null when it is not offered (any more): a directory account
 * that exists and is not disabled, a sample of a unit without accounts, or the system administrator.
 */
export async function chosenClaims(
  deps: AppDeps,
  field: (name: string) => string,
): Promise<LocalTokenClaims | null> {
  if (field('role') === 'system')
    return {
      sub: 'local-system',
      name: SYSTEM_CHOICE.name,
      role: 'system',
      unitId: null,
      departmentId: null,
    };
  const unit = isRecordId(field('unitId')) ? await deps.units.getUnit(field('unitId')) : undefined;
  if (!unit) return null;
  const userId = field('userId');
  if (userId) {
    if (!isRecordId(userId)) return null;
    const account = await deps.users.get(unit.id, userId, true);
    if (!account || account.disabled) return null;
    return {
      sub: account.id,
      name: account.name,
      email: account.email,
      role: account.role,
      unitId: unit.id,
      departmentId: account.departmentId,
    };
  }
  const { choices, samples } = await unitChoices(deps, unit.id);
  const chosen = samples
    ? choices.find((u) => u.role === field('role') && (u.departmentId ?? '') === field('departmentId'))
    : undefined;
  if (!chosen) return null;
  return {
    sub: `demo-${chosen.role}${chosen.departmentId ? `-${chosen.departmentId}` : ''}`,
    name: chosen.name,
    role: chosen.role,
    unitId: unit.id,
    departmentId: chosen.departmentId,
  };
}

const ChoiceButton = (props: { choice: LocalChoice; unitId: string; token: string; next: string }) => {
  const { choice } = props;
  return (
    <li>
      <form method="post" action="/signin">
        <CsrfField token={props.token} />
        <input type="hidden" name="unitId" value={props.unitId} />
        <input type="hidden" name="userId" value={choice.userId ?? ''} />
        <input type="hidden" name="role" value={choice.role} />
        <input type="hidden" name="departmentId" value={choice.departmentId ?? ''} />
        <input type="hidden" name="next" value={props.next} />
        <button type="submit" class="secondary">
          <span>{choice.name}</span>
          <small>
            {ROLE_LABEL[choice.role]} — {choice.description}
          </small>
        </button>
      </form>
    </li>
  );
};

export function LocalSignInPage(props: {
  chrome: Chrome;
  units: Unit[];
  unit: Unit | null;
  choices: LocalChoice[];
  disabled: AccountRecord[];
  samples: boolean;
  token: string;
  next: string;
  error?: string;
}) {
  const { units, unit, choices, token, next } = props;
  return (
    <Layout title="Đăng nhập" chrome={props.chrome}>
      <h1>Đăng nhập</h1>
      <p class="lead">
        Chế độ chạy thử trên máy: chọn một người dùng. Khi triển khai thật, cán bộ đăng nhập bằng tài khoản
        được quản trị viên mời qua e-mail.
      </p>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {units.length === 0 ? (
        <p class="notice warn">
          Chưa có đơn vị nào. Hãy chạy <code>npm start</code> để tạo đơn vị mẫu, hoặc đăng nhập là Quản trị hệ
          thống để tạo đơn vị.
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
          <h2 id="users-heading">Người dùng của {unit.name}</h2>
          {props.samples ? (
            <p class="muted">
              Đơn vị chưa có người dùng nào trong danh sách; dưới đây là người dùng mẫu theo vai trò.
            </p>
          ) : null}
          {choices.length === 0 ? <p>Mọi tài khoản của đơn vị đều đã bị khóa.</p> : null}
          <ul class="users">
            {choices.map((choice) => (
              <ChoiceButton choice={choice} unitId={unit.id} token={token} next={next} />
            ))}
          </ul>
          {props.disabled.length ? (
            <p class="muted">
              Tài khoản đã khóa (không đăng nhập được): {props.disabled.map((a) => a.name).join(', ')}.
            </p>
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="system-heading">
        <h2 id="system-heading">Toàn hệ thống</h2>
        <ul class="users">
          <ChoiceButton choice={SYSTEM_CHOICE} unitId="" token={token} next={next} />
        </ul>
      </section>
    </Layout>
  );
}
