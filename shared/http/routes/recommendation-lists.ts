/** Lists of items: a page, the counts per status of the same filters, and the list as a spreadsheet. */
import * as z from 'zod';
import { STATUSES } from '../../domain/model.js';
import {
  countRecommendations,
  exportRecommendations,
  listPage,
  MAX_EXPORT_ROWS,
} from '../../services/list-service.js';
import { listedUnit } from '../../services/tree-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, problemOf, securedRoute } from '../route-table.js';
import { ListFilterSchema, ListQuerySchema, RecommendationSchema } from '../schemas.js';

const FILTERS =
  'Filters: `dialogueId`, `departmentId` (with `departmentRole`: lead, cooperating or any — default), `status`, `field`, ' +
  '`residentialGroup` (both ignoring case and diacritics), `overdue=true`, `dueWithin` (awaiting an answer, due within N working days), ' +
  '`dueBefore`, `q` (every word, ignoring case and diacritics: "dat dai" finds "đất đai"). A department user gets its own department\'s ' +
  "items only (those it leads and those it cooperates on). `unitId` of a child unit (a commune of the caller's province) lists " +
  "that unit's items, read-only (Front, standing committee, admin of the parent unit).";

const list = securedRoute(
  {
    method: 'get',
    path: '/api/recommendations',
    summary: 'Search and filter recommendations, cursor-paginated',
    description: FILTERS,
    request: { query: ListQuerySchema },
    responses: {
      200: json(
        z.object({ items: z.array(RecommendationSchema), nextCursor: z.string().nullable() }),
        'Page',
      ),
    },
  },
  'recommendation.list',
);

export const StatusCountsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.object(Object.fromEntries(STATUSES.map((s) => [s, z.number().int()]))),
    overdue: z.number().int(),
  })
  .meta({ id: 'StatusCounts' });

const counts = securedRoute(
  {
    method: 'get',
    path: '/api/recommendations/counts',
    summary:
      'How many items of the filtered list have each status (the `status` filter aside), and how many are overdue',
    description: FILTERS,
    request: { query: ListFilterSchema },
    responses: { 200: json(StatusCountsSchema, 'Counts') },
  },
  'recommendation.list',
);

const exportList = securedRoute(
  {
    method: 'get',
    path: '/api/recommendations/export',
    summary: `The filtered list as an XLSX workbook (at most ${MAX_EXPORT_ROWS} items; more: 400 naming \`query\`)`,
    description: FILTERS,
    request: { query: ListFilterSchema },
    responses: {
      200: {
        description: 'XLSX workbook',
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: z.string().meta({ format: 'binary' }),
          },
        },
      },
      400: problemOf(
        `Invalid filters, or more than ${MAX_EXPORT_ROWS} items (field \`query\`: narrow the filters; the list is never cut)`,
      ),
    },
  },
  'recommendation.list',
);

export function recommendationListRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();

  app.openapi(list, async (c) => {
    const p = c.get('principal');
    const { cursor, limit, unitId, ...query } = c.req.valid('query');
    const listed = await listedUnit(deps, p, unitId);
    return c.json(await listPage(deps, listed, p, query, { limit, cursor }), 200);
  });

  app.openapi(counts, async (c) => {
    const p = c.get('principal');
    const { unitId, ...query } = c.req.valid('query');
    return c.json(await countRecommendations(deps, await listedUnit(deps, p, unitId), p, query), 200);
  });

  app.openapi(exportList, async (c) => {
    const p = c.get('principal');
    const { unitId, ...query } = c.req.valid('query');
    const file = await exportRecommendations(deps, await listedUnit(deps, p, unitId), p, query);
    return c.body(new Uint8Array(file.body), 200, {
      'Content-Type': file.contentType,
      'Content-Disposition': `attachment; filename="${file.filename}"`,
    });
  });
  return app;
}
