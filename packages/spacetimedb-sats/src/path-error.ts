import { clipForMessage } from './limits.js';

/**
 * An error about one part of a value: `path` locates that part (`.field`, `[index]`, `(variant)`
 * or a label), outermost first, and the message says where. Each subclass words the message.
 */
export abstract class SatsPathError extends Error {
  readonly path: string[] = [];
  constructor(readonly problem: string) {
    super(problem);
  }

  /**
   * Runs `run` and, if it throws this class of error, records `segment` in the error's path (other
   * errors pass through).
   */
  static inside<T>(this: abstract new (problem: string) => SatsPathError, segment: string, run: () => T): T {
    try {
      return run();
    } catch (error) {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass called on: SatsJsonError.inside passes other errors through.
      throw error instanceof this ? error.within(segment) : error;
    }
  }

  /** Records that the failure happened inside `segment`, and rewrites the message to say where. */
  within(segment: string): this {
    this.path.unshift(segment);
    this.message = this.messageAt(clipForMessage(this.location));
    return this;
  }

  /** The path as one string: `name[2](some)`. */
  get location(): string {
    const joined = this.path.join('');
    return joined.startsWith('.') ? joined.slice(1) : joined;
  }

  /** The message for `problem` at `location` (already cut short). */
  protected abstract messageAt(location: string): string;
}
