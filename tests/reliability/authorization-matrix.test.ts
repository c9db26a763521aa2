/**
 * Authorization matrix generated from the two doors' tables, ROUTE_TABLE (the API) and PAGE_ACTIONS (every
 * form the web pages post), both read from the permission table: every route and form × every role × own
 * unit / another unit, plus no token or session. A role the action does not list gets 403; an allowed role
 * succeeds on its own unit's record and gets 404 on another unit's record (lists: nothing of the other unit;
 * unit-wide routes: the other unit's data unchanged and not revealed); no token gets 401 (a page: the
 * sign-in page). A route or form added to a table without a sample request below makes this file fail, and
 * so does an /api route or a posted page missing from the tables.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/model.js';
import { can } from '../../shared/domain/permissions.js';
import { APP_FALLBACKS } from '../../shared/http/app.js';
import { ROUTE_TABLE, type RouteAccess } from '../../shared/http/route-table.js';
import {
  OPEN_FORMS,
  PAGE_ACTIONS,
  PAGE_AREAS,
  PAGE_VIEWS,
  type PageAction,
  type PageView,
} from '../../shared/web/page-actions.js';
import { pagesApp } from '../../shared/web/pages-app.js';
import { csrfTokenOf, SESSION_COOKIE } from '../../shared/web/session.js';
import { createTestApp, type RoleSpec, seedUnit, tokenFor } from '../support/app.js';
import { expectDocumented, type OpenApiDoc, openApiDoc } from '../support/openapi.js';
import { ClientProbe, expectProblem, readResponse } from './support.js';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** How a route answers an allowed role of another unit that names this unit's record. */
type OtherUnit =
  /** The record is not found: 404. */
  | 'notFound'
  /** A list: 200 with no items. */
  | 'empty'
  /** 404, or 200 with no items (a list filtered by another unit's id). */
  | 'notFoundOrEmpty'
  /** The route works on the caller's own unit: this unit's data must stay unchanged and unrevealed. */
  | 'isolated'
  /**
   * The system administrator's routes: a token with no unit works across the deployment (on units of
   * its own here), so "another unit" is the same request; u1's data stays unchanged and unrevealed.
   */
  | 'deploymentWide';

interface SampleRequest {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  raw?: { bytes: string; contentType: string };
}

interface Sample {
  /** Builds, in unit u1, whatever the request needs and returns the request an allowed role would make. */
  build(role: RoleSpec): Promise<SampleRequest>;
  otherUnit?: OtherUnit;
  /** What an allowed role gets on its own unit (default: 200, 201, 202 or 204). */
  success?: number[];
}

const OWN = 'u1';
/** u1's parent unit (a province): forwarding goes there. */
const PARENT = 'p1';
/** Another unit: a fresh one per test, so its lists hold nothing of its own. */
let others = 0;
const otherUnit = () => `other${++others}`;
const roleSpec = (role: Role): RoleSpec => (role === 'department' ? 'department:dc' : role);

let t: TestApp;
let doc: OpenApiDoc;
let probe: ClientProbe;
let dialogueId: string;
const markers = new Set<string>();
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

async function ok<T = { id: string; version: number }>(
  res: { status: number; body: unknown },
  what: string,
): Promise<T> {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
  return res.body as T;
}

async function newItem(departmentId = 'dc', cooperatingDepartmentIds: string[] = []) {
  const item = await ok(
    await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body: {
        content: `Kiến nghị kiểm tra quyền ${unique()}`,
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId,
        cooperatingDepartmentIds,
      },
    }),
    'create item',
  );
  markers.add(item.id);
  return item;
}

/** Led by 'vhxh', 'dc' (the matrix's department user) cooperating. */
const cooperatingItem = () => newItem('vhxh', ['dc']);

async function resolvedItem() {
  const item = await newItem();
  return ok(
    await t.call('POST', `/api/recommendations/${item.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã xử lý xong' },
    }),
    'resolve',
  );
}

async function newDialogue() {
  const d = await ok(
    await t.call('POST', '/api/dialogues', {
      as: 'office',
      body: { title: `Hội nghị ${unique()}`, heldOn: '2023-10-11', location: 'Nhà văn hóa' },
    }),
    'create dialogue',
  );
  markers.add(d.id);
  return d;
}

/** A small PDF as a multipart body (its bytes are ASCII). */
const PDF_TEXT = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';
const multipartPdf = () => ({
  contentType: 'multipart/form-data; boundary=matrixboundary',
  bytes: `--matrixboundary\r\nContent-Disposition: form-data; name="file"; filename="cong-van.pdf"\r\nContent-Type: application/pdf\r\n\r\n${PDF_TEXT}\r\n--matrixboundary--\r\n`,
});

async function itemWithFile() {
  const item = await newItem();
  const form = new FormData();
  form.append('file', new File([PDF_TEXT], 'cong-van.pdf', { type: 'application/pdf' }));
  const file = await ok<{ id: string }>(
    await t.call('POST', `/api/recommendations/${item.id}/attachments`, { as: 'office', raw: form }),
    'attach',
  );
  return { item, file };
}

async function dialogueWithItem() {
  const d = await newDialogue();
  await ok(
    await t.call('POST', `/api/dialogues/${d.id}/recommendations`, {
      as: 'office',
      body: {
        content: `Kiến nghị ${unique()}`,
        source: 'at_dialogue',
        disposition: 'assigned',
        departmentId: 'dc',
      },
    }),
    'item',
  );
  return d;
}

const U1_FIELD = 'Lĩnh vực riêng của đơn vị u1';
const U1_POLICY_EMAIL = 'chutich-u1@demo.example';
const U1_RECIPIENT = 'mttq-u1@demo.example';
const U1_OVERRIDE = 'Ngày nghỉ riêng của đơn vị u1';
const U1_PERSON = 'nguoidung-rieng-u1@demo.example';

/** A unit of its own for the system administrator's routes (deployment-wide: no unit to be out of). */
async function systemUnit() {
  const id = `mx-${unique()}`;
  return ok(
    await t.call('POST', '/api/units', { as: 'system', body: { id, code: 'MX', name: `Xã thử ${id}` } }),
    'unit',
  );
}

async function newDepartment() {
  return ok(
    await t.call('POST', '/api/departments', { as: 'admin', body: { name: `Phòng thử ${unique()}` } }),
    'department',
  );
}

const SAMPLES: Record<string, Sample> = {
  'get /api/units': { build: async () => ({ path: '/api/units' }), otherUnit: 'deploymentWide' },
  'post /api/units': {
    build: async () => ({ path: '/api/units', body: { id: `mx-${unique()}`, code: 'MX', name: 'Xã thử' } }),
    otherUnit: 'deploymentWide',
  },
  'get /api/units/{id}': {
    build: async () => ({ path: `/api/units/${(await systemUnit()).id}` }),
    otherUnit: 'deploymentWide',
  },
  'patch /api/units/{id}': {
    build: async () => {
      const unit = await systemUnit();
      return {
        path: `/api/units/${unit.id}`,
        body: { version: unit.version, name: `Xã đổi tên ${unique()}` },
      };
    },
    otherUnit: 'deploymentWide',
  },
  'post /api/units/{id}/admins': {
    build: async () => ({
      path: `/api/units/${(await systemUnit()).id}/admins`,
      body: { email: `quantri-${unique()}@demo.example`, name: 'Quản trị viên' },
    }),
    otherUnit: 'deploymentWide',
  },
  'get /api/unit': { build: async () => ({ path: '/api/unit' }), otherUnit: 'isolated' },
  'patch /api/unit': {
    build: async () => {
      const unit = await ok<{ version: number }>(await t.call('GET', '/api/unit', { as: 'admin' }), 'unit');
      return { path: '/api/unit', body: { version: unit.version, name: `Phường u1 (${unique()})` } };
    },
    otherUnit: 'isolated',
  },
  'get /api/users': { build: async () => ({ path: '/api/users' }), otherUnit: 'empty' },
  'post /api/users': {
    build: async () => ({
      path: '/api/users',
      body: { email: `nd-${unique()}@demo.example`, name: 'Người dùng thử', role: 'office' },
    }),
    otherUnit: 'isolated',
  },
  'patch /api/users/{id}': {
    build: async () => {
      const person = await ok(
        await t.call('POST', '/api/users', {
          as: 'admin',
          body: { email: `nd-${unique()}@demo.example`, name: 'Người dùng thử', role: 'front' },
        }),
        'person',
      );
      markers.add(person.id);
      return { path: `/api/users/${person.id}`, body: { version: person.version, role: 'standing' } };
    },
  },
  'patch /api/departments/{id}': {
    build: async () => {
      const d = await newDepartment();
      return {
        path: `/api/departments/${d.id}`,
        body: { version: d.version, emails: ['phong@demo.example'] },
      };
    },
  },
  'delete /api/departments/{id}': {
    build: async () => {
      const d = await newDepartment();
      return { path: `/api/departments/${d.id}` };
    },
  },
  'get /api/calendar/working-days/add': {
    build: async () => ({ path: '/api/calendar/working-days/add', query: { from: '2023-12-29', days: '3' } }),
    otherUnit: 'isolated',
  },
  'get /api/calendar/holidays': {
    build: async () => ({ path: '/api/calendar/holidays', query: { year: '2023' } }),
    otherUnit: 'isolated',
  },
  'put /api/calendar/overrides/{date}': {
    build: async () => ({
      path: '/api/calendar/overrides/2024-06-01',
      body: { kind: 'working_day', name: 'Làm bù' },
    }),
    otherUnit: 'isolated',
  },
  'delete /api/calendar/overrides/{date}': {
    build: async () => {
      await ok(
        await t.call('PUT', '/api/calendar/overrides/2024-06-08', {
          as: 'admin',
          body: { kind: 'working_day', name: 'Làm bù 2' },
        }),
        'override',
      );
      return { path: '/api/calendar/overrides/2024-06-08' };
    },
    otherUnit: 'isolated',
  },
  // The national calendar is deployment-wide: a system administrator's token names no unit's data.
  'get /api/calendar/national': {
    build: async () => ({ path: '/api/calendar/national' }),
    otherUnit: 'isolated',
  },
  'put /api/calendar/national/{date}': {
    build: async () => ({
      path: '/api/calendar/national/2031-06-02',
      body: { kind: 'day_off', name: 'Nghỉ toàn quốc (thử quyền)' },
    }),
    otherUnit: 'isolated',
  },
  'delete /api/calendar/national/{date}': {
    build: async () => {
      await ok(
        await t.call('PUT', '/api/calendar/national/2031-06-09', {
          as: 'system',
          body: { kind: 'day_off', name: 'Nghỉ toàn quốc 2' },
        }),
        'national',
      );
      return { path: '/api/calendar/national/2031-06-09' };
    },
    otherUnit: 'isolated',
  },
  'get /api/departments': { build: async () => ({ path: '/api/departments' }), otherUnit: 'empty' },
  'post /api/departments': {
    build: async () => ({ path: '/api/departments', body: { name: `Phòng thử ${unique()}` } }),
    otherUnit: 'isolated',
  },
  'get /api/dialogues': { build: async () => ({ path: '/api/dialogues' }), otherUnit: 'empty' },
  'post /api/dialogues': {
    build: async () => ({
      path: '/api/dialogues',
      body: { title: `Hội nghị ${unique()}`, heldOn: '2023-11-02', location: 'Hội trường' },
    }),
    otherUnit: 'isolated',
  },
  'get /api/dialogues/{id}': { build: async () => ({ path: `/api/dialogues/${dialogueId}` }) },
  'patch /api/dialogues/{id}': {
    build: async () => {
      const d = await newDialogue();
      return { path: `/api/dialogues/${d.id}`, body: { version: d.version, location: 'Hội trường UBND' } };
    },
  },
  'get /api/dialogues/{id}/history': {
    build: async () => ({ path: `/api/dialogues/${dialogueId}/history` }),
  },
  'get /api/dialogues/{id}/conclusion-notice': {
    build: async () => ({
      path: `/api/dialogues/${dialogueId}/conclusion-notice`,
      query: { format: 'html' },
    }),
  },
  'put /api/dialogues/{id}/conclusion-notice/text': {
    build: async () => {
      const d = await newDialogue();
      return {
        path: `/api/dialogues/${d.id}/conclusion-notice/text`,
        body: { version: d.version, opening: 'Đoạn mở đầu', closing: 'Đoạn kết' },
      };
    },
  },
  'post /api/dialogues/{id}/conclusion-notice/issue': {
    build: async () => {
      const d = await dialogueWithItem();
      return {
        path: `/api/dialogues/${d.id}/conclusion-notice/issue`,
        body: { number: '15', date: '2023-10-20' },
      };
    },
  },
  'get /api/dialogues/{id}/results-report': {
    build: async () => ({ path: `/api/dialogues/${dialogueId}/results-report`, query: { format: 'xlsx' } }),
  },
  'post /api/recommendations/{id}/attachments': {
    build: async () => ({
      path: `/api/recommendations/${(await newItem()).id}/attachments`,
      raw: multipartPdf(),
    }),
  },
  'post /api/recommendations/{id}/attachments/uploads': {
    build: async () => ({
      path: `/api/recommendations/${(await newItem()).id}/attachments/uploads`,
      body: { name: 'cong-van.pdf', size: PDF_TEXT.length, contentType: 'application/pdf' },
    }),
  },
  'post /api/recommendations/{id}/attachments/uploads/{uploadId}': {
    build: async () => {
      const item = await newItem();
      const start = await ok<{ uploadId: string; url: string; headers: Record<string, string> }>(
        await t.call('POST', `/api/recommendations/${item.id}/attachments/uploads`, {
          as: 'office',
          body: { name: 'cong-van.pdf', size: PDF_TEXT.length, contentType: 'application/pdf' },
        }),
        'upload',
      );
      const put = await t.app.request(start.url, { method: 'PUT', body: PDF_TEXT, headers: start.headers });
      expect(put.status).toBe(200);
      return {
        path: `/api/recommendations/${item.id}/attachments/uploads/${start.uploadId}`,
        body: { name: 'cong-van.pdf' },
      };
    },
  },
  'get /api/recommendations/{id}/attachments/{attachmentId}': {
    build: async () => {
      const { item, file } = await itemWithFile();
      return { path: `/api/recommendations/${item.id}/attachments/${file.id}` };
    },
    success: [302],
  },
  'delete /api/recommendations/{id}/attachments/{attachmentId}': {
    build: async () => {
      const { item, file } = await itemWithFile();
      return { path: `/api/recommendations/${item.id}/attachments/${file.id}` };
    },
  },
  'patch /api/recommendations/{id}/attachments/{attachmentId}': {
    build: async () => {
      const { item, file } = await itemWithFile();
      return { path: `/api/recommendations/${item.id}/attachments/${file.id}`, body: { public: true } };
    },
  },
  'post /api/dev/clock': {
    build: async () => ({ path: '/api/dev/clock', body: { now: '2023-10-20T02:00:00Z' } }),
    otherUnit: 'isolated',
  },
  'get /api/escalation-policy': {
    build: async () => ({ path: '/api/escalation-policy' }),
    otherUnit: 'isolated',
  },
  'put /api/escalation-policy': {
    build: async () => ({
      path: '/api/escalation-policy',
      body: { recipients: { chair: [U1_POLICY_EMAIL] } },
    }),
    otherUnit: 'isolated',
  },
  'get /api/notice-settings': {
    build: async () => ({ path: '/api/notice-settings' }),
    otherUnit: 'isolated',
  },
  'put /api/notice-settings': {
    build: async () => ({ path: '/api/notice-settings', body: { dueDateChanged: true } }),
    otherUnit: 'isolated',
  },
  'get /api/fields': { build: async () => ({ path: '/api/fields' }), otherUnit: 'isolated' },
  'put /api/fields': {
    build: async () => ({ path: '/api/fields', body: { items: ['Giao thông', U1_FIELD] } }),
    otherUnit: 'isolated',
  },
  'post /api/dialogues/{id}/recommendations': {
    build: async () => ({
      path: `/api/dialogues/${dialogueId}/recommendations`,
      body: { content: `Kiến nghị ${unique()}`, source: 'pre_collected' },
    }),
  },
  'post /api/dialogues/{id}/recommendations/import': {
    build: async () => ({
      path: `/api/dialogues/${dialogueId}/recommendations/import`,
      raw: {
        contentType: 'text/csv',
        bytes: `STT,Nội dung kiến nghị,Nguồn\n1,Kiến nghị nhập ${unique()},Trực tiếp\n`,
      },
    }),
  },
  'get /api/recommendations': { build: async () => ({ path: '/api/recommendations' }), otherUnit: 'empty' },
  'get /api/recommendations/counts': {
    build: async () => ({ path: '/api/recommendations/counts', query: { q: 'kiến nghị' } }),
    otherUnit: 'isolated',
  },
  'get /api/recommendations/export': {
    build: async () => ({ path: '/api/recommendations/export', query: { status: 'assigned' } }),
    otherUnit: 'isolated',
  },
  'get /api/recommendations/{id}': {
    build: async () => ({ path: `/api/recommendations/${(await newItem()).id}` }),
  },
  'patch /api/recommendations/{id}': {
    build: async () => {
      const item = await newItem();
      return {
        path: `/api/recommendations/${item.id}`,
        body: { version: item.version, departmentId: 'vhxh' },
      };
    },
  },
  'post /api/recommendations/{id}/resolve': {
    build: async () => ({
      path: `/api/recommendations/${(await newItem()).id}/resolve`,
      body: { answer: 'Đã trả lời' },
    }),
  },
  'post /api/recommendations/{id}/review': {
    build: async () => ({
      path: `/api/recommendations/${(await resolvedItem()).id}/review`,
      body: { decision: 'confirm' },
    }),
  },
  'post /api/recommendations/{id}/forward': {
    build: async () => ({
      path: `/api/recommendations/${(await newItem()).id}/forward`,
      body: { toUnitId: PARENT },
    }),
  },
  'post /api/recommendations/assign': {
    build: async () => {
      const item = await ok(
        await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
          as: 'office',
          body: { content: `Kiến nghị chờ giao ${unique()}`, source: 'pre_collected' },
        }),
        'create item',
      );
      markers.add(item.id);
      return {
        path: '/api/recommendations/assign',
        body: { items: [{ id: item.id, version: item.version }], departmentId: 'dc' },
      };
    },
    otherUnit: 'isolated',
  },
  'post /api/recommendations/{id}/cooperation-notes': {
    build: async () => {
      const item = await cooperatingItem();
      return {
        path: `/api/recommendations/${item.id}/cooperation-notes`,
        body: { text: 'Đã khảo sát hiện trường' },
      };
    },
  },
  'get /api/recommendations/{id}/history': {
    build: async () => ({ path: `/api/recommendations/${(await newItem()).id}/history` }),
  },
  'get /api/reports/supervision': {
    build: async () => ({ path: '/api/reports/supervision' }),
    otherUnit: 'isolated',
  },
  'get /api/reports/quarterly': {
    build: async () => ({ path: '/api/reports/quarterly', query: { year: '2023', quarter: '4' } }),
    otherUnit: 'isolated',
  },
  'post /api/reports/supervision/send': {
    build: async () => ({ path: '/api/reports/supervision/send' }),
    otherUnit: 'isolated',
  },
  'post /api/reports/quarterly/send': {
    build: async () => ({ path: '/api/reports/quarterly/send', body: { year: 2023, quarter: 4 } }),
    otherUnit: 'isolated',
  },
  'get /api/reports/sends': { build: async () => ({ path: '/api/reports/sends' }), otherUnit: 'empty' },
  'get /api/recipients': { build: async () => ({ path: '/api/recipients' }), otherUnit: 'empty' },
  'put /api/recipients/{kind}/{email}': {
    build: async () => ({
      path: `/api/recipients/quarterly/${encodeURIComponent(`vp-${unique()}@demo.example`)}`,
      body: { name: 'Văn phòng' },
    }),
    otherUnit: 'isolated',
  },
  'delete /api/recipients/{kind}/{email}': {
    build: async () => {
      const email = `xoa-${unique()}@demo.example`;
      markers.add(email);
      await ok(
        await t.call('PUT', `/api/recipients/supervision/${encodeURIComponent(email)}`, {
          as: 'admin',
          body: {},
        }),
        'recipient',
      );
      return { path: `/api/recipients/supervision/${encodeURIComponent(email)}` };
    },
  },
  'get /api/repeats/candidates': {
    build: async () => ({ path: '/api/repeats/candidates', query: { dialogueId } }),
    otherUnit: 'notFoundOrEmpty',
  },
  'post /api/repeats': {
    build: async () => {
      const [a, b] = [await newItem(), await newItem('vhxh')];
      return {
        path: '/api/repeats',
        body: { recommendationId: a.id, repeatOfId: b.id, decision: 'dismiss' },
      };
    },
  },
};

const keyOf = (r: { method: string; path: string }) => `${r.method.toLowerCase()} ${r.path}`;

function defaultOtherUnit(route: RouteAccess): OtherUnit {
  return /\{\w+\}/.test(route.path) ? 'notFound' : route.method === 'get' ? 'empty' : 'isolated';
}

async function send(route: RouteAccess, req: SampleRequest, as: RoleSpec | null, unit: string) {
  const headers: Record<string, string> = {};
  if (as) headers.authorization = `Bearer ${await tokenFor(as, unit)}`;
  let body: string | undefined;
  if (req.raw) {
    headers['content-type'] = req.raw.contentType;
    body = req.raw.bytes;
  } else if (req.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.body);
  }
  const qs = req.query ? `?${new URLSearchParams(req.query)}` : '';
  const res = await readResponse(
    await t.app.request(`${req.path}${qs}`, {
      method: route.method.toUpperCase(),
      headers,
      ...(body !== undefined ? { body } : {}),
    }),
  );
  // Every answer of every route, for every role, is one the OpenAPI document lists.
  expectDocumented(doc, route.method, route.path, res, `${route.method} ${route.path} as ${as ?? 'nobody'}`);
  return res;
}

/** Partitions of unit u1 that DynamoDB accepted a write to since `mark`. */
const ownUnitWrites = (mark: number) =>
  probe
    .committedWrites(mark)
    .flatMap((r) => r.writes ?? ['?'])
    .filter((pk) => pk === `U#${OWN}` || pk.startsWith(`U#${OWN}#`) || pk === '?');

beforeAll(async () => {
  t = await createTestApp();
  doc = await openApiDoc(t.app);
  probe = new ClientProbe(t.client);
  ({ dialogueId } = await seedUnit(t, OWN));
  markers.add(dialogueId);
  await t.deps.units.putUnit({ id: PARENT, code: 'P1', name: 'Tỉnh thử' });
  await t.deps.units.putUnit({ id: OWN, code: 'U1', name: `Phường ${OWN}`, parentId: PARENT });
  // Unit-wide settings of u1 with recognisable values, to prove another unit never sees them.
  await ok(
    await t.call('PUT', '/api/fields', { as: 'admin', body: { items: ['Giao thông', U1_FIELD] } }),
    'fields',
  );
  await ok(
    await t.call('PUT', '/api/escalation-policy', {
      as: 'admin',
      body: { recipients: { chair: [U1_POLICY_EMAIL] } },
    }),
    'policy',
  );
  await ok(
    await t.call('PUT', `/api/recipients/supervision/${U1_RECIPIENT}`, { as: 'admin', body: {} }),
    'recipient',
  );
  await ok(
    await t.call('PUT', '/api/calendar/overrides/2023-12-29', {
      as: 'admin',
      body: { kind: 'day_off', name: U1_OVERRIDE },
    }),
    'override',
  );
  await ok(
    await t.call('POST', '/api/users', {
      as: 'admin',
      body: { email: U1_PERSON, name: 'Người riêng', role: 'office' },
    }),
    'person',
  );
  for (const m of [U1_FIELD, U1_POLICY_EMAIL, U1_RECIPIENT, U1_OVERRIDE, U1_PERSON]) markers.add(m);
  const item = await newItem();
  await ok(
    await t.call('POST', `/api/recommendations/${item.id}/resolve`, {
      as: 'department:dc',
      body: { answer: 'Đã xử lý' },
    }),
    'resolve',
  );
  await ok(await t.call('POST', '/api/reports/supervision/send', { as: 'office' }), 'send');
}, 120_000);

describe('the route table', () => {
  it('is not empty and lists every /api operation of the OpenAPI document, and only those', async () => {
    expect(ROUTE_TABLE.length).toBeGreaterThan(0);
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m} ${path}`),
      );
    expect(documented.length).toBeGreaterThan(0);
    expect(ROUTE_TABLE.map(keyOf).sort()).toEqual([...new Set(documented)].sort());
  });

  it('holds every /api route the app answers (none registered outside securedRoute)', () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/api/'))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const table = new Set(ROUTE_TABLE.map(keyOf));
    expect([...served].filter((k) => !table.has(k))).toEqual([]);
  });

  it('has a sample request in this file for every route (add one when you add a route)', () => {
    expect(ROUTE_TABLE.map(keyOf).filter((k) => !SAMPLES[k])).toEqual([]);
  });
});

describe('every route × every role × own unit / another unit', () => {
  for (const route of ROUTE_TABLE) {
    const key = keyOf(route);
    describe(key, () => {
      it('no token → 401; a malformed token → 401', async () => {
        const sample = SAMPLES[key];
        const req = sample ? await sample.build('admin') : { path: route.path.replace(/\{(\w+)\}/g, 'x') };
        const none = await send(route, req, null, OWN);
        expect(none.status, none.text).toBe(401);
        expectProblem(none, `${key} without a token`);
        const bad = readResponse(
          await t.app.request(`${req.path}`, {
            method: route.method.toUpperCase(),
            headers: { authorization: 'Bearer not.a.jwt' },
          }),
        );
        expect((await bad).status).toBe(401);
      });

      for (const role of ROLES) {
        const spec = roleSpec(role);
        const allowed = route.roles.includes(role);
        it(`${spec}: ${allowed ? "allowed on its own unit; another unit's record is out of reach" : '403 on its own and another unit'}`, async () => {
          const sample = SAMPLES[key];
          if (!allowed) {
            const req = sample ? await sample.build(spec) : { path: route.path.replace(/\{(\w+)\}/g, 'x') };
            for (const unit of [OWN, otherUnit()]) {
              const mark = probe.log.length;
              const res = await send(route, req, spec, unit);
              expect(res.status, `${key} as ${spec} of ${unit}: ${res.text.slice(0, 300)}`).toBe(403);
              expectProblem(res, `${key} as ${spec}`);
              expect(probe.committedWrites(mark), 'a refused request wrote').toEqual([]);
            }
            return;
          }
          expect(
            sample,
            `no sample request for ${key}: add one to SAMPLES in tests/reliability/authorization-matrix.test.ts`,
          ).toBeDefined();
          if (!sample) return;

          // Another unit, same role, naming this unit's record.
          const foreign = await sample.build(spec);
          const other = otherUnit();
          const mark = probe.log.length;
          const res = await send(route, foreign, spec, other);
          const context = `${key} as ${spec} of ${other}: ${res.status} ${res.text.slice(0, 300)}`;
          // What this unit keeps must not show, except what the request itself carried.
          const sent = JSON.stringify(foreign);
          const secrets = [...markers].filter(
            (m) => !sent.includes(m) && !sent.includes(encodeURIComponent(m)),
          );
          const expectation = sample.otherUnit ?? defaultOtherUnit(route);
          const items = (res.body as { items?: unknown[] } | null)?.items;
          switch (expectation) {
            case 'notFound':
              expect(res.status, context).toBe(404);
              expectProblem(res, context);
              break;
            case 'empty':
              expect(res.status, context).toBe(200);
              expect(items, context).toEqual([]);
              for (const m of secrets) expect(res.text.includes(m), `${context} reveals ${m}`).toBe(false);
              break;
            case 'notFoundOrEmpty':
              expect(
                res.status === 404 || (res.status === 200 && Array.isArray(items) && items.length === 0),
                context,
              ).toBe(true);
              break;
            case 'isolated':
            case 'deploymentWide':
              expect(res.status, context).toBeLessThan(500);
              for (const m of secrets) expect(res.text.includes(m), `${context} reveals ${m}`).toBe(false);
              break;
          }
          expect(ownUnitWrites(mark), `${context}: wrote to unit ${OWN}`).toEqual([]);

          // Own unit: the request succeeds.
          const ownRequest = await sample.build(spec);
          const ownMark = probe.log.length;
          const own = await send(route, ownRequest, spec, OWN);
          expect(
            sample.success ?? [200, 201, 202, 204],
            `${key} as ${spec} of ${OWN}: ${own.status} ${own.text.slice(0, 300)}`,
          ).toContain(own.status);
          // The instrument sees writes: a create in this unit shows up as a write to its partitions.
          if (own.status === 201) {
            const seen =
              expectation === 'deploymentWide' ? probe.committedWrites(ownMark) : ownUnitWrites(ownMark);
            expect(seen.length, `${key}: no write seen`).toBeGreaterThan(0);
          }
        });
      }
    });
  }
});

// ── the web pages' door ───────────────────────────────────────────────────────

interface PageSample {
  /** Builds, in unit u1, what the form needs; returns the path it posts to and its fields. */
  build(): Promise<{ path: string; form: Record<string, string> | FormData; ok?: number }>;
  /** Another unit's user posting this form: its record is not found (default), or it acts on its own unit. */
  otherUnit?: 'notFound' | 'isolated';
}

const SAMPLE_CSV = `STT,Nội dung kiến nghị,Nguồn\n1,Kiến nghị nhập qua trang,Trực tiếp\n`;

const PAGE_SAMPLES: Record<keyof typeof PAGE_ACTIONS, PageSample> = {
  createDialogue: {
    build: async () => ({
      path: '/office/dialogues',
      form: { title: `Hội nghị ${unique()}`, heldOn: '02/11/2023', location: 'Hội trường' },
    }),
    otherUnit: 'isolated',
  },
  recordConclusion: {
    build: async () => {
      const d = await newDialogue();
      return {
        path: `/office/dialogues/${d.id}/conclusion`,
        form: {
          version: String(d.version),
          conclusionNoticeNumber: '12/TB-UBND',
          conclusionNoticeDate: '20/10/2023',
        },
      };
    },
  },
  publishDialogue: {
    build: async () => {
      const d = await newDialogue();
      return {
        path: `/office/dialogues/${d.id}/publish`,
        form: { version: String(d.version), published: 'true' },
      };
    },
  },
  addRecommendation: {
    build: async () => ({
      path: `/office/dialogues/${dialogueId}/add`,
      form: { content: `Kiến nghị ${unique()}`, source: 'pre_collected', idem: unique() },
    }),
  },
  previewImport: {
    build: async () => {
      const form = new FormData();
      form.set(
        'file',
        new File([SAMPLE_CSV.replace('qua trang', `qua trang ${unique()}`)], 'k.csv', { type: 'text/csv' }),
      );
      return { path: `/office/dialogues/${dialogueId}/import`, form, ok: 200 };
    },
  },
  confirmImport: {
    build: async () => ({
      path: `/office/dialogues/${dialogueId}/import/confirm`,
      form: {
        file: Buffer.from(SAMPLE_CSV.replace('qua trang', `qua trang ${unique()}`)).toString('base64'),
        filename: 'k.csv',
        contentType: 'text/csv',
      },
    }),
  },
  assignItem: {
    build: async () => {
      const item = await newItem();
      return {
        path: `/items/${item.id}/assign`,
        form: {
          version: String(item.version),
          intent: 'save',
          disposition: 'assigned',
          departmentId: 'vhxh',
        },
      };
    },
  },
  resolveItem: {
    build: async () => {
      const item = await newItem();
      return {
        path: `/items/${item.id}/resolve`,
        form: { version: String(item.version), answer: 'Đã trả lời' },
      };
    },
  },
  reviewItem: {
    build: async () => {
      const item = await resolvedItem();
      return {
        path: `/items/${item.id}/review`,
        form: { version: String(item.version), decision: 'confirm', from: 'item' },
      };
    },
  },
  decideRepeat: {
    build: async () => {
      const [a, b] = [await newItem(), await newItem('vhxh')];
      return {
        path: '/office/repeats',
        form: { recommendationId: a.id, repeatOfId: b.id, decision: 'dismiss', dialogueId },
      };
    },
  },
  forwardItem: {
    build: async () => {
      const item = await newItem();
      return { path: `/items/${item.id}/forward`, form: { version: String(item.version), toUnitId: PARENT } };
    },
  },
  addFile: {
    build: async () => {
      const item = await newItem();
      const form = new FormData();
      form.set('file', new File([PDF_TEXT], 'cong-van.pdf', { type: 'application/pdf' }));
      return { path: `/items/${item.id}/files`, form };
    },
  },
  presignFile: {
    build: async () => ({
      path: `/items/${(await newItem()).id}/files/upload`,
      form: { name: 'cong-van.pdf', size: String(PDF_TEXT.length), contentType: 'application/pdf' },
      ok: 200,
    }),
  },
  removeFile: {
    build: async () => {
      const { item, file } = await itemWithFile();
      return { path: `/items/${item.id}/files/${file.id}/remove`, form: {} };
    },
  },
  publishFile: {
    build: async () => {
      const { item, file } = await itemWithFile();
      return { path: `/items/${item.id}/files/${file.id}/public`, form: { public: 'true' } };
    },
  },
  editNotice: {
    build: async () => {
      const d = await newDialogue();
      return {
        path: `/documents/dialogues/${d.id}/notice/text`,
        form: { version: String(d.version), opening: 'Đoạn mở đầu', closing: '', signerName: '' },
      };
    },
  },
  issueNotice: {
    build: async () => {
      const d = await dialogueWithItem();
      return {
        path: `/documents/dialogues/${d.id}/notice/issue`,
        form: { version: String(d.version), number: '15', date: '20/10/2023' },
      };
    },
  },
  cooperateItem: {
    build: async () => {
      const item = await cooperatingItem();
      return {
        path: `/items/${item.id}/cooperate`,
        form: { version: String(item.version), text: 'Đã khảo sát hiện trường' },
      };
    },
  },
  createUnit: {
    build: async () => ({ path: '/units', form: { id: `mx-${unique()}`, code: 'MX', name: 'Xã thử' } }),
    otherUnit: 'isolated',
  },
  updateUnit: {
    build: async () => {
      const unit = await systemUnit();
      return {
        path: `/units/${unit.id}`,
        form: { version: String(unit.version), name: 'Xã đổi tên', code: 'MX' },
      };
    },
    otherUnit: 'isolated',
  },
  addUnitAdmin: {
    build: async () => ({
      path: `/units/${(await systemUnit()).id}/admins`,
      form: { email: `quantri-${unique()}@demo.example`, name: 'Quản trị viên' },
    }),
    otherUnit: 'isolated',
  },
  saveUnitSettings: {
    build: async () => {
      const unit = await ok<{ version: number; code: string }>(
        await t.call('GET', '/api/unit', { as: 'admin' }),
        'unit',
      );
      return {
        path: '/admin/settings',
        form: { version: String(unit.version), name: `Phường u1 (${unique()})`, code: unit.code },
      };
    },
    otherUnit: 'isolated',
  },
  createUser: {
    build: async () => ({
      path: '/admin/people',
      form: {
        email: `nd-${unique()}@demo.example`,
        name: 'Người dùng thử',
        role: 'office',
        departmentId: '',
      },
    }),
    otherUnit: 'isolated',
  },
  updateUser: {
    build: async () => {
      const person = await ok(
        await t.call('POST', '/api/users', {
          as: 'admin',
          body: { email: `nd-${unique()}@demo.example`, name: 'Người dùng thử', role: 'front' },
        }),
        'person',
      );
      return {
        path: `/admin/people/${person.id}`,
        form: {
          version: String(person.version),
          name: 'Người dùng thử',
          role: 'standing',
          departmentId: '',
          disabled: 'false',
        },
      };
    },
  },
  createDepartment: {
    build: async () => ({ path: '/admin/departments', form: { name: `Phòng thử ${unique()}`, emails: '' } }),
    otherUnit: 'isolated',
  },
  updateDepartment: {
    build: async () => {
      const d = await newDepartment();
      return {
        path: `/admin/departments/${d.id}`,
        form: { version: String(d.version), name: 'Phòng đổi tên', emails: 'phong@demo.example' },
      };
    },
  },
  deleteDepartment: {
    build: async () => {
      const d = await newDepartment();
      return { path: `/admin/departments/${d.id}/delete`, form: { version: String(d.version) } };
    },
  },
  saveFields: {
    build: async () => ({ path: '/admin/fields', form: { items: `Giao thông\n${U1_FIELD}` } }),
    otherUnit: 'isolated',
  },
  setCalendarOverride: {
    build: async () => ({
      path: '/admin/calendar',
      form: { date: '01/06/2024', kind: 'working_day', name: 'Làm bù' },
    }),
    otherUnit: 'isolated',
  },
  removeCalendarOverride: {
    build: async () => {
      await ok(
        await t.call('PUT', '/api/calendar/overrides/2024-06-15', {
          as: 'admin',
          body: { kind: 'working_day', name: 'Làm bù 3' },
        }),
        'override',
      );
      return { path: '/admin/calendar/2024-06-15/remove', form: {} };
    },
    otherUnit: 'isolated',
  },
  savePolicy: {
    build: async () => ({
      path: '/admin/policy',
      form: {
        reminderWorkingDaysBefore: '2',
        level2AfterWorkingDays: '5',
        level3Enabled: 'false',
        level3AfterWorkingDays: '10',
        chair: U1_POLICY_EMAIL,
      },
    }),
    otherUnit: 'isolated',
  },
  saveRecipient: {
    build: async () => ({
      path: '/admin/recipients',
      form: { kind: 'quarterly', email: `vp-${unique()}@demo.example`, name: 'Văn phòng' },
    }),
    otherUnit: 'isolated',
  },
  removeRecipient: {
    build: async () => {
      const email = `xoa-${unique()}@demo.example`;
      markers.add(email);
      await ok(
        await t.call('PUT', `/api/recipients/supervision/${encodeURIComponent(email)}`, {
          as: 'admin',
          body: {},
        }),
        'recipient',
      );
      return { path: '/admin/recipients/remove', form: { kind: 'supervision', email } };
    },
    otherUnit: 'isolated',
  },
};

/** Posts a form as a signed-in browser would (session cookie, same origin, the session's CSRF token). */
async function postPage(
  req: { path: string; form: Record<string, string> | FormData },
  as: RoleSpec | null,
  unit: string,
) {
  const headers: Record<string, string> = { origin: 'http://localhost' };
  let csrf = 'none';
  if (as) {
    const token = await tokenFor(as, unit);
    headers.cookie = `${SESSION_COOKIE}=${token}`;
    csrf = csrfTokenOf(token);
  }
  let body: FormData | string;
  if (req.form instanceof FormData) {
    body = new FormData();
    for (const [k, v] of req.form.entries()) body.append(k, v);
    body.set('_csrf', csrf);
  } else {
    body = new URLSearchParams({ ...req.form, _csrf: csrf }).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await t.app.request(req.path, { method: 'POST', headers, body });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

async function getPage(path: string, as: RoleSpec, unit: string) {
  const token = await tokenFor(as, unit);
  const res = await t.app.request(path, { headers: { cookie: `${SESSION_COOKIE}=${token}` } });
  return { status: res.status, text: await res.text() };
}

/** Every non-API route the app answers with an unsafe method (the pages are mounted lazily: their own app). */
const postedPages = () =>
  [
    ...new Set(
      [...t.app.routes, ...pagesApp(t.deps, APP_FALLBACKS).app.routes]
        // Local mode's stand-in for S3's presigned PUT: authorized by its signed token, not a form.
        .filter(
          (r) =>
            !['ALL', 'GET', 'HEAD', 'OPTIONS'].includes(r.method) &&
            !r.path.startsWith('/api/') &&
            !r.path.startsWith('/local-files/'),
        )
        .map((r) => `${r.method.toLowerCase()} ${r.path}`),
    ),
  ].sort();

describe('the page action table', () => {
  it('holds every form the pages accept (none posted outside PAGE_ACTIONS, except sign-in and sign-out)', () => {
    const listed = [...Object.values(PAGE_ACTIONS), ...OPEN_FORMS].map((a) => `${a.method} ${a.path}`).sort();
    expect(postedPages().length).toBeGreaterThan(0);
    expect(postedPages()).toEqual(listed);
  });

  it('has a sample form in this file for every page action', () => {
    expect(Object.keys(PAGE_ACTIONS).filter((k) => !(k in PAGE_SAMPLES))).toEqual([]);
  });
});

describe('every page form × every role × own unit / another unit', () => {
  for (const [name, action] of Object.entries(PAGE_ACTIONS) as [keyof typeof PAGE_ACTIONS, PageAction][]) {
    const key = `${action.method} ${action.path} (${action.action})`;
    const sample = PAGE_SAMPLES[name];
    describe(key, () => {
      it('no session → the sign-in page, nothing written', async () => {
        const req = await sample.build();
        const mark = probe.log.length;
        const res = await postPage(req, null, OWN);
        expect(res.status).toBe(303);
        expect(res.location).toMatch(/^\/signin/);
        expect(probe.committedWrites(mark)).toEqual([]);
      });

      for (const role of ROLES) {
        const spec = roleSpec(role);
        const allowed = can(
          { roles: [role], departmentId: role === 'department' ? 'dc' : null },
          action.action,
        );
        it(`${spec}: ${allowed ? "allowed on its own unit; another unit's record is out of reach" : '403 on its own and another unit'}`, async () => {
          if (!allowed) {
            const req = await sample.build();
            for (const unit of [OWN, otherUnit()]) {
              const mark = probe.log.length;
              const res = await postPage(req, spec, unit);
              expect(res.status, `${key} as ${spec} of ${unit}`).toBe(403);
              expect(res.text).toContain('Không có quyền truy cập');
              expect(probe.committedWrites(mark), 'a refused form wrote').toEqual([]);
            }
            return;
          }
          const foreign = await sample.build();
          const other = otherUnit();
          const mark = probe.log.length;
          const res = await postPage(foreign, spec, other);
          const context = `${key} as ${spec} of ${other}: ${res.status} ${res.location ?? ''}`;
          if ((sample.otherUnit ?? 'notFound') === 'notFound') expect(res.status, context).toBe(404);
          else expect(res.status, context).toBeLessThan(500);
          expect(ownUnitWrites(mark), `${context}: wrote to unit ${OWN}`).toEqual([]);

          const own = await sample.build();
          const res2 = await postPage(own, spec, OWN);
          expect(res2.status, `${key} as ${spec} of ${OWN}: ${res2.text.slice(0, 300)}`).toBe(own.ok ?? 303);
        });
      }
    });
  }

  it('resolve: a department that does not lead the item cannot answer it through the page', async () => {
    const req = await PAGE_SAMPLES.resolveItem.build();
    for (const other of ['department:vhxh', 'department:ca'] as const) {
      const mark = probe.log.length;
      const res = await postPage(req, other, OWN);
      expect([403, 404], `${other}: ${res.status}`).toContain(res.status);
      expect(probe.committedWrites(mark)).toEqual([]);
    }
  });
});

describe('every page area × every role', () => {
  for (const area of PAGE_AREAS) {
    for (const role of ROLES) {
      const spec = roleSpec(role);
      const allowed = can({ roles: [role], departmentId: role === 'department' ? 'dc' : null }, area.action);
      it(`${area.path} as ${spec}: ${allowed ? 'shown' : '403'}`, async () => {
        const path = area.path === '/items' ? `/items/${(await newItem()).id}` : area.path;
        const res = await getPage(path, spec, OWN);
        expect(res.status, res.text.slice(0, 200)).toBe(allowed ? 200 : 403);
        // The navigation lists exactly the areas the user may enter.
        if (allowed) {
          for (const other of PAGE_AREAS.filter((a) => a.label)) {
            const listed = res.text.includes(`<a href="${other.path}"`);
            // The communes' area is listed only for a unit with communes (u1 is itself a commune).
            const may =
              other.path !== '/communes' &&
              can({ roles: [role], departmentId: role === 'department' ? 'dc' : null }, other.action);
            expect(listed, `${other.path} in the navigation of ${spec}`).toBe(may);
          }
        }
      });
    }
  }
});

const PAGE_VIEW_SAMPLES: Record<keyof typeof PAGE_VIEWS, () => Promise<string>> = {
  newDialogue: async () => '/office/dialogues/new',
  quickEntry: async () => `/office/dialogues/${dialogueId}/add`,
  importFile: async () => `/office/dialogues/${dialogueId}/import`,
  dueDatePreview: async () => '/office/due-date?days=3&from=20/10/2023',
  repeats: async () => `/office/repeats?dialogueId=${dialogueId}`,
  itemList: async () => `/items?dialogueId=${dialogueId}&q=duong`,
  itemListExport: async () => `/items/export?dialogueId=${dialogueId}`,
};

describe('every page view × every role', () => {
  it('has a sample path in this file for every page view', () => {
    expect(Object.keys(PAGE_VIEWS).filter((k) => !(k in PAGE_VIEW_SAMPLES))).toEqual([]);
  });

  for (const [name, view] of Object.entries(PAGE_VIEWS) as [keyof typeof PAGE_VIEWS, PageView][]) {
    for (const role of ROLES) {
      const spec = roleSpec(role);
      const allowed = can({ roles: [role], departmentId: role === 'department' ? 'dc' : null }, view.action);
      it(`${view.path} (${view.action}) as ${spec}: ${allowed ? 'shown' : '403'}`, async () => {
        const res = await getPage(await PAGE_VIEW_SAMPLES[name](), spec, OWN);
        expect(res.status, res.text.slice(0, 200)).toBe(allowed ? 200 : 403);
      });
    }
  }
});
