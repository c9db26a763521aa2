/**
 * The standing committee (Ban Thường vụ): the quarterly summary with its charts (the HTML shared with
 * the email) and its XLSX download, both from the cookie session.
 */
import { type Context, Hono } from 'hono';
import { raw } from 'hono/html';
import { quarterOf } from '../../domain/model.js';
import { parseQuarter, type Quarter, quarterKey } from '../../domain/reports/quarterly-summary.js';
import { quarterlyFragment } from '../../domain/reports/render-html.js';
import type { AppDeps } from '../../http/env.js';
import { readQuarterlySummary, renderReport } from '../../services/report-service.js';
import { todayOf } from '../data.js';
import { chromeOf, Layout } from '../layout.js';
import { areaAction } from '../page-actions.js';
import { pageErrorHandler, sendPage, unknownPage } from '../render.js';
import { requireUser, type WebEnv } from '../session.js';
import { xlsxResponse } from './front.js';
import { reportFragmentForPage } from './report-fragment.js';

const ROMAN = ['I', 'II', 'III', 'IV'];

/** The quarter asked for in the query (?year=&quarter=), else the current one. */
export function quarterOfRequest(c: Context, today: string): Quarter {
  const current = parseQuarter(quarterOf(today)) as Quarter;
  const year = Number(c.req.query('year'));
  const quarter = Number(c.req.query('quarter'));
  if (Number.isInteger(year) && year >= 2000 && year <= current.year + 1 && [1, 2, 3, 4].includes(quarter)) {
    return { year, quarter: quarter as Quarter['quarter'] };
  }
  return current;
}

export function standingRoutes(deps: AppDeps) {
  const app = new Hono<WebEnv>();
  app.onError(pageErrorHandler(deps));
  app.use('*', requireUser(deps, areaAction('/standing')));

  app.get('/', async (c) => {
    const user = c.get('user');
    const today = todayOf(deps);
    const quarter = quarterOfRequest(c, today);
    const summary = await readQuarterlySummary(deps, user.unitId, user, quarter);
    const { head, rest } = reportFragmentForPage(deps, quarterlyFragment(summary));
    const thisYear = Number(today.slice(0, 4));
    const years = Array.from({ length: 6 }, (_, i) => thisYear - i);
    const query = `year=${quarter.year}&quarter=${quarter.quarter}`;
    return sendPage(
      c,
      deps,
      <Layout title={`Tổng hợp ${summary.label}`} chrome={await chromeOf(c, deps)}>
        <div class="report">
          {raw(head)}
          <form method="get" action="/standing" class="picker" aria-label="Chọn quý">
            <div class="field">
              <label for="f-quarter">Quý</label>
              <select id="f-quarter" name="quarter">
                {[1, 2, 3, 4].map((q) => (
                  <option value={String(q)} selected={q === quarter.quarter}>
                    Quý {ROMAN[q - 1]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="f-year">Năm</label>
              <select id="f-year" name="year">
                {years.map((y) => (
                  <option value={String(y)} selected={y === quarter.year}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="secondary">
              Xem
            </button>
          </form>
          <p class="actions">
            <a class="button" href={`/standing/quarterly.xlsx?${query}`} download>
              Tải báo cáo {summary.label} (Excel)
            </a>
          </p>
          {raw(rest)}
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
