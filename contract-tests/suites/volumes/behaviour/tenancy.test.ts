/**
 * Tenancy: a token reaches only its own organization and workspace. Another tenant's organization,
 * workspace, volumes, entries, mounts and locks answer 404 RESOURCE_NOT_FOUND, exactly as things
 * that do not exist (never 403, which would confirm they exist), change nothing, and never show up
 * in lists or searches.
 */

import type { VolumesOperationId } from '@dbwire/server-stubs/volumes';
import { expect } from 'vitest';
import { runScopedName } from '../../../src/target.js';
import { useVolumes } from '../../../src/volumes/fixture.js';
import type { CallOptions, VolumesClient } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';
import { eventually } from '../../../src/volumes/raw.js';

const vols = useVolumes();

/** One valid request per operation of a volume's routes, aimed at `volume` (and things in it). */
function everyOperation(volume: string): Array<[VolumesOperationId, CallOptions<VolumesOperationId>]> {
  const entry = { volume, path: 'tenancy/secret.json' };
  return [
    ['getVolume', { volume }],
    ['updateVolume', { volume, body: { description: 'taken over' } }],
    ['deleteVolume', { volume }],
    ['listVolumeMounts', { volume }],
    ['createVolumeMount', { volume, body: { app_id: 'intruder', path_pattern: '**', access_level: 'read_write' } }],
    ['deleteVolumeMount', { volume, mount: 'mnt_unknown' }],
    ['readEntry', entry],
    ['writeEntry', { ...entry, body: { content: { owner: 'intruder' } } }],
    ['deleteEntry', entry],
    ['listEntries', { volume, query: { path: 'tenancy/' } }],
    ['getDownloadUrl', entry],
    ['searchVolume', { volume, body: { query: 'secret' } }],
    ['listLocks', { volume }],
    ['acquireLock', { volume, body: { partition: 'tenancy/', app_id: 'intruder', ttl_seconds: 3600 } }],
    ['releaseLock', { volume, partition: 'tenancy/', query: { lock_id: 'lck_unknown' } }],
    ['reindexVolume', { volume, body: {} }],
  ];
}

/** Every operation answers 404 RESOURCE_NOT_FOUND; the answers' `details` (as the same for unknown ids). */
async function expectAllNotFound(
  client: VolumesClient,
  volume: string,
  extra: Partial<CallOptions<VolumesOperationId>> = {},
) {
  for (const [operation, options] of everyOperation(volume)) {
    await client.error(operation, { ...options, ...extra }, 404, 'RESOURCE_NOT_FOUND');
  }
}

/** A volume of the main tenant with an entry, a mount and a lock; what a test checks stays unchanged. */
async function ownVolume() {
  const volume = await vols.volume({ description: 'the owner\u2019s' });
  await vols.entry(volume.volume_id, 'tenancy/secret.json', { content: { secret: 'the owner\u2019s' } });
  const mount = await vols.mount(volume.volume_id, runScopedName('dbwire-owner-app'));
  const { body } = await vols.api.ok('acquireLock', {
    volume: volume.volume_id,
    body: { partition: 'tenancy/', app_id: 'owner', ttl_seconds: 3600 },
  });
  return { volume, mount, lock: body.lock };
}

async function expectUnchanged(owned: Awaited<ReturnType<typeof ownVolume>>) {
  const id = owned.volume.volume_id;
  const { body: volume } = await vols.api.ok('getVolume', { volume: id });
  expect(volume.description).toBe('the owner\u2019s');
  const { body: entry } = await vols.api.ok('readEntry', { volume: id, path: 'tenancy/secret.json' });
  expect(entry.content).toEqual({ secret: 'the owner\u2019s' });
  const { body: mounts } = await vols.api.ok('listVolumeMounts', { volume: id });
  expect(mounts.mounts.map((m) => m.mount_id)).toEqual([owned.mount.mount_id]);
  const { body: locks } = await vols.api.ok('listLocks', { volume: id });
  expect(locks.locks.map((l) => l.lock_id)).toEqual([owned.lock.lock_id]);
}

itWith(
  {},
  'another organization or workspace in the path answers 404 for every operation, and changes nothing',
  async () => {
    const owned = await ownVolume();
    const id = owned.volume.volume_id;
    // The token's own volume, addressed through an organization or workspace that is not the token's.
    await expectAllNotFound(vols.api, id, { org: runScopedName('dbwire-other-org') });
    await expectAllNotFound(vols.api, id, { workspace: runScopedName('dbwire-other-workspace') });
    for (const place of [{ org: runScopedName('dbwire-other-org') }, { workspace: runScopedName('dbwire-other-ws') }]) {
      await vols.api.error('listVolumes', place, 404, 'RESOURCE_NOT_FOUND');
      await vols.api.error(
        'createVolume',
        { ...place, body: { name: 'intruder', environment_id: 'prod' } },
        404,
        'RESOURCE_NOT_FOUND',
      );
      await vols.api.error('searchAllVolumes', { ...place, body: { query: 'secret' } }, 404, 'RESOURCE_NOT_FOUND');
    }
    await expectUnchanged(owned);
  },
);

itWith(
  { principals: ['otherTenant'] },
  'another tenant cannot reach a volume or anything in it: 404 everywhere, nothing changes',
  async () => {
    const owned = await ownVolume();
    const other = vols.client(vols.credentials.otherTenant as NonNullable<typeof vols.credentials.otherTenant>);
    // Through the owner's organization (not the other token's) ...
    await expectAllNotFound(other, owned.volume.volume_id, {
      org: vols.credentials.admin.org,
      workspace: vols.credentials.admin.workspace,
    });
    // ... and through its own, where the volume id names nothing.
    await expectAllNotFound(other, owned.volume.volume_id);
    await expectUnchanged(owned);
  },
);

itWith(
  { principals: ['otherTenant'] },
  'another tenant\u2019s volume is indistinguishable from one that does not exist',
  async () => {
    const other = vols.client(vols.credentials.otherTenant as NonNullable<typeof vols.credentials.otherTenant>);
    const theirs = await vols.volume({}, other);
    await vols.entry(theirs.volume_id, 'tenancy/secret.json', { content: { secret: 'theirs' } }, other);
    const unknown = `vol_${runScopedName('unknown').replace(/[^a-z0-9]/gi, '')}`;
    for (const [operation, options] of everyOperation(theirs.volume_id)) {
      const foreign = await vols.api.error(operation, options, 404, 'RESOURCE_NOT_FOUND');
      const missing = await vols.api.error(operation, { ...options, volume: unknown }, 404, 'RESOURCE_NOT_FOUND');
      // The same kind of resource is missing; only the ids differ.
      expect(foreign.details.resource_type, operation).toBe(missing.details.resource_type);
    }
    const { body: entry } = await other.ok('readEntry', { volume: theirs.volume_id, path: 'tenancy/secret.json' });
    expect(entry.content).toEqual({ secret: 'theirs' });
  },
);

itWith(
  { principals: ['otherTenant'] },
  'lists and searches never show another tenant\u2019s volumes or entries; names are per tenant',
  async () => {
    const other = vols.client(vols.credentials.otherTenant as NonNullable<typeof vols.credentials.otherTenant>);
    const word = `zebracorn${Math.random().toString(36).slice(2, 8)}`;
    const mine = await vols.volume();
    // The same name in another tenant is no conflict.
    const theirs = await vols.volume({ name: mine.name, environment_id: mine.environment_id as string }, other);
    await vols.entry(
      theirs.volume_id,
      'notes/theirs.txt',
      { content_text: `${word} ${word} belongs to the other tenant` },
      other,
    );
    await vols.entry(mine.volume_id, 'notes/mine.txt', { content_text: `${word} belongs to me` });

    const { body: listed } = await vols.api.ok('listVolumes', {
      query: { environment_id: mine.environment_id as string },
    });
    expect(listed.volumes.map((v) => v.volume_id)).toEqual([mine.volume_id]);
    const { body: theirList } = await other.ok('listVolumes', {
      query: { environment_id: mine.environment_id as string },
    });
    expect(theirList.volumes.map((v) => v.volume_id)).toEqual([theirs.volume_id]);

    const found = await eventually('the own entry to be searchable', async () => {
      const { body } = await vols.api.ok('searchAllVolumes', { body: { query: word, limit: 50 } });
      return body.results.some((r) => r.path === 'notes/mine.txt') ? body : undefined;
    });
    expect(found.results.map((r) => r.volume_id)).not.toContain(theirs.volume_id);
    expect(found.results.map((r) => r.path)).not.toContain('notes/theirs.txt');
  },
);
