import { freshPostgresSchema, testPostgresUrl } from '@dbwire/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServe, typedbSession } from './helpers/serve.js';

const url = testPostgresUrl();

/**
 * Two `dbwire serve` processes over one Postgres behave as one server: what one commits the other
 * sees, concurrent writes through both lose nothing, and uniqueness holds across them.
 */
describe.runIf(url !== undefined)('two dbwire serve processes over one Postgres', () => {
  const servers: Array<ServeProcess & { url: string; urls: Record<string, string> }> = [];
  let dispose: () => Promise<void> = async () => {};
  type Call = Awaited<ReturnType<typeof typedbSession>>;
  let onA: Call;
  let onB: Call;

  beforeAll(async () => {
    const fresh = freshPostgresSchema(url as string);
    dispose = fresh.dispose;
    const args = ['--engine', 'postgres', '--database-url', url as string, '--database-schema', fresh.schema];
    // One after the other: the first creates the tables and the admin user.
    servers.push(await startServe(args));
    servers.push(await startServe(args));
    onA = await typedbSession((servers[0] as { url: string }).url);
    onB = await typedbSession((servers[1] as { url: string }).url);
  }, 60_000);

  afterAll(async () => {
    for (const server of servers) server.child.kill('SIGKILL');
    await dispose();
  });

  const query = (call: Call, database: string, transactionType: string, text: string) =>
    call('POST', '/v1/query', { databaseName: database, transactionType, query: text });
  const codes = async (call: Call, database: string): Promise<string[]> => {
    const result = await query(call, database, 'read', 'match $i isa item, has code $c; fetch { "code": $c };');
    expect(result.status).toBe(200);
    return (result.body as { answers: Array<{ code: string }> }).answers.map((answer) => answer.code).sort();
  };
  const databaseWithSchema = async (name: string) => {
    expect((await onA('POST', `/v1/databases/${name}`)).status).toBe(200);
    const schema = await query(
      onA,
      name,
      'schema',
      'define entity item, owns code @key; attribute code, value string;',
    );
    expect(schema.status).toBe(200);
  };

  it('accepts on one process a token signed in on the other', async () => {
    const signin = await fetch(`${(servers[0] as { url: string }).url}/v1/signin`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'password' }),
    });
    const { token } = (await signin.json()) as { token: string };
    const list = await fetch(`${(servers[1] as { url: string }).url}/v1/databases`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(list.status).toBe(200);
  });

  it('loses no write when both processes commit concurrently', async () => {
    await databaseWithSchema('shared');
    const writes = Array.from({ length: 40 }, (_, n) =>
      query(n % 2 === 0 ? onA : onB, 'shared', 'write', `insert $i isa item, has code "item-${n}";`),
    );
    const results = await Promise.all(writes);
    expect(results.filter((result) => result.status !== 200)).toEqual([]);
    const expected = Array.from({ length: 40 }, (_, n) => `item-${n}`).sort();
    expect(await codes(onA, 'shared')).toEqual(expected);
    expect(await codes(onB, 'shared')).toEqual(expected);
  }, 60_000);

  it('keeps a @key unique across processes: of concurrent inserts of one value, exactly one commits', async () => {
    await databaseWithSchema('unique');
    const attempts = Array.from({ length: 10 }, (_, n) =>
      query(n % 2 === 0 ? onA : onB, 'unique', 'write', 'insert $i isa item, has code "only-one";'),
    );
    const statuses = (await Promise.all(attempts)).map((result) => result.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(9);
    expect(await codes(onA, 'unique')).toEqual(['only-one']);
    expect(await codes(onB, 'unique')).toEqual(['only-one']);
  }, 60_000);

  it('write daemon: concurrent commits through both processes get gapless, distinct world_seq ranges', async () => {
    const writeDaemon = (server: number) => async (path: string, body: unknown) => {
      const response = await fetch(
        `${(servers[server] as { urls: Record<string, string> }).urls['write-daemon']}/v1/write${path}`,
        {
          method: 'POST',
          headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        },
      );
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const [a, b] = [writeDaemon(0), writeDaemon(1)];
    expect((await a('/namespaces', { namespace_id: 9001, label: 'shared', tenant_id: 1 })).status).toBe(200);
    expect((await b('/namespaces/9001/lifecycle', { target_state: 'provisioned', reason: 'test' })).status).toBe(200);
    const setup = await a('/namespaces/9001/commit', {
      operations: [
        { op: 'RegisterClass', args: { request: { class_id: 'gold', name: 'gold' } } },
        { op: 'CreateContainer', args: { external_id: 'vault', kind: { type: 'balance' } } },
      ],
    });
    expect(setup.status).toBe(200);
    const add = {
      op: 'AddFungible',
      args: { class_id: 'gold', location: { kind: 'balance', container_id: 'vault' }, quantity: '1' },
    };
    const receipts = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 === 0 ? a : b)('/namespaces/9001/commit', { operations: [add] })),
    );
    expect(receipts.filter((receipt) => receipt.status !== 200)).toEqual([]);
    const sequences = receipts.map((receipt) => receipt.body.world_seq_start as number).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, n) => n + 3));
  }, 60_000);

  it('creates a user once when both processes are asked at the same time', async () => {
    const create = (call: Call) => call('POST', '/v1/users/twin', { password: 'secret' });
    const statuses = (await Promise.all([create(onA), create(onB), create(onA), create(onB)])).map(
      (result) => result.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect((await onB('GET', '/v1/users/twin')).status).toBe(200);
  }, 30_000);
});
