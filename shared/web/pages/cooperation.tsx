/**
 * Ý kiến phối hợp on an item's page: the contribution notes its cooperating departments sent (what the
 * lead department reads before answering), and the form a cooperating department sends one with.
 */
import type { FC } from 'hono/jsx';
import type { Recommendation } from '../../domain/model.js';
import { can } from '../../domain/permissions.js';
import type { Principal } from '../../http/auth.js';
import { formatDateTime } from '../format.js';
import type { FormState } from '../forms.js';
import { CsrfField, ErrorSummary, TextField } from '../layout.js';

/** A cooperating department may add a note while the item awaits the lead department's answer. */
export function canCooperate(u: Principal, rec: Recommendation): boolean {
  return rec.status === 'assigned' && can(u, 'recommendation.cooperate', rec);
}

/** How many notes `departmentId` has sent on the item. */
export function notesBy(rec: Pick<Recommendation, 'cooperationNotes'>, departmentId: string): number {
  return rec.cooperationNotes.filter((n) => n.departmentId === departmentId).length;
}

export const CooperationSection: FC<{
  rec: Recommendation;
  user: Principal;
  form: FormState;
  csrf: string | null;
  departmentName: (id: string | null | undefined) => string;
}> = ({ rec, user, form, csrf, departmentName }) => {
  const mayAdd = canCooperate(user, rec);
  if (!mayAdd && rec.cooperationNotes.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="cooperate-heading" id="cooperate">
      <h2 id="cooperate-heading">Ý kiến phối hợp ({rec.cooperationNotes.length})</h2>
      {rec.cooperationNotes.length === 0 ? (
        <p>Chưa có đơn vị phối hợp nào gửi ý kiến.</p>
      ) : (
        <ol class="timeline">
          {rec.cooperationNotes.map((n) => (
            <li>
              <div class="when">
                <time datetime={n.at}>{formatDateTime(n.at)}</time> · {departmentName(n.departmentId)} ·{' '}
                {n.author}
              </div>
              <div>{n.text}</div>
            </li>
          ))}
        </ol>
      )}
      {mayAdd ? (
        <>
          <p class="hint">
            Đơn vị mình phối hợp với {departmentName(rec.departmentId)} (đơn vị chủ trì). Ý kiến gửi ở đây
            hiện trên kiến nghị để đơn vị chủ trì tổng hợp khi trả lời, và được ghi vào lịch sử.
          </p>
          <ErrorSummary form={form} prefix="c-" labels={{ text: 'Nội dung ý kiến phối hợp' }} />
          <form method="post" action={`/items/${rec.id}/cooperate`} novalidate>
            <CsrfField token={csrf} />
            <input type="hidden" name="version" value={String(rec.version)} />
            <TextField
              form={form}
              prefix="c-"
              name="text"
              label="Nội dung ý kiến phối hợp"
              required
              multiline
              rows={4}
            />
            <button type="submit">Gửi ý kiến phối hợp</button>
          </form>
        </>
      ) : null}
    </section>
  );
};
