/**
 * TypeDB's HTTP paths as the hand-written layers need them: they see only `Request`s, so they
 * recognise operations by URL.
 */

/** Operations the spec declares with `security: []`: they never wait for, nor carry, a token. */
const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/health', '/v1/health', '/v1/version', '/v1/signin']);
const CLOSE_TRANSACTION = /^\/v1\/transactions\/[^/]+\/close$/;

export const SIGNIN_PATH = '/v1/signin';

/**
 * Returns a function giving a request's path below `baseUrl` (`/v1/databases`), or `undefined` for
 * a request to anywhere else, which must never receive this server's token.
 */
export function pathBelow(baseUrl: string): (request: Request) => string | undefined {
  let base: string | undefined;
  return (request) => {
    // Resolved on first use and the way requests resolve theirs, so that a relative base URL
    // (a same-origin proxy in a browser) compares equal to the URLs built from it.
    base ??= new Request(baseUrl || '/').url.replace(/\/+$/, '');
    const url = request.url.split(/[?#]/, 1)[0] ?? '';
    return url.startsWith(`${base}/`) ? url.slice(base.length) : undefined;
  };
}

export function isPublicPath(path: string): boolean {
  return PUBLIC_PATHS.has(path);
}

/**
 * POSTs that TypeDB treats as idempotent: signing in again only mints another token, and closing
 * an already closed (or unknown) transaction still answers 200. Commit, query, open and rollback
 * are not: a repeat could apply a write twice or act on a transaction the first call closed.
 */
export function isIdempotentPost(path: string): boolean {
  return path === SIGNIN_PATH || CLOSE_TRANSACTION.test(path);
}
