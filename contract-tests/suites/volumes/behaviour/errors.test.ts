/**
 * Refusals (spec: Errors, Order of checks, Pagination): every operation answers 401
 * AUTHENTICATION_FAILED in the error envelope without a valid token; malformed JSON, missing and
 * mistyped fields and bad query values answer FastAPI's 422 (`loc`, `msg`, `type`) pointing at the
 * culprit; an entry body over the limit answers 413 PAYLOAD_TOO_LARGE; none of them changes
 * anything. Lists page with signed cursors bound to their filters.
 */
import type { VolumesOperationId } from '@dbwire/server-stubs/volumes';
import { expect } from 'vitest';
import { conformanceEnvironment, runScopedVolumeName, useVolumes } from '../../../src/volumes/fixture.js';
import type { CallOptions } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';

const vols = useVolumes();

itWith(
  {},
  'every operation answers 401 AUTHENTICATION_FAILED without a token, with a bad one and with Basic credentials',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const at = { volume, path: 'a.txt' };
    const operations: Array<[VolumesOperationId, CallOptions<VolumesOperationId>]> = [
      ['listVolumes', {}],
      ['createVolume', { body: { name: 'x', environment_id: 'y' } }],
      ['searchAllVolumes', { body: { query: 'x' } }],
      ['getVolume', { volume }],
      ['updateVolume', { volume, body: {} }],
      ['deleteVolume', { volume }],
      ['listVolumeMounts', { volume }],
      ['createVolumeMount', { volume, body: { app_id: 'x' } }],
      ['deleteVolumeMount', { volume, mount: 'mnt_x' }],
      ['readEntry', at],
      ['writeEntry', { ...at, body: { content_text: 'x' } }],
      ['deleteEntry', at],
      ['listEntries', { volume }],
      ['getDownloadUrl', at],
      ['searchVolume', { volume, body: { query: 'x' } }],
      ['listLocks', { volume }],
      ['acquireLock', { volume, body: { partition: 'p', app_id: 'x' } }],
      ['releaseLock', { volume, partition: 'p', query: { lock_id: 'lck_x' } }],
      ['reindexVolume', { volume }],
    ];
    for (const authorization of [
      null,
      'Bearer not-a-valid-token',
      `Basic ${Buffer.from('dev:dev').toString('base64')}`,
    ]) {
      for (const [operation, options] of operations) {
        await vols.api.error(operation, { ...options, authorization }, 401, 'AUTHENTICATION_FAILED');
      }
    }
    await vols.api.ok('getVolume', { volume });
  },
);

itWith({}, 'malformed JSON answers 422 json_invalid under body on every operation that takes JSON', async () => {
  const volume = (await vols.volume()).volume_id;
  const cases: Array<[VolumesOperationId, CallOptions<VolumesOperationId>]> = [
    ['createVolume', {}],
    ['updateVolume', { volume }],
    ['createVolumeMount', { volume }],
    ['writeEntry', { volume, path: 'broken.json' }],
    ['searchVolume', { volume }],
    ['searchAllVolumes', {}],
    ['acquireLock', { volume }],
  ];
  for (const [operation, options] of cases) {
    for (const text of ['{"name": "x"', 'not json', '{"a":1}}']) {
      const detail = await vols.api.invalid(operation, { ...options, body: { raw: text } });
      expect(detail[0]?.type, `${operation} ${text}`).toBe('json_invalid');
      expect(detail[0]?.loc[0], `${operation} ${text}`).toBe('body');
    }
  }
  await vols.api.error('readEntry', { volume, path: 'broken.json' }, 404, 'RESOURCE_NOT_FOUND');
  const { body } = await vols.api.ok('listVolumeMounts', { volume });
  expect(body.mounts).toEqual([]);
});

itWith({}, 'missing and mistyped fields answer 422 with their loc and type, and create nothing', async () => {
  const environment = conformanceEnvironment();
  const name = runScopedVolumeName('refused');
  const cases: Array<[unknown, Array<[Array<string | number>, string]>]> = [
    [
      {},
      [
        [['body', 'name'], 'missing'],
        [['body', 'environment_id'], 'missing'],
      ],
    ],
    [{ name, environment_id: 7 }, [[['body', 'environment_id'], 'string_type']]],
    [{ name: '', environment_id: environment }, [[['body', 'name'], 'string_too_short']]],
    [{ name, environment_id: environment, indexing_mode: 'sometimes' }, [[['body', 'indexing_mode'], 'enum']]],
    [{ name, environment_id: environment, tags: ['ok', 5] }, [[['body', 'tags', 1], 'string_type']]],
    [[name], [[['body'], 'model_attributes_type']]],
  ];
  for (const [body, expected] of cases) {
    const detail = await vols.api.invalid('createVolume', { body: { raw: JSON.stringify(body) } });
    // Each failure reported is one of the body's (FastAPI lists them all; listing the first is enough here).
    for (const { loc, type } of detail) {
      expect(
        expected.some(([l, t]) => JSON.stringify(l) === JSON.stringify(loc) && t === type),
        `${JSON.stringify(body)}: ${type} at ${JSON.stringify(loc)} is not one of ${JSON.stringify(expected)}`,
      ).toBe(true);
    }
  }
  const { body } = await vols.api.ok('listVolumes', { query: { environment_id: environment } });
  expect(body.volumes.map((v) => v.name)).not.toContain(name);
  // Unknown fields are ignored.
  await vols.volume({ name, unknown_field: true } as never);
});

itWith({}, 'bad query values answer 422 under query', async () => {
  const volume = (await vols.volume()).volume_id;
  const cases: Array<[VolumesOperationId, CallOptions<VolumesOperationId>, string]> = [
    ['listVolumes', { query: { limit: 0 } }, 'limit'],
    ['listVolumes', { query: { limit: 201 } }, 'limit'],
    ['listVolumes', { query: { limit: 'ten' } }, 'limit'],
    ['listVolumes', { query: { cursor: 'forged-cursor' } }, 'cursor'],
    ['getDownloadUrl', { volume, path: 'a.txt', query: { expires_in: 'never' } }, 'expires_in'],
    ['releaseLock', { volume, partition: 'p/' }, 'lock_id'],
  ];
  for (const [operation, options, name] of cases) {
    const detail = await vols.api.invalid(operation, options);
    expect(detail[0]?.loc, `${operation} ${JSON.stringify(options.query)}`).toEqual(['query', name]);
  }
});

itWith({}, 'an entry over the size limit answers 413 PAYLOAD_TOO_LARGE and is not written', async () => {
  const volume = (await vols.volume()).volume_id;
  // Twice dbwire's default limit of 1 MiB.
  const text = 'x'.repeat(2 * 1024 * 1024);
  const error = await vols.api.error(
    'writeEntry',
    { volume, path: 'big.txt', body: { content_text: text } },
    413,
    'PAYLOAD_TOO_LARGE',
  );
  expect(typeof error.details.limit_bytes).toBe('number');
  expect(error.details.limit_bytes as number).toBeLessThan(text.length);
  await vols.api.error('readEntry', { volume, path: 'big.txt' }, 404, 'RESOURCE_NOT_FOUND');
  // Just under the limit is fine.
  const limit = error.details.limit_bytes as number;
  await vols.entry(volume, 'fits.txt', { content_text: 'y'.repeat(Math.min(limit - 1024, 512 * 1024)) });
});

itWith({}, 'listVolumes pages with next_cursor, bound to its filters; total counts every match', async () => {
  const environment = `${conformanceEnvironment()}-paging`;
  const made: string[] = [];
  for (let i = 0; i < 5; i++) made.push((await vols.volume({ environment_id: environment })).volume_id);
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const { body } = await vols.api.ok('listVolumes', { query: { environment_id: environment, limit: 2, cursor } });
    expect(body.total).toBe(5);
    expect(body.volumes.length).toBeLessThanOrEqual(2);
    seen.push(...body.volumes.map((v) => v.volume_id));
    expect(body.has_more).toBe(body.next_cursor !== null);
    cursor = body.next_cursor ?? undefined;
    pages++;
  } while (cursor !== undefined && pages < 10);
  expect(pages).toBe(3);
  // Oldest first, each volume once.
  expect(seen).toEqual(made);
  const { body: first } = await vols.api.ok('listVolumes', { query: { environment_id: environment, limit: 2 } });
  const detail = await vols.api.invalid('listVolumes', {
    query: { environment_id: `${environment}-other`, limit: 2, cursor: first.next_cursor as string },
  });
  expect(detail[0]?.loc).toEqual(['query', 'cursor']);
  // A deleted volume leaves the list at once.
  await vols.api.ok('deleteVolume', { volume: made[0] as string });
  await vols.api.error('getVolume', { volume: made[0] as string }, 404, 'RESOURCE_NOT_FOUND');
  const { body: after } = await vols.api.ok('listVolumes', { query: { environment_id: environment } });
  expect(after.total).toBe(4);
  expect(after.volumes.map((v) => v.volume_id)).toEqual(made.slice(1));
});

itWith({}, 'a duplicate volume name in one environment, and a duplicate mount, answer 409 CONFLICT', async () => {
  const volume = await vols.volume();
  const conflict = await vols.api.error(
    'createVolume',
    { body: { name: volume.name, environment_id: volume.environment_id as string } },
    409,
    'CONFLICT',
  );
  expect(conflict.status_code).toBe(409);
  // Another environment is another namespace of names.
  await vols.volume({ name: volume.name, environment_id: `${volume.environment_id}-b` });
  await vols.mount(volume.volume_id, 'dup-app', { path_pattern: 'a/**' });
  await vols.api.error(
    'createVolumeMount',
    { volume: volume.volume_id, body: { app_id: 'dup-app', path_pattern: 'a/**', access_level: 'read' } },
    409,
    'CONFLICT',
  );
  const { body } = await vols.api.ok('listVolumeMounts', { volume: volume.volume_id });
  expect(body.mounts).toHaveLength(1);
});
