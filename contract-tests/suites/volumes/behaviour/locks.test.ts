/**
 * Partition locks (spec: Locks): a lease on a partition is held by one app (and execution) at a
 * time; the holder renews it (200, same `lock_id`, later `expires_at`), anybody else gets 409
 * LOCK_CONFLICT naming the holder; `shared` locks coexist, `exclusive` excludes everything; a lease
 * ends at `expires_at` (then the partition is free, the lock unlisted, its release 404); releasing
 * takes the `lock_id` (409 for another partition's).
 *
 * Leases here run for an hour unless a test moves the server's clock on purpose.
 */
import { expect } from 'vitest';
import { advanceServerClock } from '../../../src/volumes/clock.js';
import type { Principal } from '../../../src/volumes/credentials.js';
import { runScopedApp, useVolumes } from '../../../src/volumes/fixture.js';
import type { VolumeLock, VolumesClient } from '../../../src/volumes/http.js';
import { itWith } from '../../../src/volumes/needs.js';

const vols = useVolumes();
const HOUR = 3600;

async function acquire(
  client: VolumesClient,
  volume: string,
  body: {
    partition: string;
    app_id: string;
    execution_id?: string;
    ttl_seconds?: number;
    lock_type?: 'exclusive' | 'shared';
  },
  status = 201,
): Promise<VolumeLock> {
  const { body: answer } = await client.ok('acquireLock', { volume, body: { ttl_seconds: HOUR, ...body } }, status);
  expect(answer.message).toBe('Lock acquired successfully');
  return answer.lock;
}

/** Two holders contend for one partition: the second is refused until the first releases. */
async function contend(first: VolumesClient, second: VolumesClient, firstApp: string, secondApp: string) {
  const volume = (await vols.volume()).volume_id;
  const partition = 'reports/2025/';
  const held = await acquire(first, volume, { partition, app_id: firstApp, execution_id: 'exec-1' });
  expect(held).toMatchObject({
    partition,
    holder_app_id: firstApp,
    holder_execution_id: 'exec-1',
    lock_type: 'exclusive',
  });
  const refused = await second.error(
    'acquireLock',
    { volume, body: { partition, app_id: secondApp, ttl_seconds: HOUR } },
    409,
    'LOCK_CONFLICT',
  );
  expect(refused.details).toMatchObject({
    holder_app_id: firstApp,
    holder_execution_id: 'exec-1',
    expires_at: held.expires_at,
  });
  // The same app in another execution is another holder.
  await first.error(
    'acquireLock',
    { volume, body: { partition, app_id: firstApp, execution_id: 'exec-2', ttl_seconds: HOUR } },
    409,
    'LOCK_CONFLICT',
  );
  // Other partitions are free.
  await acquire(second, volume, { partition: 'reports/2024/', app_id: secondApp });
  // The holder renews: the same lock, a lease from now.
  const renewed = await acquire(first, volume, { partition, app_id: firstApp, execution_id: 'exec-1' }, 200);
  expect(renewed.lock_id).toBe(held.lock_id);
  expect(Date.parse(renewed.expires_at)).toBeGreaterThanOrEqual(Date.parse(held.expires_at));
  const { body: listed } = await first.ok('listLocks', { volume });
  expect(listed.locks.map((l) => [l.partition, l.holder_app_id])).toEqual([
    ['reports/2024/', secondApp],
    [partition, firstApp],
  ]);
  // Released by its lock_id, the partition is free for the other app.
  const { body: released } = await first.ok('releaseLock', { volume, partition, query: { lock_id: held.lock_id } });
  expect(released.message).toBe('Lock released successfully');
  await first.error('releaseLock', { volume, partition, query: { lock_id: held.lock_id } }, 404, 'RESOURCE_NOT_FOUND');
  const taken = await acquire(second, volume, { partition, app_id: secondApp });
  expect(taken.lock_id).not.toBe(held.lock_id);
}

itWith(
  {},
  'two apps contend for a partition: one holds, the other gets 409 LOCK_CONFLICT until it is released',
  async () => {
    await contend(vols.api, vols.api, runScopedApp('a'), runScopedApp('b'));
  },
);

itWith({ principals: ['twoApps'] }, 'the same between two app tokens, each acting only as itself', async () => {
  const [a, b] = vols.credentials.apps as [Principal, Principal];
  await contend(vols.client(a), vols.client(b), a.app as string, b.app as string);
  const volume = (await vols.volume()).volume_id;
  await vols
    .client(a)
    .error(
      'acquireLock',
      { volume, body: { partition: 'p/', app_id: b.app as string, ttl_seconds: HOUR } },
      403,
      'FORBIDDEN',
    );
});

itWith({}, 'a lock_id releases only its own partition (409), unknown ids answer 404', async () => {
  const volume = (await vols.volume()).volume_id;
  const app = runScopedApp();
  const one = await acquire(vols.api, volume, { partition: 'one/', app_id: app });
  await acquire(vols.api, volume, { partition: 'two/', app_id: app });
  await vols.api.error('releaseLock', { volume, partition: 'two/', query: { lock_id: one.lock_id } }, 409, 'CONFLICT');
  await vols.api.error(
    'releaseLock',
    { volume, partition: 'one/', query: { lock_id: 'lck_unknown' } },
    404,
    'RESOURCE_NOT_FOUND',
  );
  const { body } = await vols.api.ok('listLocks', { volume });
  expect(body.locks.map((l) => l.partition)).toEqual(['one/', 'two/']);
  const detail = await vols.api.invalid('releaseLock', { volume, partition: 'one/' });
  expect(detail[0]?.loc).toEqual(['query', 'lock_id']);
});

itWith({}, 'shared locks coexist; an exclusive lock excludes shared ones and the other way round', async () => {
  const volume = (await vols.volume()).volume_id;
  const [a, b, c] = [runScopedApp('a'), runScopedApp('b'), runScopedApp('c')];
  const first = await acquire(vols.api, volume, { partition: 'shared/', app_id: a, lock_type: 'shared' });
  await acquire(vols.api, volume, { partition: 'shared/', app_id: b, lock_type: 'shared' });
  await vols.api.error(
    'acquireLock',
    { volume, body: { partition: 'shared/', app_id: c, lock_type: 'exclusive', ttl_seconds: HOUR } },
    409,
    'LOCK_CONFLICT',
  );
  await acquire(vols.api, volume, { partition: 'excl/', app_id: a });
  await vols.api.error(
    'acquireLock',
    { volume, body: { partition: 'excl/', app_id: b, lock_type: 'shared', ttl_seconds: HOUR } },
    409,
    'LOCK_CONFLICT',
  );
  const { body } = await vols.api.ok('listLocks', { volume });
  expect(body.locks.filter((l) => l.partition === 'shared/')).toHaveLength(2);
  expect(first.lock_type).toBe('shared');
});

itWith({}, 'partitions with slashes and spaces are addressed percent-encoded', async () => {
  const volume = (await vols.volume()).volume_id;
  const partition = 'reports/2025 Q1/';
  const lock = await acquire(vols.api, volume, { partition, app_id: runScopedApp() });
  await vols.api.ok('releaseLock', { volume, partition, query: { lock_id: lock.lock_id } });
  const { body } = await vols.api.ok('listLocks', { volume });
  expect(body.locks).toEqual([]);
});

itWith(
  { capabilities: ['clock'] },
  'a lease ends at expires_at: the partition is free, the lock unlisted, its release 404',
  async () => {
    const volume = (await vols.volume()).volume_id;
    const [a, b] = [runScopedApp('a'), runScopedApp('b')];
    const held = await acquire(vols.api, volume, { partition: 'lease/', app_id: a, ttl_seconds: 5 });
    expect(Date.parse(held.expires_at) - Date.parse(held.acquired_at)).toBe(5_000);
    await advanceServerClock(3);
    await vols.api.error(
      'acquireLock',
      { volume, body: { partition: 'lease/', app_id: b, ttl_seconds: HOUR } },
      409,
      'LOCK_CONFLICT',
    );
    // Renewing moves the end: 5 s from now.
    await acquire(vols.api, volume, { partition: 'lease/', app_id: a, ttl_seconds: 5 }, 200);
    await advanceServerClock(3);
    await vols.api.error(
      'acquireLock',
      { volume, body: { partition: 'lease/', app_id: b, ttl_seconds: HOUR } },
      409,
      'LOCK_CONFLICT',
    );
    await advanceServerClock(3);
    const { body } = await vols.api.ok('listLocks', { volume });
    expect(body.locks).toEqual([]);
    await vols.api.error(
      'releaseLock',
      { volume, partition: 'lease/', query: { lock_id: held.lock_id } },
      404,
      'RESOURCE_NOT_FOUND',
    );
    const next = await acquire(vols.api, volume, { partition: 'lease/', app_id: b });
    expect(next.lock_id).not.toBe(held.lock_id);
  },
);

itWith({}, 'ttl_seconds outside 5..3600 and missing fields answer 422', async () => {
  const volume = (await vols.volume()).volume_id;
  for (const [body, loc] of [
    [{ partition: 'p/', app_id: 'a', ttl_seconds: 4 }, ['body', 'ttl_seconds']],
    [{ partition: 'p/', app_id: 'a', ttl_seconds: 3601 }, ['body', 'ttl_seconds']],
    [{ partition: 'p/', app_id: 'a', lock_type: 'forever' }, ['body', 'lock_type']],
    [{ app_id: 'a' }, ['body', 'partition']],
    [{ partition: 'p/' }, ['body', 'app_id']],
  ] as const) {
    const detail = await vols.api.invalid('acquireLock', { volume, body: body as never });
    expect(
      detail.map((d) => d.loc),
      JSON.stringify(body),
    ).toContainEqual(loc);
  }
  const { body } = await vols.api.ok('listLocks', { volume });
  expect(body.locks).toEqual([]);
});
