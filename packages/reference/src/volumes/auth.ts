import type { AuthenticationResult, RawRequest, RouteDefinition } from '@dbwire/server-stubs';
import { volumesError, volumesErrorResponse } from '@dbwire/server-stubs/volumes';
import { bearerToken, isBearerTokenText } from '../shared/bearer.js';
import type { Permission, VolumesCaller } from './model.js';

/** A configured bearer token: the tenant it is bound to, what it may do and, optionally, its app. */
export interface VolumesToken {
  org_id: string;
  workspace_id: string;
  /** Each implies the ones below it: `volumes:admin` > `volumes:write` > `volumes:read`. */
  permissions: Permission[];
  /** An app token: limited to the app's mounts, never creates or changes volumes, mounts or reindexes. */
  app_id?: string;
  /** Recorded as `created_by` / `granted_by`; default the app id, or `user`. */
  principal?: string;
  /** Until when the token is valid (ms since the epoch). */
  expiresAtMs?: number;
}

/**
 * The development token a fresh server accepts when no tokens are configured: `dev-token`, bound
 * to organization `dev-org` and workspace `dev-workspace` with every permission and no app.
 * Giving any tokens replaces it.
 */
export const DEFAULT_TOKENS: Readonly<Record<string, VolumesToken>> = {
  'dev-token': { org_id: 'dev-org', workspace_id: 'dev-workspace', permissions: ['volumes:admin'], principal: 'dev' },
};

const PERMISSIONS: readonly Permission[] = ['volumes:read', 'volumes:write', 'volumes:admin'];
const SPEC = /^([^/:@,\s]+)\/([^/:@,\s]+)(?::([^@\s]+))?(?:@([^@\s]+))?$/;

/**
 * One token from its command-line form, `<token>=<org>/<workspace>[:<permissions>][@<app>]`, with
 * permissions comma-separated as `read`, `write`, `admin` or in full (`volumes:read`), all of them
 * when absent: `tok1=acme/research:read,write@support-bot`.
 */
export function parseTokenSpec(spec: string): [string, VolumesToken] {
  const separator = spec.indexOf('=');
  const token = spec.slice(0, separator).trim();
  const match = SPEC.exec(spec.slice(separator + 1).trim());
  if (separator <= 0 || token === '' || !match) {
    throw new TypeError(`Invalid volumes token '${spec}': expected <token>=<org>/<workspace>[:<permissions>][@<app>].`);
  }
  const [, org, workspace, permissionList, app] = match as unknown as [string, string, string, string?, string?];
  const permissions = (permissionList ?? 'admin').split(',').map((name) => {
    const full = (name.startsWith('volumes:') ? name : `volumes:${name}`) as Permission;
    if (!PERMISSIONS.includes(full)) {
      throw new TypeError(`Invalid volumes token '${spec}': unknown permission '${name}' (read, write or admin).`);
    }
    return full;
  });
  return [token, { org_id: org, workspace_id: workspace, permissions, ...(app ? { app_id: app } : {}) }];
}

/** The permission each operation needs (the spec's descriptions). `downloadBlob` needs none. */
const REQUIRED: Record<string, Permission> = {
  listVolumes: 'volumes:read',
  getVolume: 'volumes:read',
  listVolumeMounts: 'volumes:read',
  readEntry: 'volumes:read',
  listEntries: 'volumes:read',
  getDownloadUrl: 'volumes:read',
  searchVolume: 'volumes:read',
  searchAllVolumes: 'volumes:read',
  listLocks: 'volumes:read',
  createVolume: 'volumes:write',
  updateVolume: 'volumes:write',
  writeEntry: 'volumes:write',
  deleteEntry: 'volumes:write',
  uploadFileEntry: 'volumes:write',
  acquireLock: 'volumes:write',
  releaseLock: 'volumes:write',
  deleteVolume: 'volumes:admin',
  createVolumeMount: 'volumes:admin',
  deleteVolumeMount: 'volumes:admin',
  reindexVolume: 'volumes:admin',
};

/** What app tokens may never do, whatever their permissions. */
const NOT_FOR_APPS = new Set([
  'createVolume',
  'updateVolume',
  'deleteVolume',
  'createVolumeMount',
  'deleteVolumeMount',
  'reindexVolume',
]);

export interface BodyLimits {
  /** Largest `writeEntry` body. */
  entry: number;
  /** Largest `uploadFileEntry` body (the file plus its form fields). */
  upload: number;
}

/**
 * Authentication and the checks the spec orders before request validation: 401 without a valid
 * token, then 413 for an entry or upload body over its limit, then 403 for a missing permission.
 */
export class TokenTable {
  private readonly tokens: Map<string, VolumesCaller & { expiresAtMs?: number }>;

  constructor(
    tokens: Record<string, VolumesToken>,
    private readonly limits: BodyLimits,
    private readonly now: () => number,
  ) {
    this.tokens = new Map();
    for (const [token, grant] of Object.entries(tokens)) {
      if (!isBearerTokenText(token)) throw new TypeError('A volumes token must be printable ASCII without spaces.');
      if (grant.org_id === '' || grant.workspace_id === '')
        throw new TypeError('A volumes token needs an org and a workspace.');
      const levels = grant.permissions.map((permission) => PERMISSIONS.indexOf(permission));
      if (levels.some((level) => level < 0))
        throw new TypeError(`Unknown permission in ${grant.permissions.join(',')}.`);
      const top = Math.max(-1, ...levels);
      this.tokens.set(token, {
        org_id: grant.org_id,
        workspace_id: grant.workspace_id,
        permissions: new Set(PERMISSIONS.slice(0, top + 1)),
        app_id: grant.app_id,
        principal: grant.principal ?? grant.app_id ?? 'user',
        ...(grant.expiresAtMs === undefined ? {} : { expiresAtMs: grant.expiresAtMs }),
      });
    }
  }

  authenticate(request: RawRequest, route: RouteDefinition): AuthenticationResult<VolumesCaller> {
    const authorization = request.headers.authorization;
    const token = authorization === undefined ? undefined : bearerToken(authorization);
    const grant = token === undefined ? undefined : this.tokens.get(token);
    if (!grant || (grant.expiresAtMs !== undefined && grant.expiresAtMs <= this.now())) {
      const reason =
        authorization === undefined ? 'missing_token' : token === undefined ? 'malformed_token' : 'invalid_token';
      return {
        response: volumesErrorResponse(
          401,
          'AUTHENTICATION_FAILED',
          'Authentication required',
          { reason },
          { 'www-authenticate': 'Bearer' },
        ),
      };
    }
    const size = request.body?.byteLength ?? 0;
    const limit =
      route.operationId === 'writeEntry'
        ? this.limits.entry
        : route.operationId === 'uploadFileEntry'
          ? this.limits.upload
          : undefined;
    if (limit !== undefined && size > limit) {
      return { response: tooLarge(limit).response };
    }
    const required = REQUIRED[route.operationId];
    if (required !== undefined && !grant.permissions.has(required)) return { response: forbidden(required).response };
    if (grant.app_id !== undefined && NOT_FOR_APPS.has(route.operationId)) {
      return { response: forbidden(required ?? 'volumes:admin', 'App tokens cannot do this.').response };
    }
    const { expiresAtMs: _, ...caller } = grant;
    return { context: caller };
  }
}

export function forbidden(permission: string, message = "You don't have permission to perform this action") {
  return volumesError(403, 'FORBIDDEN', message, { required_permission: permission });
}

export function tooLarge(limit: number) {
  return volumesError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large', { limit_bytes: limit });
}

/**
 * The app a request acts for: the token's own app, or the `app_id` it names (which makes a user
 * token's request an app caller's). Naming another app than the token's answers 403.
 */
export function actingApp(caller: VolumesCaller, named: string | null | undefined): string | undefined {
  if (named !== undefined && named !== null && caller.app_id !== undefined && named !== caller.app_id) {
    throw volumesError(403, 'FORBIDDEN', 'The app_id is not the token\u2019s app', {
      required_permission: `app:${named}`,
    });
  }
  return caller.app_id ?? named ?? undefined;
}
