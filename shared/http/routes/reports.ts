import type { Context } from 'hono';
import * as z from 'zod';
import { RECIPIENT_STATUSES, REPORT_KINDS } from '../../adapters/dynamodb/report-store.js';
import { todayInVietnam } from '../../domain/calendar/index.js';
import { ValidationError } from '../../domain/errors.js';
import { STATUSES } from '../../domain/model.js';
import { REPEAT_THRESHOLD } from '../../domain/reports/repeats.js';
import { RecipientBodySchema, RecipientParamsSchema } from '../../services/admin-schemas.js';
import { listRecipients, removeRecipient, saveRecipient } from '../../services/recipient-service.js';
import { decideRepeat, repeatCandidates } from '../../services/repeat-service.js';
import {
  listReportSends,
  type RenderedReport,
  readQuarterlySummary,
  readSupervisionReport,
  renderReport,
  requireQuarter,
  sendReportNow,
} from '../../services/report-service.js';
import { childQuarterlyRollup, childSupervisionRollup } from '../../services/tree-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { problemOf, securedRoute } from '../route-table.js';
import { IdSchema, IsoDateSchema, RecommendationSchema, RepeatDecisionSchema } from '../schemas.js';

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});

const FormatSchema = z.enum(['json', 'xlsx', 'csv', 'html']).default('json');
const Binary = z.string().meta({ format: 'binary' });
const formatsResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: {
    'application/json': { schema },
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Binary },
    'text/csv': { schema: z.string() },
    'text/html': { schema: z.string() },
  },
});

const ItemSchema = z
  .object({
    id: z.string(),
    ref: z.string(),
    content: z.string(),
    dueDate: z.string().nullable(),
    link: z.string(),
    departmentId: z.string().nullable(),
    status: z.enum(STATUSES),
  })
  .passthrough();
const SupervisionSchema = z
  .object({
    kind: z.literal('supervision'),
    unit: z.object({ id: z.string(), name: z.string() }),
    today: z.string(),
    since: z.string().nullable(),
    dueSoonUntil: z.string(),
    counts: z.record(z.string(), z.number()),
    overdue: z.array(
      z.object({
        departmentId: z.string(),
        name: z.string(),
        items: z.array(ItemSchema.extend({ workingDaysOverdue: z.number(), escalationLevel: z.number() })),
      }),
    ),
    awaitingReview: z.array(ItemSchema),
    awaitingReviewOlder: z.array(ItemSchema),
    reopened: z.array(ItemSchema),
    dueSoon: z.array(ItemSchema),
    forwardedWithoutAnswer: z.array(ItemSchema),
  })
  .passthrough()
  .meta({ id: 'SupervisionReport' });
const TotalsSchema = z.record(z.string(), z.number());
const QuarterlySchema = z
  .object({
    kind: z.literal('quarterly'),
    unit: z.object({ id: z.string(), name: z.string() }),
    quarter: z.string(),
    label: z.string(),
    dialoguesHeld: z.number(),
    totals: TotalsSchema,
    departments: z.array(
      z
        .object({
          departmentId: z.string(),
          name: z.string(),
          assigned: z.number(),
          resolvedOnTime: z.number(),
          resolvedLate: z.number(),
          overdue: z.number(),
          rank: z.number().int().nullable(),
          onTimeRate: z.number().nullable(),
          halfResolvedWithinWorkingDays: z.number().nullable(),
        })
        .passthrough(),
    ),
  })
  .passthrough()
  .meta({ id: 'QuarterlySummary' });
const SendRecordSchema = z
  .object({
    id: z.string(),
    kind: z.enum(REPORT_KINDS),
    period: z.string(),
    trigger: z.enum(['manual', 'schedule']),
    recipients: z.array(z.string()),
    skippedRecipients: z.array(z.string()),
    subject: z.string().nullable(),
    messageId: z.string().nullable(),
    outcome: z.enum(['sending', 'sent', 'failed', 'skipped', 'superseded']),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .passthrough()
  .meta({ id: 'ReportSend' });
const RecipientSchema = z
  .object({
    kind: z.enum(REPORT_KINDS),
    email: z.string(),
    name: z.string().nullable(),
    status: z.enum(RECIPIENT_STATUSES),
    statusAt: z.string().nullable(),
    statusDetail: z.string().nullable(),
  })
  .meta({ id: 'ReportRecipient' });
const RecipientParams = RecipientParamsSchema;
/** `units`: the roll-up of the caller's child units (a province's communes), JSON only. */
const ScopeSchema = z.enum(['unit', 'units']).default('unit');
const QuarterlyRollupSchema = z
  .object({
    kind: z.literal('quarterly-units'),
    unit: z.object({ id: z.string(), name: z.string() }),
    quarter: z.string(),
    label: z.string(),
    asOf: z.string(),
    units: z.array(
      z.object({
        rank: z.number(),
        unitId: z.string(),
        name: z.string(),
        totals: TotalsSchema,
        onTimeRate: z.number().nullable(),
      }),
    ),
    totals: TotalsSchema,
    onTimeRate: z.number().nullable(),
  })
  .meta({ id: 'QuarterlyRollup' });
const SupervisionCountsSchema = z.object({
  overdue: z.number(),
  awaitingReview: z.number(),
  forwardedWithoutAnswer: z.number(),
});
const SupervisionRollupSchema = z
  .object({
    kind: z.literal('supervision-units'),
    unit: z.object({ id: z.string(), name: z.string() }),
    today: z.string(),
    units: z.array(
      SupervisionCountsSchema.extend({
        rank: z.number(),
        unitId: z.string(),
        name: z.string(),
        departments: z.array(z.object({ departmentId: z.string(), name: z.string(), overdue: z.number() })),
      }),
    ),
    totals: SupervisionCountsSchema,
  })
  .meta({ id: 'SupervisionRollup' });
const onlyJson = (format: string) => {
  if (format !== 'json')
    throw new ValidationError([
      { field: 'query.format', message: 'Bảng tổng hợp các đơn vị cấp dưới chỉ có dạng JSON' },
    ]);
};
const QuarterQuery = {
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional(),
};

const supervision = securedRoute(
  {
    method: 'get',
    path: '/api/reports/supervision',
    summary:
      'Supervision report (Front committee): overdue by department, awaiting review, reopened, due soon, forwarded without answer',
    request: {
      query: z.object({ format: FormatSchema, since: IsoDateSchema.optional(), scope: ScopeSchema }).strict(),
    },
    responses: {
      200: formatsResponse(
        z.union([SupervisionSchema, SupervisionRollupSchema]),
        'The report (scope=units: overdue per child unit and per department)',
      ),
    },
  },
  'report.supervision',
);

const quarterly = securedRoute(
  {
    method: 'get',
    path: '/api/reports/quarterly',
    summary: 'Quarterly summary (standing committee) of a quarter (default: the current one)',
    request: { query: z.object({ ...QuarterQuery, format: FormatSchema, scope: ScopeSchema }).strict() },
    responses: {
      200: formatsResponse(
        z.union([QuarterlySchema, QuarterlyRollupSchema]),
        'The summary (scope=units: each child unit’s totals and their sum)',
      ),
    },
  },
  'report.quarterly',
);

const sendSupervision = securedRoute(
  {
    method: 'post',
    path: '/api/reports/supervision/send',
    summary: 'Email the supervision report now to its recipients (recorded; retried if it fails)',
    responses: { 202: json(SendRecordSchema, 'The send, with its outcome') },
  },
  'report.send',
);

const sendQuarterly = securedRoute(
  {
    method: 'post',
    path: '/api/reports/quarterly/send',
    summary: 'Email the quarterly summary of a quarter (default: the current one) now',
    request: { body: body(z.object(QuarterQuery).strict(), false) },
    responses: { 202: json(SendRecordSchema, 'The send, with its outcome') },
  },
  'report.send',
);

const sends = securedRoute(
  {
    method: 'get',
    path: '/api/reports/sends',
    summary: 'History of report sends, newest first (failed ones included)',
    request: {
      query: z
        .object({
          kind: z.enum(REPORT_KINDS).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        })
        .strict(),
    },
    responses: { 200: json(z.object({ items: z.array(SendRecordSchema) }), 'Sends') },
  },
  'report.sends',
);

const recipients = securedRoute(
  {
    method: 'get',
    path: '/api/recipients',
    summary: 'Report recipients of the unit, with delivery problems reported by SES',
    request: { query: z.object({ kind: z.enum(REPORT_KINDS).optional() }).strict() },
    responses: { 200: json(z.object({ items: z.array(RecipientSchema) }), 'Recipients') },
  },
  'recipients.read',
);

const putRecipient = securedRoute(
  {
    method: 'put',
    path: '/api/recipients/{kind}/{email}',
    summary: 'Add or update a recipient of a report kind (marks it active again)',
    request: {
      params: RecipientParams,
      body: body(RecipientBodySchema, false),
    },
    responses: { 200: json(RecipientSchema, 'Updated'), 201: json(RecipientSchema, 'Added') },
  },
  'recipients.update',
);

const deleteRecipient = securedRoute(
  {
    method: 'delete',
    path: '/api/recipients/{kind}/{email}',
    request: { params: RecipientParams },
    responses: { 204: { description: 'Removed' } },
  },
  'recipients.update',
);

const candidates = securedRoute(
  {
    method: 'get',
    path: '/api/repeats/candidates',
    summary: "Possible repeats of a dialogue's recommendations among the unit's earlier dialogues",
    request: {
      query: z
        .object({
          dialogueId: IdSchema,
          threshold: z.coerce.number().min(0.1).max(1).default(REPEAT_THRESHOLD),
        })
        .strict(),
    },
    responses: {
      200: json(
        z.object({
          dialogueId: z.string(),
          threshold: z.number(),
          items: z.array(
            z.object({
              id: z.string(),
              ref: z.string(),
              content: z.string(),
              link: z.string(),
              candidates: z.array(
                z
                  .object({ id: z.string(), ref: z.string(), content: z.string(), score: z.number() })
                  .passthrough(),
              ),
            }),
          ),
        }),
        'Candidates, best first',
      ),
    },
  },
  'repeats.read',
);

const decide = securedRoute(
  {
    method: 'post',
    path: '/api/repeats',
    summary: 'Confirm (link) or dismiss a repeat candidate',
    request: {
      body: body(RepeatDecisionSchema),
    },
    responses: {
      200: json(
        z.object({
          decision: z.enum(['confirm', 'dismiss']),
          recommendation: RecommendationSchema.partial().passthrough(),
          link: z.unknown(),
        }),
        'Decided',
      ),
      409: problemOf('Already linked to another recommendation, or changed meanwhile'),
    },
  },
  'repeats.decide',
);

function sendRendered(c: Context, rendered: RenderedReport): Response {
  const headers: Record<string, string> = { 'Content-Type': rendered.contentType };
  if (!rendered.contentType.startsWith('text/html'))
    headers['Content-Disposition'] = `attachment; filename="${rendered.filename}"`;
  return c.body(
    typeof rendered.body === 'string' ? rendered.body : new Uint8Array(rendered.body),
    200,
    headers,
  );
}

export function reportsRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  const today = () => todayInVietnam(deps.clock.now());

  app.openapi(supervision, async (c) => {
    const p = c.get('principal');
    const q = c.req.valid('query');
    if (q.scope === 'units') {
      onlyJson(q.format);
      return c.json(await childSupervisionRollup(deps, p), 200);
    }
    const report = await readSupervisionReport(deps, p.unitId, p, q.since ? { since: q.since } : {});
    if (q.format === 'json') return c.json(report, 200);
    return sendRendered(c, await renderReport(report, q.format)) as never;
  });

  app.openapi(quarterly, async (c) => {
    const p = c.get('principal');
    const q = c.req.valid('query');
    if (q.scope === 'units') {
      onlyJson(q.format);
      return c.json(await childQuarterlyRollup(deps, p, requireQuarter(q.year, q.quarter, today())), 200);
    }
    const summary = await readQuarterlySummary(deps, p.unitId, p, requireQuarter(q.year, q.quarter, today()));
    if (q.format === 'json') return c.json(summary, 200);
    return sendRendered(c, await renderReport(summary, q.format)) as never;
  });

  app.openapi(sendSupervision, async (c) => {
    const p = c.get('principal');
    const record = await sendReportNow(deps, p.unitId, p, { kind: 'supervision' });
    return c.json(record as never, 202);
  });

  app.openapi(sendQuarterly, async (c) => {
    const p = c.get('principal');
    const input = (c.req.valid('json') ?? {}) as { year?: number; quarter?: number };
    const quarter = requireQuarter(input.year, input.quarter, today(), 'body');
    const record = await sendReportNow(deps, p.unitId, p, { kind: 'quarterly', quarter });
    return c.json(record as never, 202);
  });

  app.openapi(sends, async (c) => {
    const p = c.get('principal');
    const q = c.req.valid('query');
    return c.json({ items: await listReportSends(deps, p.unitId, p, q.limit, q.kind) }, 200);
  });

  app.openapi(recipients, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await listRecipients(deps, p.unitId, p, c.req.valid('query').kind) }, 200);
  });

  app.openapi(putRecipient, async (c) => {
    const p = c.get('principal');
    const { kind, email } = c.req.valid('param');
    const input = (c.req.valid('json') ?? {}) as { name?: string | null };
    const { recipient, created } = await saveRecipient(
      deps,
      p.unitId,
      { kind, email, name: input.name ?? null },
      p,
    );
    return c.json(recipient, created ? 201 : 200);
  });

  app.openapi(deleteRecipient, async (c) => {
    const p = c.get('principal');
    const { kind, email } = c.req.valid('param');
    await removeRecipient(deps, p.unitId, kind, email, p);
    return c.body(null, 204);
  });

  app.openapi(candidates, async (c) => {
    const p = c.get('principal');
    const q = c.req.valid('query');
    return c.json(await repeatCandidates(deps, p.unitId, q.dialogueId, p, q.threshold), 200);
  });

  app.openapi(decide, async (c) => {
    const p = c.get('principal');
    return c.json((await decideRepeat(deps, p.unitId, c.req.valid('json'), p)) as never, 200);
  });
  return app;
}
