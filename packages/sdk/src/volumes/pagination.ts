import type { VolumeListResponse } from './generated/types.gen.js';

/**
 * Follows `next_cursor` from the first page to the last (`next_cursor: null`, or `has_more: false`).
 * Pages are fetched one at a time, as the loop asks for more; the caller sends the same filters
 * with every cursor, since servers bind a cursor to the filters that produced it.
 */
export async function* volumePages(
  fetchPage: (cursor: string | undefined) => Promise<VolumeListResponse>,
): AsyncGenerator<VolumeListResponse, void, undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    const next = page.next_cursor;
    if (!page.has_more || next === null || next === '') return;
    // A cursor that does not move would loop for ever: a server bug, reported rather than followed.
    if (next === cursor) {
      throw new Error(`The server answered the cursor it was sent (${JSON.stringify(next)}): paging stopped.`);
    }
    cursor = next;
  }
}
