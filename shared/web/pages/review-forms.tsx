/** The Front's review of a resolved item: confirm, or reopen with a reason and a new due date. */
import type { FC } from 'hono/jsx';
import type { Recommendation } from '../../domain/model.js';
import type { FormState } from '../forms.js';
import { CsrfField, ErrorSummary, TextField } from '../layout.js';

export const ReviewForms: FC<{
  rec: Recommendation;
  form: FormState;
  csrf: string;
  from: 'item' | 'front';
  prefix: string;
  compact?: boolean;
}> = ({ rec, form, csrf, from, prefix, compact = false }) => (
  <section
    class={compact ? undefined : 'panel'}
    aria-labelledby={compact ? undefined : `${prefix}review-heading`}
    aria-label={compact ? `Xem xét kiến nghị ${rec.ref}` : undefined}
    id={`${prefix}review`}
  >
    {compact ? null : <h2 id={`${prefix}review-heading`}>Mặt trận xem xét kết quả</h2>}
    <ErrorSummary form={form} prefix={prefix} labels={{ reason: 'Lý do mở lại', dueDate: 'Hạn xử lý mới' }} />
    <form method="post" action={`/items/${rec.id}/review`} class="actions">
      <CsrfField token={csrf} />
      <input type="hidden" name="version" value={String(rec.version)} />
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="decision" value="confirm" />
      <button type="submit">
        Xác nhận đã giải quyết<span class="visually-hidden"> kiến nghị {rec.ref}</span>
      </button>
    </form>
    <details open={Boolean(form.message)}>
      <summary>
        Chưa đạt — mở lại kiến nghị<span class="visually-hidden"> {rec.ref}</span>
      </summary>
      <form method="post" action={`/items/${rec.id}/review`} novalidate>
        <CsrfField token={csrf} />
        <input type="hidden" name="version" value={String(rec.version)} />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="decision" value="reopen" />
        <TextField
          form={form}
          prefix={prefix}
          name="reason"
          label="Lý do mở lại"
          hint="Đơn vị chủ trì sẽ thấy lý do này trong danh sách việc cần trả lời."
          required
          multiline
          rows={3}
        />
        <TextField
          form={form}
          prefix={prefix}
          name="dueDate"
          label="Hạn xử lý mới"
          hint="Ngày/tháng/năm, sau hôm nay."
          required
          inputmode="numeric"
          placeholder="dd/mm/yyyy"
          short
        />
        <button type="submit" class="danger">
          Mở lại kiến nghị<span class="visually-hidden"> {rec.ref}</span>
        </button>
      </form>
    </details>
  </section>
);
