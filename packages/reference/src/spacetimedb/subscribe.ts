import { headerTokens } from '@dbwire/server-stubs';
import { spacetimedbError } from '@dbwire/server-stubs/spacetimedb';

/** The subprotocols dbwire will speak, in its order of preference. */
export const SUBPROTOCOLS = ['v2.bsatn.spacetimedb', 'v1.bsatn.spacetimedb', 'v1.json.spacetimedb'] as const;

/**
 * The checks of a WebSocket upgrade to `…/subscribe` (RFC 6455 §4.2.1 and the product's own):
 * an upgrade request, version 13, a 16-byte key and a subprotocol dbwire speaks (the
 * `connection_id` is `sessionConnectionId`'s). Each failure is a 400 text. Returns the
 * subprotocol that would be chosen.
 */
export function checkUpgrade(headers: Record<string, string | undefined>): string {
  // `Connection` and `Upgrade` compare case-insensitively; subprotocols exactly (the handshake
  // must echo one of the client's tokens as it was sent).
  const tokens = (value: string | undefined) => headerTokens(value).map((token) => token.toLowerCase());
  if (!tokens(headers.connection).includes('upgrade'))
    throw spacetimedbError(400, 'Connection header did not include `upgrade`');
  if (!tokens(headers.upgrade).includes('websocket'))
    throw spacetimedbError(400, '`Upgrade` header did not include `websocket`');
  if (headers['sec-websocket-version']?.trim() !== '13')
    throw spacetimedbError(400, '`Sec-WebSocket-Version` header must be `13`');
  const key = headers['sec-websocket-key']?.trim() ?? '';
  let keyBytes = 0;
  try {
    keyBytes = atob(key).length;
  } catch {
    keyBytes = 0;
  }
  if (keyBytes !== 16) throw spacetimedbError(400, '`Sec-WebSocket-Key` header must be 16 bytes in Base64');
  const offered = headerTokens(headers['sec-websocket-protocol']);
  const chosen = SUBPROTOCOLS.find((protocol) => offered.includes(protocol));
  if (chosen === undefined) throw spacetimedbError(400, 'None of the offered WebSocket subprotocols is supported.');
  return chosen;
}
