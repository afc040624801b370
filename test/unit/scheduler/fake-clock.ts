import type { Clock } from '../../../electron/scheduler';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A clock that only moves when told; timers fire in time order as it passes them. */
export class FakeClock implements Clock {
  private timers: Timer[] = [];
  private nextId = 1;

  constructor(private t: number) {}

  now(): Date {
    return new Date(this.t);
  }

  setTimer(fn: () => void, ms: number): unknown {
    const timer = { id: this.nextId++, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /**
   * Moves to `target`, firing each timer due on the way at its own time and waiting for
   * `settle` after each one (the scheduler's idle()), so timers it sets are seen too.
   */
  async advanceTo(target: Date, settle: () => Promise<void>): Promise<void> {
    const end = target.getTime();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
      await settle();
    }
    this.t = Math.max(this.t, end);
  }

  /** Jumps without firing timers, as when the machine sleeps. */
  jumpTo(target: Date): void {
    this.t = target.getTime();
  }
}
