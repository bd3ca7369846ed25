import { icebergError } from '@dbwire/server-stubs/iceberg';
import { compareKeys } from '@dbwire/storage';
import { base64url, fromBase64url } from '../shared/crypto.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export interface Page<T> {
  items: T[];
  nextPageToken: string | null;
}

/**
 * One page of a list sorted by name, as the spec's Pagination section describes: without
 * `pageToken` every item; with it (empty to start) at most `pageSize` items after the token's
 * position. A token is the last name served, opaque to clients (`base64url` of a small JSON), so
 * a page stays right when items are added or removed between requests.
 */
export function paginate<T>(
  items: T[],
  nameOf: (item: T) => string,
  pageToken: string | undefined,
  pageSize: number | undefined,
): Page<T> {
  if (pageToken === undefined) return { items, nextPageToken: null };
  const after = pageToken === '' ? undefined : openToken(pageToken);
  const rest = after === undefined ? items : items.filter((item) => compareKeys(nameOf(item), after) > 0);
  if (pageSize === undefined || rest.length <= pageSize) return { items: rest, nextPageToken: null };
  const page = rest.slice(0, pageSize);
  return { items: page, nextPageToken: issueToken(nameOf(page.at(-1) as T)) };
}

function issueToken(after: string): string {
  return base64url(encoder.encode(JSON.stringify({ v: 1, after })));
}

function openToken(token: string): string {
  try {
    const payload: unknown = JSON.parse(decoder.decode(fromBase64url(token)));
    if (
      typeof payload === 'object' &&
      payload !== null &&
      (payload as { v?: unknown }).v === 1 &&
      typeof (payload as { after?: unknown }).after === 'string'
    ) {
      return (payload as { after: string }).after;
    }
  } catch {
    // Fall through to the 400 below.
  }
  throw icebergError(
    400,
    'BadRequestException',
    `Invalid pageToken ${JSON.stringify(token)}: not a token this server issued.`,
  );
}
