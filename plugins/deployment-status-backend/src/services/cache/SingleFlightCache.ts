/**
 * Answers kept for a short while, and a single call in flight per key: any
 * number of viewers asking for the same key at once share one fetch, and
 * then its answer until it expires. Failures, and answers `keep` refuses,
 * are not kept, so the next request tries again.
 */
export class SingleFlightCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; expires: number }
  >();

  constructor(
    private readonly ttlMs: number,
    /** The most keys kept; the oldest go first. */
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
    /** Whether an answer is kept once its callers have it; all are by default. */
    private readonly keep: (value: T) => boolean = () => true,
  ) {}

  get(key: string, fetch: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && entry.expires > this.now()) return entry.value;
    const value = fetch();
    // Until it settles, the entry does not expire: callers share the call.
    const fresh = { value, expires: Infinity };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    value.then(
      settled => {
        if (this.keep(settled)) {
          fresh.expires = this.now() + this.ttlMs;
        } else if (this.entries.get(key) === fresh) {
          this.entries.delete(key);
        }
      },
      () => {
        if (this.entries.get(key) === fresh) this.entries.delete(key);
      },
    );
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** Drops the answers, kept or in flight, whose keys match: the next caller fetches again. */
  forget(matches: (key: string) => boolean) {
    for (const key of [...this.entries.keys()]) {
      if (matches(key)) this.entries.delete(key);
    }
  }
}
