import { it } from 'vitest';
import type { CapabilityName } from '../capabilities.js';
import { needsSuffix } from '../needs.js';
import { type VolumesCredentials, volumesCredentials } from './credentials.js';

/** Principals a check needs beyond the main token, and the option that supplies each. */
const PRINCIPALS = {
  otherTenant: '--token-b (an admin token of another organization)',
  reader: '--extra-token with only read permission',
  writer: '--extra-token with only write permission',
  twoApps: '--extra-token for two apps',
} as const;

export type NeededPrincipal = keyof typeof PRINCIPALS;

function has(credentials: VolumesCredentials, principal: NeededPrincipal): boolean {
  if (principal === 'twoApps') return credentials.apps.length >= 2;
  return credentials[principal] !== undefined;
}

/** The name suffix saying why a check is skipped (`[capability off: clock] [needs --token-b ...]`), or `''`. */
export function volumesNeedsSuffix(needs: {
  capabilities?: readonly CapabilityName[];
  principals?: readonly NeededPrincipal[];
}): string {
  let suffix = needsSuffix({ capabilities: needs.capabilities ?? [] });
  const principals = needs.principals ?? [];
  if (principals.length > 0) {
    const credentials = volumesCredentials();
    for (const principal of principals) if (!has(credentials, principal)) suffix += ` [needs ${PRINCIPALS[principal]}]`;
  }
  return suffix;
}

/** `it`, skipped when a capability or a principal is missing, and then saying why in its name. */
export function itWith(
  needs: { capabilities?: readonly CapabilityName[]; principals?: readonly NeededPrincipal[] },
  name: string,
  fn: () => Promise<void>,
  timeout?: number,
): void {
  const suffix = volumesNeedsSuffix(needs);
  it.skipIf(suffix !== '')(`${name}${suffix}`, fn, timeout);
}
