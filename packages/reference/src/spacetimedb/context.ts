import type { StorageEngine } from '@dbwire/storage';
import type { KeyedMutex } from '../write-daemon/mutex.js';
import type { ModuleLogs } from './logs.js';
import type { Runtime } from './runtime.js';
import type { TokenIssuer } from './tokens.js';

/** What every part of the SpacetimeDB host shares. */
export interface SpacetimedbContext {
  storage: StorageEngine;
  issuer: TokenIssuer;
  runtime: Runtime;
  logs: ModuleLogs;
  /** Reducer calls and SQL connections, one at a time per database identity (see `inConnection`). */
  connections: KeyedMutex;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Where failures the client only sees as a bare status go (module traps): the operator's log. */
  reportError: (error: unknown) => void;
}
