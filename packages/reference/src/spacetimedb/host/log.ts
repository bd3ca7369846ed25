import type { ModuleLogLine } from './types.js';

/**
 * `console_log` levels as the real host reads them (`database_logger::LogLevel: From<u8>`):
 * 0 error .. 4 trace, 101 panic, anything else debug.
 */
export function logLevel(level: number): ModuleLogLine['level'] {
  switch (level & 0xff) {
    case 0:
      return 'Error';
    case 1:
      return 'Warn';
    case 2:
      return 'Info';
    case 3:
      return 'Debug';
    case 4:
      return 'Trace';
    case 101:
      return 'Panic';
    default:
      return 'Debug';
  }
}

/** Microseconds since the Unix epoch, the `ts` of a log line. */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

/**
 * A duration as Rust's `Debug` for `std::time::Duration` prints it ("1.5ms", "250µs", "2.000001s"),
 * which the real host uses in `Timing span "<name>": <duration>`.
 */
export function formatDuration(milliseconds: number): string {
  const nanos = BigInt(Math.max(0, Math.round(milliseconds * 1e6)));
  if (nanos >= 1_000_000_000n) return decimal(nanos, 1_000_000_000n, 9, 's');
  if (nanos >= 1_000_000n) return decimal(nanos, 1_000_000n, 6, 'ms');
  if (nanos >= 1_000n) return decimal(nanos, 1_000n, 3, 'µs');
  return `${nanos}ns`;
}

function decimal(value: bigint, unit: bigint, digits: number, suffix: string): string {
  const whole = value / unit;
  const fraction = (value % unit).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${whole}${fraction ? `.${fraction}` : ''}${suffix}`;
}

/** The line `console_timer_end` logs at Info (Rust `{:?}` quotes the span name). */
export function timerMessage(name: string, elapsedMilliseconds: number): string {
  return `Timing span ${JSON.stringify(name)}: ${formatDuration(elapsedMilliseconds)}`;
}
