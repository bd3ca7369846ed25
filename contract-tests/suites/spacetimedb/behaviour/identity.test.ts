/**
 * Identities and tokens (spec: Identity, and "Identities and tokens" in info.description):
 * `POST /v1/identity` mints an identity derived from the token's `iss` and `sub` (BLAKE3, always
 * `c200…`, computed here independently); the token works as a bearer token and as `?token=`; a
 * request without credentials gets a minted anonymous identity in `spacetime-identity` and a token
 * in `spacetime-identity-token` that is reusable; websocket tokens carry the same identity and
 * expire in 60 s; `verify` answers 204/400/401; the public key verifies the tokens' ES256 signatures.
 */
import { describe, expect, it } from 'vitest';
import { useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { describeReply, expectText } from '../../../src/spacetimedb/http.js';
import {
  es256SignatureValid,
  identityFromIssuerAndSubject,
  jwtClaims,
  withForgedSignature,
} from '../../../src/spacetimedb/identity.js';

const stdb = useSpacetimedb();

const IDENTITY_HEX = /^c200[0-9a-f]{60}$/;
/** An identity no token proves (a database identity in the product's format, made up here). */
const SOMEONE_ELSE = `c200${'5a'.repeat(30)}`;

describe('POST /v1/identity', () => {
  it('mints a c200… identity derived from the token’s iss and sub (BLAKE3), a new one each time', async () => {
    const first = await stdb.identity();
    const second = await stdb.identity();
    expect(first.identity).toMatch(IDENTITY_HEX);
    expect(second.identity).not.toBe(first.identity);
    for (const minted of [first, second]) {
      const claims = jwtClaims(minted.token);
      expect(typeof claims.iss).toBe('string');
      expect(typeof claims.sub).toBe('string');
      expect(identityFromIssuerAndSubject(claims.iss as string, claims.sub as string)).toBe(minted.identity);
      expect(claims.hex_identity).toBe(minted.identity);
      expect(claims.exp, 'minted tokens never expire').toBeUndefined();
    }
  });

  it('ignores credentials sent with it', async () => {
    const reply = await stdb.anonymous.ok('createIdentity', { authorization: 'Bearer not-a-token' });
    expect((reply.body as { identity: string }).identity).toMatch(IDENTITY_HEX);
  });
});

describe('tokens on /v1/database routes', () => {
  it('a minted token is the caller: spacetime-identity echoes it, as a header and as ?token=', async () => {
    const me = await stdb.identity();
    const unknown = 'dbwire-no-such-database-for-identity-checks';
    const viaHeader = await me.client.call('getDatabaseIdentity', { database: unknown });
    expectText(viaHeader, 404);
    expect(viaHeader.headers['spacetime-identity']).toBe(me.identity);
    const viaQuery = await stdb.anonymous.call('getDatabaseIdentity', {
      database: unknown,
      query: { token: me.token },
    });
    expect(viaQuery.headers['spacetime-identity']).toBe(me.identity);
    const other = await stdb.identity();
    const both = await other.client.call('getDatabaseIdentity', { database: unknown, query: { token: me.token } });
    expect(both.headers['spacetime-identity'], 'the header wins over ?token=').toBe(other.identity);
  });

  it('without credentials a fresh anonymous identity and token come back in the headers, and the token is reusable', async () => {
    const first = await stdb.anonymous.call('getDatabaseNames', { database: 'dbwire-no-such-database-anon' });
    const second = await stdb.anonymous.call('getDatabaseNames', { database: 'dbwire-no-such-database-anon' });
    const identity = first.headers['spacetime-identity'] as string;
    const token = first.headers['spacetime-identity-token'] as string;
    expect(identity, describeReply(first)).toMatch(IDENTITY_HEX);
    expect(token).toBeTruthy();
    expect(second.headers['spacetime-identity'], 'each anonymous request gets its own identity').not.toBe(identity);
    const claims = jwtClaims(token);
    expect(identityFromIssuerAndSubject(claims.iss as string, claims.sub as string)).toBe(identity);
    const again = await stdb.anonymous.as(token).call('getDatabaseNames', { database: 'dbwire-no-such-database-anon' });
    expect(again.headers['spacetime-identity']).toBe(identity);
    await stdb.anonymous.ok('verifyIdentity', { identity, authorization: `Bearer ${token}` });
  });

  it('a malformed token is 400, a token with a bad signature 401', async () => {
    const me = await stdb.identity();
    expectText(
      await stdb.anonymous.call('getDatabaseNames', { database: 'x', authorization: 'Bearer not-a-token' }),
      400,
    );
    expectText(
      await stdb.anonymous.call('getDatabaseNames', {
        database: 'x',
        authorization: `Bearer ${withForgedSignature(me.token)}`,
      }),
      401,
    );
  });
});

describe('POST /v1/identity/websocket-token', () => {
  it('re-signs the caller’s claims with an expiry 60 s ahead; the short token proves the same identity', async () => {
    const me = await stdb.identity();
    const reply = await me.client.ok('createWebsocketToken');
    const short = (reply.body as { token: string }).token;
    const claims = jwtClaims(short);
    expect(claims.hex_identity).toBe(me.identity);
    expect(identityFromIssuerAndSubject(claims.iss as string, claims.sub as string)).toBe(me.identity);
    const now = Date.now() / 1000;
    expect(typeof claims.exp).toBe('number');
    expect(claims.exp as number).toBeGreaterThan(now + 30);
    expect(claims.exp as number).toBeLessThanOrEqual(now + 90);
    await stdb.anonymous.ok('verifyIdentity', { identity: me.identity, authorization: `Bearer ${short}` });
  });

  it('needs a token: none is 401, a malformed one 400, a forged one 401', async () => {
    const me = await stdb.identity();
    expectText(await stdb.anonymous.call('createWebsocketToken'), 401);
    expectText(await stdb.anonymous.call('createWebsocketToken', { authorization: 'Bearer not-a-token' }), 400);
    expectText(
      await stdb.anonymous.call('createWebsocketToken', { authorization: `Bearer ${withForgedSignature(me.token)}` }),
      401,
    );
  });
});

describe('GET /v1/identity/{identity}/verify', () => {
  it('204 for the token’s own identity (also with 0x and upper-case hex), 400 for another, 401 without or with a forged token', async () => {
    const me = await stdb.identity();
    for (const identity of [me.identity, `0x${me.identity}`, me.identity.toUpperCase()]) {
      const reply = await me.client.ok('verifyIdentity', { identity });
      expect(reply.text).toBe('');
    }
    const other = await me.client.call('verifyIdentity', { identity: SOMEONE_ELSE });
    expect(other.status, describeReply(other)).toBe(400);
    const none = await stdb.anonymous.call('verifyIdentity', { identity: me.identity });
    expect(none.status, describeReply(none)).toBe(401);
    const forged = await stdb.anonymous.call('verifyIdentity', {
      identity: me.identity,
      authorization: `Bearer ${withForgedSignature(me.token)}`,
    });
    expect(forged.status, describeReply(forged)).toBe(401);
  });
});

describe('GET /v1/identity/public-key', () => {
  it('is a PEM public key that verifies the ES256 signatures of minted and websocket tokens, and not forged ones', async () => {
    const reply = await stdb.anonymous.ok('getIdentityPublicKey');
    expect(reply.mediaType).toBe('application/pem-certificate-chain');
    expect(reply.text).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/);
    const me = await stdb.identity();
    expect(jwtClaims(me.token)).toBeDefined();
    expect(JSON.parse(Buffer.from(me.token.split('.')[0] as string, 'base64url').toString()).alg).toBe('ES256');
    expect(await es256SignatureValid(me.token, reply.text)).toBe(true);
    const short = ((await me.client.ok('createWebsocketToken')).body as { token: string }).token;
    expect(await es256SignatureValid(short, reply.text)).toBe(true);
    expect(await es256SignatureValid(withForgedSignature(me.token), reply.text)).toBe(false);
  });
});
