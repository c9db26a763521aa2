/**
 * Under a report on its page: its figures again, each a link to the list of items behind it (GET /items
 * with the matching filters), so the Front and the standing committee can open what a number counts.
 */
import type { FC } from 'hono/jsx';
import type { Dialogue, Status } from '../../domain/model.js';
import type { QuarterlySummary } from '../../domain/reports/quarterly-summary.js';
import type { SupervisionReport } from '../../domain/reports/supervision-report.js';
import type { StatusCounts } from '../../services/list-service.js';
import { NEAR_DUE_WORKING_DAYS } from '../components.js';
import { formatDate } from '../format.js';
import { listHref } from './items-list.js';

interface Figure {
  label: string;
  count: number;
  filters: Record<string, string>;
}

const FigureTable: FC<{ caption: string; rows: Figure[] }> = ({ caption, rows }) => (
  <table class="figures">
    <caption>{caption}</caption>
    <tbody>
      {rows.map((f) => (
        <tr>
          <th scope="row">{f.label}</th>
          <td class="num">
            <a href={listHref(f.filters)} aria-label={`${f.label}: ${f.count} kiến nghị, xem danh sách`}>
              {f.count}
            </a>
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

export const SupervisionFigureLinks: FC<{ report: SupervisionReport }> = ({ report: r }) => (
  <section class="figure-links" aria-labelledby="figure-links">
    <h2 id="figure-links">Danh sách kiến nghị sau các số liệu</h2>
    <p class="muted">Bấm vào một số để xem danh sách kiến nghị (tính đến hôm nay) mà số đó đếm.</p>
    <FigureTable
      caption="Theo nội dung báo cáo"
      rows={[
        { label: 'Quá hạn chưa giải quyết', count: r.counts.overdue, filters: { overdue: 'true' } },
        ...r.overdue.map((g) => ({
          label: `Quá hạn — ${g.name}`,
          count: g.items.length,
          filters: { overdue: 'true', departmentId: g.departmentId },
        })),
        {
          label: 'Đã giải quyết, chờ MTTQ xem xét',
          count: r.counts.awaitingReview + r.counts.awaitingReviewOlder,
          filters: { status: 'resolved' },
        },
        {
          label: `Đến hạn trong ${NEAR_DUE_WORKING_DAYS} ngày làm việc tới`,
          count: r.counts.dueSoon,
          filters: { dueWithin: String(NEAR_DUE_WORKING_DAYS), overdue: 'false' },
        },
        {
          label: 'Chuyển cấp trên chưa có trả lời',
          count: r.counts.forwardedWithoutAnswer,
          filters: { status: 'forwarded' },
        },
      ]}
    />
  </section>
);

/** The figures of one dialogue: its total, each status that matters to the committee, and overdue. */
const DIALOGUE_FIGURES: readonly [string, Status | 'total' | 'overdue'][] = [
  ['Tổng số kiến nghị', 'total'],
  ['Mới tiếp nhận, chưa quyết định', 'received'],
  ['Đang xử lý', 'assigned'],
  ['Quá hạn', 'overdue'],
  ['Đã giải quyết, chờ MTTQ xem xét', 'resolved'],
  ['MTTQ đã xác nhận', 'confirmed'],
  ['Chuyển cấp trên', 'forwarded'],
];

/**
 * The quarter's figures per dialogue held in it (the list filters by dialogue), and per department when
 * the quarter had one dialogue (its department figures are then exactly that dialogue's).
 */
export const QuarterlyFigureLinks: FC<{
  summary: QuarterlySummary;
  dialogues: { dialogue: Dialogue; counts: StatusCounts }[];
}> = ({ summary, dialogues }) => {
  const only = dialogues.length === 1 ? dialogues[0]?.dialogue : undefined;
  return (
    <section class="figure-links" aria-labelledby="figure-links">
      <h2 id="figure-links">Danh sách kiến nghị sau các số liệu</h2>
      {dialogues.length === 0 ? <p>Không có hội nghị nào trong {summary.label}.</p> : null}
      <p class="muted">
        Bấm vào một số để xem danh sách kiến nghị mà số đó đếm (trạng thái và quá hạn tính đến hôm nay).
      </p>
      {dialogues.map(({ dialogue: d, counts }) => (
        <FigureTable
          caption={`${d.title} (${formatDate(d.heldOn)})`}
          rows={DIALOGUE_FIGURES.map(([label, key]) => ({
            label,
            count: key === 'total' ? counts.total : key === 'overdue' ? counts.overdue : counts.byStatus[key],
            filters: {
              dialogueId: d.id,
              ...(key === 'overdue' ? { overdue: 'true' } : key === 'total' ? {} : { status: key }),
            },
          }))}
        />
      ))}
      {only ? (
        <FigureTable
          caption="Theo đơn vị chủ trì: kiến nghị được giao, đang xử lý, quá hạn"
          rows={summary.departments.flatMap((dep): Figure[] => [
            {
              label: `${dep.name} — được giao`,
              count: dep.assigned,
              filters: { dialogueId: only.id, departmentId: dep.departmentId },
            },
            {
              label: `${dep.name} — đang xử lý`,
              count: dep.open,
              filters: { dialogueId: only.id, departmentId: dep.departmentId, status: 'assigned' },
            },
            {
              label: `${dep.name} — quá hạn`,
              count: dep.overdue,
              filters: { dialogueId: only.id, departmentId: dep.departmentId, overdue: 'true' },
            },
          ])}
        />
      ) : null}
    </section>
  );
};
