/**
 * Answers kept for a short while, and a single call in flight per key: any
 * number of viewers asking for the same key at once share one fetch, and
 * then its answer until it expires. Failures are not kept, so the next
 * request tries again.
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
      () => {
        fresh.expires = this.now() + this.ttlMs;
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
}
