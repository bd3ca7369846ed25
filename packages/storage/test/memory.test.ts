import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  compareKeys,
  decodeJson,
  encodeJson,
  MemoryEngine,
  type ScanOptions,
  transactWithRetry,
} from '../src/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : new TextDecoder().decode(value));

describe('MemoryEngine', () => {
  it('commits every write of a transaction together', async () => {
    const engine = new MemoryEngine();
    await engine.transact(async (tx) => {
      await tx.put('a', bytes('1'));
      await tx.put('b', bytes('2'));
    });
    const [a, b] = await engine.transact(async (tx) => [await tx.get('a'), await tx.get('b')]);
    expect([text(a), text(b)]).toEqual(['1', '2']);
  });

  it('leaves nothing behind when the transaction throws', async () => {
    const engine = new MemoryEngine();
    await expect(
      engine.transact(async (tx) => {
        await tx.put('a', bytes('1'));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await engine.transact((tx) => tx.get('a'))).toBeUndefined();
  });

  it('lets a transaction read its own writes and deletes', async () => {
    const engine = new MemoryEngine();
    await engine.transact((tx) => tx.put('k', bytes('old')));
    const seen = await engine.transact(async (tx) => {
      await tx.put('k', bytes('new'));
      const afterPut = text(await tx.get('k'));
      await tx.delete('k');
      return [afterPut, await tx.get('k')];
    });
    expect(seen).toEqual(['new', undefined]);
  });

  it('fails the second of two transactions that read and wrote the same key', async () => {
    const engine = new MemoryEngine();
    await engine.transact((tx) => tx.put('counter', encodeJson(0)));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const increment = (wait: boolean) =>
      engine.transact(async (tx) => {
        const value = decodeJson<number>((await tx.get('counter')) as Uint8Array);
        if (wait) await gate;
        await tx.put('counter', encodeJson(value + 1));
      });
    const slow = increment(true);
    await increment(false);
    release();
    await expect(slow).rejects.toBeInstanceOf(ConflictError);
    expect(decodeJson(await engine.transact(async (tx) => (await tx.get('counter')) as Uint8Array))).toBe(1);
  });

  it('detects a concurrent insert into a range a transaction scanned', async () => {
    const engine = new MemoryEngine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const countThenWrite = engine.transact(async (tx) => {
      const count = (await tx.scan({ prefix: 'users/' })).length;
      await gate;
      await tx.put('stats/users', encodeJson(count));
    });
    await engine.transact((tx) => tx.put('users/ann', bytes('{}')));
    release();
    await expect(countThenWrite).rejects.toBeInstanceOf(ConflictError);
  });

  it('retries a transaction that lost a conflict', async () => {
    const engine = new MemoryEngine();
    await engine.transact((tx) => tx.put('n', encodeJson(0)));
    const increment = () =>
      transactWithRetry(
        engine,
        async (tx) => {
          const value = decodeJson<number>((await tx.get('n')) as Uint8Array);
          await new Promise((resolve) => setTimeout(resolve, 1));
          await tx.put('n', encodeJson(value + 1));
        },
        20,
      );
    await Promise.all([increment(), increment(), increment()]);
    expect(decodeJson(await engine.transact(async (tx) => (await tx.get('n')) as Uint8Array))).toBe(3);
  });

  it('scans in key order with prefix, bounds, reverse and limit', async () => {
    const engine = new MemoryEngine();
    await engine.transact(async (tx) => {
      for (const key of ['b/2', 'a/1', 'b/1', 'b/3', 'c/1']) await tx.put(key, bytes(key));
    });
    const keys = (options: ScanOptions) =>
      engine.transact(async (tx) => (await tx.scan(options)).map((entry) => entry.key));
    expect(await keys({ prefix: 'b/' })).toEqual(['b/1', 'b/2', 'b/3']);
    expect(await keys({ start: 'a/1', end: 'b/3' })).toEqual(['a/1', 'b/1', 'b/2']);
    expect(await keys({ prefix: 'b/', reverse: true, limit: 2 })).toEqual(['b/3', 'b/2']);
  });

  it('shows uncommitted writes and hides uncommitted deletes in scans', async () => {
    const engine = new MemoryEngine();
    await engine.transact(async (tx) => {
      await tx.put('x/1', bytes('1'));
      await tx.put('x/2', bytes('2'));
    });
    const keys = await engine.transact(async (tx) => {
      await tx.delete('x/1');
      await tx.put('x/3', bytes('3'));
      return (await tx.scan({ prefix: 'x/' })).map((entry) => entry.key);
    });
    expect(keys).toEqual(['x/2', 'x/3']);
  });

  it('round-trips binary values byte for byte and isolates stored copies', async () => {
    const engine = new MemoryEngine();
    const value = Uint8Array.from([0, 255, 1, 128, 0]);
    await engine.transact((tx) => tx.put('bin', value));
    value[0] = 42;
    const stored = await engine.transact((tx) => tx.get('bin'));
    expect(Array.from(stored as Uint8Array)).toEqual([0, 255, 1, 128, 0]);
  });
});

describe('compareKeys', () => {
  it('orders by code point, like UTF-8 bytes', () => {
    // U+FF61 sorts before U+1F600 by code point, but after it by UTF-16 code unit.
    const keys = ['\u{1F600}', '\uFF61', 'a', 'B'];
    expect([...keys].sort(compareKeys)).toEqual(['B', 'a', '\uFF61', '\u{1F600}']);
  });
});

describe('MemoryEngine at scale', () => {
  it('scans a small prefix among many keys and keeps the sorted order across small and large commits', async () => {
    const engine = new MemoryEngine();
    await engine.transact(async (tx) => {
      for (let i = 0; i < 5000; i++) await tx.put(`data/${String(i).padStart(5, '0')}`, bytes('x'));
    });
    await engine.transact(async (tx) => {
      await tx.put('catalog/b', bytes('b'));
      await tx.put('catalog/a', bytes('a'));
      await tx.delete('data/00000');
    });
    const catalog = await engine.transact(async (tx) => (await tx.scan({ prefix: 'catalog/' })).map((e) => e.key));
    expect(catalog).toEqual(['catalog/a', 'catalog/b']);
    const first = await engine.transact(async (tx) => (await tx.scan({ prefix: 'data/', limit: 2 })).map((e) => e.key));
    expect(first).toEqual(['data/00001', 'data/00002']);
  });
});
