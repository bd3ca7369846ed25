// The public entry point, resolved the way users resolve it.
import { createDatabase, createTypeDBClient, getDatabaseSchema, getDatabases, TypeDBError } from '@dbwire/sdk/typedb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { empty, fakeFetch, json, text } from './fake-fetch.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('@dbwire/sdk/typedb', () => {
  it('works as the README shows, on the global fetch', async () => {
    const server = fakeFetch((request) => {
      if (request.path === '/v1/signin') return json(200, { token: 'jwt' });
      if (request.path === '/v1/databases') return json(200, { databases: [{ name: 'x' }] });
      if (request.path === '/v1/databases/x/schema') return text(200, 'define');
      if (request.path === '/v1/databases/y') return empty(200);
      return json(404, { code: 'DBE1', message: 'Database not found.' });
    });
    vi.stubGlobal('fetch', server.fetch);

    const client = createTypeDBClient({ baseUrl: 'http://127.0.0.1:8000', username: 'admin', password: 'password' });
    const { data } = await getDatabases({ client });
    const { data: schema } = await getDatabaseSchema({ client, path: { databaseName: 'x' } });
    const schemaText: string = schema;
    await createDatabase({ client, path: { databaseName: 'y' } });
    const missing = await getDatabaseSchema({ client, path: { databaseName: 'z' } }).catch((e: unknown) => e);

    expect(data.databases).toEqual([{ name: 'x' }]);
    expect(schemaText).toBe('define');
    expect(missing).toBeInstanceOf(TypeDBError);
    expect(missing).toMatchObject({ status: 404, code: 'DBE1' });
    expect(server.calls('POST', '/v1/signin')).toHaveLength(1);
  });
});
