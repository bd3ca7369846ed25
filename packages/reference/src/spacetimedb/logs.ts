import { getJson, putJson, type StorageEngine, transactWithRetry, type WriteTransaction } from '@dbwire/storage';
import type { ModuleLogLine } from './host/types.js';
import { keys } from './keys.js';

/** How many lines of each database are served at most (the last ones). */
export const KEPT_LOG_LINES = 10_000;
/**
 * Lines beyond `KEPT_LOG_LINES` are deleted this many at a time, so an append does not delete a
 * line each time once a log is full (deletes are not free on every engine). Reads never serve
 * more than `KEPT_LOG_LINES`, so the extra lines are invisible.
 */
export const LOG_TRIM_BATCH = 1_000;
/** How often a followed log looks for lines other processes wrote. */
const FOLLOW_POLL_MS = 500;
/**
 * Bytes a follower may have waiting in its stream before the server stops reading lines for it
 * (backpressure): a client that does not read holds at most this plus one read of lines.
 */
const FOLLOW_BUFFER_BYTES = 64 * 1024;

interface LogState {
  /** The number the next line gets. */
  next: number;
  /** The oldest line still stored. */
  first: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function readState(tx: WriteTransaction, identity: string): Promise<LogState> {
  return (await getJson<LogState>(tx, keys.logState(identity))) ?? { next: 0, first: 0 };
}

/**
 * Appends `lines` to a database's log inside `tx` (a reducer call writes its lines in its own
 * transaction, which is serialised per database, so lines keep their order and calls do not
 * conflict on the log). Once more than `KEPT_LOG_LINES + LOG_TRIM_BATCH` lines are stored, the
 * oldest are deleted down to `KEPT_LOG_LINES` in one go.
 */
export async function appendLogLines(
  tx: WriteTransaction,
  identity: string,
  lines: readonly ModuleLogLine[],
): Promise<void> {
  if (lines.length === 0) return;
  const state = await readState(tx, identity);
  let next = state.next;
  for (const line of lines) await tx.put(keys.logLine(identity, next++), encoder.encode(JSON.stringify(line)));
  let first = state.first;
  if (next - first > KEPT_LOG_LINES + LOG_TRIM_BATCH) {
    const keep = next - KEPT_LOG_LINES;
    const old = await tx.scan({ start: keys.logLine(identity, first), end: keys.logLine(identity, keep) });
    for (const { key } of old) await tx.delete(key);
    first = keep;
  }
  await putJson(tx, keys.logState(identity), { next, first });
}

/**
 * A database's module log (`console_log` lines) on the storage engine, and the streams that
 * follow it: they get new lines at once from this process (`wake`) and within `FOLLOW_POLL_MS`
 * from others. Lines of a call that rolled back are kept, as the product keeps them.
 */
export class ModuleLogs {
  private readonly listeners = new Map<string, Set<() => void>>();

  constructor(private readonly storage: StorageEngine) {}

  /**
   * Appends lines in a transaction of their own (a failed call's lines: its own transaction rolled
   * back), unless `stillExists` says in that transaction that the database is gone.
   */
  async append(
    identity: string,
    lines: readonly ModuleLogLine[],
    stillExists: (tx: WriteTransaction) => Promise<boolean> = async () => true,
  ): Promise<void> {
    if (lines.length === 0) return;
    const appended = await transactWithRetry(this.storage, async (tx) => {
      if (!(await stillExists(tx))) return false;
      await appendLogLines(tx, identity, lines);
      return true;
    });
    if (appended) this.wake(identity);
  }

  /**
   * The last `count` lines (at most `KEPT_LOG_LINES`; all of those without `count`) after line
   * `after`, oldest first, each a JSON text, and the next line's number.
   */
  async read(identity: string, count?: number, after?: number): Promise<{ lines: string[]; next: number }> {
    return this.storage.transact(async (tx) => {
      const state = await readState(tx, identity);
      let start = Math.max(state.first, state.next - KEPT_LOG_LINES, after ?? 0);
      if (count !== undefined) start = Math.max(start, state.next - count);
      if (start >= state.next) return { lines: [], next: state.next };
      const entries = await tx.scan({ start: keys.logLine(identity, start), end: keys.logLine(identity, state.next) });
      return { lines: entries.map((entry) => decoder.decode(entry.value)), next: state.next };
    });
  }

  /**
   * The kept lines (the last `count`), then every new line as it is logged, as NDJSON, until the
   * client cancels or `isGone` says the database was deleted.
   *
   * Backpressure: lines are read from storage only while the stream's queue holds less than
   * `FOLLOW_BUFFER_BYTES`; a follower that stops reading is not sent more until it reads again,
   * and then resumes with the lines still kept (lines trimmed meanwhile are skipped).
   */
  follow(identity: string, count: number | undefined, isGone: () => Promise<boolean>): ReadableStream<Uint8Array> {
    let after: number | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let done = false;
    /** A pump found the queue full and read nothing: the next `pull` resumes. */
    let heldBack = false;
    const stop = () => {
      done = true;
      if (timer !== undefined) clearInterval(timer);
      this.unlisten(identity, wake);
    };
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const pump = async (): Promise<void> => {
      if ((controller.desiredSize ?? 0) <= 0) {
        heldBack = true;
        return;
      }
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
    return new ReadableStream<Uint8Array>(
      {
        start: (streamController) => {
          controller = streamController;
          const set = this.listeners.get(identity) ?? new Set();
          this.listeners.set(identity, set);
          set.add(wake);
          timer = setInterval(wake, FOLLOW_POLL_MS);
          wake();
        },
        // The client read what was queued: catch up on what was held back.
        pull: () => {
          if (!heldBack) return;
          heldBack = false;
          wake();
        },
        cancel: stop,
      },
      new ByteLengthQueuingStrategy({ highWaterMark: FOLLOW_BUFFER_BYTES }),
    );
  }

  /** Tells this process's followers of a database that something changed (a line, a deletion). */
  wake(identity: string): void {
    for (const listener of this.listeners.get(identity) ?? []) listener();
  }

  /** How many databases have followers in this process (for tests: sets are removed when empty). */
  get followedDatabases(): number {
    return this.listeners.size;
  }

  private unlisten(identity: string, listener: () => void): void {
    const set = this.listeners.get(identity);
    if (set === undefined) return;
    set.delete(listener);
    if (set.size === 0) this.listeners.delete(identity);
  }
}
