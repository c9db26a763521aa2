/**
 * Transient records expire (DynamoDB TTL on `expiresAt`, epoch seconds): idempotency records, report
 * claims and SES message pointers, run progress, sent mail. Lasting records (items, history, sends) never
 * carry it.
 */
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { RunStore } from '../../shared/adapters/dynamodb/run-store.js';
import { TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table-definition.js';
import { seedDemoRecipients } from '../../shared/services/recipient-service.js';
import { runUnitReports } from '../../shared/services/report-schedule.js';
import { createTestApp, seedUnit } from '../support/app.js';

const DAY = 86_400;

describe('TTL on transient records', () => {
  it('the table expires items by expiresAt; idempotency, claims, message pointers and runs carry it', async () => {
    const t = await createTestApp({ now: '2024-03-04T02:00:00Z' });
    const { dialogueId } = await seedUnit(t);
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const ttl = await t.client.send(new DescribeTimeToLiveCommand({ TableName: t.tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      AttributeName: TTL_ATTRIBUTE,
      TimeToLiveStatus: 'ENABLED',
    });

    const created = await t.call('POST', `/api/dialogues/${dialogueId}/recommendations`, {
      as: 'office',
      headers: { 'idempotency-key': 'ttl-key-0001' },
      body: { content: 'Sửa đường hẻm 12', source: 'at_dialogue' },
    });
    expect(created.status).toBe(201);
    const idem = await t.deps.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': 'U#u1', ':p': 'IDEM#' },
    });
    expect(idem).toHaveLength(1);
    expect(idem[0]?.expiresAt).toBe(now + 30 * DAY);
    // The item itself does not expire.
    const item = await t.deps.table.get(
      { pk: 'U#u1', sk: `REC#${created.body.items?.[0]?.id ?? created.body.id}` },
      true,
    );
    expect(item).toBeDefined();
    expect(item?.expiresAt).toBeUndefined();

    await seedDemoRecipients(t.deps, 'u1');
    const run = await runUnitReports(t.deps, 'supervision', 'u1');
    expect(run.sent?.outcome).toBe('sent');
    const claim = await t.deps.table.get({ pk: 'U#u1', sk: `CLAIM#supervision#${run.sent?.period}` }, true);
    expect(claim?.expiresAt).toBe(now + 120 * DAY);
    const pointer = await t.deps.table.get({ pk: `MAILMSG#${run.sent?.messageId}`, sk: 'MAILMSG' }, true);
    expect(pointer?.expiresAt).toBe(now + 90 * DAY);
    const send = await t.deps.table.get({ pk: 'U#u1', sk: `SEND#${run.sent?.id}` }, true);
    expect(send?.expiresAt).toBeUndefined();

    const runs = new RunStore(t.deps.table);
    await runs.begin('sweep#2024-03-04', 'sweep', '2024-03-04', t.clock.now());
    await runs.unitDone('sweep#2024-03-04', 'u1', t.clock.now());
    for (const sk of ['RUN', 'U#u1']) {
      const r = await t.deps.table.get({ pk: 'RUN#sweep#2024-03-04', sk }, true);
      expect(r?.expiresAt, sk).toBe(now + 35 * DAY);
    }
  });
});
