import { ProtocolDecodeError } from './errors.js';

/**
 * The compression byte that starts every binary server frame of `v1.bsatn.spacetimedb`,
 * `v2.bsatn.spacetimedb` and `v3.bsatn.spacetimedb` (the product's `SERVER_MSG_COMPRESSION_TAG_*`):
 * the rest of the frame is the BSATN of the server message(s), compressed as the byte says.
 * Client frames carry no such byte, and `v1.json.spacetimedb` text frames carry none either way.
 * The server compresses only when the client asked (`?compression=Gzip|Brotli`, the product's
 * default being Brotli) and the message is large enough to be worth it.
 *
 * This module only adds and removes the byte: compressing is the caller's job (node:zlib on the
 * server), which keeps this package free of Node-only APIs.
 */
export const SERVER_COMPRESSION_NONE = 0;
export const SERVER_COMPRESSION_BROTLI = 1;
export const SERVER_COMPRESSION_GZIP = 2;

export type ServerCompressionTag =
  | typeof SERVER_COMPRESSION_NONE
  | typeof SERVER_COMPRESSION_BROTLI
  | typeof SERVER_COMPRESSION_GZIP;

/** The `compression` query parameter's values, as the product spells them. */
export const COMPRESSION_PARAMETER_VALUES = ['None', 'Brotli', 'Gzip'] as const;

export type CompressionParameter = (typeof COMPRESSION_PARAMETER_VALUES)[number];

/** The frame byte that goes with each `compression` parameter value. */
export const COMPRESSION_TAG_OF: Readonly<Record<CompressionParameter, ServerCompressionTag>> = {
  None: SERVER_COMPRESSION_NONE,
  Brotli: SERVER_COMPRESSION_BROTLI,
  Gzip: SERVER_COMPRESSION_GZIP,
};

/** `body` (BSATN, already compressed if `tag` says so) behind its compression byte. */
export function frameServerMessage(body: Uint8Array, tag: ServerCompressionTag = SERVER_COMPRESSION_NONE): Uint8Array {
  const frame = new Uint8Array(body.length + 1);
  frame[0] = tag;
  frame.set(body, 1);
  return frame;
}

/** The compression byte and the body after it (a view into `frame`). Throws `ProtocolDecodeError`. */
export function unframeServerMessage(frame: Uint8Array): { tag: ServerCompressionTag; body: Uint8Array } {
  if (frame.length === 0) throw new ProtocolDecodeError('empty server frame: no compression byte');
  const tag = frame[0] as number;
  if (tag > SERVER_COMPRESSION_GZIP) throw new ProtocolDecodeError(`unknown compression byte ${tag} of a server frame`);
  return { tag: tag as ServerCompressionTag, body: frame.subarray(1) };
}
