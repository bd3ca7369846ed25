import { describe, expect, it } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { CREATES_USERS, describeNeeding } from '../../../src/typedb/capabilities.js';
import { useTypeDB } from '../../../src/typedb/fixture.js';
import {
  decodeJwt,
  expectEmptyOk,
  expectError,
  expectJsonOk,
  expectRawEmptyOk,
  expectRawError,
  targetUrl,
  typedbApi,
} from '../../../src/typedb/http.js';

const typedb = useTypeDB();

/** Any protected operation will do to see whether a token is accepted. */
const listDatabases = (token?: string) => typedbApi(token).GET('/v1/databases');

describeNeeding(CREATES_USERS, 'sign-in', () => {
  it('answers 200 with an HS256 JWT naming the user (sub, iat, exp)', async () => {
    const user = await typedb.user('signin');
    const before = Math.floor(Date.now() / 1000);
    const body = expectJsonOk(
      await typedbApi().POST('/v1/signin', { body: { username: user.username, password: user.password } }),
    );
    const { header, payload } = decodeJwt(body.token);
    expect(header).toMatchObject({ alg: 'HS256' });
    expect(payload).toMatchObject({ sub: user.username, iat: expect.any(Number), exp: expect.any(Number) });
    const iat = payload.iat as number;
    const exp = payload.exp as number;
    expect(Number.isInteger(iat) && Number.isInteger(exp)).toBe(true);
    expect(exp).toBeGreaterThan(iat);
    // Seconds, not milliseconds; generous bounds for a remote server's clock.
    expect(Math.abs(iat - before)).toBeLessThan(3600);

    expectJsonOk(await listDatabases(body.token));
  });

  it('answers 401 AUT1 for a wrong password', async () => {
    const user = await typedb.user('wrongpw');
    expectError(
      await typedbApi().POST('/v1/signin', { body: { username: user.username, password: `${user.password}x` } }),
      401,
      'AUT1',
    );
  });

  it('answers 401 AUT1 for an unknown user (indistinguishable from a wrong password)', async () => {
    expectError(
      await typedbApi().POST('/v1/signin', { body: { username: runScopedName('nobody'), password: 'password' } }),
      401,
      'AUT1',
    );
  });

  it('gives every sign-in a working token; earlier ones stay valid', async () => {
    const user = await typedb.user('twice');
    const second = await typedb.signIn(user.username, user.password);
    expectJsonOk(await listDatabases(user.token));
    expectJsonOk(await listDatabases(second));
  });
});

describe('bearer tokens', () => {
  it('answers 401 AUT2 without an Authorization header', async () => {
    expectError(await listDatabases(), 401, 'AUT2');
    expectError(await typedbApi().GET('/v1/users'), 401, 'AUT2');
    expectError(
      await typedbApi().POST('/v1/transactions/open', { body: { databaseName: 'x', transactionType: 'read' } }),
      401,
      'AUT2',
    );
  });

  it('answers 401 AUT2 for a non-Bearer scheme (Basic)', async () => {
    const basic = Buffer.from(`${typedb.admin.username}:${typedb.admin.password}`).toString('base64');
    const response = await fetch(targetUrl('/v1/databases'), { headers: { Authorization: `Basic ${basic}` } });
    await expectRawError(response, 401, 'AUT2');
  });

  it('answers 401 AUT3 for a garbage token', async () => {
    expectError(await listDatabases('garbage'), 401, 'AUT3');
  });

  it('answers 401 AUT3 for a well-formed JWT the server did not sign', async () => {
    const { header, payload } = decodeJwt(typedb.admin.token);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = `${encode(header)}.${encode({ ...payload, exp: (payload.exp as number) + 1 })}.${Buffer.from(
      'not-the-signature',
    ).toString('base64url')}`;
    expectError(await listDatabases(forged), 401, 'AUT3');
  });

  it('checks the token before the path and the body (401, not HSR7 or HSR2)', async () => {
    expectError(
      await typedbApi().POST('/v1/transactions/{transactionId}/commit', {
        params: { path: { transactionId: 'not-a-uuid' } },
      }),
      401,
      'AUT2',
    );
    const response = await fetch(targetUrl('/v1/transactions/open'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer garbage' },
      body: '{not json',
    });
    await expectRawError(response, 401, 'AUT3');
  });
});

describeNeeding(CREATES_USERS, 'revocation', () => {
  it("revokes all of a user's tokens when its password changes (401 AUT3); the new password signs in", async () => {
    const user = await typedb.user('revoke-pw');
    const second = await typedb.signIn(user.username, user.password);
    const password = runScopedName('newpw');
    expectEmptyOk(
      await typedb.admin.api.PUT('/v1/users/{username}', {
        params: { path: { username: user.username } },
        body: { password },
      }),
    );
    expectError(await listDatabases(user.token), 401, 'AUT3');
    expectError(await listDatabases(second), 401, 'AUT3');
    expectJsonOk(await listDatabases(await typedb.signIn(user.username, password)));
  });

  it("revokes the user's tokens when the user is deleted (401 AUT3)", async () => {
    const user = await typedb.user('revoke-del');
    expectEmptyOk(
      await typedb.admin.api.DELETE('/v1/users/{username}', { params: { path: { username: user.username } } }),
    );
    expectError(await listDatabases(user.token), 401, 'AUT3');
    expectError(
      await typedbApi().POST('/v1/signin', { body: { username: user.username, password: user.password } }),
      401,
      'AUT1',
    );
  });

  it("leaves other users' tokens alone", async () => {
    const alice = await typedb.user('alice');
    const bob = await typedb.user('bob');
    expectEmptyOk(
      await alice.api.PUT('/v1/users/{username}', {
        params: { path: { username: alice.username } },
        body: { password: runScopedName('newpw') },
      }),
    );
    expectJsonOk(await listDatabases(bob.token));
    expectJsonOk(await listDatabases(typedb.admin.token));
  });
});

describe('public operations need no token', () => {
  it.each(['/health', '/v1/health'])('GET %s answers 204 with no body', async (path) => {
    await expectRawEmptyOk(await fetch(targetUrl(path)), 204);
  });

  it('GET /v1/version answers 200 {distribution, version}', async () => {
    const body = expectJsonOk(await typedbApi().GET('/v1/version'));
    expect(body).toEqual({ distribution: expect.any(String), version: expect.any(String) });
    expect(body.version).not.toBe('');
  });

  it('ignores an invalid token on public operations', async () => {
    await expectRawEmptyOk(await fetch(targetUrl('/v1/health'), { headers: { Authorization: 'Bearer garbage' } }), 204);
    expectJsonOk(await typedbApi('garbage').GET('/v1/version'));
  });
});
