/**
 * Pacing to the SES sending rate, and backing off when SES throttles (SES mocked at the SDK client
 * boundary; the clock and the pauses are the test's, so no test waits for real).
 */
import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAIL_RATE_PER_SECOND,
  mailRatePerSecond,
  PacedMailer,
} from '../../shared/adapters/mail/paced-mailer.js';
import { SesMailer } from '../../shared/adapters/mail/ses-mailer.js';
import { isThrottling } from '../../shared/adapters/mail/throttling.js';
import type { MailMessage } from '../../shared/domain/ports.js';

const ses = mockClient(SESClient);
beforeEach(() => ses.reset());
afterEach(() => {
  ses.reset();
  vi.useRealTimers();
});

/** SES's answer above the account's maximum send rate. */
const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), {
    name: 'Throttling',
    $metadata: { httpStatusCode: 400 },
  });

const message = (i: number): MailMessage => ({
  to: [`p${i}@demo.example`],
  subject: `Thư ${i}`,
  html: `<p>${i}</p>`,
  text: `${i}`,
});

/** Fake timers: pauses pass in virtual time; each SES call is stamped with the (virtual) time it was made. */
function virtualTime() {
  vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] });
  const pauses: number[] = [];
  return {
    now: () => Date.now(),
    sleep: (ms: number) => {
      pauses.push(ms);
      return new Promise<void>((r) => setTimeout(r, ms));
    },
    pauses,
  };
}

/** Runs the sends to completion in virtual time. */
async function settle<T>(work: Promise<T>): Promise<T> {
  const settled = work.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const out = await settled;
  if ('error' in out) throw out.error;
  return out.value;
}

function paced(rate: number, time: ReturnType<typeof virtualTime>, stamps: number[], throttleTries?: number) {
  ses.on(SendEmailCommand).callsFake(() => {
    stamps.push(time.now());
    return { MessageId: `m-${stamps.length}` };
  });
  return new PacedMailer(
    new SesMailer(new SESClient({ region: 'ap-southeast-1' }), 'no-reply@demo.example'),
    {
      ratePerSecond: rate,
      now: time.now,
      sleep: time.sleep,
      ...(throttleTries ? { throttleTries } : {}),
    },
  );
}

describe('PacedMailer', () => {
  it('starts sends at most `rate` per second, also when they are asked for all at once', async () => {
    const time = virtualTime();
    const stamps: number[] = [];
    const mailer = paced(5, time, stamps);
    const start = time.now();
    await settle(Promise.all(Array.from({ length: 10 }, (_, i) => mailer.send(message(i)))));
    // Slots 200 ms apart: 10 sends take 1.8 s of (virtual) time, never two in the same 200 ms.
    expect(stamps.map((t) => t - start)).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800]);
  });

  it('under SES throttling: pauses, slows down, retries, and sends every message exactly once', async () => {
    const time = virtualTime();
    const stamps: number[] = [];
    const mailer = paced(10, time, stamps);
    // The first 4 calls are throttled, then SES accepts.
    let calls = 0;
    ses.on(SendEmailCommand).callsFake((input) => {
      calls++;
      if (calls <= 4) throw throttled();
      stamps.push(time.now());
      return { MessageId: `m-${input.Message?.Subject?.Data}` };
    });
    const out = await settle(Promise.all(Array.from({ length: 6 }, (_, i) => mailer.send(message(i)))));
    expect(out.map((o) => o.messageId).sort()).toEqual([
      'm-Thư 0',
      'm-Thư 1',
      'm-Thư 2',
      'm-Thư 3',
      'm-Thư 4',
      'm-Thư 5',
    ]);
    expect(calls).toBe(10);
    // It paused (≥ 0.5 s: half the first backoff) and sends more slowly than 10 per second afterwards.
    expect(Math.max(...time.pauses)).toBeGreaterThanOrEqual(500);
    expect(mailer.intervalMs).toBeGreaterThan(100);
  });

  it('passes a throttling error on after `throttleTries`, and other errors at once', async () => {
    const time = virtualTime();
    const mailer = paced(10, time, [], 3);
    ses.on(SendEmailCommand).rejects(throttled());
    await expect(settle(mailer.send(message(1)))).rejects.toMatchObject({ name: 'Throttling' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);

    ses.reset();
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalFailure' }));
    await expect(settle(mailer.send(message(2)))).rejects.toThrow('boom');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('recognises throttling answers, and reads its rate from MAIL_RATE_PER_SECOND', () => {
    expect(isThrottling(throttled())).toBe(true);
    expect(isThrottling({ name: 'ThrottlingException' })).toBe(true);
    expect(isThrottling({ name: 'X', $metadata: { httpStatusCode: 429 } })).toBe(true);
    expect(isThrottling(new Error('Service Unavailable'))).toBe(false);
    expect(mailRatePerSecond({})).toBe(5);
    expect(mailRatePerSecond({ [MAIL_RATE_PER_SECOND]: '2.5' })).toBe(2.5);
    expect(() => mailRatePerSecond({ [MAIL_RATE_PER_SECOND]: '0' })).toThrow(MAIL_RATE_PER_SECOND);
    expect(() => new PacedMailer({ send: async () => ({ messageId: '' }) }, { ratePerSecond: 0 })).toThrow();
  });
});
