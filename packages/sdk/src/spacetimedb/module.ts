import { type UploadSource, uploadPart } from '../volumes/upload.js';

/**
 * A WebAssembly module to publish: anything that holds or yields its bytes (a `Uint8Array` or
 * Node `Buffer`, an `ArrayBuffer`, a `Blob`, a `ReadableStream`, an async iterable of chunks).
 */
export type ModuleSource = UploadSource;

export const WASM_MEDIA_TYPE = 'application/wasm';

/**
 * The module as a `Blob` of type `application/wasm`. Streams are read to their end first: a body in
 * memory can be sent again by a retry, and browsers cannot stream a request body over HTTP/1.1
 * (modules are at most 32 MiB). The gathering is the volumes upload's, which has the same job.
 */
export async function moduleBlob(source: ModuleSource): Promise<Blob> {
  return (await uploadPart(source, 'module.wasm', { contentType: WASM_MEDIA_TYPE })).blob;
}
