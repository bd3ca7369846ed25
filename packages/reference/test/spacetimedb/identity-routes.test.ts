import { loadTestModule } from '@dbwire/test-modules/spacetimedb';
import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '../../src/spacetimedb/identity.js';
import { startSpacetimedb } from './client.js';

describe('SpacetimeDB /v1/identity and authentication', () => {
  it('mints identities with tokens, and trades a token for a short-lived websocket token', async () => {
    const { anonymous, newUser } = await startSpacetimedb();
    const minted = await anonymous.post('/v1/identity');
    expect(minted.status).toBe(200);
    expect(minted.body.identity).toMatch(/^c200[0-9a-f]{60}$/);
    const claims = JSON.parse(Buffer.from(minted.body.token.split('.')[1], 'base64url').toString());
    expect(identityFromClaims(claims.iss, claims.sub)).toBe(minted.body.identity);

    expect(await anonymous.post('/v1/identity/websocket-token')).toMatchObject({
      status: 401,
      text: 'Authorization required',
    });
    const { client, identity } = await newUser();
    const exchanged = await client.post('/v1/identity/websocket-token');
    expect(exchanged.status).toBe(200);
    const websocketClaims = JSON.parse(Buffer.from(exchanged.body.token.split('.')[1], 'base64url').toString());
    expect(websocketClaims.hex_identity).toBe(identity);
    expect(websocketClaims.exp - websocketClaims.iat).toBe(60);
    const verified = await anonymous.withToken(exchanged.body.token).get(`/v1/identity/${identity}/verify`);
    expect(verified.status).toBe(204);
  });

  it('verifies that a token proves an identity: 204, 400 for another identity, 401 without a valid token', async () => {
    const { anonymous, newUser } = await startSpacetimedb();
    const alice = await newUser();
    const bob = await newUser();
    expect((await alice.client.get(`/v1/identity/${alice.identity}/verify`)).status).toBe(204);
    expect((await alice.client.get(`/v1/identity/0x${alice.identity.toUpperCase()}/verify`)).status).toBe(204);
    const other = await alice.client.get(`/v1/identity/${bob.identity}/verify`);
    expect(other).toMatchObject({ status: 400, text: '' });
    expect((await anonymous.get(`/v1/identity/${alice.identity}/verify`)).status).toBe(401);
    const forged = `${alice.client.token?.slice(0, -2)}AA`;
    expect((await anonymous.withToken(forged).get(`/v1/identity/${alice.identity}/verify`)).status).toBe(401);
    // A malformed token is 400 here too, as on every route (without a body on this one).
    const malformed = await anonymous.withToken('garbage').get(`/v1/identity/${alice.identity}/verify`);
    expect(malformed).toMatchObject({ status: 400, text: '' });
  });

  it('serves the signing key as PEM', async () => {
    const { anonymous } = await startSpacetimedb();
    const reply = await anonymous.get('/v1/identity/public-key');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/pem-certificate-chain');
    expect(reply.text).toContain('-----BEGIN PUBLIC KEY-----');
  });

  it('gives anonymous callers of /v1/database a fresh identity and token in the answer headers', async () => {
    const { anonymous, newUser } = await startSpacetimedb();
    const first = await anonymous.get('/v1/database/nobody-here');
    expect(first).toMatchObject({ status: 404, text: '`nobody-here` not found' });
    expect(first.headers['content-type']).toBe('text/plain; charset=utf-8');
    const identity = first.headers['spacetime-identity'] as string;
    expect(identity).toMatch(/^c200[0-9a-f]{60}$/);
    const token = first.headers['spacetime-identity-token'] as string;
    const again = await anonymous.withToken(token).get('/v1/database/nobody-here');
    expect(again.headers['spacetime-identity']).toBe(identity);
    expect(again.headers['spacetime-identity-token']).toBe(token);
    const second = await anonymous.get('/v1/database/nobody-here');
    expect(second.headers['spacetime-identity']).not.toBe(identity);

    // ?token= works too, and the Authorization header wins over it.
    const viaQuery = await anonymous.get(`/v1/database/nobody-here/names?token=${token}`);
    expect(viaQuery.headers['spacetime-identity']).toBe(identity);
    const bob = await newUser();
    const both = await bob.client.get(`/v1/database/nobody-here/names?token=${token}`);
    expect(both.headers['spacetime-identity']).toBe(bob.identity);
  });

  it('puts the identity headers on every /v1/database answer after authentication, refusals and 500s too', async () => {
    const { anonymous, newUser } = await startSpacetimedb();
    const alice = await newUser();
    const published = await alice.client.publish('/v1/database/app', await loadTestModule('keyed'));
    expect(published.status).toBe(200);
    const notWasm = new TextEncoder().encode('not wasm');
    const replies = {
      badParameter: await alice.client.get('/v1/database/Not_A_Name'),
      noContentType: await alice.client.post('/v1/database/app/call/count_users', { body: '[]', contentType: null }),
      wrongContentType: await alice.client.post('/v1/database/app/call/count_users', {
        body: '[]',
        contentType: 'text/plain',
      }),
      malformedJson: await alice.client.post('/v1/database/app/call/count_users', {
        body: '[',
        contentType: 'application/json',
      }),
      notFound: await alice.client.get('/v1/database/nowhere'),
      notWasm: await alice.client.publish('/v1/database', notWasm),
    };
    expect(Object.values(replies).map((reply) => reply.status)).toEqual([400, 400, 415, 400, 404, 500]);
    for (const reply of Object.values(replies)) {
      expect(reply.headers['spacetime-identity']).toBe(alice.identity);
      expect(reply.headers['spacetime-identity-token']).toBe(alice.client.token);
    }
    // An anonymous caller's refusal carries the identity minted for it.
    const anonymousRefusal = await anonymous.post('/v1/database/app/call/count_users', {
      body: '[]',
      contentType: 'text/plain',
    });
    expect(anonymousRefusal.status).toBe(415);
    expect(anonymousRefusal.headers['spacetime-identity']).toMatch(/^c200[0-9a-f]{60}$/);
    expect(anonymousRefusal.headers['spacetime-identity-token']).toContain('.');
    // Not the /v1/identity routes, nor refused authentications.
    const websocket = await alice.client.post('/v1/identity/websocket-token');
    expect(websocket.status).toBe(200);
    expect(websocket.headers['spacetime-identity']).toBeUndefined();
    const malformed = await anonymous.withToken('garbage').get('/v1/database/app');
    expect(malformed.status).toBe(400);
    expect(malformed.headers['spacetime-identity']).toBeUndefined();
  });

  it('refuses a malformed Authorization header or token with 400 and an invalid token with 401', async () => {
    const { anonymous, newUser } = await startSpacetimedb();
    const malformedHeader = await anonymous.get('/v1/database/x', { headers: { authorization: 'Basic abc' } });
    expect(malformedHeader).toMatchObject({ status: 400, text: 'Authorization is invalid: malformed token' });
    expect((await anonymous.withToken('garbage').get('/v1/database/x')).status).toBe(400);
    expect((await anonymous.get('/v1/database/x?token=garbage')).status).toBe(400);
    const { client } = await newUser();
    const token = client.token as string;
    const tampered = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const refused = await anonymous.withToken(tampered).get('/v1/database/x');
    expect(refused.status).toBe(401);
    expect(refused.headers['spacetime-identity']).toBeUndefined();
  });

  it('answers 400 for a database path that is neither a name nor an identity', async () => {
    const { anonymous } = await startSpacetimedb();
    const reply = await anonymous.get('/v1/database/Not_A_Name');
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    const identity = `c200${'ab'.repeat(30)}`;
    expect(await anonymous.get(`/v1/database/${identity}`)).toMatchObject({ status: 404, text: 'No such database.' });
  });
});

describe('SpacetimeDB subscribe', () => {
  const upgrade = {
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-protocol': 'v3.bsatn.spacetimedb, v2.bsatn.spacetimedb',
  };

  it('checks the upgrade before accepting it; an injected request, which cannot hand over its connection, gets 426', async () => {
    const { anonymous } = await startSpacetimedb();
    await anonymous.publish('/v1/database/live', await loadTestModule('quickstart'));
    const url = '/v1/database/live/subscribe';
    const answered = await anonymous.get(url, { headers: upgrade });
    expect(answered.status).toBe(426);
    expect(answered.text).toMatch(/Upgrade/);
    expect(answered.headers['spacetime-identity']).toMatch(/^c200/);
    expect((await anonymous.get('/v1/database/nowhere/subscribe', { headers: upgrade })).status).toBe(404);
    const v3Only = { ...upgrade, 'sec-websocket-protocol': 'v3.bsatn.spacetimedb' };
    expect((await anonymous.get(url, { headers: v3Only })).status).toBe(400);
    expect((await anonymous.get(url, { headers: { ...upgrade, 'sec-websocket-version': '8' } })).status).toBe(400);
    expect((await anonymous.get(`${url}?connection_id=${'0'.repeat(32)}`, { headers: upgrade })).status).toBe(400);
    const { connection: _, ...notAnUpgrade } = upgrade;
    expect((await anonymous.get(url, { headers: notAnUpgrade })).status).toBe(400);
  });
});
