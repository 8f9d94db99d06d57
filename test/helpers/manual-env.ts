/**
 * Deterministic time, timers and connectivity for tests (STYLE habit 9): nothing sleeps for real.
 */
import type { Connectivity, Timers } from '../../src/sync/platform';

export class ManualClock {
  constructor(public ms = Date.parse('2025-07-01T08:00:00.000Z')) {}
  now = (): Date => new Date(this.ms);
  set(at: Date | string): void {
    this.ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

interface PendingTimer {
  id: number;
  at: number;
  fn: () => void;
}

/** Timers that fire only when the test advances the manual clock. */
export class ManualTimers implements Timers {
  private next = 1;
  pending: PendingTimer[] = [];
  constructor(private readonly clock: ManualClock) {}

  setTimeout = (fn: () => void, ms: number): unknown => {
    const t = { id: this.next++, at: this.clock.ms + ms, fn };
    this.pending.push(t);
    return t.id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending = this.pending.filter((t) => t.id !== handle);
  };

  /** Delay of the next timer from now, or null. */
  nextDelay(): number | null {
    if (this.pending.length === 0) return null;
    return Math.min(...this.pending.map((t) => t.at)) - this.clock.ms;
  }

  /** Moves the clock forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.clock.ms + ms;
    for (;;) {
      const due = this.pending.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.pending = this.pending.filter((t) => t !== due);
      this.clock.ms = Math.max(this.clock.ms, due.at);
      due.fn();
    }
    this.clock.ms = end;
  }
}

export class ManualConnectivity implements Connectivity {
  private listeners = new Set<(online: boolean) => void>();
  constructor(public online = true) {}
  isOnline = (): boolean => this.online;
  subscribe = (l: (online: boolean) => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  set(online: boolean): void {
    this.online = online;
    for (const l of [...this.listeners]) l(online);
  }
}
