import type { TypedbHandlers } from '@dbwire/server-stubs/typedb';
import { MemoryEngine } from '@dbwire/storage';
import { describe, expect, it } from 'vitest';
import { createTypeDBReference, type TypeDBCaller } from '../src/typedb/index.js';

const admin: TypeDBCaller = { username: 'admin' };

/** A reference server over `storage`, as a restarted process would build it. */
async function start(storage: MemoryEngine) {
  const reference = await createTypeDBReference({ storage, passwordIterations: 1000 });
  const handlers = reference.binding.handlers as TypedbHandlers<TypeDBCaller>;
  const oneShot = (transactionType: 'read' | 'write' | 'schema', query: string) =>
    handlers.oneShotQuery(
      { params: {}, query: {}, headers: {}, body: { databaseName: 'social', transactionType, query } },
      admin,
    );
  return { reference, handlers, oneShot };
}

describe('TypeDB data on the storage engine', () => {
  it('is there again, schema and data, for a server started over the same storage', async () => {
    const storage = new MemoryEngine();
    const first = await start(storage);
    await first.handlers.createDatabase(
      { params: { databaseName: 'social' }, query: {}, headers: {}, body: undefined },
      admin,
    );
    await first.oneShot('schema', 'define attribute name, value string; entity person, owns name @key;');
    await first.oneShot('write', 'insert $a isa person, has name "Ann"; $b isa person, has name "Bob";');
    await first.oneShot('write', 'match $b isa person, has name "Bob"; delete $b;');
    first.reference.close();

    const second = await start(storage);
    const names = await second.oneShot('read', 'match $p isa person, has name $n; sort $n; fetch { "name": $n };');
    expect(names).toMatchObject({ status: 200, body: { answers: [{ name: 'Ann' }] } });
    const schema = await second.handlers.getDatabaseSchema(
      { params: { databaseName: 'social' }, query: {}, headers: {}, body: undefined },
      admin,
    );
    expect(schema).toMatchObject({
      status: 200,
      body: 'define\n\nattribute name,\n value string;\nentity person,\n  owns name @key;',
    });
    // The key index came back too: a second "Ann" is refused.
    await expect(second.oneShot('write', 'insert $c isa person, has name "Ann";')).rejects.toMatchObject({
      response: { status: 400 },
    });
    second.reference.close();
  });
});
