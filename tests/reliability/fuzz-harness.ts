/**
 * Harness of the property-based fuzzing of every write route in ROUTE_TABLE (POST/PUT/PATCH/DELETE). Each generated
 * request carries a generated body, header set and query string and is bad in at least one way; three
 * properties per route make the body, the headers, or the query string/path the bad part. For every
 * request: never a 5xx, an application/problem+json answer whose `errors` name a field, no write
 * accepted by DynamoDB while it ran, and — checked with a full Scan after each property — the table
 * exactly as before. Request schemas come from the app's own OpenAPI registry, so a route added later
 * is fuzzed too (with generic bad inputs until it gets a known-good body below).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { generateLocalKeys, signLocalToken } from '../../shared/adapters/auth/local-keys.js';
import type { RouteConfig } from '../../shared/http/openapi.js';
import { ROUTE_TABLE, type RouteAccess } from '../../shared/http/route-table.js';
import { parseRecommendationSheet } from '../../shared/import/index.js';
import { createTestApp, type RoleSpec, seedUnit, tokenFor } from '../support/app.js';
import { ClientProbe, expectProblem, readResponse, snapshot } from './support.js';

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 1000);
const TODAY = '2023-10-20';

type TestApp = Awaited<ReturnType<typeof createTestApp>>;
type Params = Record<string, string>;

/** One generated request; `expect` says why it must be rejected. */
interface Gen {
  label: string;
  params?: Params;
  as?: RoleSpec | null;
  authorization?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  query?: string;
  body?: string | Uint8Array | FormData | null;
  /** Field prefixes of which at least one must be named; statuses allowed. */
  fields?: string[];
  statuses?: number[];
  /** A generated file the parser might accept after all (a junk cell that happens to be valid): such runs are skipped. */
  mayBeValid?: () => Promise<boolean>;
}

/** What we know of a route: valid parts (never sent together without a defect) and rule-level defects. */
interface Known {
  as: RoleSpec;
  params: () => Params;
  validBody?: fc.Arbitrary<unknown>;
  /** Schema-valid requests the rules reject (stale version, unknown department, wrong status …). */
  semantic?: fc.Arbitrary<Gen>;
  /** Bad uploads for routes that read the raw body (the import). */
  rawBad?: fc.Arbitrary<Gen>;
  validRaw?: fc.Arbitrary<Gen>;
  /** Whether a well-formed id of nothing answers 404 (not an idempotent create or delete). */
  unknownIdIs404?: boolean;
}

let t: TestApp;
/** Every declared route of the app (its groups are loaded on first use; setUp loads them all). */
let definitions: RouteConfig[] = [];
let probe: ClientProbe;
const tokens = new Map<string, string>();
let foreignTokens: string[] = [];
const fx = {
  dialogueId: '',
  assigned: { id: '', version: 0 },
  received: { id: '', version: 0 },
  resolved: { id: '', version: 0 },
  overrideDate: '2023-12-30',
  nationalDate: '2032-12-31',
  usedKey: 'fuzz-used-key-0001',
  recipient: 'mttq@demo.example',
  user: { id: '', version: 0 },
  /** An item with one attached file (its own, so the other fixtures keep their versions). */
  withFile: { id: '', fileId: '' },
  /** An upload id nothing was ever uploaded under. */
  noUpload: '6f1c3a52-9d1e-4c8a-b1f0-0a7e2b9c4d11',
};

const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const fileForm = (bytes: Uint8Array, name: string) => {
  const form = new FormData();
  form.set('file', new File([bytes], name, { type: 'application/pdf' }));
  return form;
};

/** The departments seedUnit creates (tests/support/app.ts), as the importer matches them. */
const FIXTURE_DEPARTMENTS = [
  { id: 'dc', name: 'Địa chính - Xây dựng' },
  { id: 'vhxh', name: 'Văn hóa - Xã hội' },
  { id: 'ca', name: 'Công an phường' },
];

const ROLE_SPECS: RoleSpec[] = ['admin', 'office', 'front', 'standing', 'department:dc', 'department:vhxh'];

const miniCsv = (rows: string[][]) =>
  [
    'STT,Nội dung kiến nghị,Người kiến nghị,Khu phố,Lĩnh vực,Nguồn,Hướng xử lý,Đơn vị chủ trì,Đơn vị phối hợp,Hạn xử lý,Nội dung trả lời / Lý do',
    ...rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')),
  ].join('\n');
const CSV_ROWS = [
  [
    '1',
    'Đề nghị sửa chữa mặt đường hẻm 27',
    'Nguyễn Văn Hùng',
    'Khu phố 6',
    'Giao thông',
    'Tổng hợp trước',
    'Giao đơn vị',
    'Địa chính - Xây dựng',
    '',
    '15/11/2023',
    '',
  ],
  [
    '2',
    'Đổ rác không đúng nơi quy định',
    'Trần Thị Mai',
    'Khu phố 5',
    'Môi trường',
    'Tổng hợp trước',
    'Giao đơn vị',
    'Văn hóa - Xã hội',
    'Công an phường',
    '30/10/2023',
    '',
  ],
  [
    '3',
    'Bố trí đèn chiếu sáng hẻm 12',
    'Lê Văn Tâm',
    'Khu phố 4',
    'An ninh trật tự',
    'Trực tiếp tại hội nghị',
    'Giao đơn vị',
    'Công an phường',
    '',
    '20/11/2023',
    '',
  ],
];

// ---------- generic arbitraries ----------

const printableLatin1 = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((c) => c !== 0x7f)
  .map((c) => String.fromCharCode(c));
const headerValue = fc.string({ unit: printableLatin1, maxLength: 60 }).map((s) => s.trim());
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '💥',
  'đất đai',
  'Đ'.repeat(300),
  'x'.repeat(9000),
  '<script>alert(1)</script>',
  "'; DROP TABLE t; --",
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '1e309',
  '-0',
  '9007199254740993',
  '2023-02-30',
  '30/10/2023',
  'U#u2',
  'REC#x',
);
const junkString = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  nasty,
);
const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1.5, true, [], {}, [{}], { version: '1' }) },
);

/** Query strings that must not matter: repeated keys, bad percent-escapes, pollution attempts, unicode. */
const junkQuery = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.constantFrom(
          '__proto__',
          'constructor[prototype][x]',
          'a[]',
          '%',
          '%ZZ',
          'limit',
          'version',
          'as',
        ),
      ),
      fc.oneof(
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        fc.constantFrom('%E0%A4%A', '%', '%%', '%00', 'admin', '-1', '1e999', '%C3%A4', 'đ'),
      ),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

const noiseHeaders = fc.dictionary(
  fc.oneof(
    fc.stringMatching(/^x-[a-z0-9-]{1,12}$/),
    fc.constantFrom('accept', 'accept-language', 'cookie', 'x-forwarded-for', 'user-agent', 'origin'),
  ),
  headerValue,
  { maxKeys: 4 },
);

/** Schema-failing values for one object schema, built from junk and filtered by the schema itself. */
function failing(
  schema: ZodType | undefined,
  candidate: fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> | undefined {
  if (!schema) return undefined;
  return candidate.filter((v) => !schema.safeParse(v).success);
}

/** Bodies made bad from good ones: a key dropped, a value replaced, an unknown key, the whole body replaced. */
function badBodies(schema: ZodType, valid: fc.Arbitrary<unknown> | undefined): fc.Arbitrary<unknown> {
  const replaced = junkJson;
  if (!valid) return failing(schema, replaced) as fc.Arbitrary<unknown>;
  const mutated = valid.chain((body) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fc.constant(body);
    const keys = Object.keys(body);
    return fc.oneof(
      keys.length
        ? fc.constantFrom(...keys).map((k) => {
            const { [k]: _drop, ...rest } = body as Record<string, unknown>;
            return rest;
          })
        : fc.constant(body),
      keys.length
        ? fc.tuple(fc.constantFrom(...keys), junkJson).map(([k, v]) => ({ ...body, [k]: v }))
        : fc.constant(body),
      fc
        .tuple(
          fc.oneof(
            fc.string({ minLength: 1, maxLength: 10 }),
            fc.constantFrom('pk', 'sk', 'status', 'id', 'unitId', 'ref'),
          ),
          junkJson,
        )
        .map(([k, v]) => ({ ...body, [k]: v })),
      fc.constant([body, body]),
      fc.constant({ body }),
    );
  });
  return fc
    .oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: replaced })
    .filter((v) => !schema.safeParse(v).success);
}

/** JSON texts that do not parse, or parse to something the schema refuses. */
function badJsonTexts(
  schema: ZodType | undefined,
  valid: fc.Arbitrary<unknown> | undefined,
): fc.Arbitrary<string> {
  const truncated = valid
    ? valid.chain((b) => {
        const s = JSON.stringify(b);
        return fc.integer({ min: 0, max: Math.max(0, s.length - 1) }).map((n) => s.slice(0, n));
      })
    : fc.constant('{');
  const texts = fc.oneof(
    truncated,
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      '{"a":1,}',
      "{'a':1}",
      'null',
      '\uFEFF{}',
      '{"version":1}{"version":2}',
    ),
  );
  return texts.filter((s) => {
    try {
      // fetch's body.json() decodes UTF-8 and drops a leading BOM, as JSON.parse does not.
      return !schema?.safeParse(JSON.parse(s.replace(/^\uFEFF/, ''))).success;
    } catch {
      return true;
    }
  });
}

// ---------- known routes ----------

const viText = fc.oneof(
  fc.constantFrom(
    'Đề nghị sửa đường hẻm 27',
    'Cấp giấy chứng nhận quyền sử dụng đất',
    'Ô nhiễm tiếng ồn ban đêm',
    'Đèn chiếu sáng',
  ),
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0),
);
const isoDate = (min: string, max: string) =>
  fc
    .date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
const futureDate = isoDate('2023-10-21', '2030-12-31');

function knownRoutes(): Record<string, Known> {
  const recBody = fc.oneof(
    fc.record({ content: viText, source: fc.constantFrom('pre_collected', 'at_dialogue') }),
    fc.record({
      content: viText,
      source: fc.constant('at_dialogue'),
      disposition: fc.constant('assigned'),
      departmentId: fc.constantFrom('dc', 'vhxh', 'ca'),
    }),
  );
  return {
    'post /api/departments': {
      as: 'admin',
      params: () => ({}),
      validBody: fc.record({
        name: viText,
        emails: fc.constantFrom([], ['a@demo.example'], ['a@demo.example', 'b@demo.example']),
      }),
      semantic: fc.constantFrom('dc', 'vhxh').map((id) => ({
        label: 'duplicate id',
        body: JSON.stringify({ id, name: 'Trùng mã' }),
        fields: ['body.id'],
        statuses: [400],
      })),
    },
    'post /api/dialogues': {
      as: 'office',
      params: () => ({}),
      validBody: fc.record({ title: viText, heldOn: isoDate('2000-01-01', '2040-12-31'), location: viText }),
    },
    'patch /api/dialogues/{id}': {
      as: 'office',
      params: () => ({ id: fx.dialogueId }),
      validBody: fc.oneof(
        fc.record({ version: fc.constant(1), title: viText }),
        fc.record({ version: fc.constant(1), published: fc.boolean() }),
      ),
      semantic: fc.record({ version: fc.integer({ min: 2, max: 1_000_000 }), title: viText }).map((b) => ({
        label: 'stale version',
        body: JSON.stringify(b),
        fields: ['body.version'],
        statuses: [409],
      })),
    },
    'post /api/dialogues/{id}/recommendations': {
      as: 'office',
      params: () => ({ id: fx.dialogueId }),
      validBody: fc.oneof(recBody, fc.array(recBody, { minLength: 1, maxLength: 3 })),
      semantic: fc.oneof(
        fc
          .record({
            content: viText,
            source: fc.constant('at_dialogue'),
            departmentId: fc.stringMatching(/^[a-z]{3,10}$/).filter((s) => !['dc', 'vhxh', 'ca'].includes(s)),
          })
          .map((b) => ({
            label: 'unknown department',
            body: JSON.stringify(b),
            fields: ['body.departmentId'],
            statuses: [400],
          })),
        fc
          .record({
            content: viText,
            source: fc.constant('at_dialogue'),
            disposition: fc.constant('assigned'),
          })
          .map((b) => ({
            label: 'assigned without department',
            body: JSON.stringify(b),
            fields: ['body.departmentId'],
            statuses: [400],
          })),
        fc
          .record({
            content: viText,
            source: fc.constant('at_dialogue'),
            disposition: fc.constant('declined'),
          })
          .map((b) => ({
            label: 'declined without reason',
            body: JSON.stringify(b),
            fields: ['body.reason'],
            statuses: [400],
          })),
        fc
          .record({
            content: viText,
            source: fc.constant('at_dialogue'),
            dueDate: isoDate('1990-01-01', '2023-10-09'),
          })
          .map((b) => ({
            label: 'due before the dialogue',
            body: JSON.stringify(b),
            fields: ['body.dueDate'],
            statuses: [400],
          })),
        fc.record({ content: viText, source: fc.constant('pre_collected') }).map((b) => ({
          label: 'idempotency key reused with another body',
          body: JSON.stringify(b),
          headers: { 'idempotency-key': fx.usedKey },
          fields: ['header.idempotency-key'],
          statuses: [422],
        })),
      ),
    },
    'post /api/dialogues/{id}/recommendations/import': {
      as: 'office',
      params: () => ({ id: fx.dialogueId }),
      validRaw: fc
        .constantFrom('text/csv', 'text/csv; charset=utf-8')
        .map((contentType) => ({ label: 'valid csv', contentType, body: miniCsv(CSV_ROWS) })),
      rawBad: fc.oneof<fc.Arbitrary<Gen>[]>(
        fc
          .tuple(
            fc.uint8Array({ minLength: 1, maxLength: 400 }),
            fc.constantFrom(
              'application/octet-stream',
              'text/csv',
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              'image/png',
              'application/json',
            ),
          )
          .map(([bytes, contentType]) => ({
            label: 'random bytes',
            contentType,
            body: bytes,
            fields: ['file', 'body'],
          })),
        fc
          .tuple(
            fc.integer({ min: 0, max: 2 }),
            fc.constantFrom(9, 5, 6, 7),
            fc.oneof(
              junkString.filter((s) => s.trim() !== ''),
              fc.constantFrom('32/13/2023', '2023-13-45', 'Phòng không tồn tại', 'abc'),
            ),
          )
          .map(([row, col, value]) => {
            const rows = CSV_ROWS.map((r) => [...r]);
            (rows[row] as string[])[col] = value;
            const body = miniCsv(rows);
            return {
              label: `csv with a bad cell (${row},${col})`,
              contentType: 'text/csv',
              body,
              fields: ['file', 'body'],
              mayBeValid: async () => {
                try {
                  const bytes = new TextEncoder().encode(body);
                  return (
                    await parseRecommendationSheet(
                      { bytes, contentType: 'text/csv' },
                      { departments: FIXTURE_DEPARTMENTS },
                    )
                  ).ok;
                } catch {
                  return false; // not even readable: certainly rejected
                }
              },
            };
          }),
        fc.constantFrom(
          { label: 'empty body', contentType: 'text/csv', body: '', fields: ['body'] },
          { label: 'header only', contentType: 'text/csv', body: miniCsv([]), fields: ['file', 'body'] },
          {
            label: 'no header row',
            contentType: 'text/csv',
            body: 'a,b,c\n1,2,3\n',
            fields: ['file', 'body'],
          },
        ),
        fc.string({ maxLength: 20 }).map((name) => {
          const form = new FormData();
          form.set(name === 'file' ? 'other' : name || 'x', 'not a file');
          return {
            label: 'multipart without a file',
            contentType: null,
            body: form,
            fields: ['body.file', 'file', 'body'],
          };
        }),
      ),
    },
    'patch /api/recommendations/{id}': {
      as: 'office',
      params: () => ({ id: fx.assigned.id }),
      validBody: fc.oneof(
        fc.record({ version: fc.constant(fx.assigned.version), dueDate: futureDate, reason: viText }),
        fc.record({ version: fc.constant(fx.assigned.version), departmentId: fc.constantFrom('vhxh', 'ca') }),
        fc.record({ version: fc.constant(fx.assigned.version), content: viText }),
      ),
      semantic: fc.oneof(
        fc
          .record({
            version: fc.integer({ min: 1, max: 1_000_000 }).filter((v) => v !== fx.assigned.version),
            content: viText,
          })
          .map((b) => ({
            label: 'stale version',
            body: JSON.stringify(b),
            fields: ['body.version'],
            statuses: [409],
          })),
        fc
          .record({
            version: fc.constant(fx.assigned.version),
            departmentId: fc.stringMatching(/^[a-z]{3,10}$/).filter((s) => !['dc', 'vhxh', 'ca'].includes(s)),
          })
          .map((b) => ({
            label: 'unknown department',
            body: JSON.stringify(b),
            fields: ['body.departmentId'],
            statuses: [400],
          })),
        fc.record({ version: fc.constant(fx.assigned.version), dueDate: futureDate }).map((b) => ({
          label: 'due date change without a reason',
          body: JSON.stringify(b),
          fields: ['body.reason'],
          statuses: [400],
        })),
        fc
          .record({
            version: fc.constant(fx.assigned.version),
            dueDate: isoDate('1990-01-01', '2023-10-19'),
            reason: viText,
          })
          .map((b) => ({
            label: 'due date in the past',
            body: JSON.stringify(b),
            fields: ['body.dueDate'],
            statuses: [400],
          })),
        fc
          .record({ version: fc.constant(fx.resolved.version), departmentId: fc.constant('vhxh') })
          .map((b) => ({
            label: 'reassign a resolved item',
            params: { id: fx.resolved.id },
            body: JSON.stringify(b),
            fields: ['status'],
            statuses: [409],
          })),
      ),
    },
    'post /api/recommendations/{id}/forward': {
      as: 'office',
      params: () => ({ id: fx.assigned.id }),
      validBody: fc.record({ toUnitId: fc.constant('u1-parent'), note: viText }),
      // u1 has no parent unit: whatever unit is named, nothing is forwarded.
      semantic: fc.record({ toUnitId: fc.constantFrom('u1', 'u2', 'tinh'), note: viText }).map((b) => ({
        label: 'not the parent unit',
        body: JSON.stringify(b),
        fields: ['body.toUnitId'],
        statuses: [400],
      })),
    },
    'post /api/recommendations/{id}/resolve': {
      as: 'department:dc',
      params: () => ({ id: fx.assigned.id }),
      validBody: fc.oneof(
        fc.record({ answer: viText }),
        fc.record({ answer: viText, documentRef: fc.constantFrom('12/UBND', null) }),
      ),
      semantic: fc.oneof(
        fc.record({ answer: viText }).map((b) => ({
          label: 'resolve a received item',
          params: { id: fx.received.id },
          as: 'office' as RoleSpec,
          body: JSON.stringify(b),
          fields: ['status'],
          statuses: [409],
        })),
        fc.record({ answer: viText }).map((b) => ({
          label: 'resolve a resolved item',
          params: { id: fx.resolved.id },
          body: JSON.stringify(b),
          fields: ['status'],
          statuses: [409],
        })),
        fc.record({ answer: viText, version: fc.integer({ min: 2, max: 99 }) }).map((b) => ({
          label: 'stale version',
          body: JSON.stringify(b),
          fields: ['body.version'],
          statuses: [409],
        })),
        fc.record({ answer: viText }).map((b) => ({
          label: 'a cooperating department resolves',
          as: 'department:vhxh' as RoleSpec,
          body: JSON.stringify(b),
          fields: ['role'],
          statuses: [403],
        })),
        fc.record({ answer: viText }).map((b) => ({
          label: 'an unrelated department resolves',
          as: 'department:ca' as RoleSpec,
          body: JSON.stringify(b),
          fields: ['path'],
          statuses: [404],
        })),
      ),
    },
    'post /api/recommendations/{id}/cooperation-notes': {
      as: 'department:vhxh',
      params: () => ({ id: fx.assigned.id }),
      validBody: fc.record({ text: viText }),
      semantic: fc.oneof(
        fc.record({ text: viText, version: fc.integer({ min: 2, max: 99 }) }).map((b) => ({
          label: 'stale version',
          body: JSON.stringify(b),
          fields: ['body.version'],
          statuses: [409],
        })),
        fc.record({ text: viText }).map((b) => ({
          label: 'the lead department adds a contribution note',
          as: 'department:dc' as RoleSpec,
          body: JSON.stringify(b),
          fields: ['role'],
          statuses: [403],
        })),
        fc.record({ text: viText }).map((b) => ({
          label: 'an unrelated department adds a note',
          as: 'department:ca' as RoleSpec,
          body: JSON.stringify(b),
          fields: ['path'],
          statuses: [404],
        })),
      ),
    },
    'post /api/recommendations/assign': {
      as: 'office',
      params: () => ({}),
      validBody: fc.constantFrom('dc', 'vhxh', 'ca').map((departmentId) => ({
        items: [{ id: fx.received.id, version: fx.received.version }],
        departmentId,
      })),
      semantic: fc.oneof(
        fc.integer({ min: 2, max: 99 }).map((version) => ({
          label: 'stale version',
          body: JSON.stringify({ items: [{ id: fx.received.id, version }], departmentId: 'dc' }),
          fields: ['body.version'],
          statuses: [409],
        })),
        fc
          .stringMatching(/^[a-z]{3,10}$/)
          .filter((s) => !['dc', 'vhxh', 'ca'].includes(s))
          .map((departmentId) => ({
            label: 'unknown department',
            body: JSON.stringify({
              items: [{ id: fx.received.id, version: fx.received.version }],
              departmentId,
            }),
            fields: ['body.departmentId'],
            statuses: [400],
          })),
        fc.constant(0).map(() => ({
          label: 'assign a resolved item',
          body: JSON.stringify({
            items: [{ id: fx.resolved.id, version: fx.resolved.version }],
            departmentId: 'ca',
          }),
          fields: ['status'],
          statuses: [409],
        })),
        fc.constant(0).map(() => ({
          label: 'an item of nothing',
          body: JSON.stringify({ items: [{ id: 'khong-co', version: 1 }], departmentId: 'ca' }),
          fields: ['body.items'],
          statuses: [400],
        })),
      ),
    },
    'post /api/recommendations/{id}/review': {
      as: 'front',
      params: () => ({ id: fx.resolved.id }),
      validBody: fc.oneof(
        fc.constant({ decision: 'confirm' }),
        fc.record({ decision: fc.constant('reopen'), reason: viText, dueDate: futureDate }),
      ),
      semantic: fc.oneof(
        fc.constant({ decision: 'confirm' }).map((b) => ({
          label: 'review an assigned item',
          params: { id: fx.assigned.id },
          body: JSON.stringify(b),
          fields: ['status'],
          statuses: [409],
        })),
        fc.record({ decision: fc.constant('reopen'), dueDate: futureDate }).map((b) => ({
          label: 'reopen without a reason',
          body: JSON.stringify(b),
          fields: ['body.reason'],
          statuses: [400],
        })),
        fc.record({ decision: fc.constant('reopen'), reason: viText }).map((b) => ({
          label: 'reopen without a due date',
          body: JSON.stringify(b),
          fields: ['body.dueDate'],
          statuses: [400],
        })),
        fc
          .record({ decision: fc.constant('reopen'), reason: viText, dueDate: isoDate('1990-01-01', TODAY) })
          .map((b) => ({
            label: 'reopen with a past due date',
            body: JSON.stringify(b),
            fields: ['body.dueDate'],
            statuses: [400],
          })),
        fc
          .record({
            decision: fc.constant('confirm'),
            version: fc.integer({ min: 1, max: 99 }).filter((v) => v !== fx.resolved.version),
          })
          .map((b) => ({
            label: 'stale version',
            body: JSON.stringify(b),
            fields: ['body.version'],
            statuses: [409],
          })),
      ),
    },
    'put /api/escalation-policy': {
      as: 'admin',
      params: () => ({}),
      validBody: fc.oneof(
        fc.constant({}),
        fc.record({
          reminderWorkingDaysBefore: fc.integer({ min: 0, max: 30 }),
          level3Enabled: fc.boolean(),
        }),
        fc.record({ recipients: fc.record({ chair: fc.constantFrom([], ['chutich@demo.example']) }) }),
      ),
    },
    'put /api/fields': {
      as: 'admin',
      params: () => ({}),
      validBody: fc.record({ items: fc.array(viText, { minLength: 1, maxLength: 5 }) }),
    },
    'post /api/dev/clock': {
      as: 'admin',
      params: () => ({}),
      validBody: isoDate('2023-01-01', '2030-12-31').map((d) => ({ now: `${d}T02:00:00Z` })),
    },
    'post /api/reports/supervision/send': { as: 'office', params: () => ({}) },
    'post /api/reports/quarterly/send': {
      as: 'office',
      params: () => ({}),
      validBody: fc.oneof(
        fc.constant({}),
        fc.record({ year: fc.constant(2023), quarter: fc.integer({ min: 1, max: 4 }) }),
      ),
      semantic: fc
        .record({ year: fc.integer({ min: 2024, max: 2100 }), quarter: fc.integer({ min: 1, max: 4 }) })
        .map((b) => ({
          label: 'a quarter not begun yet',
          body: JSON.stringify(b),
          fields: ['body'],
          statuses: [400],
        })),
    },
    'put /api/recipients/{kind}/{email}': {
      as: 'admin',
      params: () => ({ kind: 'quarterly', email: 'vanphong@demo.example' }),
      validBody: fc.oneof(fc.constant({}), fc.record({ name: fc.option(viText) })),
    },
    'delete /api/recipients/{kind}/{email}': {
      as: 'admin',
      params: () => ({ kind: 'supervision', email: fx.recipient }),
      unknownIdIs404: true,
    },
    'post /api/repeats': {
      as: 'office',
      params: () => ({}),
      validBody: fc.record({
        recommendationId: fc.constant(fx.received.id),
        repeatOfId: fc.constant(fx.assigned.id),
        decision: fc.constantFrom('confirm', 'dismiss'),
      }),
      semantic: fc.oneof(
        fc.constantFrom('confirm', 'dismiss').map((decision) => ({
          label: 'an item repeating itself',
          body: JSON.stringify({ recommendationId: fx.received.id, repeatOfId: fx.received.id, decision }),
          fields: ['body.repeatOfId'],
          statuses: [400],
        })),
        fc.tuple(fc.uuid(), fc.constantFrom('confirm', 'dismiss')).map(([id, decision]) => ({
          label: 'unknown earlier item',
          body: JSON.stringify({ recommendationId: fx.received.id, repeatOfId: id, decision }),
          fields: ['body.repeatOfId'],
          statuses: [400],
        })),
        fc.tuple(fc.uuid(), fc.constantFrom('confirm', 'dismiss')).map(([id, decision]) => ({
          label: 'unknown item',
          body: JSON.stringify({ recommendationId: id, repeatOfId: fx.assigned.id, decision }),
          statuses: [404],
        })),
      ),
    },
    'put /api/dialogues/{id}/conclusion-notice/text': {
      as: 'office',
      params: () => ({ id: fx.dialogueId }),
      validBody: fc.record({
        version: fc.constant(1),
        opening: viText,
        closing: fc.option(viText, { nil: undefined }),
      }),
      semantic: fc.record({ version: fc.integer({ min: 2, max: 99 }), opening: viText }).map((b) => ({
        label: 'stale version',
        body: JSON.stringify(b),
        fields: ['body.version'],
        statuses: [409],
      })),
    },
    'post /api/dialogues/{id}/conclusion-notice/issue': {
      as: 'office',
      params: () => ({ id: fx.dialogueId }),
      validBody: fc.record({ number: fc.constantFrom('125', '125/TB-UBND'), date: fc.constant(TODAY) }),
      semantic: fc.oneof(
        fc.record({ number: fc.constant('125'), date: isoDate('1990-01-01', '2023-10-09') }).map((b) => ({
          label: 'dated before the dialogue',
          body: JSON.stringify(b),
          fields: ['body.date'],
          statuses: [400],
        })),
        fc.record({ number: fc.constant('125'), date: isoDate('2023-10-21', '2030-12-31') }).map((b) => ({
          label: 'dated after today',
          body: JSON.stringify(b),
          fields: ['body.date'],
          statuses: [400],
        })),
        fc.record({ number: fc.constant('125'), date: fc.constant(TODAY) }).map((b) => ({
          label: 'an item not classified yet',
          body: JSON.stringify(b),
          fields: ['status'],
          statuses: [409],
        })),
      ),
    },
    'post /api/recommendations/{id}/attachments': {
      as: 'department:dc',
      params: () => ({ id: fx.assigned.id }),
      validRaw: fc
        .constant(null)
        .map(() => ({ label: 'a PDF', contentType: null, body: fileForm(PDF_BYTES, 'cv.pdf') })),
      rawBad: fc.oneof<fc.Arbitrary<Gen>[]>(
        fc
          .uint8Array({ minLength: 1, maxLength: 300 })
          // Not the first byte of a PDF, JPEG, PNG or ZIP: certainly no allowed type.
          .filter((b) => ![0x25, 0xff, 0x89, 0x50].includes(b[0] as number))
          .map((bytes) => ({
            label: 'a file of no allowed type',
            contentType: null,
            body: fileForm(bytes, 'cong-van.pdf'),
            fields: ['body.file'],
            statuses: [400],
          })),
        fc.string({ maxLength: 20 }).map((name) => {
          const form = new FormData();
          form.set(name === 'file' ? 'other' : name || 'x', 'not a file');
          return {
            label: 'multipart without a file',
            contentType: null,
            body: form,
            fields: ['body.file'],
            statuses: [400],
          };
        }),
        fc.constantFrom('application/pdf', 'application/octet-stream', 'text/plain').map((contentType) => ({
          label: 'not multipart',
          contentType,
          body: PDF_BYTES,
          fields: ['body.file'],
          statuses: [400],
        })),
      ),
    },
    'post /api/recommendations/{id}/attachments/uploads': {
      as: 'office',
      params: () => ({ id: fx.assigned.id }),
      validBody: fc.record({
        name: fc.constantFrom('cv.pdf', 'Công văn.docx'),
        size: fc.integer({ min: 1, max: 10 * 1024 * 1024 }),
        contentType: fc.constantFrom('application/pdf', 'image/png'),
      }),
    },
    'post /api/recommendations/{id}/attachments/uploads/{uploadId}': {
      as: 'office',
      params: () => ({ id: fx.assigned.id, uploadId: fx.noUpload }),
      validBody: fc.record({ name: fc.constantFrom('cv.pdf', 'ảnh.png') }),
      semantic: fc.record({ name: fc.constant('cv.pdf') }).map((b) => ({
        label: 'nothing uploaded under this id',
        body: JSON.stringify(b),
        fields: ['path'],
        statuses: [404],
      })),
    },
    'patch /api/recommendations/{id}/attachments/{attachmentId}': {
      as: 'office',
      params: () => ({ id: fx.withFile.id, attachmentId: fx.withFile.fileId }),
      validBody: fc.record({ public: fc.boolean() }),
    },
    'delete /api/recommendations/{id}/attachments/{attachmentId}': {
      as: 'office',
      params: () => ({ id: fx.withFile.id, attachmentId: fx.withFile.fileId }),
      unknownIdIs404: true,
    },
    'put /api/notice-settings': {
      as: 'admin',
      params: () => ({}),
      validBody: fc.record(
        {
          assignment: fc.boolean(),
          reopened: fc.boolean(),
          dueDateChanged: fc.boolean(),
          reviewDigest: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
    },
    'put /api/calendar/overrides/{date}': {
      as: 'admin',
      params: () => ({ date: '2024-03-02' }),
      validBody: fc.record({ kind: fc.constantFrom('day_off', 'working_day'), name: viText }),
    },
    'patch /api/departments/{id}': {
      as: 'admin',
      params: () => ({ id: 'dc' }),
      validBody: fc.oneof(
        fc.record({ version: fc.constant(1), name: viText }),
        fc.record({ version: fc.constant(1), active: fc.boolean() }),
      ),
      semantic: fc.record({ version: fc.integer({ min: 2, max: 1_000_000 }), name: viText }).map((b) => ({
        label: 'stale version',
        body: JSON.stringify(b),
        fields: ['body.version'],
        statuses: [409],
      })),
    },
    'delete /api/departments/{id}': {
      as: 'admin',
      params: () => ({ id: 'ca' }),
      unknownIdIs404: true,
    },
    'post /api/units': {
      as: 'system',
      params: () => ({}),
      validBody: fc.record({
        id: fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/),
        code: fc.stringMatching(/^[A-Z]{2,8}$/),
        name: viText,
      }),
      semantic: fc.record({ code: fc.constant('U1'), name: viText }).map((b) => ({
        label: 'unit id in use',
        body: JSON.stringify({ id: 'u1', ...b }),
        fields: ['body.id'],
        statuses: [409],
      })),
    },
    'patch /api/units/{id}': {
      as: 'system',
      params: () => ({ id: 'u1' }),
      validBody: fc.record({ version: fc.constant(1), name: viText }),
      semantic: fc.record({ version: fc.integer({ min: 2, max: 1_000_000 }), name: viText }).map((b) => ({
        label: 'stale version',
        body: JSON.stringify(b),
        fields: ['body.version'],
        statuses: [409],
      })),
    },
    'post /api/units/{id}/admins': {
      as: 'system',
      params: () => ({ id: 'u1' }),
      validBody: fc.record({ email: fc.uuid().map((u) => `${u}@demo.example`), name: viText }),
      semantic: fc.constant<Gen>({
        label: 'e-mail in use',
        body: JSON.stringify({ email: 'nguoidung@u1.example', name: 'Trùng e-mail' }),
        fields: ['body.email'],
        statuses: [409],
      }),
    },
    'patch /api/unit': {
      as: 'admin',
      params: () => ({}),
      validBody: fc.record({ version: fc.constant(1), name: viText }),
      semantic: fc.record({ version: fc.integer({ min: 2, max: 1_000_000 }), name: viText }).map((b) => ({
        label: 'stale version',
        body: JSON.stringify(b),
        fields: ['body.version'],
        statuses: [409],
      })),
    },
    'post /api/users': {
      as: 'admin',
      params: () => ({}),
      validBody: fc.record({
        email: fc.uuid().map((u) => `${u}@demo.example`),
        name: viText,
        role: fc.constantFrom('office', 'front', 'standing'),
      }),
      semantic: fc.oneof(
        fc.constant<Gen>({
          label: 'department account without a department',
          body: JSON.stringify({ email: 'phongban@u1.example', name: 'Cán bộ', role: 'department' }),
          fields: ['body.departmentId'],
          statuses: [400],
        }),
        fc.constant<Gen>({
          label: 'e-mail in use',
          body: JSON.stringify({ email: 'nguoidung@u1.example', name: 'Trùng', role: 'office' }),
          fields: ['body.email'],
          statuses: [409],
        }),
      ),
    },
    'patch /api/users/{id}': {
      as: 'admin',
      params: () => ({ id: fx.user.id }),
      validBody: fc.record({
        version: fc.constant(fx.user.version),
        role: fc.constantFrom('front', 'standing'),
      }),
      semantic: fc.oneof(
        fc
          .record({ version: fc.integer({ min: 2, max: 1_000_000 }), role: fc.constant('front') })
          .map((b) => ({
            label: 'stale version',
            body: JSON.stringify(b),
            fields: ['body.version'],
            statuses: [409],
          })),
        fc.constant<Gen>({
          label: 'department account without a department',
          body: JSON.stringify({ version: 1, role: 'department' }),
          fields: ['body.departmentId'],
          statuses: [400],
        }),
      ),
    },
    'delete /api/calendar/overrides/{date}': {
      as: 'admin',
      params: () => ({ date: fx.overrideDate }),
    },
    'put /api/calendar/national/{date}': {
      as: 'system',
      params: () => ({ date: '2032-03-02' }),
      validBody: fc.record({
        kind: fc.constantFrom('day_off', 'working_day'),
        name: viText,
        source: fc.option(viText, { nil: undefined }),
      }),
    },
    'delete /api/calendar/national/{date}': {
      as: 'system',
      params: () => ({ date: fx.nationalDate }),
    },
  };
}

// ---------- request assembly ----------

interface RouteUnderTest {
  key: string;
  method: string;
  path: string;
  roles: readonly string[];
  schemas: { params?: ZodType; query?: ZodType; headers?: ZodType; body?: ZodType };
  known?: Known;
}

function pathOf(route: RouteUnderTest, params: Params): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

async function send(route: RouteUnderTest, gen: Gen) {
  const headers = new Headers(gen.headers ?? {});
  if (gen.authorization !== undefined) headers.set('authorization', gen.authorization);
  else if (gen.as !== null) {
    const first = route.roles[0] === 'department' ? 'department:dc' : (route.roles[0] as RoleSpec);
    const spec = gen.as ?? route.known?.as ?? first;
    headers.set('authorization', `Bearer ${tokens.get(spec) ?? (await tokenFor(spec))}`);
  }
  if (gen.contentType !== null && gen.contentType !== undefined) headers.set('content-type', gen.contentType);
  const url = `${pathOf(route, gen.params ?? route.known?.params() ?? {})}${gen.query ? `?${gen.query}` : ''}`;
  const withBody = gen.body !== undefined && gen.body !== null && route.method !== 'get';
  const res = await t.app.request(url, {
    method: route.method.toUpperCase(),
    headers,
    ...(withBody ? { body: gen.body as RequestInit['body'] } : {}),
  });
  return readResponse(res);
}

/** Only the bodies of known routes are valid; a valid JSON body with its content type. */
function validBodyGen(route: RouteUnderTest): fc.Arbitrary<Pick<Gen, 'body' | 'contentType'>> {
  if (route.known?.validRaw) return route.known.validRaw;
  if (route.known?.validBody)
    return route.known.validBody.map((b) => ({ body: JSON.stringify(b), contentType: 'application/json' }));
  if (route.schemas.body)
    return junkJson.map((b) => ({ body: JSON.stringify(b), contentType: 'application/json' }));
  return fc.constant({ body: null, contentType: null });
}

function bodyDefects(route: RouteUnderTest): fc.Arbitrary<Gen> | undefined {
  const { body } = route.schemas;
  const known = route.known;
  const arbs: fc.WeightedArbitrary<Gen>[] = [];
  if (body) {
    arbs.push({
      weight: 8,
      arbitrary: badBodies(body, known?.validBody).map((b) => ({
        label: 'schema-invalid body',
        body: JSON.stringify(b),
        contentType: 'application/json',
        fields: ['body'],
        statuses: [400],
      })),
    });
    arbs.push({
      weight: 3,
      arbitrary: badJsonTexts(body, known?.validBody).map((s) => ({
        label: 'malformed JSON',
        body: s,
        contentType: 'application/json',
        fields: ['body'],
        statuses: [400],
      })),
    });
    // Rule-level defects read the table: fewer of them keeps the run short.
    if (known?.semantic)
      arbs.push({
        weight: 1,
        arbitrary: known.semantic.map((g) => ({ contentType: 'application/json', ...g })),
      });
  }
  if (known?.rawBad) arbs.push({ weight: 1, arbitrary: known.rawBad });
  return arbs.length ? fc.oneof(...arbs) : undefined;
}

function headerDefects(route: RouteUnderTest): fc.Arbitrary<Gen> {
  const allowed = ROLE_SPECS.filter((r) => !route.roles.includes(r.split(':')[0] as string));
  const auth: fc.Arbitrary<Gen>[] = [
    fc.constant({ label: 'no token', as: null, fields: ['header.authorization'], statuses: [401] }),
    fc
      .oneof(
        headerValue,
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic dXNlcjpwYXNz',
          'bearer a.b.c',
          'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
          'Token abc',
        ),
        headerValue.map((v) => `Bearer ${v.replace(/\s/g, '')}x`),
        fc.constantFrom(...foreignTokens).map((tok) => `Bearer ${tok}`),
      )
      .map((authorization) => ({
        label: `bad authorization "${authorization.slice(0, 40)}"`,
        authorization,
        fields: ['header.authorization'],
        statuses: [401],
      })),
  ];
  if (allowed.length)
    auth.push(
      fc
        .constantFrom(...allowed)
        .map((as) => ({ label: `role ${as} not allowed`, as, fields: ['role'], statuses: [403] })),
    );
  const arbs: fc.Arbitrary<Gen>[] = [...auth];
  if (route.schemas.body) {
    // Anything but JSON for a JSON body: refused before the body is read.
    const notJson = fc
      .oneof(
        fc.constantFrom(
          'text/plain',
          'application/xml',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'text/csv',
          'application/jsonp',
          'json',
          '',
        ),
        headerValue.filter((v) => !/^application\/([a-z-.]+\+)?json/i.test(v)),
      )
      .map((contentType) => ({
        label: `content-type "${contentType}"`,
        contentType,
        fields: ['body'],
        statuses: [400, 415],
      }));
    arbs.push(notJson);
  }
  const idem = route.schemas.headers;
  if (idem) {
    const bad = failing(
      idem,
      fc.record({
        'idempotency-key': fc.oneof(
          headerValue,
          fc.string({ unit: printableLatin1, minLength: 201, maxLength: 260 }).map((s) => s.trim()),
        ),
      }),
    );
    if (bad)
      arbs.push(
        bad.map((h) => ({
          label: 'bad idempotency-key',
          headers: h as Record<string, string>,
          fields: ['header'],
          statuses: [400],
        })),
      );
  }
  return fc.oneof(...arbs);
}

function pathOrQueryDefects(route: RouteUnderTest): fc.Arbitrary<Gen> {
  const arbs: fc.WeightedArbitrary<Gen>[] = [];
  const { params, query } = route.schemas;
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  if (params && names.length) {
    const bad = fc
      .record(
        Object.fromEntries(
          names.map((n) => [
            n,
            fc.oneof(junkString, fc.string({ unit: 'binary', minLength: 81, maxLength: 100 })),
          ]),
        ),
      )
      .filter(
        (p) =>
          !params.safeParse(p).success && Object.values(p).every((v) => v !== '' && v !== '.' && v !== '..'),
      );
    arbs.push({
      weight: 6,
      arbitrary: bad.map((p) => ({
        label: 'invalid path parameter',
        params: p as Params,
        fields: ['path'],
        statuses: [400, 404],
      })),
    });
    // Well-formed ids of nothing: found only after the body is validated, so only with a known-good body.
    const known = route.known;
    if (
      known &&
      (known.validBody || known.validRaw || !route.schemas.body) &&
      (known.unknownIdIs404 ?? (route.method === 'post' || route.method === 'patch'))
    ) {
      // Only the identifying parameters change; the others (a report kind) stay valid.
      const ids = names.filter((n) => n === 'id' || n === 'email');
      const unknown = fc
        .record(
          Object.fromEntries(
            ids.map((n) => [n, n === 'email' ? fc.uuid().map((u) => `${u}@demo.example`) : fc.uuid()]),
          ),
        )
        .map((p) => ({ ...known.params(), ...p }));
      // Reads the table: fewer of them keeps the run short.
      arbs.push({
        weight: 1,
        arbitrary: unknown.map((p) => ({
          label: 'unknown id',
          params: p as Params,
          fields: ['path'],
          statuses: [404],
        })),
      });
    }
  }
  if (query) {
    const bad = failing(
      query,
      fc.dictionary(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
    );
    if (bad) {
      arbs.push({
        weight: 6,
        arbitrary: bad.map((q) => ({
          label: 'invalid query',
          query: new URLSearchParams(q as Record<string, string>).toString(),
          fields: ['query'],
          statuses: [400],
        })),
      });
    }
  }
  // No parameter to spoil: junk query strings must not matter, so pair them with the mildest other defect.
  if (arbs.length === 0) arbs.push({ weight: 1, arbitrary: headerDefects(route) });
  return fc.oneof(...arbs);
}

function requestFor(
  route: RouteUnderTest,
  category: 'body' | 'headers' | 'query',
): fc.Arbitrary<Gen> | undefined {
  const defect =
    category === 'body'
      ? bodyDefects(route)
      : category === 'headers'
        ? headerDefects(route)
        : pathOrQueryDefects(route);
  if (!defect) return undefined;
  return fc
    .record({ base: validBodyGen(route), defect, noise: noiseHeaders, query: junkQuery })
    .map(({ base, defect, noise, query }) => ({
      ...base,
      query: route.schemas.query ? '' : query,
      ...defect,
      headers: { ...noise, ...defect.headers },
    }));
}

// ---------- the suite ----------

/** Write routes of the table, known at collection time (route modules register on import). */
const WRITE_ROUTES = ROUTE_TABLE.filter((r) => r.method !== 'get');

function routeUnderTest(r: RouteAccess): RouteUnderTest {
  const request = definitions.find((d) => d.method === r.method && d.path === r.path)?.request;
  return {
    key: `${r.method} ${r.path}`,
    method: r.method,
    path: r.path,
    roles: r.roles,
    schemas: {
      params: request?.params as ZodType | undefined,
      query: request?.query as ZodType | undefined,
      headers: request?.headers as ZodType | undefined,
      body: (request?.body?.content?.['application/json'] as { schema?: ZodType } | undefined)?.schema,
    },
    known: knownRoutes()[`${r.method} ${r.path}`],
  };
}

async function setUp() {
  t = await createTestApp({ now: `${TODAY}T02:00:00Z` });
  definitions = await t.app.apiDefinitions();
  probe = new ClientProbe(t.client);
  const { dialogueId } = await seedUnit(t);
  fx.dialogueId = dialogueId;
  for (const spec of [...ROLE_SPECS, 'department:ca' as const]) tokens.set(spec, await tokenFor(spec));
  const foreign = await generateLocalKeys();
  foreignTokens = await Promise.all(
    ROLE_SPECS.map((spec) =>
      signLocalToken(foreign, {
        sub: 'intruder',
        role: spec.split(':')[0] as 'admin',
        unitId: 'u1',
        departmentId: spec.split(':')[1] ?? null,
      }),
    ),
  );
  const create = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      body,
      headers,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; version: number };
  };
  const assigned = await create({
    content: 'Đề nghị sửa đường hẻm 27',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'dc',
    cooperatingDepartmentIds: ['vhxh'],
  });
  fx.assigned = { id: assigned.id, version: assigned.version };
  const received = await create(
    { content: 'Kiến nghị chưa phân loại', source: 'pre_collected' },
    { 'idempotency-key': fx.usedKey },
  );
  fx.received = { id: received.id, version: received.version };
  const toResolve = await create({
    content: 'Đèn chiếu sáng hẻm 12',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'dc',
  });
  const resolved = await t.call('POST', `/api/recommendations/${toResolve.id}/resolve`, {
    as: 'department:dc',
    body: { answer: 'Đã lắp đèn' },
  });
  expect(resolved.status).toBe(200);
  fx.resolved = { id: toResolve.id, version: resolved.body.version };
  const withFile = await create({
    content: 'Đường hẻm 9 ngập nước',
    source: 'at_dialogue',
    disposition: 'assigned',
    departmentId: 'dc',
  });
  const attached = await t.call('POST', `/api/recommendations/${withFile.id}/attachments`, {
    as: 'office',
    raw: fileForm(PDF_BYTES, 'cong-van.pdf'),
  });
  expect(attached.status, JSON.stringify(attached.body)).toBe(201);
  fx.withFile = { id: withFile.id, fileId: attached.body.id };
  const override = await t.call('PUT', `/api/calendar/overrides/${fx.overrideDate}`, {
    as: 'admin',
    body: { kind: 'day_off', name: 'Nghỉ bù' },
  });
  expect(override.status).toBe(200);
  const national = await t.call('PUT', `/api/calendar/national/${fx.nationalDate}`, {
    as: 'system',
    body: { kind: 'day_off', name: 'Nghỉ toàn quốc' },
  });
  expect(national.status).toBe(200);
  const user = await t.call('POST', '/api/users', {
    as: 'admin',
    body: { email: 'nguoidung@u1.example', name: 'Người dùng', role: 'office' },
  });
  expect(user.status).toBe(201);
  fx.user = { id: user.body.id, version: user.body.version };
  const recipient = await t.call('PUT', `/api/recipients/supervision/${fx.recipient}`, {
    as: 'admin',
    body: { name: 'Ủy ban MTTQ' },
  });
  expect(recipient.status).toBe(201);
}

export type FuzzCategory = 'body' | 'headers' | 'query';

const TITLES: Record<FuzzCategory, string> = {
  body: 'bad bodies',
  headers: 'bad headers (token, role, content type, idempotency key)',
  query: 'bad query strings and path parameters',
};

/**
 * One test per write route: RUNS generated requests whose `category` part is bad (the other parts are
 * generated too: valid, or junk that must not matter). Each file runs one category on its own table.
 */
export function fuzzWriteRoutes(category: FuzzCategory): void {
  beforeAll(setUp, 60_000);

  describe(`${RUNS} ${TITLES[category]} per write route: a 4xx problem naming a field, nothing written`, () => {
    it('fuzzes at least the write routes of the core tracker', () => {
      expect(WRITE_ROUTES.length).toBeGreaterThanOrEqual(10);
      const generic = WRITE_ROUTES.filter((r) => !knownRoutes()[`${r.method} ${r.path}`]).map(
        (r) => `${r.method} ${r.path}`,
      );
      // A route without a known-good request below is still fuzzed, with generic bad input only.
      if (generic.length)
        console.warn(`fuzzed generically (add it to knownRoutes in fuzz-harness.ts): ${generic.join(', ')}`);
    });

    for (const access of WRITE_ROUTES) {
      it(`${access.method.toUpperCase()} ${access.path}`, async () => {
        const route = routeUnderTest(access);
        const arb = requestFor(route, category);
        if (!arb) return; // nothing of this kind to spoil (no body on a DELETE)
        const before = await snapshot(t.client, t.tableName);
        const started = { at: Date.now(), calls: probe.log.length };
        await fc.assert(
          fc.asyncProperty(arb, async (gen) => {
            if (gen.mayBeValid) fc.pre(!(await gen.mayBeValid()));
            const mark = probe.log.length;
            const res = await send(route, gen);
            const context = `${route.key} [${gen.label}]`;
            expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
            expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
            expectProblem(res, context);
            if (gen.statuses)
              expect(gen.statuses, `${context}: got ${res.status} ${res.text.slice(0, 300)}`).toContain(
                res.status,
              );
            if (gen.fields) {
              const named = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field);
              expect(
                named.some((f) => gen.fields?.some((p) => f === p || f.startsWith(p))),
                `${context}: fields ${named.join(', ')}`,
              ).toBe(true);
            }
            expect(probe.committedWrites(mark), context).toEqual([]);
          }),
          { numRuns: RUNS },
        );
        expect(await snapshot(t.client, t.tableName), `${route.key}: table changed`).toEqual(before);
        if (process.env.FUZZ_TIMING)
          console.log(
            `${category} ${route.key}: ${Date.now() - started.at} ms, ${probe.log.length - started.calls} DynamoDB calls`,
          );
      }, 300_000);
    }
  });
}
