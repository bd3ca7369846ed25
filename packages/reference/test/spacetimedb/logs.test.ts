import { MemoryEngine } from '@dbwire/storage';
import { describe, expect, it } from 'vitest';
import type { ModuleLogLine } from '../../src/spacetimedb/host/types.js';
import { KEPT_LOG_LINES, ModuleLogs } from '../../src/spacetimedb/logs.js';

const line = (n: number): ModuleLogLine => ({ level: 'Info', ts: n, message: `line ${n}` });
const DATABASE = `c200${'ab'.repeat(30)}`;

describe('SpacetimeDB module logs on storage', () => {
  it('keeps the last KEPT_LOG_LINES lines, oldest first, and serves the last num_lines', async () => {
    const storage = new MemoryEngine();
    const logs = new ModuleLogs(storage);
    await logs.append(
      DATABASE,
      Array.from({ length: KEPT_LOG_LINES - 2 }, (_, n) => line(n)),
    );
    await logs.append(DATABASE, [line(KEPT_LOG_LINES - 2), line(KEPT_LOG_LINES - 1), line(KEPT_LOG_LINES)]);
    const all = await logs.read(DATABASE);
    expect(all.lines).toHaveLength(KEPT_LOG_LINES);
    expect(JSON.parse(all.lines[0] as string).message).toBe('line 1');
    expect(JSON.parse(all.lines.at(-1) as string).message).toBe(`line ${KEPT_LOG_LINES}`);
    const stored = await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${DATABASE}/logs/` }));
    expect(stored).toHaveLength(KEPT_LOG_LINES);
    const lastTwo = await logs.read(DATABASE, 2);
    expect(lastTwo.lines.map((text) => JSON.parse(text).ts)).toEqual([KEPT_LOG_LINES - 1, KEPT_LOG_LINES]);
    expect((await logs.read(DATABASE, 0)).lines).toEqual([]);
  });

  it('sends a follower the lines other processes append, by polling storage', async () => {
    const storage = new MemoryEngine();
    const here = new ModuleLogs(storage);
    const elsewhere = new ModuleLogs(storage);
    await here.append(DATABASE, [line(1)]);
    let gone = false;
    const reader = here.follow(DATABASE, undefined, async () => gone).getReader();
    const decoder = new TextDecoder();
    expect(JSON.parse(decoder.decode((await reader.read()).value)).ts).toBe(1);
    await elsewhere.append(DATABASE, [line(2)]);
    expect(JSON.parse(decoder.decode((await reader.read()).value)).ts).toBe(2);
    gone = true;
    expect((await reader.read()).done).toBe(true);
  });
});
