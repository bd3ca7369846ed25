// A stateful msw mock of a SpacetimeDB host: `@dbwire/mocks/spacetimedb`.

export type { SpacetimedbCaller } from '@dbwire/reference/spacetimedb';
export {
  createSpacetimedbMock,
  DEFAULT_BASE_URL,
  type SpacetimedbMock,
  type SpacetimedbMockOptions,
  type SpacetimedbMockReferenceOptions,
} from './mock.js';
