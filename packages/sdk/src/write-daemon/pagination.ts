import { sleep } from '../core/abort.js';
import { ApiUserAbortError } from '../core/errors.js';
import type { Client } from './generated/client/index.js';
import {
  listNamespaceChangesEndpoint,
  listNamespacesEndpoint,
  namespaceStatusListEndpoint,
} from './generated/sdk.gen.js';
import type {
  ListNamespaceChangesEndpointData,
  ListNamespacesEndpointData,
  Namespace,
  NamespaceChange,
  NamespaceChangeListResponse,
  NamespaceStatusListEndpointData,
  NamespaceStatusResponse,
} from './generated/types.gen.js';

/**
 * Async iterators over the daemon's paged lists. Pages are fetched one at a time, as the loop
 * asks for more, each with the previous page's `next_page_token` and the same filters (the
 * daemon binds a token to the filters it was issued for).
 */

export interface PageOptions {
  /** Cancels the page being fetched (the iteration then throws `ApiUserAbortError`). */
  signal?: AbortSignal;
}

type ListQuery = Omit<NonNullable<ListNamespacesEndpointData['query']>, 'page_token'>;
type StatusListQuery = Omit<NonNullable<NamespaceStatusListEndpointData['query']>, 'page_token'>;
export type ChangeFeedQuery = Omit<ListNamespaceChangesEndpointData['query'], 'page_token'>;

/** Follows `next_page_token` from the first page to the last (`next_page_token: null`). */
async function* pages<Page extends { next_page_token: string | null }>(
  fetchPage: (pageToken: string | undefined) => Promise<{ data: Page }>,
): AsyncGenerator<Page, void, undefined> {
  let pageToken: string | undefined;
  do {
    const { data } = await fetchPage(pageToken);
    yield data;
    pageToken = data.next_page_token ?? undefined;
  } while (pageToken !== undefined);
}

/** Every namespace matching `query`, in `namespace_id` order (`GET /v1/write/namespaces`). */
export async function* listAllNamespaces(
  client: Client,
  query: ListQuery = {},
  options: PageOptions = {},
): AsyncGenerator<Namespace, void, undefined> {
  const all = pages((page_token) =>
    listNamespacesEndpoint({ client, query: { ...query, page_token }, signal: options.signal }),
  );
  for await (const page of all) yield* page.namespaces;
}

/** The status of every namespace, in `namespace_id` order (`GET /v1/write/namespaces/status`). */
export async function* listAllNamespaceStatuses(
  client: Client,
  query: StatusListQuery = {},
  options: PageOptions = {},
): AsyncGenerator<NamespaceStatusResponse, void, undefined> {
  const all = pages((page_token) =>
    namespaceStatusListEndpoint({ client, query: { ...query, page_token }, signal: options.signal }),
  );
  for await (const page of all) yield* page.statuses;
}

/**
 * One pass over the change feed (`GET /v1/write/namespaces/changes`): the pages of every namespace
 * changed at or after `since_updated_at_ms`, ordered by (`updated_at_ms`, `namespace_id`). The last
 * page's `watermark_ms` is the `since_updated_at_ms` of the next pass; records at that millisecond
 * come again then, so de-duplicate on (`namespace_id`, `revision`), or use `pollChanges`.
 *
 * ```ts
 * let since = 0;
 * for await (const page of changeFeed(client, { since_updated_at_ms: since, include_deleted: true })) {
 *   for (const change of page.changes) apply(change);
 *   since = page.watermark_ms;
 * }
 * ```
 */
export function changeFeed(
  client: Client,
  query: ChangeFeedQuery,
  options: PageOptions = {},
): AsyncGenerator<NamespaceChangeListResponse, void, undefined> {
  return pages((page_token) =>
    listNamespaceChangesEndpoint({ client, query: { ...query, page_token }, signal: options.signal }),
  );
}

export interface PollChangesOptions {
  /** Pause between passes once the feed is caught up. @default 1000 */
  intervalMs?: number;
  /** Ends the polling: the loop finishes (without an error) at the next page or pause. */
  signal?: AbortSignal;
}

/**
 * Follows the change feed forever: pass after pass, from `since_updated_at_ms` on, each pass
 * starting at the previous one's watermark, pausing `intervalMs` between passes. Each change is
 * yielded once: records the daemon repeats at a watermark millisecond are dropped by
 * (`namespace_id`, `revision`). Synchronising clients should set `include_deleted: true`, or they
 * never learn of deletions. Ends when `signal` aborts.
 */
export async function* pollChanges(
  client: Client,
  query: ChangeFeedQuery,
  options: PollChangesOptions = {},
): AsyncGenerator<NamespaceChange, void, undefined> {
  const { intervalMs = 1000, signal } = options;
  let since = query.since_updated_at_ms;
  // Only records at or after `since` can come again, so that is all there is to remember.
  let seen = new Map<string, number>();
  try {
    while (!signal?.aborted) {
      for await (const page of changeFeed(client, { ...query, since_updated_at_ms: since }, { signal })) {
        for (const change of page.changes) {
          const key = `${change.namespace_id}:${change.revision}`;
          if (seen.has(key)) continue;
          seen.set(key, change.updated_at_ms);
          yield change;
        }
        since = Math.max(since, page.watermark_ms);
      }
      seen = new Map([...seen].filter(([, updatedAtMs]) => updatedAtMs >= since));
      await sleep(intervalMs, signal);
    }
  } catch (error) {
    if (error instanceof ApiUserAbortError && signal?.aborted) return;
    throw error;
  }
}
