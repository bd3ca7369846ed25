import type { FetchFn } from '../core/fetch.js';
import { toVolumesError } from './errors.js';

/** How `downloadEntry` hands the bytes over. */
export type DownloadAs = 'bytes' | 'blob' | 'stream' | 'text';

/** The body type for each `DownloadAs`. */
export interface DownloadBody {
  bytes: Uint8Array;
  blob: Blob;
  stream: ReadableStream<Uint8Array>;
  text: string;
}

/** A downloaded entry. */
export interface Download<T> {
  /** The bytes, in the form asked for. */
  data: T;
  /** The response's `Content-Type`: the entry's `mime_type` (`application/json`, `text/plain` for JSON and text entries). */
  contentType: string | undefined;
  /** The file name from `Content-Disposition` (the path's last segment on dbwire servers). */
  filename: string | undefined;
  /** The response, its body consumed unless `as` was `stream`. */
  response: Response;
}

/**
 * Fetches a presigned URL: a plain `GET` with no `Authorization` and none of the client's headers
 * (the URL's signature is the authorization, and a storage service may refuse a request carrying
 * headers the URL did not sign). `fetch` is the client's retrying fetch: a GET is safe to repeat. A
 * refusal becomes the `VolumesError` of its status (`ForbiddenError` with `reason` `expired` for an
 * expired URL on dbwire servers).
 */
export async function fetchPresigned<As extends DownloadAs>(
  fetch: FetchFn,
  url: string,
  as: As,
  signal?: AbortSignal,
): Promise<Download<DownloadBody[As]>> {
  const request = new Request(url, { method: 'GET', signal });
  const response = await fetch(request);
  if (!response.ok) {
    throw toVolumesError({ status: response.status, body: await readErrorBody(response), response, request });
  }
  return {
    data: (await readBody(response, as)) as DownloadBody[As],
    contentType: response.headers.get('Content-Type') ?? undefined,
    filename: dispositionFilename(response.headers.get('Content-Disposition')),
    response,
  };
}

async function readBody(response: Response, as: DownloadAs): Promise<DownloadBody[DownloadAs]> {
  switch (as) {
    case 'blob':
      return response.blob();
    case 'text':
      return response.text();
    case 'stream':
      // A 200 always has a body; an empty one stands for zero bytes.
      return response.body ?? new Blob([]).stream();
    default:
      return new Uint8Array(await response.arrayBuffer());
  }
}

/** An error body: parsed JSON when it is JSON (the envelope), otherwise its text. */
async function readErrorBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!/json/i.test(response.headers.get('Content-Type') ?? '')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The file name of a `Content-Disposition` header (RFC 6266): `filename*` (RFC 8187,
 * `UTF-8''percent-encoded`) when present and readable, else `filename` (quoted or a token).
 */
export function dispositionFilename(header: string | null): string | undefined {
  if (header === null) return undefined;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^']*)'[^']*'([^;\s]*)/i.exec(header);
  if (extended?.[2] !== undefined && /^utf-8$/i.test(extended[1] ?? '')) {
    try {
      return decodeURIComponent(extended[2]);
    } catch {
      // Malformed percent-encoding: fall back to the plain parameter.
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
  if (!plain) return undefined;
  return plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2];
}
