import type { Typespace } from '@dbwire/spacetimedb-sats';
import type { MutTx } from '../datastore/types.js';
import { AbiTrap, Errno, HostCallError } from './errno.js';
import { BytesSinks, BytesSources, HandleTable } from './handles.js';
import { nowMicros } from './log.js';
import { GuestMemory } from './memory.js';
import type { HostEnvironment, ModuleLogLine } from './types.js';

/** A row iterator: the BSATN of every row, taken when the scan started, and how far the guest has read. */
export interface RowIterator {
  readonly rows: readonly Uint8Array[];
  next: number;
}

export interface ConsoleTimer {
  readonly name: string;
  /** `performance.now()` when it started. */
  readonly start: number;
}

/** Where a `console_log` line comes from, as the guest says. */
export type LogSource = Pick<ModuleLogLine, 'target' | 'filename' | 'line_number'>;

/** What a reducer call gives the host functions: the transaction they act on, and the reducer (the `function` of log lines). */
export interface CurrentCall {
  readonly tx: MutTx;
  readonly reducerName: string;
}

/**
 * The host side of one module instance: its memory, the resources the guest holds handles to,
 * and the call in progress. Host functions read the transaction from here, so it exists only
 * while `__call_reducer__` runs (outside, datastore calls answer NOT_IN_TRANSACTION).
 */
export class InstanceEnv {
  private guestMemory: GuestMemory | undefined;
  readonly sources = new BytesSources();
  readonly sinks = new BytesSinks();
  readonly iterators = new HandleTable<RowIterator>();
  /** Timers outlive calls, as in the real host. */
  readonly timers = new HandleTable<ConsoleTimer>();
  call: CurrentCall | undefined;

  constructor(
    readonly environment: HostEnvironment,
    /** The module's typespace, for `Ref`s nested inside column types. */
    readonly typespace: Typespace,
  ) {}

  attachMemory(memory: WebAssembly.Memory): void {
    this.guestMemory = new GuestMemory(memory);
  }

  get memory(): GuestMemory {
    if (this.guestMemory === undefined)
      throw new AbiTrap('host function called before the instance exported its memory');
    return this.guestMemory;
  }

  /** The transaction of the call in progress. */
  get tx(): MutTx {
    return this.requireCall().tx;
  }

  /** The call in progress; NOT_IN_TRANSACTION outside one (during `__describe_module__`, `__preinit__*`, `__setup__`). */
  requireCall(): CurrentCall {
    if (this.call === undefined) {
      throw new HostCallError(Errno.NOT_IN_TRANSACTION, 'ABI call can only be made while in a transaction');
    }
    return this.call;
  }

  /** Logs a line attributed to the reducer in progress, fields in the order the real host writes them. */
  log(level: ModuleLogLine['level'], message: string, source: LogSource = {}): void {
    this.environment.log({
      level,
      ts: nowMicros(),
      ...(source.target === undefined ? {} : { target: source.target }),
      ...(source.filename === undefined ? {} : { filename: source.filename }),
      ...(source.line_number === undefined ? {} : { line_number: source.line_number }),
      ...(this.call === undefined ? {} : { function: this.call.reducerName }),
      message,
    });
  }

  /** Drops what belonged to the call that just ended (the real host's `finish_funcall`, plus its iterators). */
  endCall(): void {
    this.call = undefined;
    this.sources.clear();
    this.sinks.clear();
    this.iterators.clear();
  }
}
