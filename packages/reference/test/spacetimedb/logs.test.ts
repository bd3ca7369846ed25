import { MemoryEngine } from '@dbwire/storage';
import { describe, expect, it } from 'vitest';
import type { ModuleLogLine } from '../../src/spacetimedb/host/types.js';
import { KEPT_LOG_LINES, LOG_TRIM_BATCH, ModuleLogs } from '../../src/spacetimedb/logs.js';

const line = (n: number): ModuleLogLine => ({ level: 'Info', ts: n, message: `line ${n}` });
const DATABASE = `c200${'ab'.repeat(30)}`;

describe('SpacetimeDB module logs on storage', () => {
  it('serves the last KEPT_LOG_LINES lines, oldest first, and deletes older ones in batches', async () => {
    const storage = new MemoryEngine();
    const logs = new ModuleLogs(storage);
    const storedLines = async () =>
      (await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${DATABASE}/logs/` }))).length;
    await logs.append(
      DATABASE,
      Array.from({ length: KEPT_LOG_LINES - 2 }, (_, n) => line(n)),
    );
    await logs.append(DATABASE, [line(KEPT_LOG_LINES - 2), line(KEPT_LOG_LINES - 1), line(KEPT_LOG_LINES)]);
    const all = await logs.read(DATABASE);
    expect(all.lines).toHaveLength(KEPT_LOG_LINES);
    expect(JSON.parse(all.lines[0] as string).message).toBe('line 1');
    expect(JSON.parse(all.lines.at(-1) as string).message).toBe(`line ${KEPT_LOG_LINES}`);
    const lastTwo = await logs.read(DATABASE, 2);
    expect(lastTwo.lines.map((text) => JSON.parse(text).ts)).toEqual([KEPT_LOG_LINES - 1, KEPT_LOG_LINES]);
    expect((await logs.read(DATABASE, 0)).lines).toEqual([]);
    // Older lines stay stored (unserved) until a whole batch can go at once.
    expect(await storedLines()).toBe(KEPT_LOG_LINES + 1);
    const total = KEPT_LOG_LINES + LOG_TRIM_BATCH;
    await logs.append(
      DATABASE,
      Array.from({ length: LOG_TRIM_BATCH - 1 }, (_, n) => line(KEPT_LOG_LINES + 1 + n)),
    );
    expect(await storedLines()).toBe(total);
    await logs.append(DATABASE, [line(total)]);
    expect(await storedLines()).toBe(KEPT_LOG_LINES);
    const kept = await logs.read(DATABASE);
    expect(kept.lines).toHaveLength(KEPT_LOG_LINES);
    expect(JSON.parse(kept.lines[0] as string).ts).toBe(total - KEPT_LOG_LINES + 1);
    expect(JSON.parse(kept.lines.at(-1) as string).ts).toBe(total);
  });

  it('appends nothing for a database that is gone', async () => {
    const storage = new MemoryEngine();
    const logs = new ModuleLogs(storage);
    await logs.append(DATABASE, [line(1)], async () => false);
    expect(await storage.transact((tx) => tx.scan({ prefix: `spacetimedb/db/${DATABASE}/` }))).toEqual([]);
  });

  it('holds lines back from a follower that does not read, and forgets followers that leave', async () => {
    const storage = new MemoryEngine();
    const logs = new ModuleLogs(storage);
    const big = (n: number): ModuleLogLine => ({ level: 'Info', ts: n, message: 'x'.repeat(10_000) });
    await logs.append(
      DATABASE,
      Array.from({ length: 10 }, (_, n) => big(n)),
    );
    const stream = logs.follow(DATABASE, undefined, async () => false);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(100_000);
    // Far more than the stream may buffer, logged while the follower reads nothing.
    for (let batch = 0; batch < 20; batch++) {
      await logs.append(
        DATABASE,
        Array.from({ length: 10 }, (_, n) => big(100 + batch * 10 + n)),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    // What the stream holds stays bounded; reading resumes where it stopped, in order and complete.
    const received: number[] = [];
    const decoder = new TextDecoder();
    let text = '';
    let chunks = 0;
    while (received.length < 200) {
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      chunks++;
      text += decoder.decode(value);
      const parts = text.split('\n');
      text = parts.pop() ?? '';
      for (const part of parts) received.push(JSON.parse(part).ts);
    }
    expect(received).toEqual(Array.from({ length: 200 }, (_, n) => 100 + n));
    // One batch was queued before the stream was full; the rest was read from storage in one go
    // once the follower read again (20 chunks had every append been queued).
    expect(chunks).toBeLessThanOrEqual(3);
    expect(logs.followedDatabases).toBe(1);
    await reader.cancel();
    expect(logs.followedDatabases).toBe(0);
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
