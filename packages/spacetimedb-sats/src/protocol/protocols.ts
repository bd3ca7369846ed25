/** The WebSocket subprotocol names a client offers in `Sec-WebSocket-Protocol`. */
export const V2_BSATN_PROTOCOL = 'v2.bsatn.spacetimedb';
/** v2's messages, several of them back to back in one frame (what the npm client 2.x offers first). */
export const V3_BSATN_PROTOCOL = 'v3.bsatn.spacetimedb';
export const V1_BSATN_PROTOCOL = 'v1.bsatn.spacetimedb';
export const V1_JSON_PROTOCOL = 'v1.json.spacetimedb';

/** The real server's order of preference when a client offers several. */
export const SPACETIMEDB_PROTOCOLS = [
  V3_BSATN_PROTOCOL,
  V2_BSATN_PROTOCOL,
  V1_BSATN_PROTOCOL,
  V1_JSON_PROTOCOL,
] as const;

export type SpacetimeDbProtocol = (typeof SPACETIMEDB_PROTOCOLS)[number];
