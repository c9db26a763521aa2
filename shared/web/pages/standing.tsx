/**
 * The standing committee (Ban Thường vụ): the quarterly summary with its charts (the HTML shared with
 * the email) and its XLSX download, both from the cookie session.
 */
import { Hono } from 'hono';
import { raw } from 'hono/html';
import { quarterKey } from '../../domain/reports/quarterly-summary.js';
import { quarterlyFragment } from '../../domain/reports/render-html.js';
import type { AppDeps } from '../../http/env.js';
import { countRecommendations } from '../../services/list-service.js';
import { readQuarterlySummary, renderReport } from '../../services/report-service.js';
import { todayOf } from '../data.js';
import { chromeOf, Layout } from '../layout.js';
import { areaAction } from '../page-actions.js';
import { QuarterPicker, quarterOfRequest, quarterQuery } from '../quarter-picker.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, type WebEnv } from '../session.js';
import { QuarterlyFigureLinks } from './figure-links.js';
import { xlsxResponse } from './front.js';
import { reportFragmentForPage } from './report-fragment.js';

export function standingRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/standing')));

  app.get('/', async (c) => {
    const user = c.get('user');
    const today = todayOf(deps);
    const quarter = quarterOfRequest(c, today);
    const summary = await readQuarterlySummary(deps, user.unitId, user, quarter);
    const held = (await deps.dialogues.list(user.unitId))
      .filter((d) => d.heldOn >= summary.period.from && d.heldOn <= summary.period.to)
      .sort((a, b) => a.heldOn.localeCompare(b.heldOn));
    const figures = await Promise.all(
      held.map(async (dialogue) => ({
        dialogue,
        counts: await countRecommendations(deps, user.unitId, user, { dialogueId: dialogue.id }),
      })),
    );
    const { head, rest } = reportFragmentForPage(deps, quarterlyFragment(summary));
    const query = quarterQuery(quarter);
    return sendPage(
      c,
      deps,
      <Layout title={`Tổng hợp ${summary.label}`} chrome={await chromeOf(c, deps)}>
        <div class="report">
          {raw(head)}
          <QuarterPicker action="/standing" quarter={quarter} today={today} />
          <p class="actions">
            <a class="button" href={`/standing/quarterly.xlsx?${query}`} download>
              Tải báo cáo {summary.label} (Excel)
            </a>
          </p>
          {raw(rest)}
          <QuarterlyFigureLinks summary={summary} dialogues={figures} />
        </div>
      </Layout>,
      { inlineStyles: true },
    );
  });

  app.get('/quarterly.xlsx', async (c) => {
    const quarter = quarterOfRequest(c, todayOf(deps));
    const user = c.get('user');
    const summary = await readQuarterlySummary(deps, user.unitId, user, quarter);
    const file = await renderReport(summary, 'xlsx');
    return xlsxResponse(c, { ...file, filename: file.filename || `tong-hop-${quarterKey(quarter)}.xlsx` });
  });

  app.get('*', unknownPage);
  return app;
}
