import { ENV } from '../../config.js';
import type { Mailer, MailMessage } from '../../domain/ports.js';
import { isThrottling } from './throttling.js';

export interface PacingOptions {
  /** Messages per second this process may start (its share of the account's SES sending rate). */
  ratePerSecond: number;
  /** Tries of one message that SES throttles, before its error is passed on (default 6). */
  throttleTries?: number;
  /** First pause after a throttling answer; doubled for each one in a row (default 1 s, at most 16 s). */
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const MAX_BACKOFF_MS = 16_000;
/** After throttling the process sends at most this many times slower, recovering with each success. */
const MAX_SLOWDOWN = 8;

/**
 * Paces a Mailer to a sending rate: each send takes the next free slot (1/rate apart, in this process).
 * When the provider throttles, every sender of the process pauses (exponential, jittered), the pace
 * slows (×2 per throttle, up to ×8) and comes back by 10 % per success; the throttled message is tried
 * again, up to `throttleTries` times. Other errors pass through at once.
 */
export class PacedMailer implements Mailer {
  private nextSlot = 0;
  private slowdown = 1;
  private throttledInRow = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly inner: Mailer,
    private readonly options: PacingOptions,
  ) {
    if (!(options.ratePerSecond > 0)) throw new Error('PacedMailer: ratePerSecond must be > 0');
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Milliseconds between two sends now. */
  get intervalMs(): number {
    return (1000 / this.options.ratePerSecond) * this.slowdown;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const tries = this.options.throttleTries ?? 6;
    for (let attempt = 1; ; attempt++) {
      await this.takeSlot();
      try {
        const out = await this.inner.send(message);
        this.throttledInRow = 0;
        this.slowdown = Math.max(1, this.slowdown * 0.9);
        return out;
      } catch (error) {
        if (!isThrottling(error) || attempt >= tries) throw error;
        this.onThrottled();
      }
    }
  }

  private async takeSlot(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }

  private onThrottled(): void {
    this.throttledInRow++;
    this.slowdown = Math.min(MAX_SLOWDOWN, this.slowdown * 2);
    const base = Math.min(MAX_BACKOFF_MS, (this.options.backoffMs ?? 1000) * 2 ** (this.throttledInRow - 1));
    const pause = base / 2 + Math.random() * (base / 2);
    this.nextSlot = Math.max(this.nextSlot, this.now() + pause);
  }
}

/** Environment variable: messages per second one process may send (default 5). */
export const MAIL_RATE_PER_SECOND = ENV.mailRatePerSecond;

export function mailRatePerSecond(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAIL_RATE_PER_SECOND];
  if (raw === undefined || raw === '') return 5;
  const rate = Number(raw);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 1000)
    throw new Error(
      `${MAIL_RATE_PER_SECOND} must be a number of messages per second in (0, 1000], got ${raw}`,
    );
  return rate;
}
