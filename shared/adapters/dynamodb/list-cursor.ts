/**
 * The list cursor, in one place: the index key of the last item returned (a search: its postings' sort
 * key, `<ref>#<id>`), the path it was read from and a digest of the filters, base64url JSON. Decoding checks everything before DynamoDB sees it — size,
 * shape, the unit, the path, the filters, and that the key lies in the query's own key range — so a
 * forged, truncated or foreign cursor is a 400 naming `query.cursor`, never a 500.
 */
import { createHash } from 'node:crypto';
import { ValidationError } from '../../domain/errors.js';
import { isRecordId } from '../../domain/ids.js';
import { keys, PREFIX } from './keys.js';
import { inRange, type ListFilters, type ListPlan } from './list-plan.js';
import type { Item } from './table.js';

/** Longest cursor accepted (the schema of the query allows no more). */
export const MAX_CURSOR_LENGTH = 2000;
/** DynamoDB's limit on a sort key, in bytes (no key of a list is longer). */
const MAX_KEY_BYTES = 1024;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The key a decoded cursor holds if it is `{ v: 1, p: path, f: digest, k: { <name>: <key value> } }` and
 * nothing else. Checked by hand, not with zod: every function with the item store loads this module at
 * start-up (zod's code would add to their cold start), and a refused cursor has no message but badCursor's.
 */
function cursorKey(value: unknown, path: string, digest: string): Record<string, string> | null {
  if (!isRecord(value) || Object.keys(value).some((name) => !['v', 'p', 'f', 'k'].includes(name)))
    return null;
  if (value.v !== 1 || value.p !== path || value.f !== digest || !isRecord(value.k)) return null;
  for (const [name, key] of Object.entries(value.k)) {
    if (name.length > 40 || typeof key !== 'string' || key.length < 1) return null;
    if (Buffer.byteLength(key) > MAX_KEY_BYTES) return null;
  }
  return value.k as Record<string, string>;
}

function digest(unitId: string, filters: ListFilters): string {
  const sorted = Object.fromEntries(Object.entries(filters).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256')
    .update(JSON.stringify([unitId, sorted]))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(unitId: string, plan: ListPlan, filters: ListFilters, row: Item): string {
  const k = Object.fromEntries(plan.keyNames.map((name) => [name, String(row[name])]));
  return Buffer.from(JSON.stringify({ v: 1, p: plan.path, f: digest(unitId, filters), k })).toString(
    'base64url',
  );
}

export const badCursor = () =>
  new ValidationError([
    { field: 'query.cursor', message: 'Con trỏ trang không hợp lệ hoặc thuộc truy vấn khác' },
  ]);

const refuse = (): never => {
  throw badCursor();
};

function parse(cursor: string, unitId: string, path: string, filters: ListFilters) {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) return refuse();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return refuse();
  }
  return cursorKey(parsed, path, digest(unitId, filters)) ?? refuse();
}

/** The cursor after the search result whose postings' sort key is `key`. */
export function encodeSearchCursor(unitId: string, filters: ListFilters, key: string): string {
  return Buffer.from(JSON.stringify({ v: 1, p: 'search', f: digest(unitId, filters), k: { key } })).toString(
    'base64url',
  );
}

/** The sort key a search cursor stands for (the search goes on after it), once checked. */
export function decodeSearchCursor(cursor: string, unitId: string, filters: ListFilters): string {
  const k = parse(cursor, unitId, 'search', filters);
  const key = k.key;
  if (Object.keys(k).length !== 1 || key === undefined) return refuse();
  const at = key.lastIndexOf('#');
  const ref = key.slice(0, at);
  if (at < 1 || ref.length > 200 || ref.includes('#') || !isRecordId(key.slice(at + 1))) return refuse();
  return key;
}

/** The ExclusiveStartKey a cursor stands for, once every part of it has been checked. */
export function decodeCursor(cursor: string, unitId: string, plan: ListPlan, filters: ListFilters): Item {
  const k = parse(cursor, unitId, plan.path, filters);
  const names = Object.keys(k).sort();
  if (names.join() !== [...plan.keyNames].sort().join()) return refuse();
  const sk = k.sk as string;
  const rowPrefixes =
    plan.path === 'department' ? [PREFIX.recommendation, PREFIX.cooperation] : [PREFIX.recommendation];
  if (k.pk !== keys.unitPk(unitId) || !rowPrefixes.some((prefix) => sk.startsWith(prefix))) return refuse();
  if (k[plan.partition.name] !== plan.partition.value) return refuse();
  if (!inRange(plan.sort.range, k[plan.sort.name] as string)) return refuse();
  return k;
}
