import type { CapabilityName } from '../capabilities.js';
import { describeNeeding as describeWith } from '../needs.js';

/**
 * Capability needs of the TypeDB behaviour suites, on the shared registry (`src/capabilities.ts`).
 * `typeql` (on by default) says whether the target executes TypeQL.
 */
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
  const capabilities = [...(needs.capabilities ?? []), ...(needs.typeql === true ? (['typeql'] as const) : [])];
  describeWith({ capabilities, off: needs.typeql === false ? ['typeql'] : [] }, name, fn);
}
