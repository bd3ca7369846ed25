import { parseJson } from '@dbwire/json';
import { userAbortError } from '../core/abort.js';
import type { LogRecord } from './generated/types.gen.js';

/** The log lines of an NDJSON body (one `LogRecord` per line; blank lines are skipped). */
export function parseLogLines(text: string): LogRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => parseJson(line) as LogRecord);
}

/**
 * The log lines of an NDJSON stream, each as soon as its newline arrives. Ends when the server
 * ends the stream (the database was deleted); `signal` stops it early (rejecting with
 * `ApiUserAbortError`), as does leaving a `for await` loop; either way the connection is closed.
 */
export async function* followLogLines(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<LogRecord, void, undefined> {
  const reader = body.getReader();
  // The retry layer lets go of the caller's signal once headers arrived: the body is ours to stop.
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for (;;) {
      if (signal?.aborted) throw userAbortError(signal);
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw userAbortError(signal);
        throw error;
      }
      if (signal?.aborted) throw userAbortError(signal);
      pending += chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      const lines = pending.split('\n');
      pending = chunk.done ? '' : (lines.pop() ?? '');
      for (const line of lines) {
        if (line.trim() !== '') yield parseJson(line) as LogRecord;
      }
      if (chunk.done) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Leaving early (break, abort, a bad line) closes the connection; after the end it is a no-op.
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
