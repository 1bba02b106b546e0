/**
 * Runs tasks one after another per key, so two writes to the same repository
 * never interleave; tasks for different keys run concurrently.
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(key, tail);
    // Forget the key once idle, so the map does not grow with every repository.
    tail.then(() => {
      if (this.tails.get(key) === tail) {
        this.tails.delete(key);
      }
    });
    return result;
  }

  /** Runs `task` holding several keys, taken in a fixed order so two callers cannot deadlock. */
  runAll<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const take = (index: number): Promise<T> =>
      index === sorted.length
        ? task()
        : this.run(sorted[index], () => take(index + 1));
    return take(0);
  }
}
