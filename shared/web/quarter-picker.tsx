/** The quarter a report page shows: read from the query (?year=&quarter=) and chosen with one form. */
import type { Context } from 'hono';
import { quarterOf } from '../domain/model.js';
import { parseQuarter, type Quarter } from '../domain/reports/quarterly-summary.js';

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

/** The query string naming a quarter, as the picker submits it. */
export const quarterQuery = (q: Quarter) => `year=${q.year}&quarter=${q.quarter}`;

/** A GET form choosing the quarter (and one of the last six years) of the page at `action`. */
export function QuarterPicker(props: { action: string; quarter: Quarter; today: string }) {
  const thisYear = Number(props.today.slice(0, 4));
  return (
    <form method="get" action={props.action} class="picker" aria-label="Chọn quý">
      <div class="field">
        <label for="f-quarter">Quý</label>
        <select id="f-quarter" name="quarter">
          {[1, 2, 3, 4].map((q) => (
            <option value={String(q)} selected={q === props.quarter.quarter}>
              Quý {ROMAN[q - 1]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-year">Năm</label>
        <select id="f-year" name="year">
          {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => (
            <option value={String(y)} selected={y === props.quarter.year}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        Xem
      </button>
    </form>
  );
}
