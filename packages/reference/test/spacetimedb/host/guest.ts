import type { RawModuleDefV9 } from '@dbwire/spacetimedb-sats';
import { CommittedTables, Transaction, tableSchemas } from '../../../src/spacetimedb/datastore/index.js';
import { InstanceEnv } from '../../../src/spacetimedb/host/env.js';
import { type HostFunctionName, hostImports } from '../../../src/spacetimedb/host/imports.js';
import type { ModuleLogLine } from '../../../src/spacetimedb/host/types.js';

type HostFunction = (...args: number[]) => number;

/**
 * Plays the guest side of the ABI from JavaScript: a linear memory with a bump allocator, and the
 * host functions of one `InstanceEnv` called directly (as a module would through its imports).
 */
export class FakeGuest {
  readonly memory = new WebAssembly.Memory({ initial: 1, maximum: 16 });
  readonly env: InstanceEnv;
  readonly logs: ModuleLogLine[] = [];
  readonly call: Record<HostFunctionName, HostFunction>;
  private next = 16;

  constructor(def: RawModuleDefV9, databaseIdentity = 0n) {
    this.env = new InstanceEnv({ databaseIdentity, log: (line) => this.logs.push(line) }, def.typespace);
    this.env.attachMemory(this.memory);
    this.call = Object.assign({}, ...Object.values(hostImports(this.env))) as Record<HostFunctionName, HostFunction>;
  }

  /** Starts a "reducer call" over a fresh transaction of `def`'s tables. */
  begin(def: RawModuleDefV9, reducerName = 'test'): Transaction {
    const tx = new Transaction(new CommittedTables(tableSchemas(def)));
    this.env.call = { tx, reducerName };
    return tx;
  }

  alloc(size: number): number {
    const ptr = this.next;
    this.next += Math.max(size, 1) + ((8 - (size % 8)) % 8);
    if (this.next > this.memory.buffer.byteLength) this.memory.grow(1);
    return ptr;
  }

  put(bytes: Uint8Array): number {
    const ptr = this.alloc(bytes.length);
    new Uint8Array(this.memory.buffer, ptr, bytes.length).set(bytes);
    return ptr;
  }

  text(value: string): [number, number] {
    const bytes = new TextEncoder().encode(value);
    return [this.put(bytes), bytes.length];
  }

  /** A u32 cell holding `value` (a `*_len_ptr`), returned as its pointer. */
  cell(value = 0): number {
    const ptr = this.alloc(8);
    new DataView(this.memory.buffer).setUint32(ptr, value, true);
    return ptr;
  }

  u32(ptr: number): number {
    return new DataView(this.memory.buffer).getUint32(ptr, true);
  }

  u64(ptr: number): bigint {
    return new DataView(this.memory.buffer).getBigUint64(ptr, true);
  }

  bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, len).slice();
  }
}
