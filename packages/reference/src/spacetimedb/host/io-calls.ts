import type { InstanceEnv } from './env.js';
import { Errno, errnoOf } from './errno.js';
import { logLevel, timerMessage } from './log.js';
import { littleEndianBytes } from './memory.js';

/** `console_log`'s line number meaning "none" (`u32::MAX`). */
const NO_LINE_NUMBER = 0xffff_ffff;

/**
 * The host functions that are not about tables: bytes sources and sinks, logging, timers, the
 * database identity, the caller's JWT and scheduling. Facts from the real host
 * (wasm_instance_env.rs, instance_env.rs):
 * - `bytes_source_read` copies what fits, sets `*buf_len` to that count, and answers -1 (freeing the
 *   source) once nothing is left, 0 otherwise; handle 0 is never a source (empty args get 0);
 * - `console_log` never traps nor fails: a bad pointer just drops the line; a NULL target or
 *   filename is left out, a line number of u32::MAX too; levels other than 0..4 and 101 are Debug;
 * - `console_timer_end` logs `Timing span "<name>": <Rust Debug of the duration>` at Info;
 * - `get_jwt` writes source 0 when the connection has no JWT (always, here: HTTP callers have none).
 */
export function ioCalls(env: InstanceEnv) {
  return {
    bytes_source_read(source: number, bufPtr: number, bufLenPtr: number): number {
      const bytesSource = env.sources.get(source >>> 0);
      if (bytesSource === undefined) return Errno.NO_SUCH_BYTES;
      const memory = env.memory;
      const capacity = memory.readU32(bufLenPtr);
      const buffer = memory.slice(bufPtr, capacity);
      const count = Math.min(capacity, bytesSource.bytes.length);
      buffer.set(bytesSource.bytes.subarray(0, count));
      bytesSource.bytes = bytesSource.bytes.subarray(count);
      memory.writeU32(bufLenPtr, count);
      if (bytesSource.bytes.length > 0) return 0;
      env.sources.free(source >>> 0);
      return -1;
    },

    bytes_source_remaining_length(source: number, outPtr: number): number {
      const bytesSource = env.sources.get(source >>> 0);
      if (bytesSource === undefined) return Errno.NO_SUCH_BYTES;
      env.memory.writeU32(outPtr, bytesSource.bytes.length);
      return 0;
    },

    bytes_sink_write(sink: number, bufPtr: number, bufLenPtr: number): number {
      const chunks = env.sinks.get(sink >>> 0);
      if (chunks === undefined) return Errno.NO_SUCH_BYTES;
      const memory = env.memory;
      chunks.push(memory.read(bufPtr, memory.readU32(bufLenPtr)));
      return 0;
    },

    console_log(
      level: number,
      targetPtr: number,
      targetLen: number,
      filenamePtr: number,
      filenameLen: number,
      lineNumber: number,
      messagePtr: number,
      messageLen: number,
    ): void {
      let message: string;
      let target: string | undefined;
      let filename: string | undefined;
      try {
        const memory = env.memory;
        target = targetPtr === 0 ? undefined : memory.lossyString(targetPtr, targetLen);
        filename = filenamePtr === 0 ? undefined : memory.lossyString(filenamePtr, filenameLen);
        message = memory.lossyString(messagePtr, messageLen);
      } catch {
        return;
      }
      const line = lineNumber >>> 0;
      env.log(logLevel(level), message, {
        target,
        filename,
        line_number: line === NO_LINE_NUMBER ? undefined : line,
      });
    },

    console_timer_start(namePtr: number, nameLen: number): number {
      const name = env.memory.lossyString(namePtr, nameLen);
      return env.timers.insert({ name, start: performance.now() });
    },

    console_timer_end(timerId: number): number {
      const timer = env.timers.take(timerId >>> 0);
      if (timer === undefined) return Errno.NO_SUCH_CONSOLE_TIMER;
      env.log('Info', timerMessage(timer.name, performance.now() - timer.start));
      return 0;
    },

    /** The database identity's 32 little-endian bytes. */
    identity(outPtr: number): void {
      env.memory.write(outPtr, littleEndianBytes(env.environment.databaseIdentity, 32));
    },

    get_jwt(connectionIdPtr: number, outPtr: number): number {
      return errnoOf(() => {
        env.memory.read(connectionIdPtr, 16);
        env.requireCall(); // the JWT is a system table row: reading it needs a transaction
        env.memory.writeU32(outPtr, 0);
      });
    },

    /**
     * Unstable in the real host, which queues the reducer to run after the current transaction.
     * dbwire has no scheduler: the request is logged as a warning and dropped (the import has no
     * result to report it through).
     */
    volatile_nonatomic_schedule_immediate(namePtr: number, nameLen: number, argsPtr: number, argsLen: number): void {
      const name = env.memory.string(namePtr, nameLen);
      env.memory.read(argsPtr, argsLen);
      env.log(
        'Warn',
        `volatile_nonatomic_schedule_immediate(${JSON.stringify(name)}) is not supported by this host; the call was dropped`,
      );
    },
  };
}
