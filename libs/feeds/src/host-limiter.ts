/**
 * Runs tasks with at most `total` at once, and at most `perHost` at once for any
 * one host; a waiting task of a busy host never holds up those of other hosts.
 * Tasks start in the order they were queued, among those allowed to start.
 */
export class HostLimiter {
  private active = 0;
  private readonly perHostActive = new Map<string, number>();
  private readonly queue: { host: string; start: () => void }[] = [];

  constructor(
    private readonly total: number,
    private readonly perHost: number,
  ) {
    if (!(total >= 1) || !(perHost >= 1)) throw new RangeError('limits must be at least 1');
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    await new Promise<void>((start) => {
      this.queue.push({ host, start });
      this.drain();
    });
    try {
      return await task();
    } finally {
      this.active--;
      const load = (this.perHostActive.get(host) ?? 1) - 1;
      if (load > 0) this.perHostActive.set(host, load);
      else this.perHostActive.delete(host);
      this.drain();
    }
  }

  /** Tasks running and waiting, e.g. for tests. */
  get pending(): { active: number; queued: number } {
    return { active: this.active, queued: this.queue.length };
  }

  private drain(): void {
    for (let i = 0; i < this.queue.length && this.active < this.total;) {
      const next = this.queue[i]!;
      const load = this.perHostActive.get(next.host) ?? 0;
      if (load >= this.perHost) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.active++;
      this.perHostActive.set(next.host, load + 1);
      next.start();
    }
  }
}
