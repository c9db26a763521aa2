import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateLocalKeys,
  type LocalKeys,
  localVerifier,
  signLocalToken,
} from '../../shared/adapters/auth/local-keys.js';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { Table } from '../../shared/adapters/dynamodb/table.js';
import { LocalFileStore } from '../../shared/adapters/files/local-file-store.js';
import { OutboxMailer } from '../../shared/adapters/mail/outbox-mailer.js';
import { buildDeps } from '../../shared/deps.js';
import type { Role } from '../../shared/domain/model.js';
import type { EscalationScheduler, IdentityProvider } from '../../shared/domain/ports.js';
import { createApp } from '../../shared/http/app.js';
import { attachCalendarRescheduling } from '../../shared/services/calendar-reschedule.js';
import type { RecommendationListener } from '../../shared/services/context.js';
import { attachEscalationLazily } from '../../shared/services/escalation/attach-lazily.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';
import { handleUnitJob } from '../../shared/services/unit-work/worker.js';
import { HeldUnitQueue } from './held-queue.js';
import { RecordingScheduler } from './recording-scheduler.js';
import { createTestTable } from './table.js';

let keysPromise: Promise<LocalKeys> | undefined;
/** The key pair every test app trusts (to sign tokens with unusual claims). */
export const testKeys = () => (keysPromise ??= generateLocalKeys());

export type RoleSpec = Exclude<Role, 'department'> | `department:${string}`;

export async function tokenFor(spec: RoleSpec, unitId = 'u1'): Promise<string> {
  const [role, departmentId] = spec.split(':') as [Role, string | undefined];
  return signLocalToken(await testKeys(), {
    sub: `user-${spec}`,
    name: `Người dùng ${spec}`,
    role,
    // A system administrator's token carries no unit.
    unitId: role === 'system' ? null : unitId,
    departmentId: departmentId ?? null,
  });
}

/** The real app on a fresh DynamoDB Local table, with a clock the test controls. */
export async function createTestApp(
  options: {
    now?: string;
    listeners?: RecommendationListener[];
    /** A scheduler, or a factory given its own Table (own meter) on the same table, and the clock. */
    scheduler?: EscalationScheduler | ((ctx: { table: Table; clock: FixedClock }) => EscalationScheduler);
    /** Wires escalation in (planner before saves, listener after); 'lazy': as the API does, loaded by the first write. */
    escalation?: boolean | 'lazy';
    /** People's accounts (default: the local directory, invitations to the outbox). */
    identities?: IdentityProvider;
    /** false: no unit-work queue (what it would take is done in the request). */
    queue?: boolean;
  } = {},
) {
  const { client, tableName } = await createTestTable();
  const clock = new FixedClock(new Date(options.now ?? '2023-10-20T02:00:00Z'));
  const outbox = new OutboxMailer(mkdtempSync(join(tmpdir(), 'outbox-')));
  const files = new LocalFileStore(mkdtempSync(join(tmpdir(), 'files-')), () => clock.now());
  const scheduler =
    typeof options.scheduler === 'function'
      ? options.scheduler({ table: new Table(client, tableName), clock })
      : (options.scheduler ?? new RecordingScheduler());
  const deps = buildDeps({
    client,
    tableName,
    clock,
    verifier: localVerifier(await testKeys()),
    mailer: outbox,
    scheduler,
    files,
    dev: { setClock: (now) => clock.set(now), outbox },
    listeners: options.listeners ?? [],
    ...(options.identities ? { identities: options.identities } : {}),
    web: { signIn: 'local', signLocalToken: async (claims) => signLocalToken(await testKeys(), claims) },
  });
  // The unit-work queue, its jobs held until the test runs them (`queue.run()`: the per-unit worker).
  const queue = new HeldUnitQueue((job) => handleUnitJob(deps, job));
  if (options.queue !== false) deps.queue = queue;
  if (options.escalation === 'lazy') attachEscalationLazily(deps);
  else if (options.escalation) {
    attachEscalation(deps);
    attachCalendarRescheduling(deps);
  }
  const app = createApp(deps);
  const call = async (
    method: string,
    path: string,
    init: {
      as?: RoleSpec;
      unit?: string;
      body?: unknown;
      headers?: Record<string, string>;
      raw?: string | Uint8Array | FormData;
    } = {},
  ) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.as) headers.authorization = `Bearer ${await tokenFor(init.as, init.unit ?? 'u1')}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const res = await app.request(path, {
      method,
      headers,
      ...(init.raw !== undefined
        ? { body: init.raw }
        : init.body !== undefined
          ? { body: JSON.stringify(init.body) }
          : {}),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: test helper returns parsed JSON of any shape
    return { status: res.status, headers: res.headers, body: json as any };
  };
  return { app, deps, clock, call, client, tableName, outbox, scheduler, files, queue };
}

/** A unit with the sample departments and one held dialogue. */
export async function seedUnit(t: Awaited<ReturnType<typeof createTestApp>>, unitId = 'u1') {
  await t.deps.units.putUnit({ id: unitId, code: unitId.toUpperCase(), name: `Phường ${unitId}` });
  const departments = [
    { id: 'dc', name: 'Địa chính - Xây dựng', emails: ['dc@demo.example'] },
    { id: 'vhxh', name: 'Văn hóa - Xã hội', emails: ['vhxh@demo.example'] },
    { id: 'ca', name: 'Công an phường', emails: ['ca@demo.example'] },
  ];
  for (const d of departments) {
    const res = await t.call('POST', '/api/departments', { as: 'admin', unit: unitId, body: d });
    if (res.status !== 201) throw new Error(`seed department: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const dialogue = await t.call('POST', '/api/dialogues', {
    as: 'office',
    unit: unitId,
    body: {
      title: 'Hội nghị đối thoại quý IV',
      heldOn: '2023-10-10',
      location: 'Nhà văn hóa khu phố 6',
      chairs: ['Bí thư Đảng ủy'],
    },
  });
  if (dialogue.status !== 201)
    throw new Error(`seed dialogue: ${dialogue.status} ${JSON.stringify(dialogue.body)}`);
  return { dialogueId: dialogue.body.id as string, departments };
}

/** The departments the sample spreadsheet names beyond the three of `seedUnit`. */
export async function addSampleDepartments(t: Awaited<ReturnType<typeof createTestApp>>, unitId = 'u1') {
  for (const [id, name] of [
    ['chocho', 'Tổ quản lý trật tự chợ'],
    ['thue', 'Đội thuế phường'],
    ['yte', 'Trạm Y tế phường'],
    ['tuphap', 'Tư pháp - Hộ tịch'],
    ['vptk', 'Văn phòng - Thống kê'],
  ]) {
    const res = await t.call('POST', '/api/departments', {
      as: 'admin',
      unit: unitId,
      body: { id, name, emails: [] },
    });
    if (res.status !== 201) throw new Error(`sample department: ${res.status} ${JSON.stringify(res.body)}`);
  }
}
