/**
 * The deploy-time administration commands (`npm run -s admin -- …`), on given dependencies so they run
 * the same against a deployed stack (scripts/admin.ts) and in tests. They act as a system
 * administrator, through the same services, schemas and history as the API.
 */
import { parseArgs } from 'node:util';
import type * as z from 'zod';
import { ConflictError } from '../shared/domain/errors.js';
import type { Actor } from '../shared/domain/model.js';
import type { IdentityProvider } from '../shared/domain/ports.js';
import { NewAdminSchema, NewUnitSchema } from '../shared/services/admin-schemas.js';
import type { TrackerDeps } from '../shared/services/context.js';
import { createUnit, getUnit, listUnits } from '../shared/services/unit-service.js';
import { addUnitAdmin, listUnitAdmins } from '../shared/services/user-service.js';

export const USAGE = `Cách dùng: npm run -s admin -- <lệnh> --stack <tên stack> [--region <vùng>] [tùy chọn]

Lệnh:
  create-unit          --id <mã> --code <ký hiệu> --name "<tên>" [--days <số ngày>]
                       [--admin-email <e-mail> --admin-name "<họ tên>"]
                       Tạo đơn vị (có sẵn phòng ban, lĩnh vực, chính sách nhắc hạn, lịch nghỉ),
                       và mời quản trị viên đầu tiên. Chạy lại với cùng thông tin không tạo trùng.
  add-admin            --unit <mã> --email <e-mail> --name "<họ tên>"
                       Mời thêm một quản trị viên cho đơn vị.
  create-system-admin  --email <e-mail> --name "<họ tên>"
                       Mời một quản trị hệ thống (quản lý mọi đơn vị, không thuộc đơn vị nào).
  list-units           Liệt kê các đơn vị và quản trị viên của từng đơn vị.

Ví dụ:
  npm run -s admin -- create-unit --stack DialogueFollowup-prod --id xa-an-binh --code AN-BINH \\
    --name "Xã An Bình" --admin-email lan.nt@anbinh.gov.vn --admin-name "Nguyễn Thị Lan"`;

export interface AdminContext {
  deps: TrackerDeps & { identities: IdentityProvider };
  actor: Actor;
  out: (line: string) => void;
}

/** A wrong command line: its message is printed with the usage, exit code 2. */
export class UsageError extends Error {}

const OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
  id: { type: 'string' },
  code: { type: 'string' },
  name: { type: 'string' },
  days: { type: 'string' },
  unit: { type: 'string' },
  email: { type: 'string' },
  'admin-email': { type: 'string' },
  'admin-name': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCommandLine(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
    return { command: positionals[0] ?? '', extra: positionals.slice(1), values };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function valid<T extends z.ZodType>(schema: T, input: unknown, flags: Record<string, string>): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const given = (input ?? {}) as Record<string, unknown>;
  throw new UsageError(
    parsed.error.issues
      .map((i) => {
        const key = String(i.path[0]);
        const missing = i.code === 'invalid_type' && given[key] === undefined;
        return `--${flags[key] ?? key}: ${missing ? 'bắt buộc' : i.message}`;
      })
      .join('\n'),
  );
}

export type Plan =
  | {
      command: 'create-unit';
      unit: z.infer<typeof NewUnitSchema>;
      admin: z.infer<typeof NewAdminSchema> | null;
    }
  | { command: 'add-admin'; unitId: string; admin: z.infer<typeof NewAdminSchema> }
  | { command: 'create-system-admin'; admin: z.infer<typeof NewAdminSchema> }
  | { command: 'list-units' };

/** Checks a command line completely, before anything is asked of AWS. */
export function planCommand(argv: string[]): Plan {
  const { command, values } = parseCommandLine(argv);
  const adminOf = (email: unknown, name: unknown, flags: Record<string, string>) =>
    valid(NewAdminSchema, { email, name }, flags);
  switch (command) {
    case 'create-unit': {
      const unit = valid(
        NewUnitSchema,
        {
          id: values.id,
          code: values.code,
          name: values.name,
          ...(values.days !== undefined ? { defaultAnswerWorkingDays: Number(values.days) } : {}),
        },
        { defaultAnswerWorkingDays: 'days' },
      );
      const wantsAdmin = values['admin-email'] !== undefined || values['admin-name'] !== undefined;
      const admin = wantsAdmin
        ? adminOf(values['admin-email'], values['admin-name'], { email: 'admin-email', name: 'admin-name' })
        : null;
      return { command, unit, admin };
    }
    case 'add-admin':
      if (!values.unit) throw new UsageError('--unit: cần mã đơn vị');
      return { command, unitId: values.unit, admin: adminOf(values.email, values.name, {}) };
    case 'create-system-admin':
      return { command, admin: adminOf(values.email, values.name, {}) };
    case 'list-units':
      return { command };
    default:
      throw new UsageError(command ? `Không có lệnh "${command}".` : 'Thiếu lệnh.');
  }
}

/** Runs a checked command; returns the exit code. */
export async function runPlan(plan: Plan, ctx: AdminContext): Promise<number> {
  const { deps, actor, out } = ctx;
  switch (plan.command) {
    case 'create-unit': {
      const { unit, admin } = plan;
      try {
        await createUnit(deps, unit, actor);
        out(`Đã tạo đơn vị ${unit.name} (mã ${unit.id}, ký hiệu ${unit.code}).`);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const existing = await getUnit(deps, unit.id, actor);
        if (existing.code !== unit.code || existing.name !== unit.name)
          throw new UsageError(
            `Mã ${unit.id} đã là đơn vị "${existing.name}" (ký hiệu ${existing.code}); hãy chọn mã khác.`,
          );
        out(`Đơn vị ${unit.name} (mã ${unit.id}) đã có; giữ nguyên.`);
      }
      if (admin) await inviteAdmin(ctx, unit.id, admin);
      else out('Chưa có quản trị viên: hãy chạy add-admin, hoặc dùng trang Đơn vị.');
      return 0;
    }
    case 'add-admin':
      await getUnit(deps, plan.unitId, actor);
      await inviteAdmin(ctx, plan.unitId, plan.admin);
      return 0;
    case 'create-system-admin':
      await deps.identities.createAccount({
        email: plan.admin.email,
        name: plan.admin.name,
        unitId: null,
        role: 'system',
        departmentId: null,
        disabled: false,
      });
      out(
        `Đã mời ${plan.admin.name} <${plan.admin.email}> làm quản trị hệ thống; thư mời có mật khẩu tạm thời.`,
      );
      return 0;
    case 'list-units':
      for (const unit of await listUnits(deps, actor)) {
        const admins = await listUnitAdmins(deps, unit.id, actor);
        const who = admins.map((a) => `${a.email}${a.disabled ? ' (khóa)' : ''}`).join(', ');
        out(`${unit.id}\t${unit.code}\t${unit.name}\t${who || '(chưa có quản trị viên)'}`);
      }
      return 0;
  }
}

/** Checks and runs one command line (tests). */
export async function runAdminCommand(argv: string[], ctx: AdminContext): Promise<number> {
  return runPlan(planCommand(argv), ctx);
}

async function inviteAdmin(ctx: AdminContext, unitId: string, admin: { email: string; name: string }) {
  try {
    await addUnitAdmin(ctx.deps, unitId, admin, ctx.actor);
    ctx.out(`Đã mời ${admin.name} <${admin.email}> làm quản trị viên; thư mời có mật khẩu tạm thời.`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const admins = await listUnitAdmins(ctx.deps, unitId, ctx.actor);
    if (!admins.some((a) => a.email === admin.email)) throw new UsageError(error.message);
    ctx.out(`${admin.email} đã là quản trị viên của đơn vị; giữ nguyên.`);
  }
}
