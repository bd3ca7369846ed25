/**
 * One writer per namespace inside this process, as the product runs one writer per namespace:
 * requests that write the same namespace queue here instead of colliding at the storage engine and
 * retrying. Other processes sharing the engine are kept consistent by the engine's conflict
 * checks (./transact.ts); this only removes wasted work.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // The last one out forgets the key, so the map does not grow with every namespace ever written.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
