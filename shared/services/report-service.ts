/**
 * Reports: the supervision report (Front committee) and the quarterly summary (standing committee),
 * their recipients, and sending them by email with every send recorded and retried until delivered.
 *
 * Cost in proportion to what a report shows:
 * - quarterly summary: the unit record, two aggregate items (this quarter and the previous), the unit's
 *   overdue items (openByDueDate index, dueDate < today), the departments and the quarter's repeat
 *   links (plus one read per repeated item for its current status). Never every item of the unit.
 * - supervision report: the open items (openByDueDate index, all of it: overdue, due soon and reopened
 *   items are all in it), and the resolved and unanswered forwarded items from their own partitions of
 *   the same sparse index. Never every item of the unit.
 */
import { randomUUID } from 'node:crypto';
import {
  type Recipient,
  type ReportKind,
  ReportStore,
  type SendRecord,
} from '../adapters/dynamodb/report-store.js';
import { todayInVietnam } from '../domain/calendar/index.js';
import { ValidationError } from '../domain/errors.js';
import { type Actor, type IsoDate, quarterOf } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { Mailer, MailMessage } from '../domain/ports.js';
import {
  buildQuarterlySummary,
  parseQuarter,
  previousQuarter,
  type Quarter,
  type QuarterlySummary,
  quarterBounds,
  quarterKey,
  type RepeatEntry,
} from '../domain/reports/quarterly-summary.js';
import { buildSupervisionReport, type SupervisionReport } from '../domain/reports/supervision-report.js';
import type { TrackerDeps } from './context.js';
import type { RenderedReport, ReportFormat } from './report-render.js';

export type { Recipient, ReportKind, SendRecord };

/** What the report service needs: the tracker's stores and a mailer. */
export interface ReportDeps extends TrackerDeps {
  mailer: Mailer;
}

export const reportStore = (deps: Pick<TrackerDeps, 'table'>) => new ReportStore(deps.table);

/** Link to an item's page in the web app. */
export function itemLink(deps: Pick<TrackerDeps, 'settings'>, id: string): string {
  return `${deps.settings.publicBaseUrl.replace(/\/+$/, '')}/items/${encodeURIComponent(id)}`;
}

async function unitOf(deps: TrackerDeps, unitId: string): Promise<{ id: string; name: string }> {
  const unit = await deps.units.getUnit(unitId);
  return { id: unitId, name: unit?.name ?? unitId };
}

// ── building the reports ──────────────────────────────────────────────────────

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const dateInVietnam = (iso: string): IsoDate =>
  new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);

/** The supervision report as of now; "since" defaults to the date of the last delivered one. */
export async function supervisionReport(
  deps: TrackerDeps,
  unitId: string,
  options: { since?: IsoDate | null } = {},
): Promise<SupervisionReport> {
  const store = reportStore(deps);
  const now = deps.clock.now();
  const today = todayInVietnam(now);
  const [unit, calendar, departments, open, followUp, last] = await Promise.all([
    unitOf(deps, unitId),
    deps.calendarFor(unitId),
    deps.units.listDepartments(unitId),
    deps.recommendations.openByDueDate(unitId, { before: '9999' }),
    Promise.all([
      deps.recommendations.awaitingReview(unitId),
      deps.recommendations.forwardedWithoutAnswer(unitId),
    ]).then(([review, forwarded]) => [...review, ...forwarded]),
    options.since === undefined ? store.lastSent(unitId, 'supervision') : Promise.resolve(undefined),
  ]);
  const since = options.since !== undefined ? options.since : last ? dateInVietnam(last.sentAt) : null;
  return buildSupervisionReport({
    unit,
    now,
    today,
    since,
    calendar,
    departments,
    open,
    resolved: followUp.filter((r) => r.status === 'resolved'),
    forwarded: followUp.filter((r) => r.status === 'forwarded'),
    link: (id) => itemLink(deps, id),
  });
}

/** The quarterly summary of a quarter, from its aggregates and the overdue index. */
export async function quarterlySummary(
  deps: TrackerDeps,
  unitId: string,
  quarter: Quarter,
): Promise<QuarterlySummary> {
  const store = reportStore(deps);
  const now = deps.clock.now();
  const today = todayInVietnam(now);
  const key = quarterKey(quarter);
  const [unit, counters, previousCounters, overdue, departments, links] = await Promise.all([
    unitOf(deps, unitId),
    deps.recommendations.aggregate(unitId, key),
    deps.recommendations.aggregate(unitId, quarterKey(previousQuarter(quarter))),
    deps.recommendations.openByDueDate(unitId, { before: today }),
    deps.units.listDepartments(unitId),
    store.repeatLinks(unitId, key),
  ]);
  const current = await Promise.all(links.map((l) => deps.recommendations.get(unitId, l.id)));
  const repeats: RepeatEntry[] = links.flatMap((l, i) => {
    const rec = current[i];
    // A link whose item no longer says so (unlinked) or was removed is left out.
    if (!rec || rec.repeatOf !== l.repeatOfRef) return [];
    return [
      {
        id: l.id,
        ref: l.ref,
        content: rec.content,
        status: rec.status,
        repeatOfRef: l.repeatOfRef,
        repeatOfContent: l.repeatOfContent,
        timesRaised: l.timesRaised,
        link: itemLink(deps, l.id),
      },
    ];
  });
  return buildQuarterlySummary({
    unit,
    quarter,
    now,
    today,
    counters,
    previousCounters,
    overdue,
    departments,
    repeats,
  });
}

/** The supervision report, for a user who may read it (the Front, the office). */
export async function readSupervisionReport(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  options: { since?: IsoDate | null } = {},
): Promise<SupervisionReport> {
  authorize(actor, 'report.supervision');
  return supervisionReport(deps, unitId, options);
}

/** The quarterly summary, for a user who may read it (the standing committee, the Front, the office). */
export async function readQuarterlySummary(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  quarter: Quarter,
): Promise<QuarterlySummary> {
  authorize(actor, 'report.quarterly');
  return quarterlySummary(deps, unitId, quarter);
}

export type { RenderedReport, ReportFormat };

/** Report rendering (HTML, XLSX, CSV) is loaded when a report is first rendered, not at start-up. */
const rendering = () => import('./report-render.js');

export async function renderReport(
  report: SupervisionReport | QuarterlySummary,
  format: Exclude<ReportFormat, 'json'>,
): Promise<RenderedReport> {
  return (await rendering()).renderReport(report, format);
}

/** The email of a report: HTML body, text alternative, the XLSX attached. */
export async function reportMessage(
  report: SupervisionReport | QuarterlySummary,
  to: string[],
): Promise<MailMessage> {
  return (await rendering()).reportMessage(report, to);
}

// ── sending ───────────────────────────────────────────────────────────────────

export interface SendOptions {
  /** Attempts within one run (default 3). */
  attempts?: number;
  /** Delay before the 2nd attempt; doubled each time (default 500 ms). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A send left in 'sending' longer than this (a crashed run) is taken over by the next run. */
export const SENDING_LEASE_MS = 15 * 60 * 1000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function periodOf(kind: ReportKind, today: IsoDate, quarter?: Quarter): string {
  return kind === 'supervision' ? today : quarterKey(quarter ?? (parseQuarter(quarterOf(today)) as Quarter));
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
}

async function buildFor(deps: ReportDeps, record: SendRecord): Promise<SupervisionReport | QuarterlySummary> {
  if (record.kind === 'supervision') return supervisionReport(deps, record.unitId);
  const quarter = parseQuarter(record.period);
  if (!quarter) throw new Error(`bad quarter ${record.period}`);
  return quarterlySummary(deps, record.unitId, quarter);
}

/**
 * Delivers a send that is in state 'sending': current recipients (bounced or complained addresses
 * left out), the report rebuilt now, a few attempts with exponential backoff. Records the outcome.
 */
async function deliver(deps: ReportDeps, record: SendRecord, options: SendOptions): Promise<SendRecord> {
  const store = reportStore(deps);
  const attempts = Math.max(1, options.attempts ?? 3);
  const base = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const recipients = await store.recipients(record.unitId, record.kind);
  const to = recipients.filter((r) => r.status === 'active').map((r) => r.email);
  const skipped = recipients.filter((r) => r.status !== 'active').map((r) => r.email);
  const finish = async (changes: Partial<SendRecord>): Promise<SendRecord> => {
    const after: SendRecord = {
      ...record,
      recipients: to,
      skippedRecipients: skipped,
      ...changes,
      updatedAt: deps.clock.now().toISOString(),
      version: record.version + 1,
    };
    if (await store.saveSend(record, after)) return after;
    return (await store.getSend(record.unitId, record.id)) ?? after;
  };
  if (to.length === 0) {
    return finish({
      outcome: 'skipped',
      lastError: skipped.length
        ? 'Mọi địa chỉ nhận đều bị trả lại hoặc đã khiếu nại; cần quản trị viên kiểm tra danh sách người nhận'
        : 'Chưa có người nhận cho loại báo cáo này',
    });
  }
  let message: MailMessage;
  try {
    message = await reportMessage(await buildFor(deps, record), to);
  } catch (error) {
    return finish({
      outcome: 'failed',
      attempts: record.attempts + 1,
      lastError: `Không lập được báo cáo: ${errorText(error)}`,
    });
  }
  let lastError = record.lastError;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) await sleep(base * 2 ** (i - 1));
    try {
      const { messageId } = await deps.mailer.send(message);
      return finish({
        outcome: 'sent',
        attempts: record.attempts + i + 1,
        messageId,
        subject: message.subject,
        sentAt: deps.clock.now().toISOString(),
        lastError,
      });
    } catch (error) {
      lastError = errorText(error);
    }
  }
  return finish({
    outcome: 'failed',
    attempts: record.attempts + attempts,
    subject: message.subject,
    lastError,
  });
}

export interface SendRequest {
  kind: ReportKind;
  /** Quarterly: the quarter to send (default: the current one). */
  quarter?: Quarter;
  trigger: 'manual' | 'schedule';
  actor?: Pick<Actor, 'sub'> | null;
  /**
   * The date of the scheduled run (default: today in Vietnam): a run's job handled after midnight still
   * claims that day's period, so each report goes once.
   */
  today?: IsoDate;
}

/**
 * Records a new send and delivers it. A scheduled send claims its kind and period first: a duplicate
 * invocation returns null and sends nothing.
 */
export async function sendReport(
  deps: ReportDeps,
  unitId: string,
  request: SendRequest,
  options: SendOptions = {},
): Promise<SendRecord | null> {
  const store = reportStore(deps);
  const now = deps.clock.now();
  const iso = now.toISOString();
  const record: SendRecord = {
    id: `${iso.replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`,
    unitId,
    kind: request.kind,
    period: periodOf(request.kind, request.today ?? todayInVietnam(now), request.quarter),
    trigger: request.trigger,
    requestedBy: request.actor?.sub ?? null,
    recipients: [],
    skippedRecipients: [],
    subject: null,
    messageId: null,
    outcome: 'sending',
    attempts: 0,
    lastError: null,
    createdAt: iso,
    updatedAt: iso,
    sentAt: null,
    version: 1,
  };
  if (!(await store.createSend(record, request.trigger === 'schedule'))) return null;
  return deliver(deps, record, options);
}

/** A user asks for a report to be emailed now (recorded like a scheduled send). */
export async function sendReportNow(
  deps: ReportDeps,
  unitId: string,
  actor: Actor,
  request: { kind: ReportKind; quarter?: Quarter },
): Promise<SendRecord | null> {
  authorize(actor, 'report.send');
  return sendReport(deps, unitId, { ...request, trigger: 'manual', actor });
}

/** The unit's report sends, newest first. */
export async function listReportSends(
  deps: TrackerDeps,
  unitId: string,
  actor: Actor,
  limit: number,
  kind?: ReportKind,
): Promise<SendRecord[]> {
  authorize(actor, 'report.sends');
  return reportStore(deps).listSends(unitId, limit, kind);
}

/**
 * Retries every send of the unit not delivered yet (failed, or left 'sending' by a crashed run),
 * oldest first. A supervision send older than the last delivered supervision report is marked
 * 'superseded' (the newer report already told the Front the current state); quarterly sends are
 * retried until delivered.
 */
export async function retryPendingSends(
  deps: ReportDeps,
  unitId: string,
  options: SendOptions = {},
): Promise<SendRecord[]> {
  const store = reportStore(deps);
  const out: SendRecord[] = [];
  for (const record of await store.pendingSends(unitId)) {
    const now = deps.clock.now();
    if (record.outcome === 'sending' && now.getTime() - Date.parse(record.updatedAt) < SENDING_LEASE_MS)
      continue;
    const lease: SendRecord = {
      ...record,
      outcome: 'sending',
      updatedAt: now.toISOString(),
      version: record.version + 1,
    };
    if (record.kind === 'supervision') {
      const last = await store.lastSent(unitId, 'supervision');
      if (last && last.sentAt > record.createdAt) {
        const superseded: SendRecord = { ...lease, outcome: 'superseded', lastError: record.lastError };
        if (await store.saveSend(record, superseded)) out.push(superseded);
        continue;
      }
    }
    if (!(await store.saveSend(record, lease))) continue; // another run took it
    out.push(await deliver(deps, lease, options));
  }
  return out;
}

// ── SES events (in mail-event-service.ts, so the ses-events function stays small) ──

export { type MailEventResult, recordMailEvent } from './mail-event-service.js';

/**
 * The quarter asked for (year and quarter together), or the current one; a quarter that has not begun
 * yet has nothing to report and is refused. `where` names the fields in errors ('query' or 'body').
 */
export function requireQuarter(
  year: number | undefined,
  quarter: number | undefined,
  today: IsoDate,
  where: 'query' | 'body' = 'query',
): Quarter {
  if (year === undefined && quarter === undefined) return parseQuarter(quarterOf(today)) as Quarter;
  if (year === undefined || quarter === undefined) {
    throw new ValidationError([
      { field: `${where}.${year === undefined ? 'year' : 'quarter'}`, message: 'Cần cả năm và quý' },
    ]);
  }
  const q = { year, quarter: quarter as Quarter['quarter'] };
  if (quarterBounds(q).from > today) {
    throw new ValidationError([{ field: `${where}.quarter`, message: 'Quý này chưa bắt đầu' }]);
  }
  return q;
}
