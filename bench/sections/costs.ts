/**
 * 6. What one operation costs: DynamoDB calls and capacity (the Table's CapacityMeter, as DynamoDB Local
 * reports it, and the modeled on-demand request units), Scheduler API calls and SES sends. Operations go
 * through the app in-process, wired as in AWS (escalation listener on), averaged over a few repetitions.
 */
import type { EscalationEvent } from '../../shared/domain/ports.js';
import { handleEscalationEvent } from '../../shared/services/escalation/event-handler.js';
import { CapacityModel } from '../lib/capacity-model.js';
import { BENCH_NOW, type BenchEnv, seedUnit } from '../lib/setup.js';

export interface CostRow {
  operation: string;
  note: string;
  calls: number;
  meterRead: number;
  meterWrite: number;
  modelRead: number;
  modelWrite: number;
  scheduler: number;
  ses: number;
}

const UNIT = 'cost';

export async function costsSection(
  env: BenchEnv,
  repeats: number,
  log: (s: string) => void,
): Promise<CostRow[]> {
  const model = new CapacityModel(env.client, env.raw);
  const dialogue = await seedUnit(env, UNIT);
  const call = async (
    spec: string,
    method: string,
    path: string,
    body?: unknown,
    expected = [200, 201, 202],
  ) => {
    const res = await env.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${await env.token(spec, UNIT)}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json().catch(() => null)) as Record<string, unknown> & {
      id: string;
      version: number;
    };
    if (!expected.includes(res.status))
      throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  };
  for (const email of ['btv@demo.example', 'vanphong@demo.example'])
    await call('admin', 'PUT', `/api/recipients/quarterly/${email}`, {});
  for (const email of ['mttq@demo.example', 'vanphong@demo.example'])
    await call('admin', 'PUT', `/api/recipients/supervision/${email}`, {});

  const rows: CostRow[] = [];
  const measure = async (operation: string, note: string, op: (i: number) => Promise<unknown>) => {
    log(`  ${operation}…`);
    env.meter.reset();
    model.reset();
    env.scheduler.reset();
    const sentBefore = env.mailer.sent;
    for (let i = 0; i < repeats; i++) await op(i);
    const per = (v: number) => v / repeats;
    rows.push({
      operation,
      note,
      calls: per(env.meter.calls),
      meterRead: per(env.meter.read),
      meterWrite: per(env.meter.write),
      modelRead: per(model.read),
      modelWrite: per(model.write),
      scheduler: per(env.scheduler.calls),
      ses: per(env.mailer.sent - sentBefore),
    });
  };
  const create = (body: Record<string, unknown>) =>
    call('office', 'POST', `/api/dialogues/${dialogue.id}/recommendations`, {
      content: 'Đề nghị sửa chữa mặt đường hẻm 27 bị bong tróc',
      source: 'at_dialogue',
      ...body,
    });

  const received: { id: string; version: number }[] = [];
  await measure('create (received)', 'one item, no decision yet', async () =>
    received.push(await create({})),
  );
  const assigned: { id: string; version: number }[] = [];
  await measure('create (assigned)', 'one item given to a department: + its first schedule', async () =>
    assigned.push(await create({ disposition: 'assigned', departmentId: 'dc', dueDate: '2023-11-15' })),
  );
  await measure('create 40 (batch)', 'one request of 40 received items (figures per request)', () =>
    call(
      'office',
      'POST',
      `/api/dialogues/${dialogue.id}/recommendations`,
      Array.from({ length: 40 }, (_, k) => ({ content: `Kiến nghị ${k}`, source: 'pre_collected' })),
    ),
  );
  await measure('assign', 'PATCH a received item to a department', async (i) => {
    const item = received[i] as { id: string; version: number };
    await call('office', 'PATCH', `/api/recommendations/${item.id}`, {
      version: item.version,
      departmentId: 'vhxh',
    });
  });
  await measure('resolve', 'the lead department answers', async (i) => {
    await call(
      'department:dc',
      'POST',
      `/api/recommendations/${(assigned[i] as { id: string }).id}/resolve`,
      { answer: 'Đã khắc phục xong' },
    );
  });
  await measure('review (confirm)', 'the Front confirms', async (i) => {
    await call('front', 'POST', `/api/recommendations/${(assigned[i] as { id: string }).id}/review`, {
      decision: 'confirm',
    });
  });

  // Escalation: items due on 25 Oct, delivered their level-1 event on Friday 27 Oct 2023 at 09:00.
  const due: EscalationEvent[] = [];
  for (let i = 0; i < repeats; i++) {
    const item = await create({ disposition: 'assigned', departmentId: 'dc', dueDate: '2023-10-25' });
    due.push({ unitId: UNIT, recommendationId: item.id, level: 1, dueDate: '2023-10-25' });
  }
  env.clock.set(new Date('2023-10-27T02:00:00Z'));
  await measure('escalation (level 1)', 'one scheduled event: history, e-mail, next schedule', async (i) => {
    const outcome = await handleEscalationEvent(env.deps, due[i] as EscalationEvent);
    if (outcome.outcome !== 'escalated') throw new Error(`escalation: ${outcome.outcome}`);
  });
  env.clock.set(new Date(BENCH_NOW));

  await measure(
    'report: supervision send',
    'built from the open index and follow-up items, 2 recipients',
    async () => {
      const record = await call('office', 'POST', '/api/reports/supervision/send');
      if (record.outcome !== 'sent') throw new Error(`supervision send: ${String(record.outcome)}`);
    },
  );
  await measure('report: quarterly send', 'from the aggregates, 2 recipients', async () => {
    const record = await call('office', 'POST', '/api/reports/quarterly/send', { year: 2023, quarter: 3 });
    if (record.outcome !== 'sent') throw new Error(`quarterly send: ${String(record.outcome)}`);
  });
  model.detach();
  return rows;
}
