import { describe, it } from 'vitest';
import { type CapabilityName, capabilityOn, capabilitySkipSuffix, missingCapabilities } from './capabilities.js';

/** What a group of checks needs from the capability flags (see src/capabilities.ts). */
export interface Needs {
  /** Capabilities that must be on. */
  capabilities?: readonly CapabilityName[];
  /** Capabilities that must be off (checks of what a server does *without* a feature). */
  off?: readonly CapabilityName[];
}

/** The name suffix saying why a check is skipped (`[capability off: a] [capability on: b]`), or `''`. */
export function needsSuffix(needs: Needs): string {
  let suffix = capabilitySkipSuffix(missingCapabilities(needs.capabilities ?? []));
  const on = (needs.off ?? []).filter((name) => capabilityOn(name));
  if (on.length > 0) suffix += ` [capability on: ${on.join(', ')}]`;
  return suffix;
}

/** `describe`, skipped when what it needs is missing, and then saying why in its name. */
export function describeNeeding(needs: Needs, name: string, fn: () => void): void {
  const suffix = needsSuffix(needs);
  describe.skipIf(suffix !== '')(`${name}${suffix}`, fn);
}

/** `it`, skipped when what it needs is missing, and then saying why in its name. */
export function itNeeding(needs: Needs, name: string, fn: () => Promise<void>, timeout?: number): void {
  const suffix = needsSuffix(needs);
  it.skipIf(suffix !== '')(`${name}${suffix}`, fn, timeout);
}
