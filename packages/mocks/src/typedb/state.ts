import { createTypeDBReference, type TypeDBReference, type TypeDBReferenceOptions } from '@dbwire/reference/typedb';
import { MemoryEngine } from '@dbwire/storage';

/** The reference options a mock passes through (everything but the storage, which it owns). */
export type TypeDBMockReferenceOptions = Omit<TypeDBReferenceOptions, 'storage'>;

/**
 * One swappable server state: the reference logic on a fresh memory engine. `current()` is what
 * requests use; `reset()` replaces it with a new one. Requests already running keep the state they
 * started with, so a reset never tears a request in half.
 */
export class MockState {
  private state: Promise<TypeDBReference>;

  constructor(private readonly options: TypeDBMockReferenceOptions) {
    this.state = this.create();
  }

  current(): Promise<TypeDBReference> {
    return this.state;
  }

  async reset(): Promise<void> {
    const previous = this.state;
    this.state = this.create();
    await Promise.all([this.state, previous.then((reference) => reference.close(), noop)]);
  }

  private create(): Promise<TypeDBReference> {
    return createTypeDBReference({ ...this.options, storage: new MemoryEngine() });
  }
}

function noop(): void {}
