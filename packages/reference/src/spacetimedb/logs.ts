import { getJson, putJson, type StorageEngine, transactWithRetry } from '@dbwire/storage';
import type { ModuleLogLine } from './host/types.js';
import { keys } from './keys.js';

/** How many lines of each database are kept (the oldest go first). */
export const KEPT_LOG_LINES = 10_000;
/** How often a followed log looks for lines other processes wrote. */
const FOLLOW_POLL_MS = 500;

interface LogState {
  /** The number the next line gets. */
  next: number;
  /** The oldest line kept. */
  first: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A database's module log (`console_log` lines) on the storage engine: appended in a transaction
 * of its own after each call (so lines of a call that rolled back are kept, as the product keeps
 * them), trimmed to the last `KEPT_LOG_LINES`, and followed by streams that get new lines at once
 * from this process and within `FOLLOW_POLL_MS` from others.
 */
export class ModuleLogs {
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly storage: StorageEngine) {}

  async append(identity: string, lines: readonly ModuleLogLine[]): Promise<void> {
    if (lines.length === 0) return;
    await transactWithRetry(this.storage, async (tx) => {
      const state = (await getJson<LogState>(tx, keys.logState(identity))) ?? { next: 0, first: 0 };
      let next = state.next;
      for (const line of lines) await tx.put(keys.logLine(identity, next++), encoder.encode(JSON.stringify(line)));
      let first = state.first;
      if (next - first > KEPT_LOG_LINES) {
        const keep = next - KEPT_LOG_LINES;
        const old = await tx.scan({ start: keys.logLine(identity, first), end: keys.logLine(identity, keep) });
        for (const { key } of old) await tx.delete(key);
        first = keep;
      }
      await putJson(tx, keys.logState(identity), { next, first });
    });
    this.wake(identity);
  }

  /** The last `count` lines (every kept line without it), oldest first, each a JSON text, and the next line's number. */
  async read(identity: string, count?: number, after?: number): Promise<{ lines: string[]; next: number }> {
    return this.storage.transact(async (tx) => {
      const state = (await getJson<LogState>(tx, keys.logState(identity))) ?? { next: 0, first: 0 };
      let start = Math.max(state.first, after ?? 0);
      if (count !== undefined) start = Math.max(start, state.next - count);
      if (start >= state.next) return { lines: [], next: state.next };
      const entries = await tx.scan({ start: keys.logLine(identity, start), end: keys.logLine(identity, state.next) });
      return { lines: entries.map((entry) => decoder.decode(entry.value)), next: state.next };
    });
  }

  /**
   * The kept lines (the last `count`), then every new line as it is logged, as NDJSON, until the
   * client cancels or `isGone` says the database was deleted.
   */
  follow(identity: string, count: number | undefined, isGone: () => Promise<boolean>): ReadableStream<Uint8Array> {
    let after: number | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let done = false;
    const stop = () => {
      done = true;
      if (timer !== undefined) clearInterval(timer);
      this.listeners.get(identity)?.delete(wake);
    };
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const pump = async (): Promise<void> => {
      const { lines, next } = await this.read(identity, after === undefined ? count : undefined, after);
      after = next;
      if (done) return;
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.map((line) => `${line}\n`).join('')));
      if (await isGone()) {
        stop();
        controller.close();
      }
    };
    // One pump at a time; a wake during one runs another right after it.
    const wake = () => {
      if (done) return;
      if (running !== undefined) {
        again = true;
        return;
      }
      running = pump()
        .catch((error: unknown) => {
          stop();
          controller.error(error);
        })
        .finally(() => {
          running = undefined;
          if (again && !done) {
            again = false;
            wake();
          }
        });
    };
    return new ReadableStream<Uint8Array>({
      start: (streamController) => {
        controller = streamController;
        const set = this.listeners.get(identity) ?? new Set();
        this.listeners.set(identity, set);
        set.add(wake);
        timer = setInterval(wake, FOLLOW_POLL_MS);
        wake();
      },
      cancel: stop,
    });
  }

  /** Tells this process's followers of a database that something changed (a line, a deletion). */
  wake(identity: string): void {
    for (const listener of this.listeners.get(identity) ?? []) listener();
  }
}
