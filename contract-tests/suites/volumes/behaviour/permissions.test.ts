/**
 * Permissions: `volumes:read` < `volumes:write` < `volumes:admin`, each operation needing the one
 * its description names. A missing permission answers 403 FORBIDDEN with
 * `details.required_permission`, before the body is validated and before anything is looked up,
 * and changes nothing. App callers (app tokens, or a request naming an `app_id`) reach only what
 * their mounts cover (`mount:read`, `mount:read_write`) and never manage volumes, mounts or
 * reindexes.
 */
import type { VolumesOperationId } from '@dbwire/server-stubs/volumes';
import { describe, expect } from 'vitest';
import type { Principal } from '../../../src/volumes/credentials.js';
import { runScopedApp, useVolumes } from '../../../src/volumes/fixture.js';
import type { CallOptions } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';

const vols = useVolumes();

type Level = 'volumes:read' | 'volumes:write' | 'volumes:admin';

/** What each operation needs (the spec's operation descriptions), with a request that succeeds with it. */
function matrix(
  volume: string,
  mount: string,
  lock: string,
): Array<[VolumesOperationId, Level, CallOptions<VolumesOperationId>]> {
  const path = 'matrix/doc.txt';
  return [
    ['listVolumes', 'volumes:read', {}],
    ['getVolume', 'volumes:read', { volume }],
    ['listVolumeMounts', 'volumes:read', { volume }],
    ['readEntry', 'volumes:read', { volume, path }],
    ['listEntries', 'volumes:read', { volume, query: { path: 'matrix/' } }],
    ['getDownloadUrl', 'volumes:read', { volume, path }],
    ['searchVolume', 'volumes:read', { volume, body: { query: 'matrix' } }],
    ['searchAllVolumes', 'volumes:read', { body: { query: 'matrix' } }],
    ['listLocks', 'volumes:read', { volume }],
    [
      'createVolume',
      'volumes:write',
      { body: { name: `perm-${Math.random().toString(36).slice(2)}`, environment_id: 'perm' } },
    ],
    ['updateVolume', 'volumes:write', { volume, body: { description: 'changed' } }],
    ['writeEntry', 'volumes:write', { volume, path: 'matrix/new.txt', body: { content_text: 'new' } }],
    [
      'acquireLock',
      'volumes:write',
      { volume, body: { partition: 'matrix-p/', app_id: 'perm-app', ttl_seconds: 3600 } },
    ],
    ['releaseLock', 'volumes:write', { volume, partition: 'matrix/', query: { lock_id: lock } }],
    ['deleteEntry', 'volumes:write', { volume, path }],
    [
      'createVolumeMount',
      'volumes:admin',
      { volume, body: { app_id: 'perm-app-2', path_pattern: '**', access_level: 'read' } },
    ],
    ['deleteVolumeMount', 'volumes:admin', { volume, mount }],
    ['reindexVolume', 'volumes:admin', { volume, body: {} }],
    ['deleteVolume', 'volumes:admin', { volume }],
  ];
}

const RANK: Record<Level, number> = { 'volumes:read': 0, 'volumes:write': 1, 'volumes:admin': 2 };

async function setup() {
  const volume = await vols.volume({ description: 'before' });
  await vols.entry(volume.volume_id, 'matrix/doc.txt', { content_text: 'matrix document' });
  const mount = await vols.mount(volume.volume_id, runScopedApp());
  const { body } = await vols.api.ok('acquireLock', {
    volume: volume.volume_id,
    body: { partition: 'matrix/', app_id: 'perm-app', ttl_seconds: 3600 },
  });
  return { volume: volume.volume_id, mount: mount.mount_id, lock: body.lock.lock_id };
}

/** The volume, its entry, mount and lock as `setup` left them. */
async function expectUntouched(made: Awaited<ReturnType<typeof setup>>) {
  const { body: volume } = await vols.api.ok('getVolume', { volume: made.volume });
  expect(volume.description).toBe('before');
  await vols.api.ok('readEntry', { volume: made.volume, path: 'matrix/doc.txt' });
  await vols.api.error('readEntry', { volume: made.volume, path: 'matrix/new.txt' }, 404, 'RESOURCE_NOT_FOUND');
  const { body: mounts } = await vols.api.ok('listVolumeMounts', { volume: made.volume });
  expect(mounts.mounts.map((m) => m.mount_id)).toEqual([made.mount]);
  const { body: locks } = await vols.api.ok('listLocks', { volume: made.volume });
  expect(locks.locks.map((l) => l.lock_id)).toEqual([made.lock]);
}

describe.each([
  ['read', 'reader', 'volumes:read'],
  ['write', 'writer', 'volumes:write'],
] as const)('a token with only %s', (_label, who, level) => {
  itWith(
    { principals: [who] },
    'is refused every operation above it with 403 and the permission it lacks, and changes nothing',
    async () => {
      const made = await setup();
      const client = vols.client(vols.credentials[who] as Principal);
      for (const [operation, needed, options] of matrix(made.volume, made.mount, made.lock)) {
        if (RANK[needed] <= RANK[level]) continue;
        const error = await client.error(operation, options, 403, 'FORBIDDEN');
        expect(error.details.required_permission, operation).toBe(needed);
      }
      await expectUntouched(made);
    },
  );

  itWith({ principals: [who] }, 'may do every operation at or below it', async () => {
    const made = await setup();
    const client = vols.client(vols.credentials[who] as Principal);
    for (const [operation, needed, options] of matrix(made.volume, made.mount, made.lock)) {
      if (RANK[needed] > RANK[level]) continue;
      const reply = await client.call(operation, options);
      expect([200, 201], `${operation}: ${reply.status} ${reply.text}`).toContain(reply.status);
      if (operation === 'createVolume') vols.track((reply.body as { volume: { volume_id: string } }).volume.volume_id);
    }
  });

  itWith({ principals: [who] }, 'gets 403 before its request is validated or looked up', async () => {
    const client = vols.client(vols.credentials[who] as Principal);
    const needed = level === 'volumes:read' ? 'volumes:write' : 'volumes:admin';
    const operation = level === 'volumes:read' ? 'createVolume' : 'createVolumeMount';
    // An invalid body, and a volume nobody has: the missing permission still comes first.
    const invalid = await client.error(
      operation,
      { volume: 'vol_nobody', body: { raw: '{"broken' } },
      403,
      'FORBIDDEN',
    );
    expect(invalid.details.required_permission).toBe(needed);
    const missing = await client.error('deleteVolume', { volume: 'vol_nobody' }, 403, 'FORBIDDEN');
    expect(missing.details.required_permission).toBe('volumes:admin');
  });
});

itWith(
  {},
  'naming an app makes a user\u2019s request an app caller\u2019s: limited to that app\u2019s mounts',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const reader = runScopedApp('reader');
    const writer = runScopedApp('writer');
    const stranger = runScopedApp('stranger');
    await vols.mount(volume, reader, { path_pattern: 'public/**', access_level: 'read' });
    await vols.mount(volume, writer, { path_pattern: 'public/*.txt', access_level: 'read_write' });
    await vols.entry(volume, 'public/a.txt', { content_text: 'public' });
    await vols.entry(volume, 'private/b.txt', { content_text: 'private' });

    // A read mount lets the app read under its pattern, and nothing else.
    const read = await vols.api.ok('writeEntry', {
      volume,
      path: 'public/a.txt',
      body: { content_text: 'by the writer app', app_id: writer, execution_id: 'exec-1' },
    });
    expect(read.body.entry.written_by_app_id).toBe(writer);
    expect(read.body.entry.written_by_execution_id).toBe('exec-1');
    const deniedWrite = await vols.api.error(
      'writeEntry',
      { volume, path: 'public/a.txt', body: { content_text: 'by the reader app', app_id: reader } },
      403,
      'FORBIDDEN',
    );
    expect(deniedWrite.details.required_permission).toBe('mount:read_write');
    // Outside every pattern of the app.
    const outside = await vols.api.error(
      'writeEntry',
      { volume, path: 'public/deeper/c.txt', body: { content_text: 'x', app_id: writer } },
      403,
      'FORBIDDEN',
    );
    expect(outside.details.required_permission).toBe('mount:read_write');
    const stray = await vols.api.error(
      'writeEntry',
      { volume, path: 'public/a.txt', body: { content_text: 'x', app_id: stranger } },
      403,
      'FORBIDDEN',
    );
    expect(stray.details.required_permission).toBe('mount:read_write');
    // Nothing the refusals tried was written.
    const { body: entry } = await vols.api.ok('readEntry', { volume, path: 'public/a.txt' });
    expect(entry.content_text).toBe('by the writer app');
    await vols.api.error('readEntry', { volume, path: 'public/deeper/c.txt' }, 404, 'RESOURCE_NOT_FOUND');
    // A user's own writes carry no app.
    const own = await vols.entry(volume, 'private/b.txt', { content_text: 'mine' });
    expect(own.written_by_app_id).toBeNull();
  },
);

itWith(
  { principals: ['twoApps'] },
  'app tokens reach only their mounts, act only as their own app and manage nothing',
  async () => {
    const [first, second] = vols.credentials.apps as [Principal, Principal];
    const app = vols.client(first);
    const volume = (await vols.volume()).volume_id;
    await vols.mount(volume, first.app as string, { path_pattern: 'shared/**', access_level: 'read' });
    await vols.mount(volume, first.app as string, { path_pattern: 'inbox/**', access_level: 'read_write' });
    await vols.entry(volume, 'shared/a.txt', { content_text: 'shared' });
    await vols.entry(volume, 'secret/b.txt', { content_text: 'secret' });

    await app.ok('readEntry', { volume, path: 'shared/a.txt' });
    const read = await app.error('readEntry', { volume, path: 'secret/b.txt' }, 403, 'FORBIDDEN');
    expect(read.details.required_permission).toBe('mount:read');
    const write = await app.error(
      'writeEntry',
      { volume, path: 'shared/a.txt', body: { content_text: 'x' } },
      403,
      'FORBIDDEN',
    );
    expect(write.details.required_permission).toBe('mount:read_write');
    const { body: written } = await app.ok('writeEntry', {
      volume,
      path: 'inbox/new.txt',
      body: { content_text: 'hello' },
    });
    // Attribution comes from the token.
    expect(written.entry.written_by_app_id).toBe(first.app);
    // The listing shows only what the mounts cover.
    const { body: root } = await app.ok('listEntries', { volume, query: { path: '/' } });
    expect(root.directories).not.toContain('secret/');
    // Another app's id is refused.
    await app.error(
      'writeEntry',
      { volume, path: 'inbox/other.txt', body: { content_text: 'x', app_id: second.app } },
      403,
      'FORBIDDEN',
    );
    // App tokens never manage volumes, mounts or reindexes.
    const forbidden: Array<[VolumesOperationId, CallOptions<VolumesOperationId>]> = [
      ['createVolume', { body: { name: 'by-app', environment_id: 'prod' } }],
      ['updateVolume', { volume, body: { description: 'by app' } }],
      ['deleteVolume', { volume }],
      [
        'createVolumeMount',
        { volume, body: { app_id: first.app as string, path_pattern: '**', access_level: 'read_write' } },
      ],
      ['reindexVolume', { volume, body: {} }],
    ];
    for (const [operation, options] of forbidden) await app.error(operation, options, 403, 'FORBIDDEN');
    await vols.api.ok('getVolume', { volume });
  },
);
