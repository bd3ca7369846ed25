/**
 * What `uploadFileEntry` accepts as the file: anything that holds or yields bytes. A Node `Buffer`
 * is a `Uint8Array`; strings in a stream or iterable are sent as UTF-8.
 */
export type UploadSource =
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array | string>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

/** The multipart part the upload sends: the bytes, under a file name, with a content type. */
export interface UploadPart {
  blob: Blob;
  filename: string;
}

/**
 * Turns `source` into the `file` part of the upload. The bytes are gathered into a `Blob` first:
 * `FormData` takes only blobs, browsers cannot stream a request body over HTTP/1.1, and a body held
 * in memory is one the request can be built from again. The part's content type (which the server
 * records as the entry's `mime_type`) is `contentType`, else the blob's own type; an untyped part
 * goes as `application/octet-stream`, as `FormData` does. The file name is `filename`, else a
 * `File`'s name, else the entry path's last segment.
 */
export async function uploadPart(
  source: UploadSource,
  entryPath: string,
  options: { filename?: string; contentType?: string } = {},
): Promise<UploadPart> {
  const filename = options.filename ?? fileName(source) ?? lastSegment(entryPath);
  if (source instanceof Blob) {
    const type = options.contentType ?? source.type;
    // Re-typing a Blob is a slice, not a copy.
    return { blob: type === source.type ? source : source.slice(0, source.size, type), filename };
  }
  const type = options.contentType ?? '';
  return { blob: new Blob(await chunks(source), { type }), filename };
}

/** The parts of a `Blob` built from `source`, read to its end. */
async function chunks(source: Exclude<UploadSource, Blob>): Promise<BlobPart[]> {
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

/** A `File`'s name (also for `File`-like objects from other realms). */
function fileName(source: UploadSource): string | undefined {
  const name = (source as { name?: unknown }).name;
  return source instanceof Blob && typeof name === 'string' && name !== '' ? name : undefined;
}

function lastSegment(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  return segments.at(-1) ?? 'file';
}
