import { describe, expect, it } from 'vitest';
import { describeStorageEngine } from '../src/conformance.js';
import { compareKeys, MemoryEngine } from '../src/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describeStorageEngine('memory', { open: async () => new MemoryEngine() });

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
