import { describe, expect, it } from 'vitest';
import { SchemaLock } from '../src/typedb/schema-lock.js';

const timeout = () => new Error('timeout');
const settled = async (promise: Promise<unknown>) => {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
};

describe('SchemaLock', () => {
  it('lets writers share the lock', async () => {
    const lock = new SchemaLock();
    await lock.acquire('write', 100, timeout);
    await expect(settled(lock.acquire('write', 100, timeout))).resolves.toBe(true);
  });

  it('makes a schema transaction wait for writers, and writers wait behind a queued schema transaction', async () => {
    const lock = new SchemaLock();
    await lock.acquire('write', 1000, timeout);
    const order: string[] = [];
    const schema = lock.acquire('schema', 1000, timeout).then(() => order.push('schema'));
    const laterWrite = lock.acquire('write', 1000, timeout).then(() => order.push('write'));
    expect(await settled(schema)).toBe(false);
    expect(await settled(laterWrite)).toBe(false);
    lock.release('write');
    await schema;
    expect(order).toEqual(['schema']);
    lock.release('schema');
    await laterWrite;
    expect(order).toEqual(['schema', 'write']);
  });

  it('rejects a waiter after its timeout and serves the ones it was blocking', async () => {
    const lock = new SchemaLock();
    await lock.acquire('write', 1000, timeout);
    const schema = lock.acquire('schema', 20, timeout);
    const write = lock.acquire('write', 1000, timeout);
    await expect(schema).rejects.toThrow('timeout');
    await expect(settled(write)).resolves.toBe(true);
  });

  it('is idle again once everything is released', async () => {
    const lock = new SchemaLock();
    await lock.acquire('schema', 100, timeout);
    expect(lock.idle).toBe(false);
    lock.release('schema');
    expect(lock.idle).toBe(true);
  });
});
