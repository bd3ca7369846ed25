export type LockKind = 'write' | 'schema';

interface Waiter {
  kind: LockKind;
  grant: () => void;
}

/**
 * One database's schema lock, as TypeDB schedules it. Reads take no lock. Any number of write
 * transactions may hold it together; a schema transaction holds it alone. Waiters are served in
 * arrival order, so a write that arrives after a waiting schema transaction waits behind it.
 */
export class SchemaLock {
  private writers = 0;
  private schemaHeld = false;
  private readonly queue: Waiter[] = [];

  /** Resolves when granted; rejects with `onTimeout()`'s error after `timeoutMs`. */
  acquire(kind: LockKind, timeoutMs: number, onTimeout: () => Error): Promise<void> {
    if (this.queue.length === 0 && this.canGrant(kind)) {
      this.take(kind);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        kind,
        grant: () => {
          clearTimeout(timer);
          this.take(kind);
          resolve();
        },
      };
      const timer = laterTimer(timeoutMs, () => {
        this.queue.splice(this.queue.indexOf(waiter), 1);
        // The head may have been what blocked the waiters behind it.
        this.serveQueue();
        reject(onTimeout());
      });
      this.queue.push(waiter);
    });
  }

  release(kind: LockKind): void {
    if (kind === 'write') this.writers--;
    else this.schemaHeld = false;
    this.serveQueue();
  }

  get idle(): boolean {
    return this.writers === 0 && !this.schemaHeld && this.queue.length === 0;
  }

  private canGrant(kind: LockKind): boolean {
    return !this.schemaHeld && (kind === 'write' || this.writers === 0);
  }

  private take(kind: LockKind): void {
    if (kind === 'write') this.writers++;
    else this.schemaHeld = true;
  }

  private serveQueue(): void {
    while (this.queue.length > 0 && this.canGrant((this.queue[0] as Waiter).kind)) {
      (this.queue.shift() as Waiter).grant();
    }
  }
}

/** Longest delay setTimeout honours (about 24.8 days); longer ones would fire at once. */
const MAX_DELAY = 2_147_483_647;

/**
 * A timer that does not keep a Node process alive (graceful shutdown closes what is open), and
 * whose delay is clamped so huge timeouts wait instead of firing at once. Callers that need an
 * exact far-off deadline re-check it when the timer fires.
 */
export function laterTimer(delayMs: number, callback: () => void): ReturnType<typeof setTimeout> {
  const timer = setTimeout(callback, Math.max(0, Math.min(delayMs, MAX_DELAY)));
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
