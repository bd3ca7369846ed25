import { scanJson } from '@dbwire/storage';
import { transactRequest } from '../shared/transact.js';
import { actingApp } from './auth.js';
import type { VolumesContext } from './context.js';
import { indexedEntry, indexedVolume } from './indexing.js';
import { keys } from './keys.js';
import type { SearchRequest, SearchResponse, StoredVolume, Tenant, VolumesCaller } from './model.js';
import type { IndexedVolume } from './search/index.js';
import { coverage, liveEntry, requireVolume } from './store.js';

/** A volume to search and the paths the caller may see in it. */
interface Scope {
  volume: StoredVolume;
  covers: (path: string) => boolean;
}

/**
 * `searchVolume` and `searchAllVolumes`: which volumes and paths a caller may search, handed to the
 * search index with a liveness check that hides deleted, expired and uncovered entries.
 */
export class Searches {
  constructor(private readonly context: VolumesContext) {}

  /** One volume; app callers only under their mounts (either access level). */
  async volume(
    caller: VolumesCaller,
    tenant: Tenant,
    volumeId: string,
    request: SearchRequest,
  ): Promise<SearchResponse> {
    const app = actingApp(caller, undefined);
    const scope = await transactRequest(this.context.storage, async (tx) => {
      const volume = await requireVolume(tx, tenant, volumeId);
      return { volume, covers: await coverage(tx, volumeId, app, 'read') };
    });
    return this.run([scope], request);
  }

  /**
   * Every volume the app (the token's, or `app_id`) has mounted, only under its mounts; without an
   * app, every volume of the workspace.
   */
  async all(
    caller: VolumesCaller,
    tenant: Tenant,
    appId: string | null | undefined,
    request: SearchRequest,
  ): Promise<SearchResponse> {
    const app = actingApp(caller, appId);
    const scopes = await transactRequest(this.context.storage, async (tx) => {
      const rows = await scanJson<StoredVolume>(tx, { prefix: keys.volumesOf(tenant.org_id, tenant.workspace_id) });
      const found: Scope[] = [];
      for (const { value: volume } of rows) {
        if (volume.status === 'deleting') continue;
        if (app !== undefined) {
          const mounted = (await scanJson<{ app_id: string }>(tx, { prefix: keys.mounts(volume.volume_id) })).some(
            (mount) => mount.value.app_id === app,
          );
          if (!mounted) continue;
        }
        found.push({ volume, covers: await coverage(tx, volume.volume_id, app, 'read') });
      }
      return found;
    });
    return this.run(scopes, request);
  }

  private run(scopes: Scope[], request: SearchRequest): Promise<SearchResponse> {
    const byId = new Map(scopes.map((scope) => [scope.volume.volume_id, scope]));
    const isLive = async (volume: IndexedVolume, path: string) => {
      const scope = byId.get(volume.volume_id);
      if (!scope?.covers(path)) return undefined;
      const entry = await this.context.storage.transact((tx) =>
        liveEntry(tx, volume.volume_id, path, this.context.now()),
      );
      return entry ? indexedEntry(entry) : undefined;
    };
    return this.context.search.search(
      this.context.storage,
      scopes.map((scope) => indexedVolume(scope.volume)),
      request,
      isLive,
    );
  }
}
