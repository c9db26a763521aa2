import * as z from 'zod';
import {
  createDialogue,
  dialogueHistory,
  getDialogue,
  listDialogues,
  patchDialogue,
} from '../../services/dialogue-service.js';
import type { AppDeps, AppEnv } from '../env.js';
import { ApiRoutes } from '../openapi.js';
import { json, problemOf, securedRoute } from '../route-table.js';
import {
  DialoguePatchSchema,
  DialogueSchema,
  HistoryEntrySchema,
  IdParam,
  NewDialogueSchema,
} from '../schemas.js';

const list = securedRoute(
  {
    method: 'get',
    path: '/api/dialogues',
    summary: 'Dialogues of the unit, newest first',
    responses: { 200: json(z.object({ items: z.array(DialogueSchema), nextCursor: z.null() }), 'Dialogues') },
  },
  'dialogue.list',
);
const create = securedRoute(
  {
    method: 'post',
    path: '/api/dialogues',
    summary: 'Record a dialogue',
    request: { body: { required: true, content: { 'application/json': { schema: NewDialogueSchema } } } },
    responses: { 201: json(DialogueSchema, 'Created') },
  },
  'dialogue.create',
);
const get = securedRoute(
  {
    method: 'get',
    path: '/api/dialogues/{id}',
    request: { params: IdParam },
    responses: { 200: json(DialogueSchema, 'Dialogue') },
  },
  'dialogue.read',
);
const patch = securedRoute(
  {
    method: 'patch',
    path: '/api/dialogues/{id}',
    summary: 'Edit a dialogue, record its conclusion notice, publish its results',
    request: {
      params: IdParam,
      body: { required: true, content: { 'application/json': { schema: DialoguePatchSchema } } },
    },
    responses: {
      200: json(DialogueSchema, 'Updated'),
      409: problemOf('Stale version, or a move to another quarter once it has items'),
    },
  },
  'dialogue.update',
);
const history = securedRoute(
  {
    method: 'get',
    path: '/api/dialogues/{id}/history',
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(HistoryEntrySchema) }), 'History') },
  },
  'dialogue.history',
);

export function dialogueRoutes(deps: AppDeps) {
  const app = new ApiRoutes<AppEnv>();
  app.openapi(list, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await listDialogues(deps, p.unitId, p), nextCursor: null }, 200);
  });
  app.openapi(create, async (c) => {
    const p = c.get('principal');
    return c.json(await createDialogue(deps, p.unitId, c.req.valid('json'), p), 201);
  });
  app.openapi(get, async (c) => {
    const p = c.get('principal');
    return c.json(await getDialogue(deps, p.unitId, c.req.valid('param').id, p), 200);
  });
  app.openapi(patch, async (c) => {
    const p = c.get('principal');
    return c.json(await patchDialogue(deps, p.unitId, c.req.valid('param').id, c.req.valid('json'), p), 200);
  });
  app.openapi(history, async (c) => {
    const p = c.get('principal');
    return c.json({ items: await dialogueHistory(deps, p.unitId, c.req.valid('param').id, p) }, 200);
  });
  return app;
}
