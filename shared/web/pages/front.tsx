/**
 * The Front committee (Ủy ban MTTQ): overdue items by department, resolved items awaiting its review
 * (confirm, or reopen with a reason and a new due date), and the supervision report.
 */
import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import type { Recommendation } from '../../domain/model.js';
import { can } from '../../domain/permissions.js';
import { supervisionFragment } from '../../domain/reports/render-html.js';
import type { AppDeps } from '../../http/env.js';
import { readSupervisionReport, renderReport } from '../../services/report-service.js';
import { excerpt, LateBadge } from '../components.js';
import { byDueDate, departmentsOf, todayOf } from '../data.js';
import { formatDate } from '../format.js';
import type { FormState } from '../forms.js';
import { chromeOf, Layout } from '../layout.js';
import { areaAction } from '../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, type WebEnv } from '../session.js';
import { SupervisionFigureLinks } from './figure-links.js';
import { reportFragmentForPage } from './report-fragment.js';
import { ReviewForms } from './review-forms.js';

type Ctx = Context<WebEnv>;

export async function frontPage(
  deps: AppDeps,
  c: Ctx,
  forms: { review?: Record<string, FormState> } = {},
  status: 200 | 400 | 403 | 409 | 422 = 200,
) {
  const user = c.get('user');
  const today = todayOf(deps);
  const [overdue, resolved, departments, calendar] = await Promise.all([
    deps.recommendations.openByDueDate(user.unitId, { before: today }),
    deps.recommendations.awaitingReview(user.unitId),
    departmentsOf(deps, user.unitId, user),
    deps.calendarFor(user.unitId),
  ]);
  const groups = new Map<string, Recommendation[]>();
  for (const rec of overdue.sort(byDueDate))
    groups.set(rec.departmentId ?? '', [...(groups.get(rec.departmentId ?? '') ?? []), rec]);
  const sortedGroups = [...groups.entries()].sort(
    (a, b) => b[1].length - a[1].length || departments.name(a[0]).localeCompare(departments.name(b[0]), 'vi'),
  );
  const awaiting = resolved.sort(
    (a, b) => (a.resolvedOn ?? '').localeCompare(b.resolvedOn ?? '') || a.ref.localeCompare(b.ref),
  );
  const canReview = can(user, 'recommendation.review');
  return sendPage(
    c,
    deps,
    <Layout title="Giám sát" chrome={await chromeOf(c, deps)}>
      <h1>Giám sát việc giải quyết kiến nghị</h1>
      <p class="lead">
        Ngày {formatDate(today)}: <strong>{overdue.length}</strong> kiến nghị quá hạn,{' '}
        <strong>{awaiting.length}</strong> kiến nghị chờ Mặt trận xem xét.
      </p>
      <p class="actions">
        <a class="button secondary" href="/front/supervision">
          Xem báo cáo giám sát
        </a>
      </p>

      <h2 id="review">Đã trả lời, chờ Mặt trận xem xét ({awaiting.length})</h2>
      {awaiting.length === 0 ? <p>Không có kiến nghị nào chờ xem xét.</p> : null}
      <ul class="cards">
        {awaiting.map((rec) => (
          <li class="card">
            <h3>
              <a href={`/items/${rec.id}`}>{rec.ref}</a> — {departments.name(rec.departmentId)}
            </h3>
            <p class="content">{excerpt(rec.content, 240)}</p>
            <p class="meta">
              <span>Hạn: {formatDate(rec.dueDate)}</span>
              <span>Trả lời ngày: {formatDate(rec.resolvedOn)}</span>
              {rec.dueDate && rec.resolvedOn && rec.resolvedOn > rec.dueDate ? (
                <span class="badge overdue">Trễ hạn</span>
              ) : (
                <span class="badge ok">Đúng hạn</span>
              )}
              {rec.reopenCount > 0 ? <span class="badge warn">Đã mở lại {rec.reopenCount} lần</span> : null}
            </p>
            <p>
              <strong>Trả lời:</strong> {rec.answer?.text ?? ''}
              {rec.answer?.documentRef ? ` (văn bản số ${rec.answer.documentRef})` : ''}
            </p>
            {canReview ? (
              <ReviewForms
                rec={rec}
                form={forms.review?.[rec.id] ?? { values: {}, errors: {}, message: null }}
                csrf={c.get('csrfToken')}
                from="front"
                prefix={`v${rec.ref}-`}
                compact
              />
            ) : null}
          </li>
        ))}
      </ul>

      <h2 id="overdue">Quá hạn theo đơn vị chủ trì ({overdue.length})</h2>
      {overdue.length === 0 ? <p>Không có kiến nghị quá hạn.</p> : null}
      {sortedGroups.map(([departmentId, items]) => (
        <section aria-labelledby={`dep-${departmentId}`}>
          <h3 id={`dep-${departmentId}`}>
            {departments.name(departmentId) || 'Chưa giao'} ({items.length})
          </h3>
          <ul class="cards">
            {items.map((rec) => (
              <li class="card overdue">
                <p>
                  <a href={`/items/${rec.id}`}>
                    <strong>{rec.ref}</strong>
                  </a>{' '}
                  <LateBadge rec={rec} today={today} calendar={calendar} />
                </p>
                <p class="content">{excerpt(rec.content, 200)}</p>
                <p class="meta">
                  <span>Hạn: {formatDate(rec.dueDate)}</span>
                  {rec.escalationLevel > 0 ? <span>Đã đôn đốc mức {rec.escalationLevel}</span> : null}
                  {rec.reopenCount > 0 ? <span>Mở lại {rec.reopenCount} lần</span> : null}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Layout>,
    { status },
  );
}

export function frontRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/front')));

  app.get('/', async (c) => frontPage(deps, c));

  app.get('/supervision', async (c) => {
    const user = c.get('user');
    const report = await readSupervisionReport(deps, user.unitId, user);
    const { head, rest } = reportFragmentForPage(deps, supervisionFragment(report));
    return sendPage(
      c,
      deps,
      <Layout title="Báo cáo giám sát" chrome={await chromeOf(c, deps)}>
        <div class="report">
          {raw(head)}
          <p class="actions">
            <a class="button" href="/front/supervision.xlsx" download>
              Tải báo cáo (Excel)
            </a>
            <a href="/front">Về trang giám sát</a>
          </p>
          {raw(rest)}
          <SupervisionFigureLinks report={report} />
        </div>
      </Layout>,
      { inlineStyles: true },
    );
  });

  app.get('/supervision.xlsx', async (c) => {
    const user = c.get('user');
    const report = await readSupervisionReport(deps, user.unitId, user);
    const file = await renderReport(report, 'xlsx');
    return xlsxResponse(c, file);
  });

  app.get('*', unknownPage);
  return app;
}

export function xlsxResponse(
  c: Ctx,
  file: { body: string | Buffer; contentType: string; filename: string },
): Response {
  const body = typeof file.body === 'string' ? file.body : new Uint8Array(file.body);
  return c.body(body, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`,
    'Cache-Control': 'no-store',
  });
}
