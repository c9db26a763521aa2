import { VersionConflictError } from '../../domain/errors.js';
import { historyEntry } from '../../domain/history.js';
import { type Actor, type Dialogue, quarterOf } from '../../domain/model.js';
import { counter } from '../../domain/reports/aggregate-counters.js';
import { historyItem } from './history-store.js';
import { keys, PREFIX } from './keys.js';
import type { Item, Table, TxEntry } from './table.js';

const FIELDS = [
  'id',
  'title',
  'kind',
  'heldOn',
  'location',
  'chairs',
  'status',
  'conclusionNoticeNumber',
  'conclusionNoticeDate',
  'published',
  'noticeText',
  'version',
] as const;

function toDialogue(item: Item): Dialogue {
  const d = Object.fromEntries(FIELDS.map((f) => [f, item[f] ?? null])) as unknown as Dialogue;
  return { ...d, chairs: (item.chairs as string[]) ?? [], published: item.published === true };
}

/** A held dialogue counts once in its quarter's aggregate. */
function dialogueCounters(before: Dialogue | null, after: Dialogue): Map<string, Record<string, number>> {
  const byQuarter = new Map<string, Record<string, number>>();
  const add = (d: Dialogue, sign: number) => {
    if (d.status === 'planned') return;
    const q = quarterOf(d.heldOn);
    const c = byQuarter.get(q) ?? {};
    c[counter.dialogues] = (c[counter.dialogues] ?? 0) + sign;
    byQuarter.set(q, c);
  };
  add(after, 1);
  if (before) add(before, -1);
  for (const [q, c] of byQuarter) if (c[counter.dialogues] === 0) byQuarter.delete(q);
  return byQuarter;
}

export class DialogueStore {
  constructor(private readonly table: Table) {}

  async get(unitId: string, id: string): Promise<Dialogue | undefined> {
    const item = await this.table.get(keys.dialogue(unitId, id));
    return item ? toDialogue(item) : undefined;
  }

  async list(unitId: string): Promise<Dialogue[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      values: { ':pk': keys.unitPk(unitId), ':p': PREFIX.dialogue },
    });
    return items
      .map(toDialogue)
      .sort((a, b) => b.heldOn.localeCompare(a.heldOn) || a.title.localeCompare(b.title));
  }

  /**
   * Creates (before = null) or updates a dialogue if its version is still `before.version`. `extra`
   * entries (e.g. the e-mails a change queues) join the same transaction.
   */
  async save(
    unitId: string,
    before: Dialogue | null,
    after: Dialogue,
    actor: Actor,
    now: Date,
    action: string,
    extra: TxEntry[] = [],
  ): Promise<void> {
    const entries: TxEntry[] = [
      {
        write: this.table.put(
          { ...keys.dialogue(unitId, after.id), type: 'DIALOGUE', ...after },
          before
            ? { expression: 'version = :v', values: { ':v': before.version } }
            : { expression: 'attribute_not_exists(pk)' },
        ),
        onConditionFailed: () => new VersionConflictError(),
      },
      {
        write: this.table.put(
          historyItem(
            unitId,
            'DLG',
            after.id,
            after.version,
            historyEntry(actor, now, action, before, after),
          ),
        ),
      },
    ];
    entries.push(...extra);
    for (const [quarter, counters] of dialogueCounters(before, after)) {
      const update = this.table.addCounters(keys.aggregate(unitId, quarter), counters, {
        type: 'AGGREGATE',
        quarter,
      });
      if (update) entries.push({ write: update });
    }
    await this.table.transact(entries);
  }

  async hasRecommendations(unitId: string, dialogueId: string): Promise<boolean> {
    const page = await this.table.queryPage({
      IndexName: 'byDialogue',
      KeyConditionExpression: 'gsi1pk = :pk',
      values: { ':pk': keys.dialogueIndex(unitId, dialogueId) },
      Limit: 1,
    });
    return page.items.length > 0;
  }
}
