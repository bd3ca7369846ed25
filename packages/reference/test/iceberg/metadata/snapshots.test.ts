import { parseJson, stringifyJson } from '@dbwire/json';
import { describe, expect, it } from 'vitest';
import type { TableMetadata } from '../../../src/iceberg/model.js';
import { append, attempt, commit, deepFreeze, expectRejected, LATER, NOW, snapshot, table } from './helpers.js';

const base = table();
const BIG = 9223372036854775807n;

describe('add-snapshot', () => {
  it('adds the snapshot, takes its sequence number and moves no ref', () => {
    const added = snapshot({ 'snapshot-id': 5, 'sequence-number': 1 });
    const { metadata } = commit(base, [{ action: 'add-snapshot', snapshot: added }]);
    expect(metadata.snapshots).toEqual([added]);
    expect(metadata['last-sequence-number']).toBe(1);
    expect(metadata.refs).toEqual({});
    expect(metadata['current-snapshot-id']).toBe(-1);
    expect(metadata['snapshot-log']).toEqual([]);
  });

  it('a duplicate id is a 400', () => {
    const once = commit(base, append(5, { 'sequence-number': 1 })).metadata;
    expectRejected(
      attempt(once, [{ action: 'add-snapshot', snapshot: snapshot({ 'snapshot-id': 5, 'sequence-number': 2 }) }]),
      400,
      /already exists/,
    );
  });

  it('v2: a sequence number not above last-sequence-number is stale (409) unless the snapshot has no parent', () => {
    const once = commit(base, append(5, { 'sequence-number': 1 })).metadata;
    expectRejected(
      attempt(once, [
        {
          action: 'add-snapshot',
          snapshot: snapshot({ 'snapshot-id': 6, 'sequence-number': 1, 'parent-snapshot-id': 5 }),
        },
      ]),
      409,
      /older than last sequence number 1/,
    );
    // Parentless: allowed by the rule, but then snapshot 5 (sequence 1) is above the table's 0: 400 on build.
    expectRejected(
      attempt(once, [{ action: 'add-snapshot', snapshot: snapshot({ 'snapshot-id': 6, 'sequence-number': 0 }) }]),
      400,
      /greater than last sequence number/,
    );
  });

  it('v1 has no sequence numbers to check', () => {
    const v1 = table(1);
    const { metadata } = commit(v1, append(5));
    const again = commit(metadata, append(6, { 'parent-snapshot-id': 5 })).metadata;
    expect(again.snapshots?.map((s) => s['snapshot-id'])).toEqual([5, 6]);
    expect(again).not.toHaveProperty('last-sequence-number');
  });

  it('needs a known schema id', () => {
    expectRejected(
      attempt(base, [{ action: 'add-snapshot', snapshot: snapshot({ 'snapshot-id': 5, 'schema-id': 3 }) }]),
      400,
      /unknown schema id 3/,
    );
  });

  it('v3: first-row-id must not be behind next-row-id (409); next-row-id grows by added-rows', () => {
    const v3 = table(3);
    const first = commit(v3, append(5, { 'sequence-number': 1, 'first-row-id': 0, 'added-rows': 30 })).metadata;
    expect(first['next-row-id']).toBe(30);
    expect(first['current-snapshot-id']).toBe(5);
    expectRejected(
      attempt(first, append(6, { 'sequence-number': 2, 'parent-snapshot-id': 5, 'first-row-id': 10, 'added-rows': 1 })),
      409,
      /first-row-id is behind table next-row-id: 10 < 30/,
    );
    expectRejected(attempt(first, append(6, { 'sequence-number': 2 })), 400, /first-row-id is null/);
  });

  it('v3 row ids beyond 2^53 stay exact', () => {
    const v3 = table(3);
    const start = 2n ** 60n;
    const first = commit(
      v3,
      append(5, { 'sequence-number': 1, 'first-row-id': start as unknown as number, 'added-rows': 7 }),
    ).metadata;
    expect(first['next-row-id']).toBe(7);
    const second = commit(
      first,
      append(6, {
        'sequence-number': 2,
        'parent-snapshot-id': 5,
        'first-row-id': start as unknown as number,
        'added-rows': start as unknown as number,
      }),
    ).metadata;
    expect(second['next-row-id']).toBe(start + 7n);
  });

  it('needs a schema, spec and sort order (a create without them is a 400)', () => {
    expectRejected(
      attempt(
        undefined,
        [{ action: 'add-snapshot', snapshot: snapshot({ 'snapshot-id': 5 }) }],
        [{ type: 'assert-create' }],
      ),
      400,
      /before a schema is added/,
    );
  });
});

describe('set-snapshot-ref', () => {
  it('moving main sets current-snapshot-id and logs the snapshot at its own time when added now', () => {
    const { metadata } = commit(base, append(5, { 'sequence-number': 1, 'timestamp-ms': NOW + 5 }));
    expect(metadata['current-snapshot-id']).toBe(5);
    expect(metadata.refs).toEqual({ main: { 'snapshot-id': 5, type: 'branch' } });
    expect(metadata['snapshot-log']).toEqual([{ 'timestamp-ms': NOW + 5, 'snapshot-id': 5 }]);
  });

  it('a rollback to an older snapshot is logged at the commit time', () => {
    const one = commit(base, append(5, { 'sequence-number': 1 })).metadata;
    const two = commit(one, append(6, { 'sequence-number': 2, 'parent-snapshot-id': 5 })).metadata;
    const { metadata } = commit(two, [
      { action: 'set-snapshot-ref', 'ref-name': 'main', type: 'branch', 'snapshot-id': 5 },
    ]);
    expect(metadata['current-snapshot-id']).toBe(5);
    expect(metadata['snapshot-log']?.at(-1)).toEqual({ 'timestamp-ms': LATER, 'snapshot-id': 5 });
  });

  it('creates tags and branches with retention; the identical ref again is a no-op', () => {
    const one = commit(base, append(5, { 'sequence-number': 1 })).metadata;
    const { metadata } = commit(one, [
      { action: 'set-snapshot-ref', 'ref-name': 'v1', type: 'tag', 'snapshot-id': 5, 'max-ref-age-ms': 1000 },
      { action: 'set-snapshot-ref', 'ref-name': 'dev', type: 'branch', 'snapshot-id': 5, 'min-snapshots-to-keep': 2 },
    ]);
    expect(metadata.refs).toEqual({
      main: { 'snapshot-id': 5, type: 'branch' },
      v1: { 'snapshot-id': 5, type: 'tag', 'max-ref-age-ms': 1000 },
      dev: { 'snapshot-id': 5, type: 'branch', 'min-snapshots-to-keep': 2 },
    });
    expect(metadata['current-snapshot-id']).toBe(5);
    expect(metadata['snapshot-log']).toHaveLength(1);
    const again = commit(metadata, [
      { action: 'set-snapshot-ref', 'ref-name': 'v1', type: 'tag', 'snapshot-id': 5, 'max-ref-age-ms': 1000 },
    ]);
    expect(again.changed).toBe(false);
    expect(again.metadata).toBe(metadata);
  });

  it('refuses an unknown snapshot, main as a tag, and retention a tag cannot have', () => {
    const one = commit(base, append(5, { 'sequence-number': 1 })).metadata;
    expectRejected(
      attempt(one, [{ action: 'set-snapshot-ref', 'ref-name': 'dev', type: 'branch', 'snapshot-id': 9 }]),
      400,
      /unknown snapshot: 9/,
    );
    expectRejected(
      attempt(one, [{ action: 'set-snapshot-ref', 'ref-name': 'main', type: 'tag', 'snapshot-id': 5 }]),
      400,
      /must be a branch/,
    );
    expectRejected(
      attempt(one, [
        { action: 'set-snapshot-ref', 'ref-name': 't', type: 'tag', 'snapshot-id': 5, 'min-snapshots-to-keep': 1 },
      ]),
      400,
      /Tags do not support/,
    );
    expectRejected(
      attempt(one, [
        { action: 'set-snapshot-ref', 'ref-name': 'b', type: 'branch', 'snapshot-id': 5, 'max-snapshot-age-ms': 0 },
      ]),
      400,
      /greater than 0/,
    );
  });

  it('drops intermediate snapshots of one request from the snapshot log', () => {
    const { metadata } = commit(base, [
      ...append(5, { 'sequence-number': 1, 'timestamp-ms': NOW + 1 }),
      ...append(6, { 'sequence-number': 2, 'parent-snapshot-id': 5, 'timestamp-ms': NOW + 2 }),
    ]);
    expect(metadata['current-snapshot-id']).toBe(6);
    expect(metadata['snapshot-log']).toEqual([{ 'timestamp-ms': NOW + 2, 'snapshot-id': 6 }]);
  });
});

describe('bigint snapshot ids', () => {
  it('survive add-snapshot, set-snapshot-ref, requirements and JSON exactly', () => {
    const { metadata } = commit(base, append(BIG, { 'sequence-number': 1 }));
    expect(metadata['current-snapshot-id']).toBe(BIG);
    expect(metadata.refs?.main?.['snapshot-id']).toBe(BIG);
    expect(metadata.snapshots?.[0]?.['snapshot-id']).toBe(BIG);
    expect(metadata['snapshot-log']?.[0]?.['snapshot-id']).toBe(BIG);

    // Round trip through the API's JSON, then commit on top of the parsed metadata.
    const stored = deepFreeze(parseJson(stringifyJson(metadata)) as TableMetadata);
    expect(stringifyJson(stored)).toContain('"current-snapshot-id":9223372036854775807');
    const child = BIG - 1n;
    const next = commit(
      stored,
      append(child, { 'sequence-number': 2, 'parent-snapshot-id': BIG as unknown as number }),
      [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': BIG as unknown as number }],
    ).metadata;
    expect(next['current-snapshot-id']).toBe(child);
    expect(next.snapshots?.map((s) => s['snapshot-id'])).toEqual([BIG, child]);
    expectRejected(
      attempt(next, [], [{ type: 'assert-ref-snapshot-id', ref: 'main', 'snapshot-id': BIG as unknown as number }]),
      409,
      /has changed: expected id 9223372036854775807 != 9223372036854775806/,
    );
  });

  it('remove-snapshots matches a bigint id given as a bigint', () => {
    const one = commit(base, append(BIG, { 'sequence-number': 1 })).metadata;
    const { metadata } = commit(one, [{ action: 'remove-snapshots', 'snapshot-ids': [BIG as unknown as number] }]);
    expect(metadata.snapshots).toEqual([]);
    expect(metadata.refs).toEqual({});
  });
});

describe('remove-snapshots', () => {
  const one = commit(base, append(5, { 'sequence-number': 1, 'timestamp-ms': NOW + 1 })).metadata;
  const two = commit(
    one,
    append(6, { 'sequence-number': 2, 'parent-snapshot-id': 5, 'timestamp-ms': NOW + 2 }),
  ).metadata;
  const tagged = commit(two, [
    { action: 'set-snapshot-ref', 'ref-name': 'old', type: 'tag', 'snapshot-id': 5 },
    {
      action: 'set-statistics',
      statistics: {
        'snapshot-id': 5,
        'statistics-path': 's3://w/stats-5.puffin',
        'file-size-in-bytes': 10,
        'file-footer-size-in-bytes': 2,
        'blob-metadata': [],
      },
    },
    {
      action: 'set-partition-statistics',
      'partition-statistics': {
        'snapshot-id': 5,
        'statistics-path': 's3://w/pstats-5.parquet',
        'file-size-in-bytes': 3,
      },
    },
  ]).metadata;

  it('removes the snapshot, its statistics, the refs left dangling and the log before it', () => {
    const { metadata } = commit(tagged, [{ action: 'remove-snapshots', 'snapshot-ids': [5, 77] }]);
    expect(metadata.snapshots?.map((s) => s['snapshot-id'])).toEqual([6]);
    expect(metadata.refs).toEqual({ main: { 'snapshot-id': 6, type: 'branch' } });
    expect(metadata.statistics).toEqual([]);
    expect(metadata['partition-statistics']).toEqual([]);
    expect(metadata['snapshot-log']).toEqual([{ 'timestamp-ms': NOW + 2, 'snapshot-id': 6 }]);
    expect(metadata['current-snapshot-id']).toBe(6);
  });

  it('removing the current snapshot removes main and leaves no current snapshot', () => {
    const { metadata } = commit(tagged, [{ action: 'remove-snapshots', 'snapshot-ids': [6] }]);
    expect(metadata.refs).toEqual({ old: { 'snapshot-id': 5, type: 'tag' } });
    expect(metadata['current-snapshot-id']).toBe(-1);
    expect(metadata['snapshot-log']).toEqual([]);
  });

  it('only unknown ids change nothing', () => {
    expect(commit(tagged, [{ action: 'remove-snapshots', 'snapshot-ids': [77] }]).changed).toBe(false);
  });
});

describe('remove-snapshot-ref', () => {
  const one = commit(base, append(5, { 'sequence-number': 1 })).metadata;

  it('removing main leaves no current snapshot (null in v3)', () => {
    const { metadata } = commit(one, [{ action: 'remove-snapshot-ref', 'ref-name': 'main' }]);
    expect(metadata.refs).toEqual({});
    expect(metadata['current-snapshot-id']).toBe(-1);
    expect(metadata.snapshots).toHaveLength(1);
    const v3 = commit(table(3), append(5, { 'sequence-number': 1, 'first-row-id': 0, 'added-rows': 1 })).metadata;
    expect(
      commit(v3, [{ action: 'remove-snapshot-ref', 'ref-name': 'main' }]).metadata['current-snapshot-id'],
    ).toBeNull();
  });

  it('an unknown ref is a no-op', () => {
    expect(commit(one, [{ action: 'remove-snapshot-ref', 'ref-name': 'nope' }]).changed).toBe(false);
  });
});
