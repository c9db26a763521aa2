/**
 * E-mail notices of item changes, queued in the durable outbox (shared/services/mail-outbox/enqueue.ts)
 * in the SAME transaction as the change that causes them — so a committed change always has its notice,
 * sent once (the outbox's lease), retried, visible when it fails; a change that failed has none:
 *
 * - assignment: one mail per department per request (a create, an import, a batch assignment, one
 *   change), listing the items it now leads and, in a second section, those it now cooperates on;
 * - reopened, due date changed: the lead department at once;
 * - answers awaiting the Front's review: a mark per answer, gathered into one digest per working day
 *   (review-digest.ts).
 *
 * Each kind can be turned off per unit (notice-settings.ts). Departments without an e-mail address get
 * nothing (a WARN log).
 */

import { keys } from '../adapters/dynamodb/keys.js';
import type { TxEntry } from '../adapters/dynamodb/table.js';
import type { Department, Recommendation } from '../domain/model.js';
import type { NoticeItem, RenderedNotice } from '../domain/notifications/messages.js';
import type { TrackerDeps } from './context.js';
import { enqueueMail } from './mail-outbox/enqueue.js';
import { sendsNotice } from './notice-settings.js';
import { itemLink } from './report-service.js';

// The mail templates (and the report HTML helpers they use) load when a request first sends a notice.
const messages = () => import('../domain/notifications/messages.js');

export interface NoticeChange {
  before: Recommendation | null;
  after: Recommendation;
}

/** What the notices of one request read once: the unit's name and its departments. */
export interface NoticeContext {
  unitName: string;
  departments: ReadonlyMap<string, Department>;
}

export async function noticeContext(
  deps: TrackerDeps,
  unitId: string,
  preloaded: { unitName?: string | undefined; departments?: readonly Department[] | undefined } = {},
): Promise<NoticeContext> {
  const [unit, departments] = await Promise.all([
    preloaded.unitName !== undefined ? { name: preloaded.unitName } : deps.units.getUnit(unitId),
    preloaded.departments?.length ? preloaded.departments : deps.units.listDepartments(unitId),
  ]);
  return { unitName: unit?.name ?? unitId, departments: new Map(departments.map((d) => [d.id, d])) };
}

const baseUrl = (deps: TrackerDeps) => deps.settings.publicBaseUrl.replace(/\/+$/, '');

const noticeItem = (deps: TrackerDeps, rec: Recommendation): NoticeItem => ({
  id: rec.id,
  ref: rec.ref,
  content: rec.content,
  dueDate: rec.dueDate,
  link: itemLink(deps, rec.id),
});

function mail(
  deps: TrackerDeps,
  unitId: string,
  department: Department,
  id: string,
  kind: string,
  notice: RenderedNotice,
  about: Record<string, string | number | boolean | null>,
): TxEntry[] {
  if (department.emails.length === 0) {
    console.warn(
      JSON.stringify({
        level: 'WARN',
        message: 'notice not sent: no e-mail address',
        unitId,
        departmentId: department.id,
        kind,
      }),
    );
    return [];
  }
  return [
    enqueueMail(
      deps.table,
      {
        unitId,
        id,
        kind,
        about: { departmentId: department.id, ...about },
        to: department.emails,
        ...notice,
      },
      deps.clock.now(),
    ),
  ];
}

const awaiting = (r: Recommendation | null) => r?.status === 'assigned';

/** Departments the change makes lead, or cooperating, of an item awaiting an answer (not a reopen). */
export function newlyGiven(change: NoticeChange): { lead: string | null; cooperating: string[] } {
  const { before, after } = change;
  if (!awaiting(after)) return { lead: null, cooperating: [] };
  const had = awaiting(before) ? before : null;
  const lead = after.departmentId && after.departmentId !== had?.departmentId ? after.departmentId : null;
  const cooperating = after.cooperatingDepartmentIds.filter(
    (id) => id !== after.departmentId && !had?.cooperatingDepartmentIds.includes(id),
  );
  return { lead, cooperating };
}

/**
 * The assignment notices of one request: per department, the items it now leads and those it now
 * cooperates on. `requestId` makes the mail ids (one per department), the same for every retry of the
 * request's transaction.
 */
export async function assignmentNotices(
  deps: TrackerDeps,
  unitId: string,
  changes: readonly NoticeChange[],
  requestId: string,
  /** What the caller has already read (the unit's name, its departments), or how to read it once. */
  preloaded: Parameters<typeof noticeContext>[2] | (() => Promise<NoticeContext>) = {},
): Promise<TxEntry[]> {
  const given = changes.map((c) => ({ rec: c.after, ...newlyGiven(c) }));
  if (!given.some((g) => g.lead || g.cooperating.length)) return [];
  if (!(await sendsNotice(deps, unitId, 'assignment'))) return [];
  const ctx =
    typeof preloaded === 'function' ? await preloaded() : await noticeContext(deps, unitId, preloaded);
  const byDepartment = new Map<string, { lead: Recommendation[]; cooperating: Recommendation[] }>();
  const of = (id: string) => {
    let entry = byDepartment.get(id);
    if (!entry) {
      entry = { lead: [], cooperating: [] };
      byDepartment.set(id, entry);
    }
    return entry;
  };
  for (const g of given) {
    if (g.lead) of(g.lead).lead.push(g.rec);
    for (const id of g.cooperating) of(id).cooperating.push(g.rec);
  }
  const byRef = (a: Recommendation, b: Recommendation) => a.ref.localeCompare(b.ref);
  const { assignmentNotice } = await messages();
  return [...byDepartment].flatMap(([departmentId, items]) => {
    const department = ctx.departments.get(departmentId);
    if (!department) return [];
    const notice = assignmentNotice({
      unitName: ctx.unitName,
      departmentName: department.name,
      lead: items.lead.sort(byRef).map((r) => noticeItem(deps, r)),
      cooperating: items.cooperating.sort(byRef).map((r) => ({
        ...noticeItem(deps, r),
        leadName: ctx.departments.get(r.departmentId ?? '')?.name ?? r.departmentId ?? '',
      })),
      listLink: `${baseUrl(deps)}/inbox`,
    });
    return mail(deps, unitId, department, `assign.${requestId}.${departmentId}`, 'assignment', notice, {
      lead: items.lead.length,
      cooperating: items.cooperating.length,
    });
  });
}

/**
 * The notices of one item's change, for its own transaction: a reopen or a due-date change to the lead
 * department at once, a department newly given the item, and the mark of an answer for the Front's
 * daily digest.
 */
export async function changeNotices(
  deps: TrackerDeps,
  unitId: string,
  change: { before: Recommendation; after: Recommendation; action: string; reason: string | null },
  preloaded: Parameters<typeof noticeContext>[2] = {},
): Promise<TxEntry[]> {
  const { before, after, action, reason } = change;
  const entries: TxEntry[] = [];
  const version = `${after.id}.v${after.version}`;
  let loaded: Promise<NoticeContext> | undefined;
  const context = () => {
    loaded ??= noticeContext(deps, unitId, preloaded);
    return loaded;
  };
  if (action === 'resolved' && (await sendsNotice(deps, unitId, 'reviewDigest'))) {
    entries.push({
      write: deps.table.put({
        ...keys.reviewDigestMark(unitId, after.id),
        type: 'REVIEW_DIGEST_MARK',
        recommendationId: after.id,
        at: deps.clock.now().toISOString(),
      }),
    });
  }
  const lead = after.departmentId;
  if (action === 'reopened') {
    if (!lead || !(await sendsNotice(deps, unitId, 'reopened'))) return entries;
    const ctx = await context();
    const department = ctx.departments.get(lead);
    if (!department) return entries;
    const notice = (await messages()).reopenedNotice({
      unitName: ctx.unitName,
      departmentName: department.name,
      item: noticeItem(deps, after),
      reason,
    });
    return [
      ...entries,
      ...mail(deps, unitId, department, `reopen.${version}`, 'reopened', notice, {
        recommendationId: after.id,
      }),
    ];
  }
  const assignment = await assignmentNotices(deps, unitId, [{ before, after }], version, context);
  entries.push(...assignment);
  const dueChanged =
    awaiting(before) && awaiting(after) && before.departmentId === lead && before.dueDate !== after.dueDate;
  if (lead && dueChanged && (await sendsNotice(deps, unitId, 'dueDateChanged'))) {
    const ctx = await context();
    const department = ctx.departments.get(lead);
    if (department) {
      const notice = (await messages()).dueDateChangedNotice({
        unitName: ctx.unitName,
        departmentName: department.name,
        item: noticeItem(deps, after),
        previousDueDate: before.dueDate,
        reason,
      });
      entries.push(
        ...mail(deps, unitId, department, `due.${version}`, 'due-date-changed', notice, {
          recommendationId: after.id,
        }),
      );
    }
  }
  return entries;
}
