/** Who receives each report by email: listed by the office, kept by the admin. */
import type { Recipient, ReportKind } from '../adapters/dynamodb/report-store.js';
import { NotFoundError } from '../domain/errors.js';
import type { Actor } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { TrackerDeps } from './context.js';
import { normalizeEmail } from './mail-event-service.js';
import { reportStore } from './report-service.js';

export async function listRecipients(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  kind?: ReportKind,
): Promise<Recipient[]> {
  authorize(actor, 'recipients.read');
  return reportStore(deps).recipients(unitId, kind);
}

/** Adds or updates a recipient; saving one that bounced marks it active again (the admin checked it). */
export async function saveRecipient(
  deps: TrackerDeps,
  unitId: string,
  input: { kind: ReportKind; email: string; name?: string | null },
  actor: Actor,
): Promise<{ recipient: Recipient; created: boolean }> {
  authorize(actor, 'recipients.update');
  const store = reportStore(deps);
  const email = normalizeEmail(input.email);
  const before = (await store.getRecipient(unitId, input.kind, email)) ?? null;
  const recipient: Recipient = {
    kind: input.kind,
    email,
    name: input.name?.trim() || null,
    status: 'active',
    statusAt: null,
    statusDetail: null,
  };
  await store.putRecipient(unitId, recipient, before, actor, deps.clock.now());
  return { recipient, created: before === null };
}

export async function removeRecipient(
  deps: TrackerDeps,
  unitId: string,
  kind: ReportKind,
  email: string,
  actor: Actor,
): Promise<void> {
  authorize(actor, 'recipients.update');
  const store = reportStore(deps);
  const before = await store.getRecipient(unitId, kind, normalizeEmail(email));
  if (!before) throw new NotFoundError('người nhận');
  await store.deleteRecipient(unitId, before, actor, deps.clock.now());
}

/** Example recipients of the demo unit, so that a send works out of the box (locally: the outbox). */
export const DEMO_RECIPIENTS: { kind: ReportKind; email: string; name: string }[] = [
  { kind: 'supervision', email: 'mttq@demo.example', name: 'Ủy ban MTTQ phường' },
  { kind: 'supervision', email: 'vanphong@demo.example', name: 'Văn phòng Đảng ủy' },
  { kind: 'quarterly', email: 'bantv.dangu@demo.example', name: 'Ban Thường vụ Đảng ủy' },
  { kind: 'quarterly', email: 'vanphong@demo.example', name: 'Văn phòng Đảng ủy' },
];

const SEED_ACTOR: Actor = { sub: 'seed', name: 'Dữ liệu mẫu', roles: ['admin'], departmentId: null };

/** Idempotent: adds the example recipients the unit does not have yet. */
export async function seedDemoRecipients(deps: TrackerDeps, unitId: string): Promise<Recipient[]> {
  const existing = new Set(
    (await listRecipients(deps, unitId, SEED_ACTOR)).map((r) => `${r.kind}#${r.email}`),
  );
  for (const r of DEMO_RECIPIENTS) {
    if (!existing.has(`${r.kind}#${r.email}`)) await saveRecipient(deps, unitId, r, SEED_ACTOR);
  }
  return listRecipients(deps, unitId, SEED_ACTOR);
}
