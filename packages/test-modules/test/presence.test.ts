import { encodeProduct, IDENTITY_TYPE } from '@dbwire/spacetimedb-sats';
import { describe, expect, it } from 'vitest';
import { loadTestModule, reducerId, testModuleDef } from '../src/spacetimedb/index.js';
import { callWithoutArgs, instantiateWithStubHost } from './stub-host.js';

/**
 * The presence module against a host that knows one table and one unique index: the rows the
 * module inserts and deletes (their BSATN, as hex) are kept in a set, as a datastore would, and
 * every table, index and point the module names is recorded, so the tests see exactly what the
 * module asked for.
 */

const ONLINE_TABLE_ID = 7;
const ONLINE_INDEX_ID = 9;
const ONLINE_INDEX = 'online_identity_idx_btree';
const NOT_FOUND = 2;

const ANN = 0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10_1112_1314_1516_1718_191a_1b1c_1d1e_1f20n;
/** An identity whose top limbs have the sign bit set, so a limb passed as a negative i64 must still be stored right. */
const BO = (1n << 256n) - 2n;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** The BSATN of an online row: its one column, the identity. */
function onlineRow(identity: bigint): string {
  return hex(
    encodeProduct({ elements: [{ name: { some: 'identity' }, algebraic_type: IDENTITY_TYPE }] }, [[identity]]),
  );
}

async function presenceHost() {
  const rows = new Set<string>();
  const names: string[] = [];
  const bytesAt = (memory: DataView, pointer: number, length: number) =>
    new Uint8Array(memory.buffer.slice(pointer, pointer + length));
  const host = await instantiateWithStubHost(await loadTestModule('presence'), (memory) => ({
    table_id_from_name(pointer, length, out) {
      const name = new TextDecoder().decode(bytesAt(memory(), pointer, length));
      names.push(name);
      if (name !== 'online') return NOT_FOUND;
      memory().setUint32(out, ONLINE_TABLE_ID, true);
      return 0;
    },
    index_id_from_name(pointer, length, out) {
      const name = new TextDecoder().decode(bytesAt(memory(), pointer, length));
      names.push(name);
      if (name !== ONLINE_INDEX) return NOT_FOUND;
      memory().setUint32(out, ONLINE_INDEX_ID, true);
      return 0;
    },
    datastore_insert_bsatn(tableId, pointer, lengthPointer) {
      if (tableId !== ONLINE_TABLE_ID) return NOT_FOUND;
      rows.add(hex(bytesAt(memory(), pointer, memory().getUint32(lengthPointer, true))));
      // No sequences: nothing generated, nothing written back.
      memory().setUint32(lengthPointer, 0, true);
      return 0;
    },
    datastore_delete_by_index_scan_point_bsatn(indexId, pointer, length, out) {
      if (indexId !== ONLINE_INDEX_ID) return NOT_FOUND;
      // The index has one column and the row is that column, so a point is a whole row.
      const deleted = rows.delete(hex(bytesAt(memory(), pointer, length)));
      memory().setUint32(out, deleted ? 1 : 0, true);
      return 0;
    },
  }));
  const call = (reducer: string, sender: bigint) => callWithoutArgs(host, reducerId('presence', reducer), sender);
  return { host, rows, names, call };
}

describe('the presence module', () => {
  it('declares a public online table keyed by Identity and its lifecycle reducers', () => {
    const def = testModuleDef('presence');
    expect(def.tables.map((table) => [table.name, table.table_access, table.primary_key])).toEqual([
      ['online', { Public: [] }, [0]],
    ]);
    expect(def.typespace.types[0]).toEqual({
      Product: { elements: [{ name: { some: 'identity' }, algebraic_type: IDENTITY_TYPE }] },
    });
    expect(def.reducers.map((reducer) => [reducer.name, reducer.lifecycle])).toEqual([
      ['identity_connected', { some: { OnConnect: [] } }],
      ['identity_disconnected', { some: { OnDisconnect: [] } }],
      ['ping', { none: [] }],
    ]);
  });

  it('inserts the sender on connect and deletes it through the primary key index on disconnect', async () => {
    const { rows, names, call } = await presenceHost();
    expect(call('identity_connected', ANN)).toEqual({ result: 0, error: '' });
    expect(call('identity_connected', BO)).toEqual({ result: 0, error: '' });
    expect([...rows].sort()).toEqual([onlineRow(ANN), onlineRow(BO)].sort());
    expect(names).toEqual(['online', 'online']);

    expect(call('identity_disconnected', ANN)).toEqual({ result: 0, error: '' });
    expect([...rows]).toEqual([onlineRow(BO)]);
    expect(names.slice(2)).toEqual([ONLINE_INDEX]);
    expect(call('identity_disconnected', BO)).toEqual({ result: 0, error: '' });
    expect(rows.size).toBe(0);
  });

  it('takes a disconnect without a row as done (another connection of the identity left first)', async () => {
    const { rows, call } = await presenceHost();
    expect(call('identity_disconnected', ANN)).toEqual({ result: 0, error: '' });
    expect(rows.size).toBe(0);
  });

  it('pings without touching the datastore', async () => {
    const { rows, names, call } = await presenceHost();
    expect(call('ping', ANN)).toEqual({ result: 0, error: '' });
    expect(rows.size).toBe(0);
    expect(names).toEqual([]);
  });

  it('reports a failed insert as a reducer error naming the host call', async () => {
    const host = await instantiateWithStubHost(await loadTestModule('presence'), (memory) => ({
      table_id_from_name(_pointer, _length, out) {
        memory().setUint32(out, ONLINE_TABLE_ID, true);
        return 0;
      },
      datastore_insert_bsatn: () => 12,
    }));
    expect(callWithoutArgs(host, reducerId('presence', 'identity_connected'), ANN)).toEqual({
      result: 1,
      error: 'datastore_insert_bsatn failed with errno 12',
    });
  });
});
