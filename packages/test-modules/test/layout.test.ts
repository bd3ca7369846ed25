import { expect, describe as group, it } from 'vitest';
import { expandedWat } from '../src/spacetimedb/compile.js';

/**
 * The WAT sources place their constants by hand: each `$s_...` global is the address of an
 * "lstr" (u32 length + bytes) whose length prefix is counted by hand. These checks catch a
 * miscounted length or two constants that overlap before any host runs the module.
 */

interface Segment {
  address: number;
  bytes: Uint8Array;
}

const DATA_SEGMENT = /\(data \(i32\.const (0x[0-9a-fA-F]+|\d+)\) "((?:[^"\\]|\\.)*)"\)/g;
const STRING_GLOBAL = /\(global \$s_\w+ i32 \(i32\.const (0x[0-9a-fA-F]+|\d+)\)\)/g;
const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };

/** The bytes of a WAT string literal. */
function watStringBytes(literal: string): Uint8Array {
  const bytes: number[] = [];
  for (let at = 0; at < literal.length; at++) {
    const char = literal[at] ?? '';
    if (char !== '\\') {
      bytes.push(...new TextEncoder().encode(char));
      continue;
    }
    const next = literal[at + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      bytes.push(simple);
      at += 1;
    } else {
      bytes.push(Number.parseInt(literal.slice(at + 1, at + 3), 16));
      at += 2;
    }
  }
  return Uint8Array.from(bytes);
}

function segments(text: string): Segment[] {
  return [...text.matchAll(DATA_SEGMENT)]
    .filter((match) => !(match[2] ?? '').startsWith('{{'))
    .map((match) => ({ address: Number(match[1]), bytes: watStringBytes(match[2] ?? '') }));
}

function stringAddresses(text: string): number[] {
  return [...text.matchAll(STRING_GLOBAL)].map((match) => Number(match[1]));
}

const MODULE_FILES = [
  'quickstart.wat',
  'keyed.wat',
  'presence.wat',
  'init-fails.wat',
  'missing-call-reducer.wat',
  'unknown-import.wat',
];
const LOG_TARGET = 0x100;
const LOG_FILENAME = 0x140;

group.each(MODULE_FILES)('%s', (file) => {
  it('has lstr constants whose length prefixes match their text', async () => {
    const text = await expandedWat(file);
    const byAddress = new Map(segments(text).map((segment) => [segment.address, segment.bytes]));
    for (const address of [LOG_TARGET, LOG_FILENAME, ...stringAddresses(text)]) {
      const bytes = byAddress.get(address);
      expect(bytes, `a data segment at 0x${address.toString(16)}`).toBeDefined();
      if (bytes === undefined) continue;
      const view = new DataView(bytes.buffer);
      expect(view.getUint32(0, true), `the length prefix at 0x${address.toString(16)}`).toBe(bytes.length - 4);
    }
  });

  it('has data segments that do not overlap, below the message buffer', async () => {
    const sorted = segments(await expandedWat(file)).sort((a, b) => a.address - b.address);
    for (const [index, segment] of sorted.entries()) {
      const next = sorted[index + 1];
      const end = segment.address + segment.bytes.length;
      expect(end).toBeLessThanOrEqual(0x1000);
      if (next !== undefined)
        expect(end, `segment at 0x${segment.address.toString(16)}`).toBeLessThanOrEqual(next.address);
    }
  });

  it('keeps its own constants out of the runtime region (0x180-0x3ff)', async () => {
    for (const { address } of segments(await readOwnText(file))) {
      if (address === LOG_TARGET || address === LOG_FILENAME) continue;
      expect(address).toBeGreaterThanOrEqual(0x400);
    }
  });
});

/** The module's own text: the expanded text minus the included runtime and imports. */
async function readOwnText(file: string): Promise<string> {
  const [expanded, runtime, imports] = await Promise.all([
    expandedWat(file),
    expandedWat('lib/runtime.wat'),
    expandedWat('lib/imports.wat'),
  ]);
  return expanded.replace(runtime, '').replace(imports, '');
}
