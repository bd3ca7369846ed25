export { type SpacetimedbCaller, spacetimedbResponseHeaders } from './auth.js';
export * from './datastore/types.js';
export * from './host/types.js';
export { identityFromClaims, parseIdentity } from './identity.js';
export {
  createSpacetimedbReference,
  MODULE_LIMIT_BYTES,
  type SpacetimedbReference,
  type SpacetimedbReferenceOptions,
} from './reference.js';
export { type TokenClaims, TokenIssuer } from './tokens.js';
