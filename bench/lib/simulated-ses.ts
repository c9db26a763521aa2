/**
 * A stand-in for SES with its sending quota: at most `ratePerSecond` messages a second (a token bucket
 * holding one second's worth), refusing the rest as SES does ("Throttling: Maximum sending rate
 * exceeded."). During `squeeze` (other senders of the account busy) the rate drops. Counts what it
 * accepted and refused, and which unit each accepted message was for.
 */
import { randomUUID } from 'node:crypto';
import type { Mailer, MailMessage } from '../../shared/domain/ports.js';

export class SimulatedSes implements Mailer {
  accepted = 0;
  throttled = 0;
  /** Accepted messages per unit and kind of message (from the subject). */
  readonly byUnit = new Map<string, number>();
  private tokens: number;
  private last = Date.now();
  private squeezeUntil = 0;

  constructor(
    private readonly ratePerSecond: number,
    private readonly options: { squeezedRate: number },
    /** The unit a message is for (the simulation's units are named in each subject). */
    private readonly unitOf: (message: MailMessage) => string,
  ) {
    this.tokens = ratePerSecond;
  }

  /** For `ms` from now, only `squeezedRate` messages a second get through. */
  squeeze(ms: number): void {
    this.squeezeUntil = Date.now() + ms;
  }

  async send(message: MailMessage): Promise<{ messageId: string }> {
    const now = Date.now();
    const rate = now < this.squeezeUntil ? this.options.squeezedRate : this.ratePerSecond;
    this.tokens = Math.min(rate, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    // The API call itself: a few milliseconds in the region.
    await new Promise((r) => setTimeout(r, 5));
    if (this.tokens < 1) {
      this.throttled++;
      throw Object.assign(new Error('Maximum sending rate exceeded.'), {
        name: 'Throttling',
        $metadata: { httpStatusCode: 400 },
      });
    }
    this.tokens -= 1;
    this.accepted++;
    const unit = this.unitOf(message);
    this.byUnit.set(unit, (this.byUnit.get(unit) ?? 0) + 1);
    return { messageId: randomUUID() };
  }

  reset(): void {
    this.accepted = 0;
    this.throttled = 0;
    this.byUnit.clear();
  }
}
