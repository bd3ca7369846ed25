import { type ByteSource, toBlob } from '../core/bytes.js';

/**
 * What `uploadFileEntry` accepts as the file: anything that holds or yields bytes. A Node `Buffer`
 * is a `Uint8Array`; strings in a stream or iterable are sent as UTF-8.
 */
export type UploadSource = ByteSource;

/** The multipart part the upload sends: the bytes, under a file name, with a content type. */
export interface UploadPart {
  blob: Blob;
  filename: string;
}

/**
 * Turns `source` into the `file` part of the upload. The bytes are gathered into a `Blob` first
 * (`toBlob`): `FormData` takes only blobs. The part's content type (which the server records as the
 * entry's `mime_type`) is `contentType`, else the blob's own type; an untyped part goes as
 * `application/octet-stream`, as `FormData` does. The file name is `filename`, else a `File`'s
 * name, else the entry path's last segment.
 */
export async function uploadPart(
  source: UploadSource,
  entryPath: string,
  options: { filename?: string; contentType?: string } = {},
): Promise<UploadPart> {
  const filename = options.filename ?? fileName(source) ?? lastSegment(entryPath);
  return { blob: await toBlob(source, options.contentType), filename };
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
