/** The local stand-in for the SQS unit-work queue: concurrency cap, retries with delay, dead letters. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalUnitQueue } from '../../shared/adapters/queue/local-unit-queue.js';
import type { UnitJob } from '../../shared/domain/ports.js';

const job = (unitId: string): UnitJob => ({
  job: 'sweep',
  unitId,
  runId: 'sweep#2024-03-04',
  date: '2024-03-04',
});
afterEach(() => vi.restoreAllMocks());

describe('LocalUnitQueue', () => {
  it('handles at most `concurrency` jobs at once, and every job', async () => {
    let active = 0;
    let peak = 0;
    const done: string[] = [];
    const queue = new LocalUnitQueue(
      async (j) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 5));
        active--;
        done.push(j.unitId);
      },
      { concurrency: 3, maxReceives: 1 },
    );
    await queue.send(Array.from({ length: 20 }, (_, i) => job(`u${i}`)));
    expect(queue.size).toBeGreaterThan(0);
    await queue.drain();
    expect(peak).toBe(3);
    expect(done.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`).sort());
    expect(queue.size).toBe(0);
  });

  it('delivers a failing job again after its delay, and dead-letters it after maxReceives', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const deliveries: number[] = [];
    const started = Date.now();
    const queue = new LocalUnitQueue(
      async (j) => {
        if (j.unitId === 'bad') {
          deliveries.push(Date.now() - started);
          throw new Error('always');
        }
      },
      { concurrency: 2, maxReceives: 3, retryDelayMs: (n) => 40 * n },
    );
    await queue.send([job('bad'), job('good')]);
    await queue.drain();
    expect(deliveries).toHaveLength(3);
    expect((deliveries[1] ?? 0) - (deliveries[0] ?? 0)).toBeGreaterThanOrEqual(35);
    expect((deliveries[2] ?? 0) - (deliveries[1] ?? 0)).toBeGreaterThanOrEqual(75);
    expect(queue.deadLetters).toEqual([{ job: job('bad'), error: 'Error: always' }]);
  });
});
