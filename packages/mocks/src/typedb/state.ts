import { createTypeDBReference, type TypeDBReference, type TypeDBReferenceOptions } from '@dbwire/reference/typedb';
import { MemoryEngine } from '@dbwire/storage';
import { MockState } from '../shared/mock-state.js';

/** The reference options a mock passes through (everything but the storage, which it owns). */
export type TypeDBMockReferenceOptions = Omit<TypeDBReferenceOptions, 'storage'>;

/** The TypeDB reference on a fresh memory engine, replaced by a new one on each reset. */
export function typedbMockState(options: TypeDBMockReferenceOptions): MockState<TypeDBReference> {
  return new MockState(() => createTypeDBReference({ ...options, storage: new MemoryEngine() }));
}
