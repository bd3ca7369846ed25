import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, InvalidKeyError, type ScanOptions, type StorageEngine } from './engine.js';
import { decodeJson, encodeJson, getJson, putJson } from './json.js';
import { transactWithRetry } from './retry.js';

/** How the conformance suite reaches an engine. */
export interface EngineUnderTest {
  /** Opens a handle on the store under test; the suite closes every handle it opens. */
  open(): Promise<StorageEngine>;
  /**
   * Whether two handles from `open()` share one store, as several server processes over one
   * database do; enables the cross-handle tests.
   */
  shared?: boolean;
}

/**
 * The engine conformance suite: the guarantees `StorageEngine` documents, as vitest tests. Every
 * engine runs it; a new engine is correct when it passes. Tests share one store and keep apart by
 * key prefix, so an engine that is slow to open is opened once.
 */
export function describeStorageEngine(name: string, target: EngineUnderTest): void {
  describe(`storage engine conformance: ${name}`, () => {
    let engine: StorageEngine;
    const handles: StorageEngine[] = [];
    const open = async () => {
      const handle = await target.open();
      handles.push(handle);
      return handle;
    };
    let counter = 0;
    /** A key prefix no other test (or earlier run on a persistent store) uses. */
    const space = () =>
      `conformance/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${counter++}/`;
    const read = (key: string, on: StorageEngine = engine) => on.transact((tx) => tx.get(key));
    const keysOf = (options: ScanOptions) =>
      engine.transact(async (tx) => (await tx.scan(options)).map((entry) => entry.key));

    beforeAll(async () => {
      engine = await open();
    });
    afterAll(async () => {
      for (const handle of handles) await handle.close();
    });

    describe('atomicity', () => {
      it('commits every write of a transaction together', async () => {
        const s = space();
        await engine.transact(async (tx) => {
          await tx.put(`${s}a`, bytes('1'));
          await tx.put(`${s}b`, bytes('2'));
          await tx.delete(`${s}never-written`);
        });
        expect(text(await read(`${s}a`))).toBe('1');
        expect(text(await read(`${s}b`))).toBe('2');
      });

      it('leaves nothing behind when the transaction throws, and rethrows its error', async () => {
        const s = space();
        await engine.transact((tx) => tx.put(`${s}kept`, bytes('before')));
        const failure = new Error('work failed');
        await expect(
          engine.transact(async (tx) => {
            await tx.put(`${s}new`, bytes('x'));
            await tx.put(`${s}kept`, bytes('after'));
            await tx.delete(`${s}kept`);
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await read(`${s}new`)).toBeUndefined();
        expect(text(await read(`${s}kept`))).toBe('before');
      });

      it('returns what the work returned', async () => {
        expect(await engine.transact(async () => ({ answer: 42 }))).toEqual({ answer: 42 });
      });

      it('lets a transaction read its own writes and deletes, in gets and scans', async () => {
        const s = space();
        await engine.transact(async (tx) => {
          await tx.put(`${s}1`, bytes('old'));
          await tx.put(`${s}2`, bytes('two'));
        });
        const seen = await engine.transact(async (tx) => {
          await tx.put(`${s}1`, bytes('new'));
          const afterPut = text(await tx.get(`${s}1`));
          await tx.delete(`${s}2`);
          await tx.put(`${s}3`, bytes('three'));
          const scanned = (await tx.scan({ prefix: s })).map(
            (entry) => `${entry.key.slice(s.length)}=${text(entry.value)}`,
          );
          return { afterPut, deleted: await tx.get(`${s}2`), scanned };
        });
        expect(seen).toEqual({ afterPut: 'new', deleted: undefined, scanned: ['1=new', '3=three'] });
      });
    });

    describe('isolation', () => {
      it('fails the later of two transactions that read and wrote one key, with ConflictError', async () => {
        const s = space();
        await engine.transact((tx) => putJson(tx, `${s}counter`, 0));
        const gate = deferred();
        const increment = (wait: boolean) =>
          engine.transact(async (tx) => {
            const value = (await getJson<number>(tx, `${s}counter`)) as number;
            if (wait) await gate.promise;
            await putJson(tx, `${s}counter`, value + 1);
          });
        const slow = increment(true);
        await increment(false);
        gate.resolve();
        await expect(slow).rejects.toBeInstanceOf(ConflictError);
        expect(await engine.transact((tx) => getJson(tx, `${s}counter`))).toBe(1);
      });

      it('compare-and-swap: of many concurrent writers that saw one version, exactly one wins', async () => {
        const s = space();
        await engine.transact((tx) => putJson(tx, `${s}cas`, { version: 1, owner: 'nobody' }));
        const allRead = barrier(8);
        const attempts = Array.from({ length: 8 }, (_, i) =>
          engine.transact(async (tx) => {
            const current = await getJson<{ version: number }>(tx, `${s}cas`);
            await allRead();
            if (current?.version !== 1) return 'stale';
            await putJson(tx, `${s}cas`, { version: 2, owner: `writer-${i}` });
            return 'won';
          }),
        );
        const outcomes = await Promise.allSettled(attempts);
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value === 'won');
        const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const outcome of lost) expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
        expect((await engine.transact((tx) => getJson<{ version: number }>(tx, `${s}cas`)))?.version).toBe(2);
      });

      it('detects a concurrent insert into a range a transaction scanned (no phantoms)', async () => {
        const s = space();
        const gate = deferred();
        const countThenWrite = engine.transact(async (tx) => {
          const count = (await tx.scan({ prefix: `${s}users/` })).length;
          await gate.promise;
          await putJson(tx, `${s}stats`, count);
        });
        await engine.transact((tx) => tx.put(`${s}users/ann`, bytes('{}')));
        gate.resolve();
        await expect(countThenWrite).rejects.toBeInstanceOf(ConflictError);
        expect(await read(`${s}stats`)).toBeUndefined();
      });

      it('detects a concurrent delete from a range a transaction scanned', async () => {
        const s = space();
        await engine.transact((tx) => tx.put(`${s}items/1`, bytes('x')));
        const gate = deferred();
        const scanThenWrite = engine.transact(async (tx) => {
          const count = (await tx.scan({ prefix: `${s}items/` })).length;
          await gate.promise;
          await putJson(tx, `${s}count`, count);
        });
        await engine.transact((tx) => tx.delete(`${s}items/1`));
        gate.resolve();
        await expect(scanThenWrite).rejects.toBeInstanceOf(ConflictError);
      });

      it('prevents write skew: two transactions that each read both keys and write one cannot both commit', async () => {
        const s = space();
        await engine.transact(async (tx) => {
          await putJson(tx, `${s}alice`, true);
          await putJson(tx, `${s}bob`, true);
        });
        const bothRead = barrier(2);
        // The rule: at least one of the two stays on call.
        const goOffCall = (who: string, other: string) =>
          engine.transact(async (tx) => {
            const otherOnCall = await getJson<boolean>(tx, `${s}${other}`);
            await getJson<boolean>(tx, `${s}${who}`);
            await bothRead();
            if (otherOnCall) await putJson(tx, `${s}${who}`, false);
          });
        const outcomes = await Promise.allSettled([goOffCall('alice', 'bob'), goOffCall('bob', 'alice')]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const onCall = await engine.transact(async (tx) => [
          await getJson<boolean>(tx, `${s}alice`),
          await getJson<boolean>(tx, `${s}bob`),
        ]);
        expect(onCall.filter(Boolean)).toHaveLength(1);
      });

      it('lets transactions on disjoint keys commit concurrently', async () => {
        const s = space();
        const allRead = barrier(5);
        const writers = Array.from({ length: 5 }, (_, i) =>
          engine.transact(async (tx) => {
            await tx.get(`${s}own/${i}`);
            await allRead();
            await putJson(tx, `${s}own/${i}`, i);
          }),
        );
        await Promise.all(writers);
        expect(await keysOf({ prefix: `${s}own/` })).toHaveLength(5);
      });

      it('loses no update when many concurrent increments retry on conflict', async () => {
        const s = space();
        await engine.transact((tx) => putJson(tx, `${s}n`, 0));
        await Promise.all(
          Array.from({ length: 10 }, () =>
            transactWithRetry(
              engine,
              async (tx) => {
                const value = (await getJson<number>(tx, `${s}n`)) as number;
                await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
                await putJson(tx, `${s}n`, value + 1);
              },
              100,
            ),
          ),
        );
        expect(await engine.transact((tx) => getJson(tx, `${s}n`))).toBe(10);
      });
    });

    describe('ordered scans', () => {
      const keys = ['b/2', 'a/1', 'b/1', 'b/3', 'c/1', 'b/10', 'b'];
      let s: string;
      beforeAll(async () => {
        s = space();
        await engine.transact(async (tx) => {
          for (const key of keys) await tx.put(s + key, bytes(key));
        });
      });
      const scan = async (options: ScanOptions) => {
        const withSpace = { ...options, prefix: s + (options.prefix ?? '') };
        if (options.start !== undefined) withSpace.start = s + options.start;
        if (options.end !== undefined) withSpace.end = s + options.end;
        return (await keysOf(withSpace)).map((key) => key.slice(s.length));
      };

      it('returns a prefix in key order', async () => {
        expect(await scan({ prefix: 'b/' })).toEqual(['b/1', 'b/10', 'b/2', 'b/3']);
      });
      it('honours an inclusive start and an exclusive end', async () => {
        expect(await scan({ start: 'a/1', end: 'b/2' })).toEqual(['a/1', 'b', 'b/1', 'b/10']);
      });
      it('combines a prefix with bounds', async () => {
        expect(await scan({ prefix: 'b/', start: 'b/10', end: 'b/3' })).toEqual(['b/10', 'b/2']);
      });
      it('scans in reverse with a limit', async () => {
        expect(await scan({ prefix: 'b/', reverse: true, limit: 2 })).toEqual(['b/3', 'b/2']);
        expect(await scan({ reverse: true, limit: 1 })).toEqual(['c/1']);
      });
      it('applies a limit forward, and a limit of 0 returns nothing', async () => {
        expect(await scan({ limit: 3 })).toEqual(['a/1', 'b', 'b/1']);
        expect(await scan({ limit: 0 })).toEqual([]);
      });
      it('returns nothing for an empty or inverted range', async () => {
        expect(await scan({ prefix: 'z/' })).toEqual([]);
        expect(await scan({ start: 'c', end: 'b' })).toEqual([]);
      });
      it('merges uncommitted writes and deletes into a limited scan', async () => {
        const seen = await engine.transact(async (tx) => {
          await tx.delete(`${s}b/1`);
          await tx.delete(`${s}b/10`);
          await tx.put(`${s}b/15`, bytes('new'));
          return (await tx.scan({ prefix: `${s}b/`, limit: 2 })).map((entry) => entry.key.slice(s.length));
        });
        expect(seen).toEqual(['b/15', 'b/2']);
      });
      it('orders keys by code point, as their UTF-8 bytes', async () => {
        const u = space();
        const unicode = ['\u{1F600}', '\uFF61', 'a', 'B', 'é', 'a\u0000b', 'a\u0000'];
        await engine.transact(async (tx) => {
          for (const key of unicode) await tx.put(u + key, bytes(key));
        });
        const found = (await keysOf({ prefix: u })).map((key) => key.slice(u.length));
        expect(found).toEqual(['B', 'a', 'a\u0000', 'a\u0000b', 'é', '\uFF61', '\u{1F600}']);
      });
    });

    describe('values and keys', () => {
      it('round-trips binary values byte for byte, including every byte value and the empty value', async () => {
        const s = space();
        const everyByte = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
        await engine.transact(async (tx) => {
          await tx.put(`${s}bytes`, everyByte);
          await tx.put(`${s}empty`, new Uint8Array());
        });
        const [stored, empty] = await engine.transact(async (tx) => [
          await tx.get(`${s}bytes`),
          await tx.get(`${s}empty`),
        ]);
        expect(Array.from(stored as Uint8Array)).toEqual(Array.from(everyByte));
        expect(empty).toBeInstanceOf(Uint8Array);
        expect(empty?.length).toBe(0);
      });

      it('round-trips JSON exactly, including unicode and large values', async () => {
        const s = space();
        const document = {
          text: 'naïve ☃ \u{1F600} "quoted" \\ \u0000 end',
          numbers: [0, -1, 1.5e300, 2 ** 53],
          nested: { empty: {}, list: [null, true, false] },
          big: 'x'.repeat(1 << 20),
        };
        await engine.transact((tx) => putJson(tx, `${s}doc`, document));
        expect(await engine.transact((tx) => getJson(tx, `${s}doc`))).toEqual(document);
        expect(decodeJson(encodeJson(document))).toEqual(document);
      });

      it('keeps stored values apart from the caller’s buffers', async () => {
        const s = space();
        const value = Uint8Array.from([1, 2, 3]);
        await engine.transact((tx) => tx.put(`${s}v`, value));
        value[0] = 99;
        const first = (await read(`${s}v`)) as Uint8Array;
        first[1] = 99;
        expect(Array.from((await read(`${s}v`)) as Uint8Array)).toEqual([1, 2, 3]);
      });

      it('refuses keys that are not well-formed Unicode, writing nothing', async () => {
        const s = space();
        await expect(
          engine.transact(async (tx) => {
            await tx.put(`${s}good`, bytes('x'));
            await tx.put(`${s}\uD800`, bytes('x'));
          }),
        ).rejects.toBeInstanceOf(InvalidKeyError);
        expect(await read(`${s}good`)).toBeUndefined();
      });
    });

    describe('several handles on one store (as several processes over one database)', () => {
      it.runIf(target.shared)('sees commits made through another handle', async () => {
        const other = await open();
        const s = space();
        await other.transact((tx) => tx.put(`${s}k`, bytes('from the other handle')));
        expect(text(await read(`${s}k`))).toBe('from the other handle');
      });

      it.runIf(target.shared)('detects conflicts between handles and loses no update under retries', async () => {
        const other = await open();
        const s = space();
        await engine.transact((tx) => putJson(tx, `${s}n`, 0));
        const gate = deferred();
        const slow = engine.transact(async (tx) => {
          const value = (await getJson<number>(tx, `${s}n`)) as number;
          await gate.promise;
          await putJson(tx, `${s}n`, value + 1);
        });
        await other.transact(async (tx) => putJson(tx, `${s}n`, ((await getJson<number>(tx, `${s}n`)) as number) + 1));
        gate.resolve();
        await expect(slow).rejects.toBeInstanceOf(ConflictError);
        const increments = [engine, other].flatMap((handle) =>
          Array.from({ length: 10 }, () =>
            transactWithRetry(
              handle,
              async (tx) => putJson(tx, `${s}n`, ((await getJson<number>(tx, `${s}n`)) as number) + 1),
              100,
            ),
          ),
        );
        await Promise.all(increments);
        expect(await engine.transact((tx) => getJson(tx, `${s}n`))).toBe(21);
      });
    });
  });
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytes(value: string): Uint8Array {
  return encoder.encode(value);
}

function text(value: Uint8Array | undefined): string | undefined {
  return value === undefined ? undefined : decoder.decode(value);
}

/** A meeting point: the returned function resolves once it has been called `parties` times. */
function barrier(parties: number): () => Promise<void> {
  const all = deferred();
  let arrived = 0;
  return () => {
    if (++arrived === parties) all.resolve();
    return all.promise;
  };
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
