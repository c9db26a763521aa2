/**
 * A department's inbox: its open items by due date, the overdue ones marked with how many working days
 * late they are, and the reasons the Front gave when it reopened one; then the items it cooperates on
 * (phối hợp), awaiting the lead department's answer, with the notes it has sent on each.
 */
import { Hono } from 'hono';
import type { Child, FC } from 'hono/jsx';
import type { WorkingCalendar } from '../../domain/calendar/index.js';
import type { IsoDate, Recommendation } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import { excerpt, LateBadge } from '../components.js';
import { byDueDate, daysLate, departmentsOf, listAll, todayOf } from '../data.js';
import { formatDate } from '../format.js';
import { chromeOf, Layout } from '../layout.js';
import { areaAction } from '../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { PageForbiddenError, requireUser, type WebEnv } from '../session.js';
import { notesBy } from './cooperation.js';

/** One item of the inbox: its reference, lateness and text, then what `children` add. */
const Card: FC<{ rec: Recommendation; today: IsoDate; calendar: WorkingCalendar; children?: Child }> = ({
  rec,
  today,
  calendar,
  children,
}) => (
  <li class={daysLate(calendar, rec, today) !== null ? 'card overdue' : 'card'}>
    <h3>
      <a href={`/items/${rec.id}`}>{rec.ref}</a> <LateBadge rec={rec} today={today} calendar={calendar} />
    </h3>
    <p class="content">{excerpt(rec.content, 260)}</p>
    {children}
  </li>
);

export function inboxRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/inbox')));

  app.get('/', async (c) => {
    const user = c.get('user');
    const departmentId = user.departmentId;
    if (!departmentId) throw new PageForbiddenError('Tài khoản chưa gắn với đơn vị nào.');
    const today = todayOf(deps);
    const [open, resolved, cooperating, departments, calendar] = await Promise.all([
      listAll(deps, user.unitId, user, {
        department: { id: departmentId, role: 'lead' },
        status: 'assigned',
      }),
      listAll(deps, user.unitId, user, {
        department: { id: departmentId, role: 'lead' },
        status: 'resolved',
      }),
      listAll(deps, user.unitId, user, {
        department: { id: departmentId, role: 'cooperating' },
        status: 'assigned',
      }),
      departmentsOf(deps, user.unitId, user),
      deps.calendarFor(user.unitId),
    ]);
    const items = open.items.sort(byDueDate);
    const lateCount = items.filter((r) => daysLate(calendar, r, today) !== null).length;
    const together = cooperating.items.sort(byDueDate);
    return sendPage(
      c,
      deps,
      <Layout title="Việc cần trả lời" chrome={await chromeOf(c, deps)}>
        <h1>Việc cần trả lời</h1>
        <p class="lead">
          {departments.name(departmentId)}: <strong>{items.length}</strong> kiến nghị đang chờ trả lời
          {lateCount ? (
            <>
              , trong đó <strong>{lateCount}</strong> quá hạn
            </>
          ) : null}
          {together.length ? (
            <>
              ; phối hợp <strong>{together.length}</strong> kiến nghị với đơn vị khác
            </>
          ) : null}
          . Sắp xếp theo hạn xử lý, gần nhất trước.
        </p>
        <h2>Đang chờ trả lời ({items.length})</h2>
        {items.length === 0 ? <p>Không có kiến nghị nào đang chờ đơn vị trả lời.</p> : null}
        <ul class="cards">
          {items.map((rec) => (
            <Card rec={rec} today={today} calendar={calendar}>
              <p class="meta">
                <span>
                  Hạn: <strong>{formatDate(rec.dueDate)}</strong>
                </span>
                {rec.residentialGroup ? <span>{rec.residentialGroup}</span> : null}
                {rec.field ? <span>Lĩnh vực: {rec.field}</span> : null}
              </p>
              {rec.reopenCount > 0 && rec.reason ? (
                <p class="notice warn">
                  <strong>Mặt trận mở lại (lần {rec.reopenCount}):</strong> {rec.reason}
                </p>
              ) : null}
              <p>
                <a class="button secondary" href={`/items/${rec.id}#resolve`}>
                  Trả lời<span class="visually-hidden"> kiến nghị {rec.ref}</span>
                </a>
              </p>
            </Card>
          ))}
        </ul>
        <h2 id="cooperating">Phối hợp ({together.length})</h2>
        <p class="hint">
          Kiến nghị do đơn vị khác chủ trì, đơn vị mình phối hợp. Gửi ý kiến phối hợp để đơn vị chủ trì tổng
          hợp khi trả lời.
        </p>
        {together.length === 0 ? <p>Không có kiến nghị nào đơn vị đang phối hợp.</p> : null}
        <ul class="cards">
          {together.map((rec) => {
            const sent = notesBy(rec, departmentId);
            return (
              <Card rec={rec} today={today} calendar={calendar}>
                <p class="meta">
                  <span>
                    Chủ trì: <strong>{departments.name(rec.departmentId)}</strong>
                  </span>
                  <span>
                    Hạn: <strong>{formatDate(rec.dueDate)}</strong>
                  </span>
                  <span>{sent ? `Đã gửi ${sent} ý kiến phối hợp` : 'Chưa gửi ý kiến phối hợp'}</span>
                </p>
                <p>
                  <a class="button secondary" href={`/items/${rec.id}#cooperate`}>
                    Gửi ý kiến phối hợp<span class="visually-hidden"> về kiến nghị {rec.ref}</span>
                  </a>
                </p>
              </Card>
            );
          })}
        </ul>
        {cooperating.truncated ? (
          <p class="notice warn">Danh sách dài; chỉ hiện {together.length} kiến nghị có hạn gần nhất.</p>
        ) : null}
        <h2>Đã trả lời, chờ Mặt trận xem xét ({resolved.items.length})</h2>
        {resolved.items.length === 0 ? (
          <p>Không có.</p>
        ) : (
          <ul>
            {resolved.items.map((rec) => (
              <li>
                <a href={`/items/${rec.id}`}>{rec.ref}</a> — trả lời ngày {formatDate(rec.resolvedOn)}
                {rec.answer?.documentRef ? `, văn bản số ${rec.answer.documentRef}` : ''}
              </li>
            ))}
          </ul>
        )}
      </Layout>,
    );
  });

  app.get('*', unknownPage);
  return app;
}
