/** The documents of a dialogue: the conclusion notice (read, edit, issue) and the results report. */
import * as z from 'zod';
import {
  conclusionNotice,
  renderNotice,
  renderResults,
  resultsReport,
  saveNoticeText,
} from '../../services/document-service.js';
import { issueConclusionNotice } from '../../services/notice-issue-service.js';
import { IssueSchema, NoticeTextSchema } from '../document-schemas.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, jsonBody, problemOf, securedRoute } from '../route-table.js';
import { DialogueSchema, IdParam } from '../schemas.js';
import { sendDocument } from '../send-document.js';

const Binary = z.string().meta({ format: 'binary' });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const IssueResultSchema = z.object({
  dialogue: DialogueSchema,
  document: z.object({ filename: z.string(), size: z.number() }),
  mails: z.array(
    z.object({
      id: z.string(),
      to: z.array(z.string()),
      recipient: z.enum(['department', 'front']),
      departmentId: z.string().nullable(),
      sent: z.boolean(),
    }),
  ),
  notMailed: z.array(z.object({ name: z.string(), reason: z.string() })),
});

const issue = securedRoute(
  {
    method: 'post',
    path: '/api/dialogues/{id}/conclusion-notice/issue',
    summary:
      "Issue the notice: its number and date, the dialogue concluded, and e-mails (DOCX attached) to each department named in it with its own items and to the Front's recipients, queued with the change",
    request: { params: IdParam, body: jsonBody(IssueSchema) },
    responses: {
      200: json(IssueResultSchema, 'Issued'),
      409: problemOf('Already issued, items not classified, or a stale version'),
    },
  },
  'conclusionNotice.issue',
);

const notice = securedRoute(
  {
    method: 'get',
    path: '/api/dialogues/{id}/conclusion-notice',
    summary:
      'The conclusion notice (Thông báo kết luận) of a dialogue, in the Decree 30/2020 layout: DOCX (default) or HTML',
    request: {
      params: IdParam,
      query: z.object({ format: z.enum(['docx', 'html']).default('docx') }).strict(),
    },
    responses: {
      200: {
        description: 'The notice',
        content: { [DOCX]: { schema: Binary }, 'text/html': { schema: z.string() } },
      },
    },
  },
  'conclusionNotice.read',
);

const noticeText = securedRoute(
  {
    method: 'put',
    path: '/api/dialogues/{id}/conclusion-notice/text',
    summary:
      "The notice's opening and closing paragraphs and its signer (empty: the default text); refused once issued",
    request: { params: IdParam, body: jsonBody(NoticeTextSchema) },
    responses: {
      200: json(DialogueSchema, 'Saved'),
      409: problemOf('Stale version, or already issued'),
    },
  },
  'conclusionNotice.edit',
);

const results = securedRoute(
  {
    method: 'get',
    path: '/api/dialogues/{id}/results-report',
    summary:
      'Report of the results (Báo cáo kết quả giải quyết kiến nghị) of a dialogue: DOCX (default), XLSX or HTML',
    request: {
      params: IdParam,
      query: z.object({ format: z.enum(['docx', 'xlsx', 'html']).default('docx') }).strict(),
    },
    responses: {
      200: {
        description: 'The report',
        content: {
          [DOCX]: { schema: Binary },
          [XLSX]: { schema: Binary },
          'text/html': { schema: z.string() },
        },
      },
    },
  },
  'resultsReport.read',
);

export function documentRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(notice, async (c) => {
    const p = c.get('principal');
    const built = await conclusionNotice(deps, p.unitId, c.req.valid('param').id, p);
    return sendDocument(c, await renderNotice(built, c.req.valid('query').format)) as never;
  });
  app.openapi(noticeText, async (c) => {
    const p = c.get('principal');
    return c.json(await saveNoticeText(deps, p.unitId, c.req.valid('param').id, c.req.valid('json'), p), 200);
  });
  app.openapi(issue, async (c) => {
    const p = c.get('principal');
    return c.json(
      await issueConclusionNotice(deps, p.unitId, c.req.valid('param').id, c.req.valid('json'), p),
      200,
    );
  });
  app.openapi(results, async (c) => {
    const p = c.get('principal');
    const report = await resultsReport(deps, p.unitId, c.req.valid('param').id, p);
    return sendDocument(c, await renderResults(report, c.req.valid('query').format)) as never;
  });
  return app;
}
