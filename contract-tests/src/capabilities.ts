/**
 * Capability flags: behaviour the spec leaves open, or permissions the suite may lack against a
 * given server. A check that needs a capability that is off is *skipped, and says so in its name*
 * (`… [capability off: admin-credentials]`), never silently dropped.
 *
 * Set them with `DBWIRE_CAPABILITIES=name=off,other=on` or `dbwire conformance --capability name=off`.
 */
export interface CapabilityDefinition {
  /** Whether the capability is on when nobody says otherwise. */
  default: boolean;
  description: string;
}

export const CAPABILITIES = {
  'admin-credentials': {
    default: true,
    description:
      "The credentials given to the suite (--username/--password or --token) are an administrator's. When off, checks of admin-only operations (listing and creating users; TypeDB: getUsers, createUser, updateUser, deleteUser) are skipped, and no fixture users are created.",
  },
  'state-changes': {
    default: true,
    description:
      'The suite may create and delete resources on the server (TypeDB: databases and users; write daemon: namespaces and commits; Iceberg: namespaces and tables; SpacetimeDB: databases, their names and rows), always under run-scoped names or ids, removed again at the end. When off, checks of operations that create, change or delete them are skipped, and no fixtures are created, so the remaining checks only see the not-found paths.',
  },
  typeql: {
    default: true,
    description:
      'TypeDB: the server executes TypeQL queries. Turn it off for a server that serves only the control plane (sign-in, databases, users, transactions); the query tests are then skipped.',
  },
  quota: {
    default: false,
    description:
      "Write daemon: the server's per-tenant rate limit is low enough for the suite to exhaust (within 2,000 requests to one namespace). When on, the 429 QUOTA_EXCEEDED path is checked (Retry-After, retry_after_ms, other tenants and probes unaffected).",
  },
  'reverse-expiry': {
    default: false,
    description:
      'Write daemon: the server removes undo records by retention, and DBWIRE_EXPIRED_COMMIT names one that is gone (`<namespace_id>/<commit_id>`). When on, reversing it must answer 410 REVERSE_NO_LONGER_AVAILABLE. The API has no way to make an undo record expire, so the check needs one given.',
  },
  clock: {
    default: false,
    description:
      "Volumes: the suite can move the server's clock, so entry TTLs, presigned download URLs and lock leases can be seen to expire without waiting minutes. Only the in-process reference server offers it (and turns it on); elsewhere those checks are skipped.",
  },
} as const satisfies Record<string, CapabilityDefinition>;

export type CapabilityName = keyof typeof CAPABILITIES;

export const CAPABILITIES_ENV = 'DBWIRE_CAPABILITIES';

const ON = new Set(['on', 'true', 'yes', '1']);
const OFF = new Set(['off', 'false', 'no', '0']);

/**
 * Parses `name=on,other=off` (also `;`- or whitespace-separated; `name` alone means on). Throws on a
 * value that is neither on nor off. Unknown names are kept: suites may check flags this registry
 * does not list yet (the CLI warns about them).
 */
export function parseCapabilities(text: string | undefined): Record<string, boolean> {
  const flags: Record<string, boolean> = {};
  for (const item of (text ?? '').split(/[,;\s]+/)) {
    if (item === '') continue;
    const [rawName = '', rawValue = 'on'] = item.split('=', 2);
    const name = rawName.trim();
    const value = rawValue.trim().toLowerCase();
    if (ON.has(value)) flags[name] = true;
    else if (OFF.has(value)) flags[name] = false;
    else throw new Error(`Capability '${name}': expected on or off, got '${rawValue}'.`);
  }
  return flags;
}

/** Formats flags back into the `DBWIRE_CAPABILITIES` syntax. */
export function formatCapabilities(flags: Record<string, boolean>): string {
  return Object.entries(flags)
    .map(([name, on]) => `${name}=${on ? 'on' : 'off'}`)
    .join(',');
}

/** Whether a capability is on for this run. Names outside the registry default to on. */
export function capabilityOn(name: CapabilityName | (string & {}), env: NodeJS.ProcessEnv = process.env): boolean {
  const flags = parseCapabilities(env[CAPABILITIES_ENV]);
  if (name in flags) return flags[name] as boolean;
  return name in CAPABILITIES ? CAPABILITIES[name as CapabilityName].default : true;
}

/** The capabilities among `needed` that are off. */
export function missingCapabilities(
  needed: ReadonlyArray<CapabilityName | (string & {})>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  return needed.filter((name) => !capabilityOn(name, env));
}

/**
 * The suffix for the name of a test skipped for missing capabilities (`' [capability off: a, b]'`),
 * or `''` when none is missing. Use with `it.skipIf(missing.length > 0)(name + skipSuffix(missing), …)`.
 */
export function capabilitySkipSuffix(missing: readonly string[]): string {
  return missing.length === 0 ? '' : ` [capability off: ${missing.join(', ')}]`;
}
