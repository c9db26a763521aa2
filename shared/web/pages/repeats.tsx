/**
 * Repeated recommendations (kiến nghị lặp lại): for one dialogue, each item beside the earlier
 * recommendations it may repeat (found by the repeat service), and the office confirms or dismisses each
 * pair. Mounted inside the office's area (/office/repeats).
 */
import type { Context, Hono } from 'hono';
import type { FC } from 'hono/jsx';
import type { Dialogue } from '../../domain/model.js';
import type { AppDeps } from '../../http/env.js';
import { RepeatDecisionSchema } from '../../http/schemas.js';
import { listDialogues } from '../../services/dialogue-service.js';
import {
  type CandidateView,
  decideRepeat,
  type RepeatCandidatesResult,
  repeatCandidates,
} from '../../services/repeat-service.js';
import { excerpt, StatusBadge } from '../components.js';
import { listAll } from '../data.js';
import { formatDate } from '../format.js';
import { parseForm, readForm, refusalOf, str } from '../forms.js';
import { CsrfField, chromeOf, Layout } from '../layout.js';
import { getView, PAGE_ACTIONS, PAGE_VIEWS, postForm } from '../page-actions.js';
import { sendPage } from '../render.js';
import { setFlash, type WebEnv } from '../session.js';

type Ctx = Context<WebEnv>;

/** A refused decision, shown beside the item it concerns. */
interface Refusal {
  itemId: string;
  message: string;
  details: string[];
}

const percent = (score: number) => `${Math.round(score * 100)}%`;

export function repeatRoutes(app: Hono<WebEnv>, deps: AppDeps) {
  const page = async (
    c: Ctx,
    dialogueId: string | undefined,
    refusal?: Refusal,
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = c.get('user');
    const dialogues = (await listDialogues(deps, user.unitId, user)).sort((a, b) =>
      b.heldOn.localeCompare(a.heldOn),
    );
    const dialogue = dialogues.find((d) => d.id === dialogueId) ?? dialogues[0];
    const [found, linked] = dialogue
      ? await Promise.all([
          repeatCandidates(deps, user.unitId, dialogue.id, user),
          listAll(deps, user.unitId, user, { dialogueId: dialogue.id }).then((l) =>
            l.items.filter((r) => r.repeatOf).sort((a, b) => a.ref.localeCompare(b.ref)),
          ),
        ])
      : [null, []];
    return sendPage(
      c,
      deps,
      <Layout title="Kiến nghị lặp lại" chrome={await chromeOf(c, deps)}>
        <p class="muted">
          <a href="/office">Hội nghị</a>
          {dialogue ? (
            <>
              {' › '}
              <a href={`/office/dialogues/${dialogue.id}`}>{excerpt(dialogue.title, 80)}</a>
            </>
          ) : null}{' '}
          › Kiến nghị lặp lại
        </p>
        <h1>Kiến nghị lặp lại</h1>
        <p class="lead">
          Những kiến nghị của hội nghị có nội dung gần giống kiến nghị ở các hội nghị trước. Đọc hai bên rồi
          xác nhận nếu đúng là cùng một vấn đề Nhân dân kiến nghị lại; kiến nghị đã xác nhận được tính vào mục
          «Kiến nghị lặp lại nhiều lần» của báo cáo quý.
        </p>
        {dialogues.length > 1 ? <DialoguePicker dialogues={dialogues} current={dialogue} /> : null}
        {!dialogue || !found ? (
          <p>Chưa có hội nghị nào.</p>
        ) : (
          <>
            <p>
              {dialogue.title} ({formatDate(dialogue.heldOn)}): <strong>{found.items.length}</strong> kiến
              nghị có thể lặp lại, chờ Văn phòng xem xét
              {linked.length ? `; ${linked.length} kiến nghị đã xác nhận lặp lại` : ''}.
            </p>
            {found.items.length === 0 ? <p class="notice">Không còn cặp kiến nghị nào cần xem xét.</p> : null}
            {found.items.map((item) => (
              <ItemPairs
                item={item}
                dialogue={dialogue}
                csrf={c.get('csrfToken')}
                refusal={refusal?.itemId === item.id ? refusal : null}
              />
            ))}
            {linked.length ? (
              <section aria-labelledby="linked-heading">
                <h2 id="linked-heading">Đã xác nhận lặp lại ({linked.length})</h2>
                <ul>
                  {linked.map((r) => (
                    <li>
                      <a href={`/items/${r.id}`}>{r.ref}</a> lặp lại kiến nghị {r.repeatOf} —{' '}
                      {excerpt(r.content, 120)}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
          </>
        )}
      </Layout>,
      { status },
    );
  };

  getView(app, '/office', PAGE_VIEWS.repeats, async (c) => page(c, c.req.query('dialogueId')));

  postForm(app, '/office', PAGE_ACTIONS.decideRepeat, async (c) => {
    const user = c.get('user');
    const values = await readForm(c);
    const dialogueId = str(values, 'dialogueId') || undefined;
    try {
      const input = parseForm(RepeatDecisionSchema, {
        recommendationId: str(values, 'recommendationId'),
        repeatOfId: str(values, 'repeatOfId'),
        decision: str(values, 'decision'),
      });
      const result = await decideRepeat(deps, user.unitId, input, user);
      const earlierRef = str(values, 'repeatOfRef');
      setFlash(
        c,
        input.decision === 'confirm'
          ? `Đã xác nhận kiến nghị ${result.recommendation.ref} lặp lại kiến nghị ${result.recommendation.repeatOf}.`
          : `Đã ghi nhận: kiến nghị ${result.recommendation.ref} không lặp lại kiến nghị ${earlierRef}; cặp này không hiện nữa.`,
      );
      const back = new URLSearchParams(dialogueId ? { dialogueId } : {});
      return c.redirect(`/office/repeats?${back}#r-${input.recommendationId}`, 303);
    } catch (error) {
      const r = refusalOf(error);
      if (r.status === 404) throw r;
      return page(
        c,
        dialogueId,
        { itemId: str(values, 'recommendationId'), message: r.message, details: Object.values(r.errors) },
        r.status === 409 ? 409 : 400,
      );
    }
  });
}

const DialoguePicker: FC<{ dialogues: Dialogue[]; current: Dialogue | undefined }> = ({
  dialogues,
  current,
}) => (
  <form method="get" action="/office/repeats" class="picker" aria-label="Chọn hội nghị">
    <div class="field">
      <label for="f-dialogueId">Hội nghị</label>
      <select id="f-dialogueId" name="dialogueId">
        {dialogues.map((d) => (
          <option value={d.id} selected={d.id === current?.id}>
            {excerpt(d.title, 70)} ({formatDate(d.heldOn)})
          </option>
        ))}
      </select>
    </div>
    <button type="submit" class="secondary">
      Xem
    </button>
  </form>
);

type CandidateItem = RepeatCandidatesResult['items'][number];

/** One item of the dialogue beside each earlier recommendation it may repeat. */
const ItemPairs: FC<{ item: CandidateItem; dialogue: Dialogue; csrf: string; refusal: Refusal | null }> = ({
  item,
  dialogue,
  csrf,
  refusal,
}) => (
  <section class="repeat" id={`r-${item.id}`} aria-labelledby={`rh-${item.id}`}>
    <h2 id={`rh-${item.id}`}>
      <a href={`/items/${item.id}`}>{item.ref}</a>
    </h2>
    {refusal ? (
      <div class="notice error" role="alert" tabindex={-1} data-error-summary="">
        <p>
          <strong>{refusal.message}</strong>
        </p>
        {refusal.details.length ? (
          <ul>
            {refusal.details.map((d) => (
              <li>{d}</li>
            ))}
          </ul>
        ) : null}
      </div>
    ) : null}
    <div class="pair">
      <div class="side">
        <h3>Kiến nghị tại hội nghị này</h3>
        <p class="meta muted">
          {dialogue.title} ({formatDate(dialogue.heldOn)})
        </p>
        <blockquote class="content">{item.content}</blockquote>
      </div>
      <div class="side">
        <h3>Có thể lặp lại kiến nghị trước ({item.candidates.length})</h3>
        <ol class="cards">
          {item.candidates.map((candidate) => (
            <Candidate item={item} candidate={candidate} dialogueId={dialogue.id} csrf={csrf} />
          ))}
        </ol>
      </div>
    </div>
  </section>
);

const Candidate: FC<{ item: CandidateItem; candidate: CandidateView; dialogueId: string; csrf: string }> = ({
  item,
  candidate,
  dialogueId,
  csrf,
}) => {
  const hidden = (decision: 'confirm' | 'dismiss') => (
    <>
      <CsrfField token={csrf} />
      <input type="hidden" name="dialogueId" value={dialogueId} />
      <input type="hidden" name="recommendationId" value={item.id} />
      <input type="hidden" name="repeatOfId" value={candidate.id} />
      <input type="hidden" name="repeatOfRef" value={candidate.ref} />
      <input type="hidden" name="decision" value={decision} />
    </>
  );
  return (
    <li class="card">
      <p>
        <a href={`/items/${candidate.id}`}>
          <strong>{candidate.ref}</strong>
        </a>{' '}
        <StatusBadge rec={candidate} />{' '}
        <span class="badge info">Giống khoảng {percent(candidate.score)}</span>
      </p>
      <p class="meta">
        <span>
          {candidate.dialogueTitle} ({formatDate(candidate.heldOn)})
        </span>
        {candidate.repeatOf ? <span>Chính nó lặp lại kiến nghị {candidate.repeatOf}</span> : null}
      </p>
      <p class="content">{candidate.content}</p>
      <div class="actions">
        <form method="post" action="/office/repeats">
          {hidden('confirm')}
          <button type="submit">
            Đúng, lặp lại
            <span class="visually-hidden">
              {' '}
              — {item.ref} lặp lại {candidate.ref}
            </span>
          </button>
        </form>
        <form method="post" action="/office/repeats">
          {hidden('dismiss')}
          <button type="submit" class="secondary">
            Không phải
            <span class="visually-hidden">
              {' '}
              — {item.ref} không lặp lại {candidate.ref}
            </span>
          </button>
        </form>
      </div>
    </li>
  );
};
