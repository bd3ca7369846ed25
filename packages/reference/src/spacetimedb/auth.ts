import type { AuthenticationResult, RawRequest, RouteDefinition } from '@dbwire/server-stubs';
import { spacetimedbText } from '@dbwire/server-stubs/spacetimedb';
import { bearerToken } from '../shared/bearer.js';
import { MALFORMED_TOKEN, type TokenClaims, TokenError, type TokenIssuer } from './tokens.js';

/** Who is calling: the identity the token proves, or a freshly minted anonymous one. */
export interface SpacetimedbCaller {
  /** 64 lowercase hex digits. */
  identity: string;
  /** The token sent, or the one minted for an anonymous caller. */
  token: string;
  claims: TokenClaims;
  /** No token was sent: the identity was minted for this request. */
  anonymous: boolean;
}

/**
 * Authenticates a request as the product's server does. The `Authorization: Bearer` header wins
 * over `?token=`; a malformed header or token is 400, a token that fails validation 401. Where the
 * route allows anonymous callers (`authOptional`), a request without credentials gets a fresh
 * identity and token; elsewhere it is 401 `Authorization required`. (Routes the spec marks
 * `authOptional` are the /v1/database ones; `verifyIdentity` answers its refusals without a body.)
 */
export async function authenticate(
  issuer: TokenIssuer,
  request: RawRequest,
  route: RouteDefinition,
): Promise<AuthenticationResult<SpacetimedbCaller>> {
  const refuse = (status: number, message: string): AuthenticationResult<SpacetimedbCaller> => ({
    // `verify` answers its refusals without a body (400 for a malformed token, as elsewhere).
    response: route.operationId === 'verifyIdentity' ? { status } : spacetimedbText(status, message),
  });
  const authorization = request.headers.authorization;
  let token: string | undefined;
  if (authorization !== undefined) {
    token = bearerToken(authorization);
    if (token === undefined) return refuse(400, MALFORMED_TOKEN);
  } else if (route.authOptional) {
    const query = request.query.token;
    token = Array.isArray(query) ? query[0] : query;
    if (token === '') token = undefined;
  }
  if (token === undefined) {
    if (!route.authOptional) return refuse(401, 'Authorization required');
    const minted = await issuer.mint();
    return { context: { ...minted, anonymous: true } };
  }
  try {
    const { identity, claims } = await issuer.verify(token);
    return { context: { identity, token, claims, anonymous: false } };
  } catch (error) {
    if (error instanceof TokenError) return refuse(error.status, error.message);
    throw error;
  }
}

/** The headers every `/v1/database` answer carries: the caller's identity and a token for it. */
export function identityHeaders(caller: SpacetimedbCaller): Record<string, string> {
  return { 'spacetime-identity': caller.identity, 'spacetime-identity-token': caller.token };
}

/**
 * The binding's `responseHeaders`: every answer of a `/v1/database` route after authentication
 * carries the caller's identity headers, refusals and 500s included (the product's middleware adds
 * them to whatever the route answers). Bindings that wrap the reference's (the msw mock) pass it on.
 */
export function spacetimedbResponseHeaders(
  caller: SpacetimedbCaller | undefined,
  route: RouteDefinition,
): Record<string, string> {
  return caller !== undefined && route.path.startsWith('/v1/database') ? identityHeaders(caller) : {};
}
