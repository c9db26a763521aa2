/**
 * A province's communes (read-only): the quarter's figures of each commune ranked, with their sum; the
 * overdue items per commune and per department; and each commune's own page (its figures and its items).
 * The unit gate (authorizeUnit) is in the services these pages call.
 */
import { type Context, Hono } from 'hono';
import type { Recommendation } from '../../domain/model.js';
import { can } from '../../domain/permissions.js';
import { TOTAL_LABELS, type Totals } from '../../domain/reports/quarterly-summary.js';
import type { AppDeps } from '../../http/env.js';
import {
  childQuarterFigures,
  childQuarterlyRollup,
  childRecommendation,
  childSupervisionRollup,
  listChildRecommendations,
} from '../../services/tree-service.js';
import { excerpt, StatusBadge } from '../components.js';
import { todayOf } from '../data.js';
import { formatDate, STATUS_LABEL } from '../format.js';
import { chromeOf, Layout } from '../layout.js';
import { areaAction } from '../page-actions.js';
import { QuarterPicker, quarterOfRequest, quarterQuery } from '../quarter-picker.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, type WebEnv } from '../session.js';

type Ctx = Context<WebEnv>;

/** The figures shown per commune (the summary's totals, in its order). */
const SHOWN: (keyof Totals)[] = [
  'received',
  'resolvedOnTime',
  'resolvedLate',
  'open',
  'overdue',
  'forwarded',
];

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
async function rollupPage(deps: AppDeps, c: Ctx) {
  const user = c.get('user');
  const today = todayOf(deps);
  const quarter = quarterOfRequest(c, today);
  const showSupervision = can(user, 'childUnits.supervision');
  const [rollup, supervision] = await Promise.all([
    childQuarterlyRollup(deps, user, quarter),
    showSupervision ? childSupervisionRollup(deps, user) : undefined,
  ]);
  const q = quarterQuery(quarter);
  return sendPage(
    c,
    deps,
    <Layout title={`Các xã, phường — ${rollup.label}`} chrome={await chromeOf(c, deps)}>
      <h1>Các xã, phường trực thuộc — {rollup.label}</h1>
      <p class="lead">
        {rollup.units.length} đơn vị; tổng cộng <strong>{rollup.totals.received}</strong> kiến nghị, giải
        quyết đúng hạn <strong>{percent(rollup.onTimeRate)}</strong>, quá hạn{' '}
        <strong>{rollup.totals.overdue}</strong> (đến ngày {formatDate(rollup.asOf)}).
      </p>
      <QuarterPicker action="/communes" quarter={quarter} today={today} />
      {rollup.units.length === 0 ? <p>Đơn vị chưa có xã, phường trực thuộc nào.</p> : null}
      <h2 id="ranking">Xếp hạng theo tỷ lệ giải quyết đúng hạn</h2>
      <table class="stack" aria-labelledby="ranking">
        <thead>
          <tr>
            <th scope="col">Hạng</th>
            <th scope="col">Đơn vị</th>
            <th scope="col">Đúng hạn</th>
            {SHOWN.map((k) => (
              <th scope="col">{TOTAL_LABELS[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rollup.units.map((u) => (
            <tr>
              <td data-label="Hạng">{u.rank}</td>
              <td data-label="Đơn vị">
                <a href={`/communes/${u.unitId}?${q}`}>{u.name}</a>
              </td>
              <td data-label="Đúng hạn">{percent(u.onTimeRate)}</td>
              {SHOWN.map((k) => (
                <td data-label={TOTAL_LABELS[k]}>{u.totals[k]}</td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colspan={2}>
              Cộng {rollup.units.length} đơn vị
            </th>
            <td data-label="Đúng hạn">{percent(rollup.onTimeRate)}</td>
            {SHOWN.map((k) => (
              <td data-label={TOTAL_LABELS[k]}>{rollup.totals[k]}</td>
            ))}
          </tr>
        </tfoot>
      </table>
      {supervision ? (
        <>
          <h2 id="overdue">Quá hạn hôm nay, theo đơn vị và phòng ban</h2>
          <p>
            Tổng cộng <strong>{supervision.totals.overdue}</strong> kiến nghị quá hạn,{' '}
            {supervision.totals.awaitingReview} chờ Mặt trận xem xét,{' '}
            {supervision.totals.forwardedWithoutAnswer} đã chuyển cấp trên chưa có trả lời.
          </p>
          <ul class="cards">
            {supervision.units.map((u) => (
              <li class="card">
                <h3>
                  <a href={`/communes/${u.unitId}?${q}`}>{u.name}</a>: {u.overdue} quá hạn
                </h3>
                {u.departments.length ? (
                  <ul>
                    {u.departments.map((d) => (
                      <li>
                        {d.name}: {d.overdue}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="muted">Không có kiến nghị quá hạn.</p>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </Layout>,
  );
}

async function communePage(deps: AppDeps, c: Ctx, unitId: string) {
  const user = c.get('user');
  const today = todayOf(deps);
  const quarter = quarterOfRequest(c, today);
  const [figures, items] = await Promise.all([
    childQuarterFigures(deps, user, unitId, quarter),
    listChildRecommendations(deps, user, unitId, {}, 200),
  ]);
  const { unit, row } = figures;
  const list = [...items.page.items].sort((a, b) => b.ref.localeCompare(a.ref));
  return sendPage(
    c,
    deps,
    <Layout title={`${unit.name} — ${figures.label}`} chrome={await chromeOf(c, deps)}>
      <p class="muted">
        <a href={`/communes?${quarterQuery(quarter)}`}>‹ Các xã, phường</a>
      </p>
      <h1>
        {unit.name} — {figures.label}
      </h1>
      <QuarterPicker action={`/communes/${unit.id}`} quarter={quarter} today={today} />
      <dl class="facts">
        <dt>Tỷ lệ giải quyết đúng hạn</dt>
        <dd>{percent(row.onTimeRate)}</dd>
        {(Object.keys(TOTAL_LABELS) as (keyof Totals)[]).map((k) => (
          <>
            <dt>{TOTAL_LABELS[k]}</dt>
            <dd>{row.totals[k]}</dd>
          </>
        ))}
      </dl>
      <h2 id="items">Kiến nghị của đơn vị (chỉ xem)</h2>
      {list.length === 0 ? <p>Chưa có kiến nghị nào.</p> : null}
      <ul class="cards" aria-labelledby="items">
        {list.map((rec: Recommendation) => (
          <li class="card">
            <h3>
              <a href={`/communes/${unit.id}/items/${rec.id}`}>{rec.ref}</a> <StatusBadge rec={rec} />
            </h3>
            <p class="content">{excerpt(rec.content, 200)}</p>
            {rec.dueDate ? <p class="meta">Hạn: {formatDate(rec.dueDate)}</p> : null}
          </li>
        ))}
      </ul>
      {items.page.nextCursor ? <p class="muted">Chỉ hiện 200 kiến nghị mới nhất.</p> : null}
    </Layout>,
  );
}

async function communeItemPage(deps: AppDeps, c: Ctx, unitId: string, id: string) {
  const user = c.get('user');
  const { unit, item } = await childRecommendation(deps, user, unitId, id);
  const departments = new Map((await deps.units.listDepartments(unit.id)).map((d) => [d.id, d.name]));
  return sendPage(
    c,
    deps,
    <Layout title={`Kiến nghị ${item.ref}`} chrome={await chromeOf(c, deps)}>
      <p class="muted">
        <a href={`/communes/${unit.id}`}>‹ {unit.name}</a>
      </p>
      <h1>Kiến nghị {item.ref}</h1>
      <p>
        <StatusBadge rec={item} />
      </p>
      <blockquote class="content">{item.content}</blockquote>
      <dl class="facts">
        <dt>Đơn vị</dt>
        <dd>{unit.name}</dd>
        <dt>Trạng thái</dt>
        <dd>{STATUS_LABEL[item.status]}</dd>
        <dt>Đơn vị chủ trì</dt>
        <dd>{item.departmentId ? (departments.get(item.departmentId) ?? item.departmentId) : 'Chưa giao'}</dd>
        <dt>Hạn xử lý</dt>
        <dd>{item.dueDate ? formatDate(item.dueDate) : 'Không có'}</dd>
        <dt>Trả lời</dt>
        <dd>{item.answer ? `${item.answer.text} (${formatDate(item.answer.date)})` : 'Chưa có'}</dd>
      </dl>
    </Layout>,
  );
}

export function communeRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/communes')));
  app.get('/', (c) => rollupPage(deps, c));
  app.get('/:unitId', (c) => communePage(deps, c, c.req.param('unitId')));
  app.get('/:unitId/items/:id', (c) => communeItemPage(deps, c, c.req.param('unitId'), c.req.param('id')));
  app.get('*', unknownPage);
  return app;
}
