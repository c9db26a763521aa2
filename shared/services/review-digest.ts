/**
 * The Front's daily digest (16:30 on working days): the answers given since the last digest that still
 * await its review, in one mail to the unit's supervision recipients (the Front committee) — only when
 * there is something new.
 *
 * Each answer leaves a mark (`DIGESTQ#<id>`) in its own transaction (notices.ts). The digest reads the
 * marks, queues its mail in the outbox and records its date and cut-off (`DIGEST#review`) in one
 * transaction, then removes the marks up to the cut-off; a mark made after the cut-off waits for the next
 * working day. Run twice the same day (a job delivered again, or resumed after a failure), it sends
 * nothing again and only finishes removing the marks it covered.
 */
import { keys, PREFIX } from '../adapters/dynamodb/keys.js';
import { itemToRecommendation } from '../adapters/dynamodb/recommendation-store.js';
import type { Item, TxEntry } from '../adapters/dynamodb/table.js';
import { resolvedLate } from '../domain/lifecycle.js';
import type { IsoDate, Recommendation } from '../domain/model.js';
import type { DigestItem } from '../domain/notifications/messages.js';
import type { TrackerDeps } from './context.js';
import { enqueueMail } from './mail-outbox/enqueue.js';
import { sendsNotice } from './notice-settings.js';
import { itemLink, reportStore } from './report-service.js';

export interface DigestResult {
  /** Why nothing was sent, if nothing was. */
  skipped?: 'not a working day' | 'turned off' | 'nothing new' | 'already sent today' | 'no recipients';
  items: number;
  /** Marks removed. */
  cleared: number;
}

const MAX_WRITES = 100;

async function clearMarks(deps: TrackerDeps, marks: readonly Item[]): Promise<number> {
  for (let i = 0; i < marks.length; i += MAX_WRITES) {
    await deps.table.transact(
      marks
        .slice(i, i + MAX_WRITES)
        .map((m) => ({ write: deps.table.delete({ pk: String(m.pk), sk: String(m.sk) }) })),
    );
  }
  return marks.length;
}

/** The digest of `date` (a working day of the unit's calendar) for one unit. */
export async function sendReviewDigest(
  deps: TrackerDeps,
  unitId: string,
  date: IsoDate,
): Promise<DigestResult> {
  const [calendar, marks, state] = await Promise.all([
    deps.calendarFor(unitId),
    deps.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.reviewDigestMark },
      ConsistentRead: true,
    }),
    deps.table.get(keys.reviewDigestState(unitId), true),
  ]);
  if (state?.date === date) {
    // Already sent today: finish removing what it covered.
    const covered = marks.filter((m) => String(m.at) <= String(state.cutoff));
    return { skipped: 'already sent today', items: 0, cleared: await clearMarks(deps, covered) };
  }
  if (!calendar.isWorkingDay(date)) return { skipped: 'not a working day', items: 0, cleared: 0 };
  if (!(await sendsNotice(deps, unitId, 'reviewDigest')))
    return { skipped: 'turned off', items: 0, cleared: await clearMarks(deps, marks) };
  if (marks.length === 0) return { skipped: 'nothing new', items: 0, cleared: 0 };

  const cutoff = deps.clock.now().toISOString();
  const covered = marks.filter((m) => String(m.at) <= cutoff);
  const items = (
    await deps.table.batchGet(covered.map((m) => keys.recommendation(unitId, String(m.recommendationId))))
  )
    .map(itemToRecommendation)
    // Confirmed or reopened since: nothing left to review.
    .filter((r) => r.status === 'resolved')
    .sort((a, b) => (a.resolvedOn ?? '').localeCompare(b.resolvedOn ?? '') || a.ref.localeCompare(b.ref));
  if (items.length === 0)
    return { skipped: 'nothing new', items: 0, cleared: await clearMarks(deps, covered) };

  const [unit, departments, recipients] = await Promise.all([
    deps.units.getUnit(unitId),
    deps.units.listDepartments(unitId),
    reportStore(deps).recipients(unitId, 'supervision'),
  ]);
  const to = recipients.filter((r) => r.status === 'active').map((r) => r.email);
  if (to.length === 0) {
    console.warn(
      JSON.stringify({ level: 'WARN', message: 'review digest not sent: no recipients', unitId, date }),
    );
    return { skipped: 'no recipients', items: 0, cleared: await clearMarks(deps, covered) };
  }
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const digestItems: DigestItem[] = items.map((r: Recommendation) => ({
    id: r.id,
    ref: r.ref,
    content: r.content,
    dueDate: r.dueDate,
    link: itemLink(deps, r.id),
    departmentName: r.departmentId ? (names.get(r.departmentId) ?? r.departmentId) : '',
    resolvedOn: r.resolvedOn,
    answer: r.answer?.text ?? null,
    late: resolvedLate(r),
  }));
  const { reviewDigestNotice } = await import('../domain/notifications/messages.js');
  const notice = reviewDigestNotice({
    unitName: unit?.name ?? unitId,
    date,
    items: digestItems,
    reviewLink: `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/front`,
  });
  const entries: TxEntry[] = [
    enqueueMail(
      deps.table,
      {
        unitId,
        id: `review-digest.${date}`,
        kind: 'review-digest',
        about: { date, items: items.length },
        to: to.slice(0, 50),
        ...notice,
      },
      deps.clock.now(),
    ),
    { write: deps.table.put({ ...keys.reviewDigestState(unitId), type: 'REVIEW_DIGEST', date, cutoff }) },
  ];
  await deps.table.transact(entries);
  return { items: items.length, cleared: await clearMarks(deps, covered) };
}
