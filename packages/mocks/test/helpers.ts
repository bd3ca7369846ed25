import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { StatefulMock } from '../src/shared/stateful-mock.js';

/**
 * Serves one mock through msw for the whole test file: a request no handler takes fails the test,
 * and after each test the mock is reset (no state carries over) and any error it reported (a
 * response outside the spec, a handler crash) fails that test. `make` builds the mock with the
 * `onError` that records those errors.
 */
export function serveMock<Mock extends StatefulMock>(
  make: (onError: (error: unknown) => void) => Mock,
): { mock: Mock; server: SetupServer } {
  const errors: unknown[] = [];
  const mock = make((error) => errors.push(error));
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    await mock.reset();
    expect(errors).toEqual([]);
  });
  afterAll(() => server.close());
  return { mock, server };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Every item of an async iterable (a paging walk), in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
