import type { Clock } from '../../domain/ports.js';

export const systemClock: Clock = { now: () => new Date() };

/** Local-only clock that a demo or test can move forward (POST /api/dev/clock). */
export class AdjustableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  set(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
  }
}

/** A clock fixed at one instant, for tests. */
export class FixedClock implements Clock {
  constructor(private instant: Date) {}
  now(): Date {
    return new Date(this.instant);
  }
  set(to: Date): void {
    this.instant = new Date(to);
  }
}
