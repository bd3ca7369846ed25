import { describe } from 'vitest';
import {
  CAPABILITIES_ENV,
  type CapabilityName,
  capabilitySkipSuffix,
  missingCapabilities,
  parseCapabilities,
} from '../capabilities.js';

/**
 * Capability flags for the TypeDB behaviour suites, on top of the shared registry
 * (`src/capabilities.ts`: same `DBWIRE_CAPABILITIES` syntax, same `[capability off: …]` naming).
 *
 * `typeql` is TypeDB-specific and not in the shared registry, where unknown names default to on;
 * here it defaults to **off** until the reference server executes TypeQL (it answers 400 `SRV1`).
 * Turn it on with `DBWIRE_CAPABILITIES=typeql=on` for a server that runs queries.
 */
const TYPEDB_DEFAULTS = { typeql: false } as const;

export type TypeDBCapability = keyof typeof TYPEDB_DEFAULTS;

export function hasCapability(name: TypeDBCapability, env: NodeJS.ProcessEnv = process.env): boolean {
  return parseCapabilities(env[CAPABILITIES_ENV])[name] ?? TYPEDB_DEFAULTS[name];
}

/** What a group of checks needs: shared capabilities on, and optionally `typeql` on or off. */
export interface Needs {
  capabilities?: readonly CapabilityName[];
  /** `true`: runs only when the target executes TypeQL; `false`: only while it does not. */
  typeql?: boolean;
}

/** Creating databases (fixtures) needs `state-changes`; creating users also `admin-credentials`. */
export const CREATES_DATABASES: Needs = { capabilities: ['state-changes'] };
export const CREATES_USERS: Needs = { capabilities: ['state-changes', 'admin-credentials'] };

/**
 * `describe`, skipped when what it needs is missing, and then saying why in its name
 * (`… [capability off: state-changes]`, `… [capability off: typeql]`, `… [capability on: typeql]`).
 */
export function describeNeeding(needs: Needs, name: string, fn: () => void): void {
  const missing = missingCapabilities(needs.capabilities ?? []);
  let suffix = capabilitySkipSuffix(missing);
  if (needs.typeql !== undefined && hasCapability('typeql') !== needs.typeql) {
    suffix += needs.typeql ? ' [capability off: typeql]' : ' [capability on: typeql]';
  }
  describe.skipIf(suffix !== '')(`${name}${suffix}`, fn);
}
