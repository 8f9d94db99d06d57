import { readFileSync } from 'node:fs';

/** A /proc/<pid>/status field in bytes (Linux), or null when the process or the field is gone. */
function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Peak resident memory of a child process. The kernel keeps the high-water mark (VmHWM), so reading
 * it once before the process ends is exact; a 100 ms sampler of VmRSS is kept as a fallback for
 * systems without VmHWM. `reset()` is not possible (the kernel's mark only grows): use one process
 * per measured phase when a clean peak is needed.
 */
export class RssMonitor {
  private sampled = 0;
  private timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
  }

  private sample(): void {
    const rss = statusField(this.pid, 'VmRSS');
    if (rss !== null && rss > this.sampled) this.sampled = rss;
  }

  /** Peak RSS in bytes so far. */
  peak(): number {
    this.sample();
    return Math.max(statusField(this.pid, 'VmHWM') ?? 0, this.sampled);
  }

  current(): number | null {
    return statusField(this.pid, 'VmRSS');
  }

  stop(): number {
    const p = this.peak();
    clearInterval(this.timer);
    return p;
  }
}
