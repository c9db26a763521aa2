/**
 * /admin/recipients: who receives the supervision report and the quarterly summary by e-mail, with the
 * delivery problems SES reported (a bounced or complained address is skipped until the admin checks it
 * and saves it again).
 */
import type { Hono } from 'hono';
import { REPORT_KINDS, type Recipient, type ReportKind } from '../../../adapters/dynamodb/report-store.js';
import type { AppDeps } from '../../../http/env.js';
import { RecipientBodySchema, RecipientParamsSchema } from '../../../services/admin-schemas.js';
import { listRecipients, removeRecipient, saveRecipient } from '../../../services/recipient-service.js';
import { formatDateTime } from '../../format.js';
import { type FormState, type FormValues, formState, readForm, str } from '../../forms.js';
import { CsrfField, chromeOf, ErrorSummary, Layout, SelectField, TextField } from '../../layout.js';
import { PAGE_ACTIONS, postForm } from '../../page-actions.js';
import { sendPage } from '../../render.js';
import { setFlash, type WebEnv } from '../../session.js';
import { AdminNav, type Ctx, type PageStatus, pageRefusal, parseAll, parseWith } from './common.js';

export const KIND_LABEL: Record<ReportKind, string> = {
  supervision: 'Báo cáo giám sát (thứ hai hằng tuần)',
  quarterly: 'Tổng hợp quý (đầu mỗi quý)',
};

const STATUS: Record<Recipient['status'], { label: string; badge: string }> = {
  active: { label: 'Đang nhận', badge: 'badge ok' },
  bounced: { label: 'Thư bị trả lại', badge: 'badge overdue' },
  complained: { label: 'Bị báo là thư rác', badge: 'badge overdue' },
};

/** The recipient a form names: its report kind and address (the API's path parameters). */
const targetOf = (values: FormValues) => ({ kind: str(values, 'kind'), email: str(values, 'email') });

export function registerRecipients(app: Hono<WebEnv>, deps: AppDeps): void {
  const page = async (
    c: Ctx,
    form: FormState = formState({ kind: 'supervision' }),
    status: PageStatus = 200,
  ) => {
    const user = c.get('user');
    const recipients = await listRecipients(deps, user.unitId, user);
    const token = c.get('csrfToken');
    return sendPage(
      c,
      deps,
      <Layout title="Người nhận báo cáo" chrome={await chromeOf(c, deps)}>
        <h1>Người nhận báo cáo</h1>
        <AdminNav path={c.req.path} />
        {REPORT_KINDS.map((kind) => {
          const list = recipients.filter((r) => r.kind === kind);
          return (
            <section aria-labelledby={`kind-${kind}`}>
              <h2 id={`kind-${kind}`}>{KIND_LABEL[kind]}</h2>
              {list.length === 0 ? (
                <p class="notice warn">Chưa có người nhận: báo cáo này sẽ không được gửi.</p>
              ) : (
                <table class="stack">
                  <caption class="visually-hidden">Người nhận {KIND_LABEL[kind]}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Người nhận</th>
                      <th scope="col">E-mail</th>
                      <th scope="col">Tình trạng gửi</th>
                      <th scope="col">Thao tác</th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((r) => (
                      <tr>
                        <td data-label="Người nhận">{r.name ?? ''}</td>
                        <td data-label="E-mail">{r.email}</td>
                        <td data-label="Tình trạng gửi">
                          <span class={STATUS[r.status].badge}>{STATUS[r.status].label}</span>
                          {r.status !== 'active' && r.statusAt ? (
                            <small>
                              {' '}
                              {formatDateTime(r.statusAt)}
                              {r.statusDetail ? ` — ${r.statusDetail}` : ''}
                            </small>
                          ) : null}
                        </td>
                        <td data-label="Thao tác">
                          {r.status !== 'active' ? (
                            <form method="post" action="/admin/recipients" class="inline-form">
                              <CsrfField token={token} />
                              <input type="hidden" name="kind" value={r.kind} />
                              <input type="hidden" name="email" value={r.email} />
                              <input type="hidden" name="name" value={r.name ?? ''} />
                              <button type="submit" class="secondary">
                                Đã kiểm tra, gửi lại cho {r.email}
                              </button>
                            </form>
                          ) : null}{' '}
                          <form method="post" action="/admin/recipients/remove" class="inline-form">
                            <CsrfField token={token} />
                            <input type="hidden" name="kind" value={r.kind} />
                            <input type="hidden" name="email" value={r.email} />
                            <button type="submit" class="secondary">
                              Bỏ {r.email}
                            </button>
                          </form>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          );
        })}
        <h2 id="add-recipient">Thêm người nhận</h2>
        <ErrorSummary form={form} labels={{ kind: 'Báo cáo', email: 'E-mail', name: 'Người nhận' }} />
        <form method="post" action="/admin/recipients" novalidate aria-labelledby="add-recipient">
          <CsrfField token={token} />
          <SelectField
            form={form}
            name="kind"
            label="Báo cáo"
            options={REPORT_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
          />
          <div class="row">
            <TextField form={form} name="name" label="Người nhận" hint="Ví dụ: Ủy ban MTTQ phường." />
            <TextField form={form} name="email" label="E-mail" required />
          </div>
          <p class="actions">
            <button type="submit">Thêm người nhận</button>
          </p>
        </form>
      </Layout>,
      { status },
    );
  };

  app.get('/recipients', (c) => page(c));

  postForm(app, '/admin', PAGE_ACTIONS.saveRecipient, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    try {
      const [target, body] = parseAll([
        { schema: RecipientParamsSchema, input: targetOf(values) },
        { schema: RecipientBodySchema, input: { name: str(values, 'name') || null } },
      ] as const);
      const { recipient, created } = await saveRecipient(deps, user.unitId, { ...target, ...body }, user);
      setFlash(c, created ? `Đã thêm ${recipient.email}.` : `${recipient.email} sẽ nhận báo cáo trở lại.`);
      return c.redirect('/admin/recipients', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return page(c, r.form(values), r.status);
    }
  });

  postForm(app, '/admin', PAGE_ACTIONS.removeRecipient, async (c) => {
    const values = await readForm(c);
    const user = c.get('user');
    try {
      const target = parseWith(RecipientParamsSchema, targetOf(values));
      await removeRecipient(deps, user.unitId, target.kind, target.email, user);
      setFlash(c, `Đã bỏ ${target.email}.`);
      return c.redirect('/admin/recipients', 303);
    } catch (error) {
      const r = pageRefusal(error);
      return page(c, formState({ kind: 'supervision' }, r.form(values).message), r.status);
    }
  });
}
