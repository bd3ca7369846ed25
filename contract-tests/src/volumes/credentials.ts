import { getTarget, type Target } from '../target.js';

/**
 * Who the volumes suites act as. A volumes token is bound to one organization and workspace, has
 * permissions and may belong to an app, and nothing in the API says which: the suite is told, in
 * the syntax the reference server's own token option takes (`<token>=<org>/<workspace>[:<permissions>][@<app>]`).
 *
 * | env                  | flag                | what                                                          |
 * |----------------------|---------------------|---------------------------------------------------------------|
 * | DBWIRE_TOKEN         | --token             | a token with `volumes:admin` and no app (the main principal)  |
 * | DBWIRE_ORG           | --org               | its organization (default `dev-org`)                          |
 * | DBWIRE_WORKSPACE     | --workspace         | its workspace (default `dev-workspace`)                       |
 * | DBWIRE_TOKEN_B       | --token-b           | `<token>=<org>/<workspace>`: `volumes:admin` in another organization (tenancy checks) |
 * | DBWIRE_EXTRA_TOKENS  | --extra-token       | more tokens of the main workspace, space-separated: one with only `read`, one with only `write` (permission matrix), app tokens of two apps (app callers, lock contention) |
 *
 * Checks that need a principal nobody gave are skipped, and say which option would run them.
 */
export type Permission = 'read' | 'write' | 'admin';

export interface Principal {
  token: string;
  org: string;
  workspace: string;
  /** The highest permission: each includes the ones below it. */
  permission: Permission;
  app: string | undefined;
}

export interface VolumesCredentials {
  baseUrl: string;
  /** The main principal: `volumes:admin`, no app. */
  admin: Principal;
  /** An admin of another organization. */
  otherTenant: Principal | undefined;
  /** A token of the main workspace with exactly `read`, and one with exactly `write` (no app). */
  reader: Principal | undefined;
  writer: Principal | undefined;
  /** App tokens of the main workspace, at most one per app, in the order given. */
  apps: Principal[];
  /** Whether the suite checks the in-process reference server (whose tokens it configured itself). */
  inProcess: boolean;
}

/**
 * The tokens the in-process reference server is started with (src/global-setup.ts) and the suites
 * then use: `dev-token` (the server's development default, kept) and one of each other kind.
 */
export const IN_PROCESS_TOKENS: readonly string[] = [
  'dev-token=dev-org/dev-workspace:admin',
  'conformance-other-org=conformance-org-b/conformance-workspace-b:admin',
  'conformance-read=dev-org/dev-workspace:read',
  'conformance-write=dev-org/dev-workspace:write',
  'conformance-app-a=dev-org/dev-workspace:write@conformance-app-a',
  'conformance-app-b=dev-org/dev-workspace:write@conformance-app-b',
];

const ORDER: readonly Permission[] = ['read', 'write', 'admin'];
const SPEC = /^([^=\s]+)=([^/:@\s]+)\/([^/:@\s]+)(?::([^@\s]+))?(?:@(\S+))?$/;

/** A token in the reference server's syntax; permissions default to admin (as there). */
export function parsePrincipal(spec: string): Principal {
  const match = SPEC.exec(spec.trim());
  if (!match) throw new Error(`Invalid token '${spec}': expected <token>=<org>/<workspace>[:<permissions>][@<app>].`);
  const [, token, org, workspace, permissions, app] = match as unknown as [
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  let permission: Permission | undefined;
  for (const name of (permissions ?? 'admin').split(',')) {
    const short = name.replace(/^volumes:/, '') as Permission;
    if (!ORDER.includes(short)) throw new Error(`Invalid token '${spec}': unknown permission '${name}'.`);
    if (permission === undefined || ORDER.indexOf(short) > ORDER.indexOf(permission)) permission = short;
  }
  return { token, org, workspace, permission: permission ?? 'admin', app };
}

/** The principals of this run, from the environment (or the in-process server's own tokens). */
export function volumesCredentials(env: NodeJS.ProcessEnv = process.env): VolumesCredentials {
  const target: Target = getTarget('volumes', env);
  if (target.token === undefined)
    throw new Error('The volumes suites need a bearer token: pass --token (or DBWIRE_TOKEN).');
  // getTarget answers an external target only for the API under test, so its options are ours.
  const admin: Principal = {
    token: target.token,
    org: (!target.inProcess && env.DBWIRE_ORG) || 'dev-org',
    workspace: (!target.inProcess && env.DBWIRE_WORKSPACE) || 'dev-workspace',
    permission: 'admin',
    app: undefined,
  };
  const specs = target.inProcess
    ? IN_PROCESS_TOKENS
    : [env.DBWIRE_TOKEN_B ?? '', ...(env.DBWIRE_EXTRA_TOKENS ?? '').split(/\s+/)].filter((spec) => spec !== '');
  const principals = specs.map(parsePrincipal);
  const home = (p: Principal) => p.org === admin.org && p.workspace === admin.workspace;
  const user = (permission: Permission) =>
    principals.find((p) => home(p) && p.app === undefined && p.permission === permission && p.token !== admin.token);
  const apps: Principal[] = [];
  for (const p of principals) {
    if (home(p) && p.app !== undefined && !apps.some((known) => known.app === p.app)) apps.push(p);
  }
  return {
    baseUrl: target.baseUrl,
    admin,
    otherTenant: principals.find((p) => p.org !== admin.org && p.permission === 'admin' && p.app === undefined),
    reader: user('read'),
    writer: user('write'),
    apps,
    inProcess: target.inProcess,
  };
}
