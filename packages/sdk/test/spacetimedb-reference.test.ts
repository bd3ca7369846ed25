import { parseJson, stringifyJson } from '@dbwire/json';
import { type RunningServer, startReferenceServer } from '@dbwire/reference-server';
import { invalidModules, loadTestModule, MESSAGES, testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiUserAbortError,
  BadRequestError,
  createSpacetimedbClient,
  ForbiddenError,
  type LogRecord,
  NotFoundError,
  PermissionDeniedError,
  ReducerFailedError,
  rowsAsObjects,
  ServerError,
  type SpacetimedbClient,
} from '../src/spacetimedb/index.js';
import { rejection } from './helpers.js';

/**
 * The SDK against the reference SpacetimeDB host (`dbwire serve` on the memory engine, every
 * response checked against the spec), with the hand-written test modules: anonymous identities
 * kept by the client own what they publish, reducers and SQL change and read real tables, u64
 * values stay exact, logs are read and followed, errors get their classes.
 */
let server: RunningServer;

beforeAll(async () => {
  server = await startReferenceServer({ ports: { spacetimedb: 0 }, validateResponses: true, logger: false });
});
afterAll(async () => {
  await server?.close();
});

const connect = (token?: string): SpacetimedbClient =>
  createSpacetimedbClient({ baseUrl: server.urls.spacetimedb, token, maxRetries: 0 });

let databases = 0;
async function publish(stdb: SpacetimedbClient, module: 'quickstart' | 'keyed'): Promise<string> {
  const name = `${module}-${++databases}`;
  await stdb.publishDatabase(name, await loadTestModule(module));
  return name;
}

describe('publishing and owning', () => {
  it('lets the anonymous identity that published a database name, republish and delete it', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'quickstart');
    expect(stdb.identity).toMatch(/^c200[0-9a-f]{60}$/);
    const identity = await stdb.getIdentity(name);
    expect(await stdb.getDatabase(identity)).toMatchObject({ owner_identity: stdb.identity, host_type: 'wasm' });

    expect(await stdb.addName(identity, `${name}-alias`)).toMatchObject({
      domain: `${name}-alias`,
      database_result: identity,
    });
    expect(await stdb.getNames(identity)).toEqual([name, `${name}-alias`]);
    await stdb.setNames(identity, [`${name}-only`]);
    expect(await stdb.getNames(`${name}-only`)).toEqual([`${name}-only`]);

    const again = await stdb.publishDatabase(`${name}-only`, await loadTestModule('quickstart'), { clear: true });
    expect(again).toMatchObject({ database_identity: identity, op: 'updated' });
    await stdb.deleteDatabase(`${name}-only`);
    expect(await rejection(stdb.getDatabase(identity))).toBeInstanceOf(NotFoundError);
  });

  it('publishes without a name, from a stream', async () => {
    const stdb = connect();
    const bytes = await loadTestModule('quickstart');
    const stream = new Blob([bytes]).stream();
    const published = await stdb.publishDatabase(undefined, stream);
    expect(published).toMatchObject({ op: 'created', database_identity: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await stdb.getNames(published.database_identity)).toEqual([]);
  });

  it('refuses someone else: 401 PermissionDenied to publish or name, 403 to delete', async () => {
    const name = await publish(connect(), 'quickstart');
    const stranger = connect();
    const denied = await rejection(stranger.publishDatabase(name, await loadTestModule('quickstart')));
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect(denied).toMatchObject({ status: 401, code: 'PermissionDenied', target: name });
    expect(await rejection(stranger.addName(name, `${name}-mine`))).toBeInstanceOf(PermissionDeniedError);
    const forbidden = await rejection(stranger.deleteDatabase(name));
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect((forbidden as ForbiddenError).message).toMatch(/: delete database$/);
  });

  it('answers 500 for a module that is not WebAssembly, and creates nothing', async () => {
    const stdb = connect();
    const { notWasm } = await invalidModules();
    expect(await rejection(stdb.publishDatabase('not-wasm', notWasm))).toBeInstanceOf(ServerError);
    expect(await rejection(stdb.getDatabase('not-wasm'))).toBeInstanceOf(NotFoundError);
  });

  it('serves the module definition as schema v9', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'keyed');
    expect(await stdb.getSchema(name)).toEqual(parseJson(stringifyJson(testModuleDef('keyed'))));
  });
});

describe('reducers and SQL', () => {
  it('calls reducers by position and by name; SQL sees the rows', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'quickstart');
    const called = await stdb.callReducer(name, 'add', ['Alice']);
    expect(called.energyUsed).toBe(0);
    await stdb.callReducer(name, 'add', { name: 'Bob' });
    const [people] = await stdb.sql(name, 'SELECT * FROM person');
    expect(rowsAsObjects(people ?? { schema: { elements: [] }, rows: [] })).toEqual([
      { name: 'Alice' },
      { name: 'Bob' },
    ]);
  });

  it('throws by status: 400 for wrong arguments, 404 for an unknown reducer, 530 for a failing one', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'keyed');
    expect(await rejection(stdb.callReducer(name, 'create_user', ['only-one']))).toBeInstanceOf(BadRequestError);
    expect(await rejection(stdb.callReducer(name, 'no_such_reducer'))).toBeInstanceOf(NotFoundError);
    const failed = await rejection(stdb.callReducer(name, 'add_then_fail', ['a@example.com', 'A']));
    expect(failed).toBeInstanceOf(ReducerFailedError);
    expect((failed as ReducerFailedError).message).toContain(MESSAGES.addThenFail);
    const [users] = await stdb.sql(name, 'SELECT * FROM user');
    expect(users?.rows).toEqual([]);
  });

  it('keeps u64 values beyond 2^53 exact, in reducer arguments and in rows', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'keyed');
    await stdb.sql(
      name,
      "INSERT INTO user (id, email, name, age) VALUES (18446744073709551615, 'max@example.com', 'Max', 1)",
    );
    await stdb.callReducer(name, 'rename_user', [18446744073709551615n, 'Maxime']);
    const [users] = await stdb.sql(name, 'SELECT id, name FROM user WHERE id = 18446744073709551615');
    expect(rowsAsObjects(users ?? { schema: { elements: [] }, rows: [] })).toEqual([
      { id: 18446744073709551615n, name: 'Maxime' },
    ]);
  });

  it('runs several statements in one transaction, one result each; a SQL error is a BadRequestError', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'quickstart');
    const results = await stdb.sql(name, "INSERT INTO person (name) VALUES ('Ada'); SELECT * FROM person");
    expect(results).toHaveLength(2);
    expect(results[0]?.stats).toMatchObject({ rows_inserted: 1 });
    expect(results[1]?.rows).toEqual([['Ada']]);
    expect(await rejection(stdb.sql(name, 'SELECT * FROM nowhere'))).toBeInstanceOf(BadRequestError);
  });
});

describe('logs', () => {
  it('reads the module log lines, and follows new ones until aborted', async () => {
    const stdb = connect();
    const name = await publish(stdb, 'quickstart');
    await stdb.callReducer(name, 'add', ['Alice']);
    await stdb.callReducer(name, 'say_hello');
    const lines = await stdb.logs(name);
    expect(lines.map((line) => line.message)).toEqual(expect.arrayContaining(['Hello, Alice!', MESSAGES.helloWorld]));
    expect(await stdb.logs(name, { numLines: 1 })).toHaveLength(1);

    const controller = new AbortController();
    const followed: LogRecord[] = [];
    const following = (async () => {
      for await (const line of stdb.followLogs(name, { numLines: 0, signal: controller.signal })) {
        followed.push(line);
        if (line.message === MESSAGES.helloWorld) controller.abort();
      }
    })();
    // Wait until the stream is open, then log: the lines arrive while it stays open.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stdb.callReducer(name, 'say_hello');
    expect(await rejection(following)).toBeInstanceOf(ApiUserAbortError);
    expect(followed.map((line) => line.message)).toEqual(['Hello, Alice!', MESSAGES.helloWorld]);
  });

  it('keeps logs to the owner', async () => {
    const name = await publish(connect(), 'quickstart');
    expect(await rejection(connect().logs(name))).toBeInstanceOf(ForbiddenError);
  });
});

describe('identities', () => {
  it('mints identities whose tokens a client can act with, and verifies them', async () => {
    const minter = connect();
    const { identity, token } = await minter.createIdentity();
    expect(minter.token).toBeUndefined();
    const stdb = connect(token);
    expect(stdb.identity).toBe(identity);
    const name = await publish(stdb, 'quickstart');
    expect((await stdb.getDatabase(name)).owner_identity).toBe(identity);

    expect(await stdb.verifyIdentity(identity)).toBe(true);
    expect(await minter.verifyIdentity(identity, token)).toBe(true);
    expect(await stdb.verifyIdentity(`c200${'0'.repeat(60)}`)).toBe(false);
    expect(await connect().verifyIdentity(identity)).toBe(false);
  });

  it('exchanges the token for a websocket token, and serves the public key', async () => {
    const stdb = connect((await connect().createIdentity()).token);
    const short = await stdb.websocketToken();
    expect(short.split('.')).toHaveLength(3);
    expect(await stdb.publicKey()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });
});
