import { type ByteSource, toBlob } from '../core/bytes.js';

/**
 * A WebAssembly module to publish: anything that holds or yields its bytes (a `Uint8Array` or
 * Node `Buffer`, an `ArrayBuffer`, a `Blob`, a `ReadableStream`, an async iterable of chunks).
 */
export type ModuleSource = ByteSource;

export const WASM_MEDIA_TYPE = 'application/wasm';

/**
 * The module as a `Blob` of type `application/wasm`. Streams are read to their end first (modules
 * are at most 32 MiB): see `toBlob`.
 */
export async function moduleBlob(source: ModuleSource): Promise<Blob> {
  return toBlob(source, WASM_MEDIA_TYPE);
}
