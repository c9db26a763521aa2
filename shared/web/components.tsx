/** Pieces several pages show: status badges and the table of recommendations. */
import type { FC } from 'hono/jsx';
import type { WorkingCalendar } from '../domain/calendar/index.js';
import type { IsoDate, Recommendation } from '../domain/model.js';
import { daysLate, lateLabel } from './data.js';
import { formatDate, STATUS_LABEL } from './format.js';

const STATUS_CLASS: Record<Recommendation['status'], string> = {
  received: 'badge warn',
  assigned: 'badge info',
  resolved: 'badge',
  confirmed: 'badge ok',
  answered_at_dialogue: 'badge ok',
  forwarded: 'badge',
  declined: 'badge',
};

export const StatusBadge: FC<{ rec: Pick<Recommendation, 'status'> }> = ({ rec }) => (
  <span class={STATUS_CLASS[rec.status]}>{STATUS_LABEL[rec.status]}</span>
);

/** An item awaiting an answer this close to its due date is marked "Còn N ngày làm việc". */
export const NEAR_DUE_WORKING_DAYS = 5;

/** Overdue ("Quá hạn N ngày làm việc"), due today, or near its due date ("Còn N ngày làm việc"). */
export const LateBadge: FC<{
  rec: Pick<Recommendation, 'status' | 'dueDate'>;
  today: IsoDate;
  calendar: WorkingCalendar;
}> = ({ rec, today, calendar }) => {
  const late = daysLate(calendar, rec, today);
  if (late !== null) return <span class="badge overdue">{lateLabel(late)}</span>;
  if (rec.status !== 'assigned' || !rec.dueDate) return null;
  // Due on a day off with no working day before it counts as due today.
  const left = rec.dueDate === today ? 0 : calendar.workingDaysBetween(today, rec.dueDate);
  if (left === 0) return <span class="badge warn">Đến hạn hôm nay</span>;
  return left <= NEAR_DUE_WORKING_DAYS ? <span class="badge warn">Còn {left} ngày làm việc</span> : null;
};

/** Short text for a table cell (the full text is on the item page). */
export function excerpt(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

export const ItemTable: FC<{
  items: Recommendation[];
  caption: string;
  departmentName: (id: string | null) => string;
  today: IsoDate;
  calendar: WorkingCalendar;
}> = ({ items, caption, departmentName, today, calendar }) => (
  <table class="stack">
    <caption class="visually-hidden">{caption}</caption>
    <thead>
      <tr>
        <th scope="col">Số</th>
        <th scope="col">Nội dung</th>
        <th scope="col">Khu phố</th>
        <th scope="col">Trạng thái</th>
        <th scope="col">Đơn vị chủ trì</th>
        <th scope="col">Hạn xử lý</th>
      </tr>
    </thead>
    <tbody>
      {items.map((rec) => (
        <tr>
          <td data-label="Số" class="nowrap">
            <a href={`/items/${rec.id}`}>{rec.ref}</a>
          </td>
          <td data-label="Nội dung">{excerpt(rec.content)}</td>
          <td data-label="Khu phố">{rec.residentialGroup ?? ''}</td>
          <td data-label="Trạng thái">
            <StatusBadge rec={rec} /> <LateBadge rec={rec} today={today} calendar={calendar} />
          </td>
          <td data-label="Đơn vị chủ trì">{departmentName(rec.departmentId)}</td>
          <td data-label="Hạn xử lý" class="nowrap">
            {formatDate(rec.dueDate)}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** "Trang 2/5" with the previous and next pages, keeping the filters. */
export const Pager: FC<{ base: string; query: Record<string, string>; page: number; pages: number }> = ({
  base,
  query,
  page,
  pages,
}) => {
  if (pages <= 1) return null;
  const href = (n: number) => {
    const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
    if (n > 1) q.set('page', String(n));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  return (
    <nav class="pager" aria-label="Trang">
      {page > 1 ? <a href={href(page - 1)}>‹ Trang trước</a> : null}
      <span>
        Trang {page}/{pages}
      </span>
      {page < pages ? <a href={href(page + 1)}>Trang sau ›</a> : null}
    </nav>
  );
};
