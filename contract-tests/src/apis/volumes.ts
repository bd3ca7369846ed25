import type { JsonSchema, RouteDefinition } from '@dbwire/server-stubs';
import { volumesApi } from '@dbwire/server-stubs/volumes';
import fc from 'fast-check';
import { type CapabilityName, capabilityOn } from '../capabilities.js';
import { type Exchange, Fresh, type PathValue } from '../generic/http.js';
import type { ApiProfile, ProfileSession } from '../generic/profile.js';
import type { OperationHints } from '../generic/requests.js';
import { runScopedName, type Target } from '../target.js';
import { volumesCredentials } from '../volumes/credentials.js';
import { conformanceEnvironment, runScopedVolumeName } from '../volumes/fixture.js';
import { type Caller, type EntryDownloadResponse, type OkBody, VolumesClient } from '../volumes/http.js';
import { parseOrUndefined, setupError } from './session.js';

/** Refusals come in two shapes: the error envelope, and FastAPI's 422 detail list. */
const ERROR_SCHEMA: JsonSchema = {
  anyOf: [
    { $ref: `${volumesApi.schemas.$id}#/$defs/ErrorResponse` },
    { $ref: `${volumesApi.schemas.$id}#/$defs/HTTPValidationError` },
  ],
};

/** Operations that create, change or delete volumes, mounts, entries or locks. */
const STATE_CHANGES = new Set([
  'createVolume',
  'updateVolume',
  'deleteVolume',
  'createVolumeMount',
  'deleteVolumeMount',
  'writeEntry',
  'deleteEntry',
  'uploadFileEntry',
  'acquireLock',
  'releaseLock',
  'reindexVolume',
]);

/** The fixture volume's entries: paths with slashes, one of each content type. */
const TEXT_PATH = 'docs/guide/intro.md';
const JSON_PATH = 'data/config.json';
const FILE_PATH = 'files/reports/q1.bin';
const EXISTING_PATHS = [TEXT_PATH, JSON_PATH, FILE_PATH];
const LOCK_PARTITION = 'generic/partition/';

interface OperationFixture {
  volume: string;
  /** The app mounted on the whole volume (read_write). */
  app: string;
  lock: { partition: string; lockId: string };
  /** The file entry's presigned URL, split into the route's parameters (when it is one of ours). */
  blob: { key: string; exp: string; sig: string } | undefined;
}

/**
 * The volumes profile of the generic checks: the main token, per operation a run-scoped volume
 * holding a text, a JSON and an uploaded file entry at paths with slashes, an app mounted on it and
 * a lock, fresh volumes, entries and mounts for the deletes, the file's presigned URL for the
 * download route, and clean-up of every volume the generated requests created.
 *
 * Organization and workspace in the path are the token's own (or names of this run nobody has),
 * so the checks never touch another tenant.
 */
export const volumesProfile: ApiProfile = {
  api: volumesApi,
  errorSchema: ERROR_SCHEMA,
  requires: (route): CapabilityName[] => (STATE_CHANGES.has(route.operationId) ? ['state-changes'] : []),
  knownDeviations: () => [],
  openSession: async (target) => new VolumesSession(target),
};

class VolumesSession implements ProfileSession {
  readonly token: string;
  readonly username = 'conformance';
  private readonly caller: Caller;
  private readonly client: VolumesClient;
  private readonly perOperation = new Map<string, Promise<OperationFixture>>();
  /** Volumes this session made (or saw made). */
  private readonly volumes: string[] = [];

  constructor(target: Target) {
    const { admin } = volumesCredentials();
    this.token = admin.token;
    this.caller = admin;
    this.client = new VolumesClient(target.baseUrl, admin);
  }

  async hints(route: RouteDefinition): Promise<OperationHints> {
    const op = route.operationId;
    const unknown = (stem: string) => fc.constant(null).map(() => runScopedName(`dbwire-unknown-${stem}`));
    const tenant = {
      org_id: fc.oneof(
        { weight: 6, arbitrary: fc.constant(this.caller.org) },
        { weight: 1, arbitrary: unknown('org') },
      ),
      workspace_id: fc.oneof(
        { weight: 6, arbitrary: fc.constant(this.caller.workspace) },
        { weight: 1, arbitrary: unknown('workspace') },
      ),
    };
    if (!capabilityOn('state-changes')) {
      // Only the not-found paths (volumes of this run that nobody created).
      return { pathOnly: { ...tenant, volume_id: unknown('volume') } };
    }
    const fixture = await this.fixtureFor(op);
    const volume = fc.oneof(
      { weight: 6, arbitrary: fc.constant(fixture.volume) },
      { weight: 1, arbitrary: unknown('volume') },
    );
    const freshPath = fc
      .tuple(fc.constantFrom('generic', 'generic/nested', 'a/b/c'), fc.stringMatching(/^[a-z0-9]{1,8}$/))
      .map(([dir, name]) => `${dir}/${name}.txt`);
    const entryPath: fc.Arbitrary<PathValue> =
      op === 'deleteEntry'
        ? fc.constant(new Fresh('entry', fixture.volume))
        : op === 'writeEntry' || op === 'uploadFileEntry'
          ? fc.oneof(freshPath, fc.constantFrom(...EXISTING_PATHS))
          : op === 'getDownloadUrl'
            ? fc.constant(FILE_PATH)
            : fc.constantFrom(...EXISTING_PATHS);
    const hints: { -readonly [K in keyof OperationHints]: OperationHints[K] } = {
      pathOnly: {
        ...tenant,
        volume_id: op === 'deleteVolume' ? fc.constant(new Fresh('volume')) : volume,
      },
      path: {
        path: entryPath,
        mount_id: op === 'deleteVolumeMount' ? fc.constant(new Fresh('mount', fixture.volume)) : unknown('mount'),
        partition: fc.constant(fixture.lock.partition),
        ...(fixture.blob ? { blob_key: fc.constant(fixture.blob.key) } : {}),
      },
      query: {
        ...(fixture.blob ? { exp: fc.constant(fixture.blob.exp), sig: fc.constant(fixture.blob.sig) } : {}),
        lock_id: fc.constant(fixture.lock.lockId),
        app_id: fc.constant(fixture.app),
        environment_id: fc.constant(conformanceEnvironment()),
        path: fc.constantFrom('/', 'docs', 'docs/guide/', 'files/'),
      },
      properties: {
        app_id: fc.constantFrom(fixture.app, null),
        schema_id: fc.constant(null),
        query: fc.constantFrom('guide introduction', 'configuration settings', 'quarterly report'),
        // Upload form fields are text: JSON the server can read.
        ...(op === 'uploadFileEntry'
          ? {
              tags: fc.constant('["generic"]'),
              metadata: fc.constant('{"source":"generic"}'),
              app_id: fc.constant(fixture.app),
            }
          : {}),
      },
      propertiesOnly: {
        // Volumes of this run only: a generated name could collide with somebody else's.
        name: fc.constant(null).map(() => runScopedVolumeName('generic')),
        environment_id: fc.constant(conformanceEnvironment()),
        partition: fc.constant(null).map(() => runScopedName('generic-partition')),
      },
    };
    if (op === 'writeEntry') {
      // Exactly one of content and content_text (a rule the schema cannot say), so writes succeed too.
      hints.body = fc.oneof(
        fc.record({ content_text: fc.string({ maxLength: 40 }) }),
        fc.record({
          content: fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }),
        }),
        fc.record({
          content_text: fc.string({ maxLength: 40 }),
          ttl_seconds: fc.constant(31536000),
          tags: fc.constant(['generic']),
        }),
      );
    }
    if (op === 'deleteVolume' || op === 'deleteEntry' || op === 'deleteVolumeMount') {
      // Negative and auth cases aim at something a valid request would delete.
      hints.basePath = {
        ...(op === 'deleteVolume' ? { volume_id: fc.constant(new Fresh('volume')) } : {}),
        ...(op === 'deleteEntry' ? { path: fc.constant(new Fresh('entry', fixture.volume)) } : {}),
        ...(op === 'deleteVolumeMount' ? { mount_id: fc.constant(new Fresh('mount', fixture.volume)) } : {}),
        ...(op === 'deleteVolume' ? {} : { volume_id: fc.constant(fixture.volume) }),
        org_id: fc.constant(this.caller.org),
        workspace_id: fc.constant(this.caller.workspace),
      };
    }
    return hints;
  }

  /** A volume with one entry of each kind, a mount, a lock and a presigned URL, for one operation's requests. */
  private fixtureFor(operationId: string): Promise<OperationFixture> {
    let made = this.perOperation.get(operationId);
    if (!made) {
      made = (async () => {
        const volume = await this.createVolume();
        const app = runScopedName('dbwire-generic-app');
        const put = async (path: string, body: Record<string, unknown>) => {
          const reply = await this.client.call('writeEntry', { volume, path, body, conform: false });
          if (reply.status !== 200) throw setupError(`write the fixture entry ${path}`, reply);
        };
        await put(TEXT_PATH, { content_text: 'An introduction to the guide: how the generic checks use this volume.' });
        await put(JSON_PATH, { content: { setting: 'configuration', level: 3 } });
        const upload = await this.client.upload(volume, FILE_PATH, new Uint8Array([0, 1, 2, 250, 255]), {
          type: 'application/octet-stream',
          conform: false,
        });
        if (upload.status !== 201) throw setupError(`upload the fixture file ${FILE_PATH}`, upload);
        const mount = await this.client.call('createVolumeMount', {
          volume,
          body: { app_id: app, path_pattern: '**', access_level: 'read_write' },
          conform: false,
        });
        if (mount.status !== 201) throw setupError('mount the fixture volume', mount);
        const lock = await this.client.call('acquireLock', {
          volume,
          // The longest lease: tests elsewhere may move the server's clock.
          body: { partition: LOCK_PARTITION, app_id: app, ttl_seconds: 3600 },
          conform: false,
        });
        if (lock.status !== 201) throw setupError('acquire the fixture lock', lock);
        const download = await this.client.call('getDownloadUrl', {
          volume,
          path: FILE_PATH,
          query: { expires_in: 604800 },
          conform: false,
        });
        if (download.status !== 200) throw setupError('get the fixture download URL', download);
        return {
          volume,
          app,
          lock: { partition: LOCK_PARTITION, lockId: (lock.body as OkBody<'acquireLock'>).lock.lock_id },
          blob: blobParameters((download.body as EntryDownloadResponse).download_url),
        };
      })();
      this.perOperation.set(operationId, made);
    }
    return made;
  }

  private async createVolume(): Promise<string> {
    const created = await this.client.call('createVolume', {
      body: { name: runScopedVolumeName('generic'), environment_id: conformanceEnvironment() },
      conform: false,
    });
    if (created.status !== 201) throw setupError('create the fixture volume', created);
    const volume = (created.body as OkBody<'createVolume'>).volume.volume_id;
    this.volumes.push(volume);
    return volume;
  }

  async materialize(fresh: Fresh): Promise<{ value: string; dispose(): Promise<void> }> {
    const none = async () => {};
    switch (fresh.kind) {
      case 'volume':
        return { value: await this.createVolume(), dispose: none };
      case 'entry': {
        const path = `fresh/${Math.random().toString(36).slice(2, 10)}.txt`;
        const reply = await this.client.call('writeEntry', {
          volume: fresh.variant,
          path,
          body: { content_text: 'to be deleted' },
          conform: false,
        });
        if (reply.status !== 200) throw setupError(`write the entry ${path}`, reply);
        return { value: path, dispose: none };
      }
      case 'mount': {
        const reply = await this.client.call('createVolumeMount', {
          volume: fresh.variant,
          body: { app_id: runScopedName('dbwire-fresh-app'), path_pattern: '**', access_level: 'read' },
          conform: false,
        });
        if (reply.status !== 201) throw setupError('create a mount', reply);
        return { value: (reply.body as OkBody<'createVolumeMount'>).mount.mount_id, dispose: none };
      }
      default:
        throw new Error(`Cannot make ${fresh}.`);
    }
  }

  async observe(exchange: Exchange): Promise<void> {
    if (exchange.operationId !== 'createVolume' || exchange.response?.status !== 201) return;
    const made = (parseOrUndefined(exchange.response.text) as { volume?: { volume_id?: unknown } } | undefined)?.volume
      ?.volume_id;
    if (typeof made === 'string' && !this.volumes.includes(made)) this.volumes.push(made);
  }

  async close(): Promise<void> {
    for (const volume of this.volumes.splice(0).reverse()) {
      try {
        await this.client.call('deleteVolume', { volume, conform: false });
      } catch {
        // Best effort: the server may be gone already.
      }
    }
  }
}

/** A presigned URL of dbwire's shape (`/_blobs/{key}?exp=&sig=`) as the download route's parameters. */
function blobParameters(url: string): OperationFixture['blob'] {
  const parsed = new URL(url);
  const key = /^\/_blobs\/([^/]+)$/.exec(parsed.pathname)?.[1];
  const exp = parsed.searchParams.get('exp');
  const sig = parsed.searchParams.get('sig');
  return key && exp && sig ? { key: decodeURIComponent(key), exp, sig } : undefined;
}
