/**
 * Who reaches the server next, decided by the seed rather than by the machine's timing.
 *
 * When two tablets sync at once, each one's requests are separated by local work (IndexedDB, WebCrypto on
 * Node's thread pool) whose duration depends on how busy the machine is. Letting their requests through
 * as they come would make the server's order of arrival — and so merges, serverSeqs and conflicts — differ
 * from run to run of one seed. Instead every request of a tablet taking part waits here until each of
 * them is either waiting too or finished; then the seeded generator picks which goes (or, where the
 * schedule allows it, lets them all go at once: real concurrency on the server, for the PostgreSQL runs
 * with two server processes). One request in flight at a time otherwise; a tablet alone passes at once.
 */
import type { Rng } from './rng';

interface Waiting {
  who: string;
  go: () => void;
}

export class RequestTurns {
  private readonly active = new Set<string>();
  private waiting: Waiting[] = [];
  private inFlight = 0;

  /**
   * @param overlap chance that, with several requests waiting, all go together (0: never; SQLite runs,
   *   where the in-process server's own order of handling two requests depends on its thread pool).
   * @param onTurn told of each release, for the trace.
   */
  constructor(
    private readonly rand: Rng,
    private readonly overlap: number,
    private readonly onTurn: (who: string[]) => void = () => undefined,
  ) {}

  /** Runs `work` with these tablets racing; each one's requests take turns (see the class comment). */
  async race<T>(who: string[], work: () => Promise<T>): Promise<T> {
    for (const w of who) this.active.add(w);
    try {
      return await work();
    } finally {
      for (const w of who) this.active.delete(w);
    }
  }

  /** Marks one racer finished (its part of the race resolved): the others need not wait for it. */
  finished(who: string): void {
    this.active.delete(who);
    this.release();
  }

  /** Waits for this tablet's turn; call the returned function once its answer is complete. */
  async enter(who: string): Promise<() => void> {
    if (!this.active.has(who)) return () => undefined;
    await new Promise<void>((go) => {
      this.waiting.push({ who, go });
      this.release();
    });
    return () => {
      this.inFlight--;
      this.release();
    };
  }

  private release(): void {
    // A tablet no longer racing (its part resolved; e.g. a request of its housekeeping) goes as it comes.
    for (const w of this.waiting.filter((x) => !this.active.has(x.who))) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      this.inFlight++;
      w.go();
    }
    if (this.inFlight > 0 || this.waiting.length === 0) return;
    // Somebody still working locally may be about to ask: their request could be the one the seed picks.
    if (new Set(this.waiting.map((w) => w.who)).size < this.active.size) return;
    const queue = [...this.waiting].sort((a, b) => (a.who < b.who ? -1 : a.who > b.who ? 1 : 0));
    const all = queue.length > 1 && this.rand() < this.overlap;
    const going = all ? queue : [queue[Math.floor(this.rand() * queue.length)]!];
    this.waiting = this.waiting.filter((w) => !going.includes(w));
    this.onTurn(going.map((w) => w.who));
    this.inFlight += going.length;
    for (const w of going) w.go();
  }
}
