import * as z from 'zod';
import { todayInVietnam } from '../../domain/calendar/index.js';
import { ValidationError } from '../../domain/errors.js';
import { batchAssign } from '../../services/batch-assign.js';
import { forwardItem } from '../../services/forward-service.js';
import { importRecommendations } from '../../services/import-service.js';
import {
  addNote,
  createRecommendations,
  getVisible,
  MAX_BATCH,
  patchItem,
  recommendationHistory,
  requestHash,
  resolveItem,
  reviewItem,
  TRANSACTION_LIMIT,
  view,
} from '../../services/recommendation-service.js';
import { childRecommendation } from '../../services/tree-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, problemOf, securedRoute } from '../route-table.js';
import {
  BatchAssignSchema,
  CooperationNoteInputSchema,
  ForwardSchema,
  HistoryEntrySchema,
  IdempotencyHeader,
  IdParam,
  IdSchema,
  NewRecommendationSchema,
  RecommendationPatchSchema,
  RecommendationSchema,
  ResolveSchema,
  ReviewSchema,
} from '../schemas.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SpreadsheetFile = z.string().meta({ format: 'binary' });

const create = securedRoute(
  {
    method: 'post',
    path: '/api/dialogues/{id}/recommendations',
    summary: `Record one recommendation or an array (≤ ${MAX_BATCH}); idempotent with Idempotency-Key`,
    description: `Written in one transaction of at most ${TRANSACTION_LIMIT} writes: 4, plus 2 per item and 1 per cooperating department of each; a larger request is refused whole (400, field \`body\`).`,
    request: {
      params: IdParam,
      headers: IdempotencyHeader,
      body: jsonBody(
        z.union([NewRecommendationSchema, z.array(NewRecommendationSchema).min(1).max(MAX_BATCH)]),
      ),
    },
    responses: {
      201: json(
        z.union([RecommendationSchema, z.object({ items: z.array(RecommendationSchema) })]),
        'Created',
      ),
      200: json(
        z.union([RecommendationSchema, z.object({ items: z.array(RecommendationSchema) })]),
        'Replayed',
      ),
      422: problemOf('The Idempotency-Key was used before with another body'),
    },
  },
  'recommendation.create',
);

const importRoute = securedRoute(
  {
    method: 'post',
    path: '/api/dialogues/{id}/recommendations/import',
    summary: 'Import the office spreadsheet (.xlsx or .csv) as multipart field `file` or the raw body',
    request: {
      params: IdParam,
      headers: IdempotencyHeader,
      body: {
        required: true,
        description: 'The spreadsheet: as the multipart field `file`, or as the raw body',
        content: {
          'multipart/form-data': {
            schema: z.object({ file: SpreadsheetFile.meta({ description: 'The .xlsx or .csv file' }) }),
          },
          'text/csv': { schema: z.string().meta({ description: 'UTF-8 (or Windows-1258) CSV' }) },
          [XLSX_TYPE]: { schema: SpreadsheetFile },
          'application/octet-stream': { schema: SpreadsheetFile },
        },
      },
    },
    responses: {
      201: json(
        z.object({
          imported: z.number(),
          alreadyImported: z.number(),
          items: z.array(z.object({ row: z.number(), id: z.string(), ref: z.string() })),
        }),
        'Imported',
      ),
      413: problemOf('Body over 10 MB (counted as read, with or without Content-Length)'),
      415: problemOf('Not a spreadsheet the import reads (.xlsx or .csv)'),
      422: problemOf(
        'Nothing written: every bad row in `errors` (row as the spreadsheet numbers it, column, message), ' +
          'a file that cannot be read, a file past a limit of shared/import/limits.ts (named in `limit`), ' +
          'or an Idempotency-Key used before with another file',
      ),
    },
  },
  'recommendation.import',
);

const UnitQuery = z
  .object({
    unitId: IdSchema.optional().meta({ description: 'A child unit (read-only); default: the own unit' }),
  })
  .strict();

const forward = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/forward',
    summary:
      'Forward the item to the parent unit: it becomes `forwarded`, and a `received` item is created there (one transaction)',
    request: { params: IdParam, body: jsonBody(ForwardSchema) },
    responses: {
      200: json(RecommendationSchema, 'Forwarded; `forwardedTo` names the item at the parent'),
      409: problemOf('Stale version, already forwarded, or closed'),
    },
  },
  'recommendation.forward',
);

const get = securedRoute(
  {
    method: 'get',
    path: '/api/recommendations/{id}',
    request: { params: IdParam, query: UnitQuery },
    responses: { 200: json(RecommendationSchema, 'Item') },
  },
  'recommendation.read',
);

const patch = securedRoute(
  {
    method: 'patch',
    path: '/api/recommendations/{id}',
    summary: 'Decide, assign, reassign, change the due date (with a reason); requires the current version',
    request: { params: IdParam, body: jsonBody(RecommendationPatchSchema) },
    responses: {
      200: json(RecommendationSchema, 'Updated'),
      409: problemOf('Stale version, or not allowed in the current status'),
    },
  },
  'recommendation.update',
);

const resolve = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/resolve',
    summary: 'The lead department answers and marks the item resolved',
    request: { params: IdParam, body: jsonBody(ResolveSchema) },
    responses: {
      200: json(RecommendationSchema, 'Resolved'),
      409: problemOf('Stale version, or not awaiting an answer'),
    },
  },
  'recommendation.resolve',
);

const review = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/review',
    summary: 'The Front confirms the answer, or reopens with a reason and a new due date',
    request: { params: IdParam, body: jsonBody(ReviewSchema) },
    responses: {
      200: json(RecommendationSchema, 'Reviewed'),
      409: problemOf('Stale version, or not resolved'),
    },
  },
  'recommendation.review',
);

const assign = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/assign',
    summary: 'Assign (or reassign) several items at once to one lead department, all or nothing',
    description:
      'Each item with its current `version`; received items become assigned, assigned ones are reassigned (a new due date needs a `reason`). Any item missing, stale or closed refuses the whole request. Each department gets one notice for the request.',
    request: { body: jsonBody(BatchAssignSchema) },
    responses: {
      200: json(z.object({ items: z.array(RecommendationSchema) }), 'Assigned'),
      409: problemOf('An item is stale or not open for assignment (the item named in `errors`)'),
    },
  },
  'recommendation.update',
);

const note = securedRoute(
  {
    method: 'post',
    path: '/api/recommendations/{id}/cooperation-notes',
    summary:
      'A cooperating department adds its contribution (ý kiến phối hợp) for the lead department; recorded in the history',
    request: { params: IdParam, body: jsonBody(CooperationNoteInputSchema) },
    responses: {
      201: json(RecommendationSchema, 'The item with the note'),
      409: problemOf('Stale version, not awaiting an answer, or too many notes'),
    },
  },
  'recommendation.cooperate',
);

const history = securedRoute(
  {
    method: 'get',
    path: '/api/recommendations/{id}/history',
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(HistoryEntrySchema) }), 'History, oldest first') },
  },
  'recommendation.history',
);

async function readUpload(c: {
  req: {
    header(name: string): string | undefined;
    parseBody(): Promise<Record<string, unknown>>;
    arrayBuffer(): Promise<ArrayBuffer>;
  };
}) {
  // The size is bounded by the app's body limit (shared/http/body-limit.ts), counted as it was read.
  const type = c.req.header('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const form = await c.req.parseBody();
    const file = form.file;
    if (!(file instanceof File))
      throw new ValidationError([{ field: 'body.file', message: 'Thiếu tệp trong trường "file"' }]);
    return { bytes: new Uint8Array(await file.arrayBuffer()), contentType: file.type, filename: file.name };
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length === 0)
    throw new ValidationError([
      { field: 'body', message: 'Thân yêu cầu trống: hãy gửi tệp .xlsx hoặc .csv' },
    ]);
  return { bytes, contentType: type };
}

export function recommendationRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  const today = () => todayInVietnam(deps.clock.now());

  app.openapi(create, async (c) => {
    const p = c.get('principal');
    const input = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    const many = Array.isArray(input);
    const inputs = many ? input : [input];
    const { items, replayed } = await createRecommendations(
      deps,
      p.unitId,
      c.req.valid('param').id,
      inputs,
      p,
      {
        ...(key ? { idempotencyKey: `create:${key}`, requestHash: requestHash(input) } : {}),
        fieldPrefix: (i) => (many ? `body.${i}` : 'body'),
      },
    );
    const status = replayed ? 200 : 201;
    return many ? c.json({ items }, status) : c.json(items[0] as never, status);
  });

  app.openapi(importRoute, async (c) => {
    const p = c.get('principal');
    const key = c.req.valid('header')['idempotency-key'];
    const file = await readUpload(c);
    const result = await importRecommendations(
      deps,
      p.unitId,
      c.req.valid('param').id,
      file,
      p,
      key ? `import:${key}` : undefined,
    );
    return c.json(result, 201);
  });

  app.openapi(get, async (c) => {
    const p = c.get('principal');
    const id = c.req.valid('param').id;
    const { unitId } = c.req.valid('query');
    const rec =
      unitId && unitId !== p.unitId
        ? (await childRecommendation(deps, p, unitId, id)).item
        : await getVisible(deps, p.unitId, id, p);
    return c.json(view(rec, today()), 200);
  });

  app.openapi(forward, async (c) => {
    const p = c.get('principal');
    return c.json(await forwardItem(deps, p.unitId, c.req.valid('param').id, p, c.req.valid('json')), 200);
  });

  app.openapi(patch, async (c) => {
    const p = c.get('principal');
    return c.json(await patchItem(deps, p.unitId, c.req.valid('param').id, p, c.req.valid('json')), 200);
  });

  app.openapi(resolve, async (c) => {
    const p = c.get('principal');
    return c.json(await resolveItem(deps, p.unitId, c.req.valid('param').id, p, c.req.valid('json')), 200);
  });

  app.openapi(review, async (c) => {
    const p = c.get('principal');
    return c.json(await reviewItem(deps, p.unitId, c.req.valid('param').id, p, c.req.valid('json')), 200);
  });

  app.openapi(assign, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await batchAssign(deps, p.unitId, p, c.req.valid('json')) }, 200);
  });

  app.openapi(note, async (c) => {
    const p = c.get('principal');
    return c.json(await addNote(deps, p.unitId, c.req.valid('param').id, p, c.req.valid('json')), 201);
  });

  app.openapi(history, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await recommendationHistory(deps, p.unitId, c.req.valid('param').id, p) }, 200);
  });
  return app;
}
