import type { StorageEngine } from '@dbwire/storage';
import type { ModuleLogs } from './logs.js';
import type { Runtime } from './runtime.js';
import type { TokenIssuer } from './tokens.js';

/** What every part of the SpacetimeDB host shares. */
export interface SpacetimedbContext {
  storage: StorageEngine;
  issuer: TokenIssuer;
  runtime: Runtime;
  logs: ModuleLogs;
  /** Milliseconds since the epoch. */
  now: () => number;
}
