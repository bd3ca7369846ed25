/**
 * Anything that holds or yields bytes: a `Blob` (or `File`), an `ArrayBuffer`, a typed array or
 * `DataView` (a Node `Buffer` is a `Uint8Array`), a `ReadableStream`, an async or sync iterable of
 * chunks. Strings in a stream or iterable are UTF-8.
 */
export type ByteSource =
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

/**
 * `source` as a `Blob` of type `type` (default: a blob's own type, else untyped), streams and
 * iterables read to their end. A request body held in memory is one a retry can send again, and
 * browsers cannot stream a request body over HTTP/1.1. A `Blob` is not copied (re-typing it is a slice).
 */
export async function toBlob(source: ByteSource, type?: string): Promise<Blob> {
  if (source instanceof Blob) {
    const wanted = type ?? source.type;
    return wanted === source.type ? source : source.slice(0, source.size, wanted);
  }
  return new Blob(await chunks(source), { type: type ?? '' });
}

/** The parts of a `Blob` built from `source`, read to its end. */
async function chunks(source: Exclude<ByteSource, Blob>): Promise<BlobPart[]> {
  if (source instanceof ArrayBuffer) return [source];
  if (ArrayBuffer.isView(source)) return [copy(new Uint8Array(source.buffer, source.byteOffset, source.byteLength))];
  const parts: BlobPart[] = [];
  const add = (chunk: Uint8Array | string) => parts.push(typeof chunk === 'string' ? chunk : copy(chunk));
  if (isReadableStream(source)) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        add(value);
      }
    } finally {
      reader.releaseLock();
    }
    return parts;
  }
  if (Symbol.asyncIterator in source) {
    for await (const chunk of source) add(chunk);
    return parts;
  }
  for (const chunk of source) add(chunk);
  return parts;
}

/**
 * The bytes of `view` in a buffer of their own: a `Blob` part must be backed by a plain
 * `ArrayBuffer` (not a `SharedArrayBuffer`), and a stream may reuse its chunk buffers.
 */
function copy(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(view.byteLength);
  bytes.set(view);
  return bytes;
}

function isReadableStream(source: object): source is ReadableStream<Uint8Array | string> {
  return typeof (source as ReadableStream).getReader === 'function';
}
