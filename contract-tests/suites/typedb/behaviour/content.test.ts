import { describe, expect, it } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { CREATES_DATABASES, CREATES_USERS, describeNeeding } from '../../../src/typedb/capabilities.js';
import { useTypeDB } from '../../../src/typedb/fixture.js';
import { expectJsonOk, expectRawEmptyOk, expectRawError, targetUrl, UUID_V4 } from '../../../src/typedb/http.js';

const typedb = useTypeDB();

/** A raw request as a real client sends it (the TypeScript driver adds the JSON content type everywhere). */
function send(
  method: string,
  path: string,
  options: { token?: string; contentType?: string; body?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  const token = options.token ?? typedb.admin.token;
  if (token !== '') headers.Authorization = `Bearer ${token}`;
  if (options.contentType !== undefined) headers['Content-Type'] = options.contentType;
  // fetch cannot send a body with GET (nor can a browser-based driver): only the headers go.
  const body = method === 'GET' || method === 'HEAD' ? undefined : options.body;
  return fetch(targetUrl(path), { method, headers, body });
}

async function openRaw(database: string, type: 'read' | 'write' | 'schema' = 'write'): Promise<string> {
  const response = await send('POST', '/v1/transactions/open', {
    contentType: 'application/json',
    body: JSON.stringify({ databaseName: database, transactionType: type }),
  });
  expect(response.status).toBe(200);
  const { transactionId } = (await response.json()) as { transactionId: string };
  expect(transactionId).toMatch(UUID_V4);
  typedb.trackTransaction(typedb.admin.api, transactionId);
  return transactionId;
}

/** How each "no body" operation is sent: no headers, an empty JSON request, or the driver's `{}`. */
const STYLES = [
  ['without a body or Content-Type', {}],
  ['with Content-Type: application/json and an empty body', { contentType: 'application/json' }],
  ['with the body {} (as the TypeScript driver sends)', { contentType: 'application/json', body: '{}' }],
] as const;

const JSON_TYPE = 'application/json';

describe.each(STYLES)('operations that take no body, called %s', (_style, style) => {
  it('the health checks: 204, empty body', async () => {
    await expectRawEmptyOk(await send('GET', '/health', { ...style, token: '' }), 204);
    await expectRawEmptyOk(await send('GET', '/v1/health', { ...style, token: '' }), 204);
  });

  it('close an unknown transaction: 200, Content-Length 0, empty body', async () => {
    await expectRawEmptyOk(await send('POST', `/v1/transactions/${crypto.randomUUID()}/close`, style));
  });

  describeNeeding(CREATES_DATABASES, 'on databases and transactions', () => {
    it('create and delete a database: 200, Content-Length 0, empty body', async () => {
      const database = runScopedName('nobody');
      typedb.trackDatabase(database);
      await expectRawEmptyOk(await send('POST', `/v1/databases/${database}`, style));
      // GETs carry the driver's headers too.
      const got = await send('GET', `/v1/databases/${database}`, style);
      expect({ status: got.status, body: await got.json() }).toEqual({ status: 200, body: { name: database } });
      await expectRawEmptyOk(await send('DELETE', `/v1/databases/${database}`, style));
    });

    it('commit, rollback and close: 200, Content-Length 0, empty body', async () => {
      const database = await typedb.database('nobody-tx');
      const id = await openRaw(database);
      await expectRawEmptyOk(await send('POST', `/v1/transactions/${id}/rollback`, style));
      await expectRawEmptyOk(await send('POST', `/v1/transactions/${id}/commit`, style));
      const other = await openRaw(database);
      await expectRawEmptyOk(await send('POST', `/v1/transactions/${other}/close`, style));
    });
  });

  describeNeeding(CREATES_USERS, 'on users', () => {
    it('delete a user: 200, Content-Length 0, empty body', async () => {
      const user = await typedb.user('nobody-user');
      await expectRawEmptyOk(await send('DELETE', `/v1/users/${user.username}`, style));
    });
  });
});

describeNeeding(CREATES_USERS, 'operations with a body answer "no body" successes with Content-Length 0', () => {
  it('create and update a user', async () => {
    const username = runScopedName('cl');
    typedb.trackUser(username);
    await expectRawEmptyOk(
      await send('POST', `/v1/users/${username}`, { contentType: JSON_TYPE, body: JSON.stringify({ password: 'a' }) }),
    );
    await expectRawEmptyOk(
      await send('PUT', `/v1/users/${username}`, { contentType: JSON_TYPE, body: JSON.stringify({ password: 'b' }) }),
    );
  });
});

describe('unknown fields in request bodies are ignored', () => {
  it('sign-in', async () => {
    const response = await send('POST', '/v1/signin', {
      token: '',
      contentType: JSON_TYPE,
      body: JSON.stringify({ username: typedb.admin.username, password: typedb.admin.password, remember: true }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ token: expect.any(String) });
  });

  it('a one-shot query (reaches the database check: 404 TSV1, not HSR2)', async () => {
    const response = await send('POST', '/v1/query', {
      contentType: JSON_TYPE,
      body: JSON.stringify({
        databaseName: runScopedName('nodb'),
        transactionType: 'read',
        query: 'match $x isa entity;',
        queryOptions: { answerCountLimit: 1, colour: 'blue' },
        extra: [1, 2],
      }),
    });
    await expectRawError(response, 404, 'TSV1');
  });

  it('opening a transaction (reaches the database check: 404 TSV1, not HSR2)', async () => {
    const response = await send('POST', '/v1/transactions/open', {
      contentType: JSON_TYPE,
      body: JSON.stringify({
        databaseName: runScopedName('nodb'),
        transactionType: 'read',
        transactionOptions: { parallel: true },
        network: 'fast',
      }),
    });
    await expectRawError(response, 404, 'TSV1');
  });

  describeNeeding(CREATES_USERS, 'on users', () => {
    it('create and update a user', async () => {
      const username = runScopedName('extra');
      typedb.trackUser(username);
      await expectRawEmptyOk(
        await send('POST', `/v1/users/${username}`, {
          contentType: JSON_TYPE,
          body: JSON.stringify({ password: 'a', role: 'admin' }),
        }),
      );
      await expectRawEmptyOk(
        await send('PUT', `/v1/users/${username}`, {
          contentType: JSON_TYPE,
          body: JSON.stringify({ password: 'b', x: 1 }),
        }),
      );
      expectJsonOk(await typedb.session(username, 'b').then((session) => session.api.GET('/v1/databases')));
    });
  });

  describeNeeding(CREATES_DATABASES, 'on transactions', () => {
    it('open a transaction (top level and inside transactionOptions)', async () => {
      const database = await typedb.database('extra-open');
      const response = await send('POST', '/v1/transactions/open', {
        contentType: JSON_TYPE,
        body: JSON.stringify({
          databaseName: database,
          transactionType: 'write',
          transactionOptions: { transactionTimeoutMillis: 60_000, parallel: true },
          network: 'fast',
        }),
      });
      expect(response.status).toBe(200);
      const { transactionId } = (await response.json()) as { transactionId: string };
      typedb.trackTransaction(typedb.admin.api, transactionId);
      expect(transactionId).toMatch(UUID_V4);
    });
  });

  describeNeeding({ ...CREATES_DATABASES, typeql: true }, 'on queries', () => {
    it('a query in a transaction', async () => {
      const database = await typedb.database('extra-query');
      const id = await openRaw(database);
      const response = await send('POST', `/v1/transactions/${id}/query`, {
        contentType: JSON_TYPE,
        body: JSON.stringify({ query: 'match entity $t;', queryOptions: { answerCountLimit: 1, x: 1 }, y: 2 }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ queryType: 'read', answerType: 'conceptRows', answers: [] });
    });
  });
});

describe('malformed request bodies answer 400 HSR2', () => {
  it('a body that is not JSON', async () => {
    const response = await send('POST', '/v1/signin', { token: '', contentType: JSON_TYPE, body: '{user' });
    await expectRawError(response, 400, 'HSR2');
  });

  it('a JSON body without Content-Type: application/json', async () => {
    const response = await send('POST', '/v1/signin', {
      token: '',
      contentType: 'text/plain',
      body: JSON.stringify({ username: typedb.admin.username, password: typedb.admin.password }),
    });
    await expectRawError(response, 400, 'HSR2');
  });

  it('an empty body where one is required', async () => {
    const response = await send('POST', '/v1/signin', { token: '', contentType: JSON_TYPE });
    await expectRawError(response, 400, 'HSR2');
  });

  // The body is checked before the database exists, so a missing one is fine here.
  it('an unknown transaction type', async () => {
    const response = await send('POST', '/v1/transactions/open', {
      contentType: JSON_TYPE,
      body: JSON.stringify({ databaseName: runScopedName('nodb'), transactionType: 'exclusive' }),
    });
    await expectRawError(response, 400, 'HSR2');
  });

  it('a field of the wrong type', async () => {
    const response = await send('POST', '/v1/transactions/open', {
      contentType: JSON_TYPE,
      body: JSON.stringify({
        databaseName: runScopedName('nodb'),
        transactionType: 'read',
        transactionOptions: { transactionTimeoutMillis: 'soon' },
      }),
    });
    await expectRawError(response, 400, 'HSR2');
  });

  describeNeeding(CREATES_USERS, 'on users', () => {
    it('a missing required field (and no user is created)', async () => {
      const username = runScopedName('nopw');
      typedb.trackUser(username);
      const response = await send('POST', `/v1/users/${username}`, { contentType: JSON_TYPE, body: '{}' });
      await expectRawError(response, 400, 'HSR2');
      expect((await send('GET', `/v1/users/${username}`)).status).toBe(404);
    });
  });
});
