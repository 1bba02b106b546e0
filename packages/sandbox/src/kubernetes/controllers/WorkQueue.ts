/**
 * Keys waiting to be reconciled, deduplicated, processed soon after they are
 * added (never inside the store's change callback, so a controller's own
 * writes do not nest), plus delayed re-queues. Everything stops on `stop()`.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly dueAt = new Map<string, number>();
  private scheduled?: NodeJS.Immediate;
  private stopped = false;

  constructor(
    private readonly handle: (key: string) => void,
    private readonly onError: (key: string, error: unknown) => void,
  ) {}

  add(key: string) {
    if (this.stopped) return;
    this.pending.add(key);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Adds `key` after `ms`; an earlier pending re-queue of the same key wins. */
  addAfter(key: string, ms: number) {
    if (this.stopped) return;
    const existing = this.delayed.get(key);
    if (existing) {
      if ((this.dueAt.get(key) ?? 0) <= Date.now() + ms) return;
      clearTimeout(existing);
    }
    const timer = setTimeout(() => {
      this.delayed.delete(key);
      this.dueAt.delete(key);
      this.add(key);
    }, Math.max(0, ms));
    this.delayed.set(key, timer);
    this.dueAt.set(key, Date.now() + ms);
  }

  stop() {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.dueAt.clear();
    this.pending.clear();
  }

  private drain() {
    this.scheduled = undefined;
    // Keys added while draining wait for the next turn, so timers and I/O interleave.
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.handle(key);
      } catch (error) {
        this.onError(key, error);
      }
    }
  }
}
