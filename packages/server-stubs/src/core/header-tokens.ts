/**
 * The tokens of a comma-separated header (`Sec-WebSocket-Protocol`, `Connection`, `Upgrade`),
 * trimmed, empty ones left out (RFC 9110 §5.6.1 allows `a, , b`). Repeated headers, as some
 * frameworks hand them over, count as one list. The tokens keep their case: lower-case them for
 * headers whose values compare case-insensitively (`Connection`, `Upgrade`); subprotocol names do not.
 */
export function headerTokens(value: string | readonly string[] | undefined): string[] {
  const lists = typeof value === 'string' ? [value] : (value ?? []);
  return lists.flatMap((list) => list.split(',').map((token) => token.trim())).filter((token) => token !== '');
}
