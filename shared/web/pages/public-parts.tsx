/**
 * Pieces of the public pages: one recommendation as the public reads it, the filters of a dialogue's
 * page and its pager. Only what may be published ever reaches them (PublicItem): no names.
 */
import type { FC } from 'hono/jsx';
import type { WorkingCalendar } from '../../domain/calendar/index.js';
import type { IsoDate, Recommendation, Status } from '../../domain/model.js';
import { daysLate } from '../data.js';
import { formatDate } from '../format.js';
import { formatSize } from './item-files.js';

/** Statuses as the public reads them. */
export const PUBLIC_STATUS: Record<Status, string> = {
  received: 'Đang tổng hợp',
  assigned: 'Đang giải quyết',
  resolved: 'Đã trả lời',
  confirmed: 'Đã giải quyết',
  answered_at_dialogue: 'Đã trả lời tại hội nghị',
  forwarded: 'Đã chuyển cấp trên',
  declined: 'Không trả lời (có lý do)',
};

const PUBLIC_CLASS: Record<Status, string> = {
  received: 'badge warn',
  assigned: 'badge info',
  resolved: 'badge ok',
  confirmed: 'badge ok',
  answered_at_dialogue: 'badge ok',
  forwarded: 'badge',
  declined: 'badge',
};

/** Statuses counted as "answered or settled" in a dialogue's summary. */
export const SETTLED: ReadonlySet<Status> = new Set(['confirmed', 'resolved', 'answered_at_dialogue']);

/** Only what may be published: no raisedBy, no responder, no internal fields. */
export function publicView(rec: Recommendation, dialogueHeldOn: IsoDate) {
  return {
    ref: rec.ref,
    content: rec.content,
    residentialGroup: rec.residentialGroup,
    field: rec.field,
    status: rec.status,
    departmentId: rec.departmentId,
    dueDate: rec.dueDate,
    answer: rec.answer
      ? {
          text: rec.answer.text,
          // An answer given at the dialogue was given on the dialogue's day, whenever it was typed in.
          date: rec.status === 'answered_at_dialogue' ? dialogueHeldOn : rec.answer.date,
          documentRef: rec.answer.documentRef,
        }
      : null,
    reason: rec.status === 'declined' ? rec.reason : null,
    /** Forwarded through the tracker, and answered there: the answer shown is the higher level's. */
    answeredAbove: rec.status === 'forwarded' && rec.answer !== null,
    // Only the files the office marked public, never who uploaded them.
    files: (rec.attachments ?? [])
      .filter((f) => f.public)
      .map((f) => ({ id: f.id, name: f.name, size: f.size })),
    id: rec.id,
  };
}

export type PublicItem = ReturnType<typeof publicView>;

/** Answered or settled, as a dialogue's summary counts it (a forwarded item answered above included). */
export const isSettled = (r: PublicItem) => SETTLED.has(r.status) || r.answeredAbove;

export const PublicCard: FC<{
  item: PublicItem;
  unitId: string;
  departmentName: (id: string | null) => string;
  today: IsoDate;
  calendar: WorkingCalendar;
  /** Shown under the reference (the search result names its dialogue). */
  context?: unknown;
}> = ({ item: r, unitId, departmentName, today, calendar, context }) => {
  const late = daysLate(calendar, r, today);
  return (
    <li class={late !== null ? 'card overdue' : 'card'}>
      <h3>
        {r.ref}{' '}
        <span class={r.answeredAbove ? 'badge ok' : PUBLIC_CLASS[r.status]}>
          {r.answeredAbove ? 'Cấp trên đã trả lời' : PUBLIC_STATUS[r.status]}
        </span>
        {late !== null ? (
          <>
            {' '}
            <span class="badge overdue">
              {late === 0 ? 'Quá hạn (từ ngày nghỉ vừa qua)' : `Quá hạn ${late} ngày làm việc`}
            </span>
          </>
        ) : null}
      </h3>
      {context ? <p class="meta">{context}</p> : null}
      <p class="content">{r.content}</p>
      <p class="meta">
        {r.residentialGroup ? <span>{r.residentialGroup}</span> : null}
        {r.field ? <span>Lĩnh vực: {r.field}</span> : null}
        {r.departmentId ? <span>Đơn vị giải quyết: {departmentName(r.departmentId)}</span> : null}
        {r.status === 'assigned' && r.dueDate ? <span>Hạn giải quyết: {formatDate(r.dueDate)}</span> : null}
      </p>
      {r.answer ? (
        <p>
          <strong>
            {r.status === 'assigned'
              ? 'Trả lời trước đây, chưa đạt, đang giải quyết lại'
              : r.answeredAbove
                ? 'Trả lời của cấp trên'
                : 'Trả lời'}{' '}
            ({r.status === 'answered_at_dialogue' ? 'tại hội nghị ngày ' : ''}
            {formatDate(r.answer.date)}
            {r.answer.documentRef ? `, văn bản số ${r.answer.documentRef}` : ''}):
          </strong>{' '}
          {r.answer.text}
        </p>
      ) : null}
      {r.files.length ? (
        <ul class="files">
          {r.files.map((f) => (
            <li>
              Văn bản kèm theo:{' '}
              <a href={`/public/${encodeURIComponent(unitId)}/files/${r.id}/${f.id}`}>{f.name}</a> (
              {formatSize(f.size)})
            </li>
          ))}
        </ul>
      ) : null}
      {r.reason ? (
        <p>
          <strong>Lý do:</strong> {r.reason}
        </p>
      ) : null}
    </li>
  );
};

export interface PublicFilterValues {
  residentialGroup: string;
  field: string;
  /** A status, "overdue", or '' for all. */
  status: string;
}

/** The filters of a dialogue's page: a GET form, the choices drawn from the dialogue's own items. */
export const PublicFilters: FC<{
  action: string;
  values: PublicFilterValues;
  groups: string[];
  fields: string[];
  statuses: Status[];
}> = ({ action, values, groups, fields, statuses }) => {
  const select = (
    name: keyof PublicFilterValues,
    label: string,
    options: { value: string; label: string }[],
  ) => (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        <option value="">Tất cả</option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === values[name]}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form method="get" action={action} class="picker filters" aria-label="Lọc kiến nghị">
      {groups.length
        ? select(
            'residentialGroup',
            'Khu phố',
            groups.map((g) => ({ value: g, label: g })),
          )
        : null}
      {fields.length
        ? select(
            'field',
            'Lĩnh vực',
            fields.map((f) => ({ value: f, label: f })),
          )
        : null}
      {select('status', 'Tình trạng', [
        ...statuses.map((s) => ({ value: s, label: PUBLIC_STATUS[s] })),
        { value: 'overdue', label: 'Quá hạn' },
      ])}
      <button type="submit" class="secondary">
        Lọc
      </button>
      {values.residentialGroup || values.field || values.status ? <a href={action}>Bỏ lọc</a> : null}
    </form>
  );
};
