/**
 * 7. Lists and search: time and read units of the list API's first page — a department's list (the
 * department user's own view: items it leads or cooperates on), a department with no items, a text
 * search — at two unit sizes. The items are loaded as images with BatchWriteItem (the store's own
 * item images and word postings, `loadImages`), a third of them with a cooperating department; every
 * 100th item mentions "tranh chấp đất đai" (what the text search finds) and one item the rare word
 * "Vĩnh Lộc".
 */
import type { Recommendation } from '../../shared/domain/model.js';
import {
  ACTOR,
  type BenchEnv,
  batchWrite,
  DEPARTMENTS,
  type ImageStatus,
  loadImages,
  newDialogue,
  recommendationImage,
} from '../lib/setup.js';
import { median, timeOnce } from '../lib/stats.js';

export interface ListRow {
  unitItems: number;
  operation: string;
  query: string;
  as: string;
  /** Items on the page (median run). */
  returned: number;
  ms: number;
  readUnits: number;
  /** Items read: examined by the queries (before their filters) or fetched. */
  itemsRead: number;
  calls: number;
  /** Not 200 (e.g. a parameter the code under test does not know). */
  status: number;
}

export interface ListsResult {
  rows: ListRow[];
  loadSeconds: number;
}

/** Mostly closed items, as in a unit some years old. */
function statusOf(n: number): ImageStatus {
  const r = n % 20;
  if (r < 9) return 'confirmed';
  if (r < 11) return 'resolved';
  if (r < 15) return 'assigned';
  if (r < 16) return 'received';
  if (r < 17) return 'forwarded';
  if (r < 18) return 'declined';
  return 'answered_at_dialogue';
}

const monthsAfter = (date: string, months: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

const EMPTY_DEPARTMENT = { id: 'tp', name: 'Tư pháp - Hộ tịch', emails: ['tp@demo.example'] };

async function loadUnit(env: BenchEnv, unitId: string, total: number): Promise<number> {
  const { deps } = env;
  await deps.units.putUnit({ id: unitId, code: unitId.toUpperCase(), name: `Phường ${unitId}` });
  for (const d of [...DEPARTMENTS, EMPTY_DEPARTMENT])
    await deps.units.createDepartment(unitId, d, ACTOR, deps.clock.now());
  const dialogues = [];
  for (let i = 0; i < 8; i++)
    dialogues.push(await newDialogue(env, unitId, `2023-${String(i + 1).padStart(2, '0')}-10`));
  const recs: Recommendation[] = [];
  for (let n = 1; n <= total; n++) {
    const dialogue = dialogues[n % dialogues.length] as (typeof dialogues)[number];
    const lead = DEPARTMENTS[n % DEPARTMENTS.length]?.id as string;
    const status = statusOf(n);
    const rec = recommendationImage({
      unitCode: unitId.toUpperCase(),
      n,
      dialogue,
      status,
      departmentId: lead,
      // Due one to five months after the dialogue: some overdue on the bench's day, some not.
      ...(status === 'assigned' ? { dueDate: monthsAfter(dialogue.heldOn, 1 + (n % 5)) } : {}),
    });
    if (n % 100 === 7) rec.content = `Kiến nghị số ${n}: tranh chấp đất đai giữa các hộ ở tổ ${n % 30}`;
    if (n === Math.floor(total / 2)) rec.content = `Kiến nghị số ${n}: nạo vét kênh Vĩnh Lộc bị bồi lắng`;
    if (n % 3 === 0 && rec.departmentId) {
      const other = DEPARTMENTS[(n + 1) % DEPARTMENTS.length]?.id as string;
      rec.cooperatingDepartmentIds = [other];
    }
    recs.push(rec);
  }
  const load = await timeOnce(() =>
    batchWrite(env.raw, env.tableName, loadImages(unitId, recs, { postings: true }), 8),
  );
  return load.ms / 1000;
}

interface Probe {
  operation: string;
  query: string;
  as: string;
  /** Another route than the list (the counts). */
  path?: string;
}

const PROBES: Probe[] = [
  { operation: "Department's list (its own view: leads or cooperates)", query: '', as: 'department:dc' },
  { operation: "Department's list, awaiting its answer", query: 'status=assigned', as: 'department:dc' },
  { operation: 'Department with no items', query: '', as: `department:${EMPTY_DEPARTMENT.id}` },
  {
    operation: 'Items a department cooperates on (office)',
    query: 'departmentId=vhxh&departmentRole=cooperating',
    as: 'office',
  },
  {
    operation: 'Items a department leads (office)',
    query: 'departmentId=vhxh&departmentRole=lead',
    as: 'office',
  },
  { operation: 'Text search "dat dai" (1% of items)', query: 'q=dat%20dai', as: 'office' },
  { operation: 'Text search "dat dai", limit 1', query: 'q=dat%20dai&limit=1', as: 'office' },
  { operation: 'Text search, a word in 1 item', query: 'q=vinh%20loc', as: 'office' },
  { operation: 'Text search, a rare and a common word', query: 'q=vinh%20nghi', as: 'office' },
  {
    operation: 'Text search by reference number',
    query: 'q=000007',
    as: 'office',
  },
  { operation: "Text search in a department's items", query: 'q=dat%20dai', as: 'department:dc' },
  {
    operation: 'Counts per status of a search, a word in 1 item',
    query: 'q=vinh%20loc',
    as: 'office',
    path: '/api/recommendations/counts',
  },
  {
    operation: 'Counts per status of a search, "dat dai" (1% of items)',
    query: 'q=dat%20dai',
    as: 'office',
    path: '/api/recommendations/counts',
  },
  { operation: 'Whole unit, no filter', query: '', as: 'office' },
  {
    operation: "Counts per status, a department's items",
    query: '',
    as: 'department:dc',
    path: '/api/recommendations/counts',
  },
  {
    operation: 'Counts per status, whole unit',
    query: '',
    as: 'office',
    path: '/api/recommendations/counts',
  },
];

async function probe(env: BenchEnv, unitId: string, p: Probe, runs: number) {
  const token = await env.token(p.as, unitId);
  const results: {
    ms: number;
    readUnits: number;
    itemsRead: number;
    calls: number;
    returned: number;
    status: number;
  }[] = [];
  for (let i = 0; i < runs + 1; i++) {
    env.meter.reset();
    const { ms, value } = await timeOnce(async () => {
      const res = await env.app.request(
        `${p.path ?? '/api/recommendations'}${p.query ? `?${p.query}` : ''}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      return { status: res.status, body: (await res.json()) as { items?: unknown[] } };
    });
    // The first run warms the code paths and the unit's cached settings; it is not counted.
    if (i > 0)
      results.push({
        ms,
        readUnits: env.meter.read,
        itemsRead: env.meter.items,
        calls: env.meter.calls,
        returned: value.body.items?.length ?? 0,
        status: value.status,
      });
  }
  return {
    ms: median(results.map((r) => r.ms)),
    readUnits: median(results.map((r) => r.readUnits)),
    itemsRead: median(results.map((r) => r.itemsRead)),
    calls: median(results.map((r) => r.calls)),
    returned: median(results.map((r) => r.returned)),
    status: results[0]?.status ?? 0,
  };
}

export async function listsSection(
  env: BenchEnv,
  sizes: readonly number[],
  runs: number,
  log: (s: string) => void,
): Promise<ListsResult> {
  const rows: ListRow[] = [];
  let loadSeconds = 0;
  for (const size of sizes) {
    const unitId = `lists${size}`;
    log(`  loading ${size} items…`);
    loadSeconds += await loadUnit(env, unitId, size);
    for (const p of PROBES) {
      const r = await probe(env, unitId, p, runs);
      rows.push({ unitItems: size, ...p, ...r });
      log(
        `  ${size} · ${p.operation}: ${r.status === 200 ? `${r.returned} items, ${r.ms.toFixed(1)} ms, ${r.readUnits} RCU, ${r.itemsRead} items read, ${r.calls} calls` : `HTTP ${r.status}`}`,
      );
    }
  }
  return { rows, loadSeconds };
}
