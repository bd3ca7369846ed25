import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answers, type CliProcess, startCli } from './cli-process.js';

let mock: CliProcess;

beforeAll(async () => {
  mock = await startCli(['mock', 'iceberg', '--stateful', '--port', '0', '--log-level', 'warn'], 60_000);
}, 70_000);

afterAll(async () => {
  if (!mock) return;
  expect(await mock.stop()).toBe(0);
  expect(await answers(`${mock.url}/v1/config`)).toBe(false);
}, 30_000);

const auth = { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' };
const post = (path: string, body: string) => fetch(`${mock.url}${path}`, { method: 'POST', headers: auth, body });

describe('dbwire mock iceberg --stateful', () => {
  it('keeps namespaces and tables, commits 63-bit snapshot ids exactly, and answers with Iceberg errors', async () => {
    expect((await post('/v1/namespaces', '{"namespace":["db"]}')).status).toBe(200);
    const created = await post(
      '/v1/namespaces/db/tables',
      '{"name":"t","schema":{"type":"struct","fields":[{"id":1,"name":"id","type":"long","required":true}]}}',
    );
    expect(created.status).toBe(200);

    // Unlike Prism, what was created is there, and nothing else.
    const tables = await fetch(`${mock.url}/v1/namespaces/db/tables`, { headers: auth });
    expect(await tables.json()).toMatchObject({ identifiers: [{ namespace: ['db'], name: 't' }] });

    // A snapshot id Prism refuses (beyond 2^53) is kept digit for digit.
    const id = '9223372036854775807';
    const committed = await post(
      '/v1/namespaces/db/tables/t',
      `{"requirements":[{"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":null}],"updates":[
        {"action":"add-snapshot","snapshot":{"snapshot-id":${id},"sequence-number":1,"timestamp-ms":1767229200000,
          "manifest-list":"file:///tmp/snap.avro","summary":{"operation":"append"},"schema-id":0}},
        {"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":${id}}]}`,
    );
    expect(committed.status).toBe(200);
    const loaded = await (await fetch(`${mock.url}/v1/namespaces/db/tables/t`, { headers: auth })).text();
    expect(loaded).toContain(`"current-snapshot-id":${id}`);

    const missing = await fetch(`${mock.url}/v1/namespaces/db/tables/nope`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'NoSuchTableException', code: 404 } });

    // And a token must be one the catalog knows.
    const forged = await fetch(`${mock.url}/v1/namespaces`, { headers: { Authorization: 'Bearer forged' } });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ error: { type: 'NotAuthorizedException' } });
  });
});
