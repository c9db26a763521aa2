/**
 * The benchmark's environment: the real app (buildDeps + createApp, wired as in AWS: the escalation
 * listener on, the unit-work queue for the app's own jobs — held until a section runs them, as the
 * worker would elsewhere), a second DynamoDB client for the raw baselines, counting stand-ins for SES and
 * Scheduler, and bulk loading of item images with BatchWriteItem.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import {
  generateLocalKeys,
  type LocalKeys,
  localVerifier,
  signLocalToken,
} from '../../shared/adapters/auth/local-keys.js';
import { FixedClock } from '../../shared/adapters/clock/clocks.js';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../../shared/adapters/dynamodb/create-table.js';
import { historyItem } from '../../shared/adapters/dynamodb/history-store.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { recommendationItems } from '../../shared/adapters/dynamodb/recommendation-store.js';
import { CapacityMeter, type Item, toAttributes } from '../../shared/adapters/dynamodb/table.js';
import { postingKeys } from '../../shared/adapters/dynamodb/word-index.js';
import { LocalFileStore } from '../../shared/adapters/files/local-file-store.js';
import { buildDeps } from '../../shared/deps.js';
import { WorkingCalendar } from '../../shared/domain/calendar/index.js';
import { historyEntry } from '../../shared/domain/history.js';
import {
  type LifecycleContext,
  newRecommendation,
  resolveRecommendation,
  reviewRecommendation,
} from '../../shared/domain/lifecycle.js';
import type { Actor, Dialogue, NewRecommendation, Recommendation, Role } from '../../shared/domain/model.js';
import type {
  EscalationScheduler,
  Mailer,
  MailMessage,
  ScheduledEscalation,
} from '../../shared/domain/ports.js';
import { type Counters, counter, sumCounters } from '../../shared/domain/reports/aggregate-counters.js';
import { createApp } from '../../shared/http/app.js';
import type { AppDeps } from '../../shared/http/env.js';
import { attachCalendarRescheduling } from '../../shared/services/calendar-reschedule.js';
import { attachEscalation } from '../../shared/services/escalation/planner.js';
import { handleUnitJob } from '../../shared/services/unit-work/worker.js';
import { HeldUnitQueue } from '../../tests/support/held-queue.js';

export const BENCH_NOW = '2023-10-20T02:00:00Z';
export const TODAY = '2023-10-20';

/**
 * Stand-in for EventBridge Scheduler that counts what the AWS adapter would call: one CreateSchedule
 * (UpdateSchedule if it exists) per schedule upserted, one DeleteSchedule per name removed.
 */
export class CountingScheduler implements EscalationScheduler {
  created = 0;
  deleted = 0;
  async upsert(schedules: ScheduledEscalation[]): Promise<void> {
    this.created += schedules.length;
  }
  async remove(names: string[]): Promise<void> {
    this.deleted += names.length;
  }
  get calls(): number {
    return this.created + this.deleted;
  }
  reset(): void {
    this.created = 0;
    this.deleted = 0;
  }
}

/** Stand-in for SES that counts sends (and can be told to fail). */
export class CountingMailer implements Mailer {
  sent = 0;
  async send(_message: MailMessage): Promise<{ messageId: string }> {
    this.sent++;
    return { messageId: randomUUID() };
  }
}

export interface BenchEnv {
  endpoint: string;
  tableName: string;
  client: DynamoDBClient;
  /** A second client with the same settings, for the raw baselines. */
  raw: DynamoDBClient;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  meter: CapacityMeter;
  clock: FixedClock;
  scheduler: CountingScheduler;
  mailer: CountingMailer;
  /** The unit-work queue of the app (an import's word postings): its jobs wait until a section runs them. */
  queue: HeldUnitQueue;
  keys: LocalKeys;
  token(spec: string, unitId?: string): Promise<string>;
}

export async function createBenchEnv(endpoint: string): Promise<BenchEnv> {
  const client = createDynamoClient({ endpoint });
  const raw = createDynamoClient({ endpoint });
  const tableName = `bench-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  const meter = new CapacityMeter();
  const clock = new FixedClock(new Date(BENCH_NOW));
  const scheduler = new CountingScheduler();
  const mailer = new CountingMailer();
  const localKeys = await generateLocalKeys();
  const deps = buildDeps({
    client,
    tableName,
    clock,
    verifier: localVerifier(localKeys),
    mailer,
    scheduler,
    files: new LocalFileStore(mkdtempSync(join(tmpdir(), 'bench-files-'))),
    dev: null,
    meter,
  });
  // As in AWS (shared/aws-deps-api.ts): item changes arrange escalation schedules; an import leaves its
  // word postings to the unit-work queue.
  attachEscalation(deps);
  attachCalendarRescheduling(deps);
  const queue = new HeldUnitQueue((job) => handleUnitJob(deps, job));
  deps.queue = queue;
  const app = createApp(deps);
  const cache = new Map<string, string>();
  const token = async (spec: string, unitId = 'bench') => {
    const key = `${spec}@${unitId}`;
    let tok = cache.get(key);
    if (!tok) {
      const [role, departmentId] = spec.split(':') as [Role, string | undefined];
      tok = await signLocalToken(localKeys, {
        sub: `bench-${spec}`,
        name: `Người dùng ${spec}`,
        role,
        unitId,
        departmentId: departmentId ?? null,
        ttlSeconds: 24 * 3600,
      });
      cache.set(key, tok);
    }
    return tok;
  };
  return {
    endpoint,
    tableName,
    client,
    raw,
    deps,
    app,
    meter,
    clock,
    scheduler,
    mailer,
    queue,
    keys: localKeys,
    token,
  };
}

export const ACTOR: Actor = {
  sub: 'bench',
  name: 'Văn phòng (benchmark)',
  roles: ['office'],
  departmentId: null,
};

export const DEPARTMENTS = [
  { id: 'dc', name: 'Địa chính - Xây dựng', emails: ['dc@demo.example'] },
  { id: 'vhxh', name: 'Văn hóa - Xã hội', emails: ['vhxh@demo.example'] },
  { id: 'ca', name: 'Công an phường', emails: ['ca@demo.example'] },
  { id: 'yte', name: 'Trạm Y tế phường', emails: ['yte@demo.example'] },
];

/** A unit with departments and one held dialogue, through the stores (as the API would). */
export async function seedUnit(env: BenchEnv, unitId: string, heldOn = '2023-10-10'): Promise<Dialogue> {
  const { deps } = env;
  await deps.units.putUnit({ id: unitId, code: unitId.toUpperCase(), name: `Phường ${unitId}` });
  for (const d of DEPARTMENTS) await deps.units.createDepartment(unitId, d, ACTOR, deps.clock.now());
  return newDialogue(env, unitId, heldOn);
}

export async function newDialogue(env: BenchEnv, unitId: string, heldOn = '2023-10-10'): Promise<Dialogue> {
  const dialogue: Dialogue = {
    id: randomUUID(),
    title: `Hội nghị đối thoại ${heldOn}`,
    kind: 'Hội nghị tiếp xúc, đối thoại',
    heldOn,
    location: 'Nhà văn hóa khu phố 6',
    chairs: ['Bí thư Đảng ủy'],
    status: 'held',
    conclusionNoticeNumber: null,
    conclusionNoticeDate: null,
    published: false,
    noticeText: null,
    version: 1,
  };
  await env.deps.dialogues.save(unitId, null, dialogue, ACTOR, env.deps.clock.now(), 'created');
  return dialogue;
}

const calendar = new WorkingCalendar([]);

function context(today: string): LifecycleContext {
  return { actor: ACTOR, now: new Date(`${today}T02:00:00Z`), today, calendar, defaultAnswerWorkingDays: 15 };
}

export type ImageStatus =
  | 'received'
  | 'assigned'
  | 'resolved'
  | 'confirmed'
  | 'answered_at_dialogue'
  | 'forwarded'
  | 'declined';

/** One item as the app would have stored it, built with the domain's own lifecycle functions. */
export function recommendationImage(input: {
  unitCode: string;
  n: number;
  dialogue: Pick<Dialogue, 'id' | 'heldOn'>;
  status: ImageStatus;
  departmentId?: string;
  dueDate?: string;
  field?: string;
}): Recommendation {
  const { dialogue, status } = input;
  const ctx = context(dialogue.heldOn);
  const base: NewRecommendation = {
    content: `Kiến nghị số ${input.n}: đề nghị sửa chữa mặt đường hẻm ${input.n % 97} bị bong tróc, mưa xuống ngập sâu`,
    raisedBy: 'Nguyễn Văn Hùng',
    residentialGroup: `Khu phố ${(input.n % 9) + 1}`,
    field: input.field ?? ['Giao thông', 'Môi trường', 'Đất đai', 'An ninh trật tự'][input.n % 4] ?? null,
    source: input.n % 3 === 0 ? 'at_dialogue' : 'pre_collected',
  };
  const ids = {
    id: randomUUID(),
    ref: `${input.unitCode}-${dialogue.heldOn.slice(0, 4)}-${String(input.n).padStart(6, '0')}`,
  };
  const assign = {
    ...base,
    disposition: 'assigned' as const,
    departmentId: input.departmentId ?? 'dc',
    dueDate: input.dueDate ?? null,
  };
  switch (status) {
    case 'received':
      return newRecommendation(base, ids, dialogue, ctx);
    case 'assigned':
      return newRecommendation(assign, ids, dialogue, ctx);
    case 'answered_at_dialogue':
      return newRecommendation(
        { ...base, disposition: 'answered_at_dialogue', answer: 'Đã trả lời tại hội nghị' },
        ids,
        dialogue,
        ctx,
      );
    case 'forwarded':
      return newRecommendation({ ...base, disposition: 'forwarded' }, ids, dialogue, ctx);
    case 'declined':
      return newRecommendation(
        { ...base, disposition: 'declined', reason: 'Không thuộc thẩm quyền' },
        ids,
        dialogue,
        ctx,
      );
    case 'resolved':
    case 'confirmed': {
      const assigned = newRecommendation(assign, ids, dialogue, ctx);
      const resolvedOn = calendar.addWorkingDays(dialogue.heldOn, 3 + (input.n % 20));
      const resolved = resolveRecommendation(
        assigned,
        { answer: 'Đã khắc phục xong' },
        context(resolvedOn),
      ).next;
      return status === 'resolved'
        ? resolved
        : reviewRecommendation(resolved, { decision: 'confirm' }, context(resolvedOn)).next;
    }
  }
}

/** Writes item images with BatchWriteItem, 25 per call, `concurrency` calls in flight, retrying unprocessed items. */
export async function batchWrite(
  client: DynamoDBClient,
  tableName: string,
  items: Item[],
  concurrency = 4,
): Promise<{ calls: number }> {
  const chunks: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  let calls = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, chunks.length) }, async () => {
      for (;;) {
        const chunk = chunks[next++];
        if (!chunk) return;
        let requests: WriteRequest[] = chunk.map((item) => ({ PutRequest: { Item: toAttributes(item) } }));
        for (let attempt = 0; requests.length > 0; attempt++) {
          const out = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }),
          );
          calls++;
          requests = out.UnprocessedItems?.[tableName] ?? [];
          if (requests.length && attempt > 20) throw new Error('BatchWriteItem: unprocessed items remain');
          if (requests.length) await new Promise((r) => setTimeout(r, 10 * 2 ** Math.min(attempt, 6)));
        }
      }
    }),
  );
  return { calls };
}

/**
 * Item images plus their history entries, the aggregates (sumCounters), the reference counter, and (if
 * asked) the word postings of the text search.
 */
export function loadImages(
  unitId: string,
  recs: Recommendation[],
  options: { history?: boolean; dialogues?: Record<string, number>; postings?: boolean } = {},
): Item[] {
  const out: Item[] = recs.flatMap((r) => recommendationItems(unitId, r));
  // The text search's postings, as the store writes them after each item's transaction (tens per item:
  // only for sections that search).
  if (options.postings) for (const r of recs) out.push(...postingKeys(unitId, r).map((k) => ({ ...k })));
  if (options.history) {
    for (const r of recs)
      out.push(
        historyItem(
          unitId,
          'REC',
          r.id,
          r.version,
          historyEntry(ACTOR, new Date(r.createdAt), 'created', null, r),
        ),
      );
  }
  const byQuarter = new Map<string, Recommendation[]>();
  for (const r of recs) {
    const list = byQuarter.get(r.quarter);
    if (list) list.push(r);
    else byQuarter.set(r.quarter, [r]);
  }
  for (const [quarter, list] of byQuarter) {
    const counters: Counters = sumCounters(list);
    const dialogues = options.dialogues?.[quarter];
    if (dialogues) counters[counter.dialogues] = dialogues;
    out.push({ ...keys.aggregate(unitId, quarter), type: 'AGGREGATE', quarter, ...counters });
  }
  return out;
}

/** The reference counter of a year, so that items created later through the API follow the loaded ones. */
export function refCounterItem(unitId: string, year: string, n: number): Item {
  return { ...keys.refCounter(unitId, year), n };
}
