import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { isRecordId } from '../domain/ids.js';
import { newRecommendation } from '../domain/lifecycle.js';
import type { Actor, Department, Dialogue, Recommendation, Unit } from '../domain/model.js';
import { authorize } from '../domain/permissions.js';
import type { UnitWorkQueue } from '../domain/ports.js';
import type { ColumnKey, ImportColumns, ImportedRow, RowError } from '../import/index.js';
import { lifecycleContext, type TrackerDeps } from './context.js';
import { postingsLater } from './postings-later.js';
import {
  createRecommendations,
  createWrites,
  requestHash,
  TRANSACTION_LIMIT,
} from './recommendation-service.js';

/** Rows written per transaction; each chunk has its own idempotency record, so a retry resumes. */
export const IMPORT_CHUNK = 30;

/**
 * Consecutive chunks of at most IMPORT_CHUNK rows whose writes fit in one transaction; the last one also
 * leaves room for `reserveLast` more writes (the departments' notices of the whole import).
 */
export function importChunks<T extends Parameters<typeof createWrites>[0][number]>(
  rows: readonly T[],
  reserveLast = 0,
): T[][] {
  const chunks: T[][] = [];
  let chunk: T[] = [];
  for (const row of rows) {
    if (
      chunk.length > 0 &&
      (chunk.length >= IMPORT_CHUNK || createWrites([...chunk, row]) > TRANSACTION_LIMIT)
    ) {
      chunks.push(chunk);
      chunk = [];
    }
    chunk.push(row);
  }
  if (chunk.length > 0) chunks.push(chunk);
  const last = chunks.at(-1);
  if (last && createWrites(last) + reserveLast > TRANSACTION_LIMIT) {
    // Move rows from the end of the last chunk to a new one until both fit.
    const moved: T[] = [];
    while (last.length > 1 && createWrites(last) + reserveLast > TRANSACTION_LIMIT)
      moved.unshift(last.pop() as T);
    if (moved.length) chunks.push(moved);
  }
  return chunks;
}

/** Departments an import may notify: every lead and cooperating department its rows name. */
export function namedDepartments(rows: readonly Parameters<typeof createWrites>[0][number][]): number {
  return new Set(
    rows.flatMap((r) => [r.departmentId ?? '', ...(r.cooperatingDepartmentIds ?? [])]).filter(Boolean),
  ).size;
}

export interface ImportResult {
  imported: number;
  /** Rows found already written by an earlier attempt with the same key. */
  alreadyImported: number;
  items: { row: number; id: string; ref: string }[];
}

/** Rejection of a file: every bad row, nothing written. */
export class ImportRejectedError extends ValidationError {
  constructor(readonly rows: RowError[]) {
    super(
      rows.map((r) => ({ field: `file.row.${r.row}`, message: r.message, row: r.row, column: r.column })),
      `Tệp có ${rows.length} lỗi; chưa ghi kiến nghị nào`,
    );
    this.name = 'ImportRejectedError';
  }
}

/** The item field a domain check names → the spreadsheet column it came from. */
const COLUMN_OF: Record<string, ColumnKey> = {
  content: 'content',
  raisedBy: 'raisedBy',
  residentialGroup: 'residentialGroup',
  field: 'field',
  source: 'source',
  disposition: 'disposition',
  departmentId: 'department',
  cooperatingDepartmentIds: 'cooperating',
  dueDate: 'dueDate',
  answer: 'answer',
  reason: 'answer',
};

export interface CheckedImport {
  dialogue: Dialogue;
  departments: Department[];
  unit: Unit | undefined;
  rows: ImportedRow[];
}

type ImportFile = { bytes: Uint8Array; contentType?: string; filename?: string };

/**
 * Reads a file and checks it exactly as writing it would: the sheet's own checks, then each row as the
 * item it would become (a due date before the dialogue, a default due date past the calendar…). Throws
 * ImportRejectedError with every bad row at once; the preview and the write both call this.
 */
export async function checkImport(
  deps: TrackerDeps,
  unitId: string,
  dialogueId: string,
  file: ImportFile,
  actor: Actor,
): Promise<CheckedImport> {
  authorize(actor, 'recommendation.import');
  const [dialogue, departments, unit, ctx] = await Promise.all([
    isRecordId(dialogueId) ? deps.dialogues.get(unitId, dialogueId) : undefined,
    deps.units.listDepartments(unitId),
    deps.units.cachedUnit(unitId),
    lifecycleContext(deps, unitId, actor),
  ]);
  if (!dialogue) throw new NotFoundError('hội nghị');
  // The spreadsheet readers (zip, XML, CSV) load with the first import, not at start-up.
  const { parseRecommendationSheet } = await import('../import/parse-recommendation-sheet.js');
  const parsed = await parseRecommendationSheet(file, { departments });
  const errors: RowError[] = parsed.ok ? [] : [...parsed.errors];
  for (const { row, ...input } of parsed.rows) {
    try {
      newRecommendation(input, { id: 'check', ref: 'check' }, dialogue, ctx, 'row');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      errors.push(...error.errors.map((e) => rowError(row, e.field, e.message, parsed.columns)));
    }
  }
  if (errors.length) throw new ImportRejectedError(errors.sort((a, b) => a.row - b.row));
  return { dialogue, departments, unit, rows: parsed.rows };
}

function rowError(row: number, field: string, message: string, columns: ImportColumns): RowError {
  const key = COLUMN_OF[field.split('.').pop() ?? ''] ?? 'content';
  return { row, column: columns[key], message };
}

/**
 * Checks the whole file (checkImport), then writes it in chunks. Without an Idempotency-Key the file's
 * own hash is the key, so importing the same file twice into a dialogue never duplicates it. The items'
 * word postings are not written in the request: once its chunks are in (or one failed after others
 * committed), one job of the unit-work queue (`queue`) writes them (postings-later.ts).
 */
export async function importRecommendations(
  deps: TrackerDeps & { queue?: UnitWorkQueue },
  unitId: string,
  dialogueId: string,
  file: ImportFile,
  actor: Actor,
  idempotencyKey?: string,
): Promise<ImportResult> {
  const { dialogue, departments, unit, rows } = await checkImport(deps, unitId, dialogueId, file, actor);
  const key =
    idempotencyKey ?? `import:${dialogueId}:${createHash('sha256').update(file.bytes).digest('hex')}`;
  const result: ImportResult = { imported: 0, alreadyImported: 0, items: [] };
  /** After a chunk written now: the next chunk's key is new and the counter is where that chunk left it. */
  let expected: { newKey: boolean; refNumber: number } | undefined;
  const chunks = importChunks(rows, namedDepartments(rows));
  const written: Recommendation[] = [];
  try {
    for (const [index, chunk] of chunks.entries()) {
      const inputs = chunk.map(({ row: _row, ...input }) => input);
      const last = index === chunks.length - 1;
      const { items, replayed, refNumber } = await createRecommendations(
        deps,
        unitId,
        dialogueId,
        inputs,
        actor,
        {
          idempotencyKey: `${key}#${index}`,
          requestHash: requestHash(inputs),
          fieldPrefix: (i) => `file.row.${chunk[i]?.row ?? 0}`,
          action: 'recommendation.import',
          deferPostings: true,
          // Read once above for every chunk: the dialogue, the unit's code and its departments.
          preloaded: { dialogue, unit: unit ?? null, departments },
          ...(expected ? { expected } : {}),
          // One notice per department for the whole file, with its last chunk.
          notify: last
            ? {
                requestId: `import.${createHash('sha256').update(key).digest('hex').slice(0, 32)}`,
                earlier: written,
              }
            : false,
        },
      );
      written.push(...items);
      expected = !replayed && refNumber !== undefined ? { newKey: true, refNumber } : undefined;
      if (replayed) result.alreadyImported += items.length;
      else result.imported += items.length;
      for (const [i, item] of items.entries())
        result.items.push({ row: chunk[i]?.row ?? 0, id: item.id, ref: item.ref });
    }
  } finally {
    // One job per import, also when a chunk failed after others committed (their markers wait for it).
    if (result.imported > 0) await postingsLater(deps, unitId);
  }
  return result;
}
