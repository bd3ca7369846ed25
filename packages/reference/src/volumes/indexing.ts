import type { Indexer } from './context.js';

/** Until the search index is wired: nothing is indexed. */
export function noIndexing(): Indexer {
  return {
    defaultModel: 'dbwire-hashing',
    index: async () => ({ is_indexed: false, indexed_at: null, total_chunks: 0 }),
    remove: async () => {},
    removeVolume: async () => {},
  };
}
