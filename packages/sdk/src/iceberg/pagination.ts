import type { PageToken } from './generated/types.gen.js';

/**
 * Follows `next-page-token` from the first page to the last. The first request sends an empty
 * `pageToken`, which is how the spec asks for paging (without it a server may answer everything at
 * once); the last page has a null or absent `next-page-token`. Pages are fetched one at a time, as
 * the loop asks for more.
 */
export async function* pages<Page extends { 'next-page-token'?: PageToken }>(
  fetchPage: (pageToken: string) => Promise<Page>,
): AsyncGenerator<Page, void, undefined> {
  let pageToken: string | null | undefined = '';
  do {
    const page: Page = await fetchPage(pageToken);
    yield page;
    const next: string | null | undefined = page['next-page-token'];
    // A token that does not move would loop for ever: a server bug, reported rather than followed.
    if (next !== null && next !== undefined && next !== '' && next === pageToken) {
      throw new Error(`The catalog answered the page token it was sent (${JSON.stringify(next)}): paging stopped.`);
    }
    pageToken = next === '' ? undefined : next;
  } while (pageToken !== null && pageToken !== undefined);
}
