/**
 * Thrown by every protocol decoder on a frame it cannot read: empty, truncated, an unknown tag or
 * variant, bad JSON, trailing bytes, a bad row list. The message is short enough (at most
 * `MAX_REASON_BYTES` of UTF-8) to serve as a WebSocket close reason as it is.
 */
export class ProtocolDecodeError extends Error {
  override name = 'ProtocolDecodeError';
  constructor(message: string) {
    super(clipReason(message));
  }
}

/** A WebSocket close frame holds 123 bytes of reason; a little less leaves room for a prefix. */
export const MAX_REASON_BYTES = 120;

const utf8 = new TextEncoder();

/** `text` cut to at most `MAX_REASON_BYTES` bytes of UTF-8 (ending in `…` when cut), on a character boundary. */
export function clipReason(text: string): string {
  if (utf8.encode(text).length <= MAX_REASON_BYTES) return text;
  let clipped = '';
  let bytes = 0;
  // `…` is 3 bytes of UTF-8.
  for (const char of text) {
    const size = utf8.encode(char).length;
    if (bytes + size > MAX_REASON_BYTES - 3) break;
    clipped += char;
    bytes += size;
  }
  return `${clipped}…`;
}
