/**
 * Issue 18: where a first sync's time goes, from the intervals the page saw: each pull request on the wire
 * (request → body read, the bench's fetch), and the pull's own User Timing marks (src/sync/pull.ts):
 * `download` (asked → page decoded), `prepare` (validate, seal and index tokens of a page), `write` (the
 * page's transaction until its last request is answered) and `commit` (from there until it resolves).
 * No Node imports: runs in the bench page.
 */
export interface Interval {
  start: number;
  end: number;
}

export interface PhaseFigure {
  /** Summed durations, ms (pages in parallel count twice). */
  sumMs: number;
  /** Wall time with at least one of them running, ms. */
  unionMs: number;
  count: number;
}

export interface FirstSyncPhases {
  wallMs: number;
  /** Request sent → body read (server, network, the server's wait on the tablet's reads). */
  wire: PhaseFigure;
  /** Body read → page handed to the pull: JSON parse and checks (download minus wire, page by page). */
  decode: PhaseFigure;
  prepare: PhaseFigure;
  write: PhaseFigure;
  commit: PhaseFigure;
  /** Wall time during which a request was on the wire while a page was written or committed. */
  wireBesideWriteMs: number;
  /** Wall time during which a page was prepared while another was written or committed. */
  prepareBesideWriteMs: number;
  /** Wall time with none of the above running: the loop's own steps, scheduling, waits. */
  noneMs: number;
  /** From the sync's start to the first page's write (the pipeline's head: nothing is written before it). */
  firstWriteMs: number;
  /** From the last commit to the sync's end (attachments, the engine's own reads). */
  afterLastCommitMs: number;
}

/** The intervals merged: sorted, overlapping ones joined. */
function merged(xs: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of [...xs].sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) last.end = Math.max(last.end, x.end);
    else out.push({ ...x });
  }
  return out;
}

const length = (xs: Interval[]) => merged(xs).reduce((t, x) => t + (x.end - x.start), 0);

function both(a: Interval[], b: Interval[]): number {
  const mb = merged(b);
  let t = 0;
  for (const x of merged(a)) for (const y of mb) t += Math.max(0, Math.min(x.end, y.end) - Math.max(x.start, y.start));
  return t;
}

const figure = (xs: Interval[]): PhaseFigure => ({ sumMs: xs.reduce((t, x) => t + (x.end - x.start), 0), unionMs: length(xs), count: xs.length });

/** `marks`: the pull's measures by phase name; `wire`: the pull requests in the order sent. */
export function firstSyncPhases(startedAt: number, wallMs: number, wire: Interval[], marks: Record<string, Interval[]>): FirstSyncPhases {
  const download = marks.download ?? [];
  // Requests go one after another (P15), so the k-th request is the k-th page's download.
  const decode = download.map((d, i) => ({ start: Math.min(d.end, wire[i]?.end ?? d.end), end: d.end }));
  const write = marks.write ?? [];
  const commit = marks.commit ?? [];
  const prepare = marks.prepare ?? [];
  const writing = [...write, ...commit];
  return {
    wallMs,
    wire: figure(wire),
    decode: figure(decode),
    prepare: figure(prepare),
    write: figure(write),
    commit: figure(commit),
    wireBesideWriteMs: both(wire, writing),
    prepareBesideWriteMs: both(prepare, writing),
    noneMs: Math.max(0, wallMs - length([...wire, ...decode, ...prepare, ...writing])),
    firstWriteMs: write.length > 0 ? Math.min(...write.map((w) => w.start)) - startedAt : 0,
    afterLastCommitMs: commit.length > 0 ? startedAt + wallMs - Math.max(...commit.map((c) => c.end)) : 0,
  };
}

/** One line per phase for the bench's log. */
export function describePhases(p: FirstSyncPhases): string {
  const f = (name: string, x: PhaseFigure) => `${name} ${(x.unionMs / 1000).toFixed(1)} s (sum ${(x.sumMs / 1000).toFixed(1)}, ${x.count})`;
  return [
    `wall ${(p.wallMs / 1000).toFixed(1)} s`,
    f('wire', p.wire),
    f('decode', p.decode),
    f('prepare', p.prepare),
    f('write', p.write),
    f('commit', p.commit),
    `wire beside a write ${(p.wireBesideWriteMs / 1000).toFixed(1)} s`,
    `prepare beside a write ${(p.prepareBesideWriteMs / 1000).toFixed(1)} s`,
    `none of these ${(p.noneMs / 1000).toFixed(1)} s`,
    `first write at ${(p.firstWriteMs / 1000).toFixed(1)} s`,
    `after the last commit ${(p.afterLastCommitMs / 1000).toFixed(1)} s`,
  ].join('; ');
}
