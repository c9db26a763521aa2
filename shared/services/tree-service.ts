/**
 * A parent unit's read-only view of its child units (a province's communes): the quarterly and
 * supervision roll-ups, built from each child's quarter aggregate and open-items index (never from every
 * item), and a child unit's items. Who may see which unit is decided by authorizeUnit (permissions.ts).
 */
import type { ListFilters, Page } from '../adapters/dynamodb/recommendation-store.js';
import { todayInVietnam } from '../domain/calendar/index.js';
import { NotFoundError } from '../domain/errors.js';
import { isRecordId } from '../domain/ids.js';
import type { Recommendation, UnitRecord } from '../domain/model.js';
import { authorize, authorizeUnit, type ChildUnitAction } from '../domain/permissions.js';
import {
  overdueOfQuarter,
  type Quarter,
  quarterKey,
  quarterLabel,
  type Totals,
  totalsFrom,
} from '../domain/reports/quarterly-summary.js';
import type { Principal } from '../http/auth.js';
import type { TrackerDeps } from './context.js';

/** Child units read at the same time (a province has about a hundred communes). */
const CONCURRENCY = 8;

async function mapLimit<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return out;
}

/** A child unit of the actor's unit, after the gate: another unit (sibling, other province) is not found. */
export async function requireChildUnit(
  deps: TrackerDeps,
  actor: Principal,
  unitId: string,
  action: ChildUnitAction,
): Promise<UnitRecord> {
  authorize(actor, action);
  const unit = await deps.units.getUnit(unitId);
  authorizeUnit(actor, action, unit);
  return unit as UnitRecord;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** resolvedOnTime / resolved, 4 decimals; null when nothing was resolved. */
export function onTimeRate(totals: Pick<Totals, 'resolvedOnTime' | 'resolvedLate'>): number | null {
  const resolved = totals.resolvedOnTime + totals.resolvedLate;
  return resolved === 0 ? null : round4(totals.resolvedOnTime / resolved);
}

function sumTotals(rows: readonly Totals[]): Totals {
  const sum = totalsFrom({}, 0);
  for (const row of rows) for (const k of Object.keys(sum) as (keyof Totals)[]) sum[k] += row[k];
  return sum;
}

export interface UnitQuarterRow {
  rank: number;
  unitId: string;
  name: string;
  totals: Totals;
  onTimeRate: number | null;
}

export interface QuarterlyRollup {
  kind: 'quarterly-units';
  unit: { id: string; name: string };
  quarter: string;
  label: string;
  asOf: string;
  units: UnitQuarterRow[];
  /** The sum of the units' totals (onTimeRate of the sum). */
  totals: Totals;
  onTimeRate: number | null;
}

/** Ranked: best on-time rate first (none resolved last), then fewest overdue, then by name. */
function rankQuarter(rows: Omit<UnitQuarterRow, 'rank'>[]): UnitQuarterRow[] {
  return rows
    .sort(
      (a, b) =>
        (b.onTimeRate ?? -1) - (a.onTimeRate ?? -1) ||
        a.totals.overdue - b.totals.overdue ||
        a.name.localeCompare(b.name, 'vi'),
    )
    .map((row, i) => ({ rank: i + 1, ...row }));
}

/** One unit's totals of a quarter: its aggregate, and its open items overdue today. */
async function quarterRow(
  deps: TrackerDeps,
  unit: { id: string; name: string },
  key: string,
  today: string,
): Promise<Omit<UnitQuarterRow, 'rank'>> {
  const [counters, open] = await Promise.all([
    deps.recommendations.aggregate(unit.id, key),
    deps.recommendations.openByDueDate(unit.id, { before: today }),
  ]);
  const totals = totalsFrom(counters, overdueOfQuarter(open, key, today).length);
  return { unitId: unit.id, name: unit.name, totals, onTimeRate: onTimeRate(totals) };
}

/** One child unit's figures of a quarter (its own page under the roll-up). */
export async function childQuarterFigures(
  deps: TrackerDeps,
  actor: Principal,
  childId: string,
  quarter: Quarter,
): Promise<{ unit: UnitRecord; label: string; row: Omit<UnitQuarterRow, 'rank'> }> {
  const unit = await requireChildUnit(deps, actor, childId, 'childUnits.quarterly');
  const today = todayInVietnam(deps.clock.now());
  return {
    unit,
    label: quarterLabel(quarter),
    row: await quarterRow(deps, unit, quarterKey(quarter), today),
  };
}

/** The quarter's figures of each child unit of the actor's unit, and their sum. */
export async function childQuarterlyRollup(
  deps: TrackerDeps,
  actor: Principal,
  quarter: Quarter,
): Promise<QuarterlyRollup> {
  authorize(actor, 'childUnits.quarterly');
  const today = todayInVietnam(deps.clock.now());
  const key = quarterKey(quarter);
  const [own, children] = await Promise.all([
    deps.units.getUnit(actor.unitId),
    deps.units.listChildren(actor.unitId),
  ]);
  const rows = await mapLimit(children, (child) => quarterRow(deps, child, key, today));
  const totals = sumTotals(rows.map((r) => r.totals));
  return {
    kind: 'quarterly-units',
    unit: { id: actor.unitId, name: own?.name ?? actor.unitId },
    quarter: key,
    label: quarterLabel(quarter),
    asOf: today,
    units: rankQuarter(rows),
    totals,
    onTimeRate: onTimeRate(totals),
  };
}

export interface SupervisionCounts {
  overdue: number;
  awaitingReview: number;
  forwardedWithoutAnswer: number;
}

export interface UnitSupervisionRow extends SupervisionCounts {
  rank: number;
  unitId: string;
  name: string;
  /** Overdue items per lead department of the unit, most first. */
  departments: { departmentId: string; name: string; overdue: number }[];
}

export interface SupervisionRollup {
  kind: 'supervision-units';
  unit: { id: string; name: string };
  today: string;
  units: UnitSupervisionRow[];
  totals: SupervisionCounts;
}

function overdueByDepartment(
  overdue: readonly Recommendation[],
  names: ReadonlyMap<string, string>,
): UnitSupervisionRow['departments'] {
  const counts = new Map<string, number>();
  for (const r of overdue) counts.set(r.departmentId ?? '', (counts.get(r.departmentId ?? '') ?? 0) + 1);
  return [...counts]
    .map(([departmentId, n]) => ({
      departmentId,
      name: names.get(departmentId) ?? (departmentId || 'Chưa giao'),
      overdue: n,
    }))
    .sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'vi'));
}

/** Today's overdue items (per unit and per department), items awaiting review and forwarded unanswered. */
export async function childSupervisionRollup(
  deps: TrackerDeps,
  actor: Principal,
): Promise<SupervisionRollup> {
  authorize(actor, 'childUnits.supervision');
  const today = todayInVietnam(deps.clock.now());
  const [own, children] = await Promise.all([
    deps.units.getUnit(actor.unitId),
    deps.units.listChildren(actor.unitId),
  ]);
  const rows = await mapLimit(children, async (child) => {
    const [overdue, review, forwarded, departments] = await Promise.all([
      deps.recommendations.openByDueDate(child.id, { before: today }),
      deps.recommendations.awaitingReview(child.id),
      deps.recommendations.forwardedWithoutAnswer(child.id),
      deps.units.listDepartments(child.id),
    ]);
    return {
      unitId: child.id,
      name: child.name,
      overdue: overdue.length,
      awaitingReview: review.length,
      forwardedWithoutAnswer: forwarded.length,
      departments: overdueByDepartment(overdue, new Map(departments.map((d) => [d.id, d.name]))),
    };
  });
  const ranked = rows
    .sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'vi'))
    .map((row, i) => ({ rank: i + 1, ...row }));
  const sum = (k: keyof SupervisionCounts) => rows.reduce((s, r) => s + r[k], 0);
  return {
    kind: 'supervision-units',
    unit: { id: actor.unitId, name: own?.name ?? actor.unitId },
    today,
    units: ranked,
    totals: {
      overdue: sum('overdue'),
      awaitingReview: sum('awaitingReview'),
      forwardedWithoutAnswer: sum('forwardedWithoutAnswer'),
    },
  };
}

/**
 * The unit a list request reads: the caller's own, or a child unit named by `unitId` (read-only; throws
 * ForbiddenError/NotFoundError unless the caller may read that child unit's items).
 */
export async function listedUnit(deps: TrackerDeps, actor: Principal, unitId?: string): Promise<string> {
  if (unitId === undefined || unitId === actor.unitId) return actor.unitId;
  await requireChildUnit(deps, actor, unitId, 'childUnits.recommendations');
  return unitId;
}

/** A page of a child unit's items (read-only: every item of the unit, as its own Front sees them). */
export async function listChildRecommendations(
  deps: TrackerDeps,
  actor: Principal,
  childId: string,
  filters: ListFilters,
  limit: number,
  cursor?: string,
): Promise<{ unit: UnitRecord; page: Page<Recommendation> }> {
  const unit = await requireChildUnit(deps, actor, childId, 'childUnits.recommendations');
  return { unit, page: await deps.recommendations.list(childId, filters, limit, cursor) };
}

/** One item of a child unit (read-only), with its history. */
export async function childRecommendation(
  deps: TrackerDeps,
  actor: Principal,
  childId: string,
  id: string,
): Promise<{ unit: UnitRecord; item: Recommendation }> {
  const unit = await requireChildUnit(deps, actor, childId, 'childUnits.recommendations');
  const item = isRecordId(id) ? await deps.recommendations.get(childId, id) : undefined;
  if (!item) throw new NotFoundError('kiến nghị');
  return { unit, item };
}
