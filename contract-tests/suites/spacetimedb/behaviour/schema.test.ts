/**
 * The module's definition (spec: `getDatabaseSchema`): `version=9` is the `RawModuleDefV9` the
 * module describes, in SATS-JSON, to anyone (private tables listed too); any other version, or
 * none, is 400.
 */
import { canonicalJson, parseJson } from '@dbwire/json';
import { moduleDefToJson } from '@dbwire/spacetimedb-sats';
import { type TestModuleName, testModuleDef } from '@dbwire/test-modules/spacetimedb';
import { expect } from 'vitest';
import { itNeeding } from '../../../src/needs.js';
import { useSpacetimedb } from '../../../src/spacetimedb/fixture.js';
import { expectText } from '../../../src/spacetimedb/http.js';

const stdb = useSpacetimedb();
const STATE = { capabilities: ['state-changes'] } as const;

for (const module of ['quickstart', 'keyed', 'presence'] as TestModuleName[]) {
  itNeeding(STATE, `version=9 of the ${module} module is the definition it describes, for anyone`, async () => {
    const db = await stdb.publish(module);
    const reply = await stdb.anonymous.ok('getDatabaseSchema', { database: db.name as string, query: { version: 9 } });
    expect(reply.mediaType).toBe('application/json');
    expect(canonicalJson(parseJson(reply.text))).toBe(canonicalJson(moduleDefToJson(testModuleDef(module))));
  });
}

itNeeding(STATE, 'other versions, and none, are 400', async () => {
  const db = await stdb.publish('quickstart');
  for (const version of [8, 10, 1]) {
    expectText(await db.owner.client.call('getDatabaseSchema', { database: db.identity, query: { version } }), 400);
  }
  expectText(await db.owner.client.call('getDatabaseSchema', { database: db.identity }), 400);
});
